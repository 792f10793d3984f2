//! Where a settler stands: its batch sequence in a mint, and a run's checkpoint.

use std::path::Path;

use serde::Serialize;

use super::checkpoint::Checkpoint;
use super::runner::RunError;
use crate::client::EncoreClient;
use crate::registry::hex;
use crate::{escrow, Pubkey};

/// `--output json` of `encore settle status`.
#[derive(Clone, Debug, Serialize)]
pub struct SettleStatus {
    pub settler: String,
    pub payment_mint: String,
    /// `None` when the settler has no state in this mint yet.
    pub last_seq: Option<u64>,
    pub last_audit_root: Option<String>,
    pub last_settled_at: Option<i64>,
    pub lifetime_plays: u64,
    pub lifetime_amount: u64,
    pub fees_owed: u64,
    pub checkpoint: Option<CheckpointStatus>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CheckpointStatus {
    pub path: String,
    pub input_sha256: String,
    pub first_seq: u64,
    pub planned_last_seq: u64,
    pub batches: u64,
    /// The last batch the checkpoint recorded as confirmed.
    pub confirmed_seq: u64,
    /// Batches the chain does not hold yet.
    pub remaining: u64,
    pub complete: bool,
    pub lookup_tables: Vec<String>,
}

/// The settler's progress in `mint`, and the checkpoint's if given. The
/// checkpoint, when it exists, names the settler and mint.
pub fn status(
    client: &dyn EncoreClient,
    settler: Option<&Pubkey>,
    mint: Option<&Pubkey>,
    checkpoint: Option<&Path>,
) -> Result<SettleStatus, RunError> {
    let loaded = match checkpoint {
        Some(path) => Checkpoint::load(path)
            .map_err(RunError::Checkpoint)?
            .map(|c| (path, c)),
        None => None,
    };
    let parse = |text: &str| {
        text.parse::<Pubkey>()
            .map_err(|_| RunError::Checkpoint(format!("{text:?} is not an address")))
    };
    let (settler, mint) = match &loaded {
        Some((_, c)) => (parse(&c.settler)?, parse(&c.payment_mint)?),
        None => match (settler, mint) {
            (Some(s), Some(m)) => (*s, *m),
            _ => {
                return Err(RunError::Checkpoint(
                    "no checkpoint found: name the settler (-k) and the payment mint (--mint)"
                        .into(),
                ))
            }
        },
    };
    let state = escrow::settler_state(client, &settler, &mint)?;
    let last_seq = state.as_ref().map(|s| s.last_seq);
    let checkpoint = loaded.map(|(path, c)| {
        let chain = last_seq.unwrap_or(0);
        let planned_last = c.last_seq();
        CheckpointStatus {
            path: path.display().to_string(),
            input_sha256: c.input_sha256.clone(),
            first_seq: c.first_seq,
            planned_last_seq: planned_last,
            batches: c.batches,
            confirmed_seq: c.confirmed_seq,
            remaining: planned_last.saturating_sub(chain.max(c.first_seq - 1)),
            complete: chain >= planned_last,
            lookup_tables: c.lookup_tables.iter().map(|t| t.address.clone()).collect(),
        }
    });
    Ok(SettleStatus {
        settler: settler.to_string(),
        payment_mint: mint.to_string(),
        last_seq,
        last_audit_root: state.as_ref().map(|s| hex(&s.last_audit_root)),
        last_settled_at: state.as_ref().map(|s| s.last_settled_at),
        lifetime_plays: state.as_ref().map_or(0, |s| s.lifetime_plays),
        lifetime_amount: state.as_ref().map_or(0, |s| s.lifetime_amount),
        fees_owed: state.as_ref().map_or(0, |s| s.fees_owed),
        checkpoint,
    })
}
