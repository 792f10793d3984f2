//! Where a settler stands in a mint, and how much of a play log is left.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::checkpoint::{sha256_hex, Checkpoint};
use super::error::RunError;
use super::ingest;
use super::plan::PlanConfig;
use super::prepare::plan_against_chain;
use super::skip::Skip;
use crate::client::EncoreClient;
use crate::{escrow, Pubkey};

/// `--output json` of `encore settle status`.
#[derive(Clone, Debug, Serialize)]
pub struct SettleStatus {
    pub settler: String,
    pub payment_mint: String,
    /// The highest batch number landed; `None` without settler state in this mint.
    pub highest_seq: Option<u64>,
    pub batches: u64,
    pub last_settled_at: Option<i64>,
    pub lifetime_plays: u64,
    pub lifetime_amount: u128,
    pub fees_owed: u64,
    pub log: Option<LogStatus>,
}

/// A play log against the chain: what is settled, what is left and why.
#[derive(Clone, Debug, Serialize)]
pub struct LogStatus {
    pub path: String,
    pub input_sha256: String,
    pub plays_accepted: u64,
    /// Plays the chain has settled (by any settler).
    pub plays_settled: u64,
    /// Plays this settler can settle now, and the batches that takes.
    pub plays_pending: u64,
    pub batches_pending: u64,
    /// Plays that wait or will never be charged, by reason.
    pub left: BTreeMap<Skip, u64>,
    /// Nothing this settler could settle now is left.
    pub complete: bool,
    /// The lookup tables its checkpoint records.
    pub lookup_tables: Vec<String>,
}

/// The settler's standing in `mint`; with `plays` (the log's path and
/// bytes), what is left of that log, planned against the chain as a run
/// would (with the config its checkpoint recorded, if it has one).
pub fn status(
    client: &dyn EncoreClient,
    settler: &Pubkey,
    mint: &Pubkey,
    plays: Option<(&Path, &[u8])>,
    checkpoint: Option<&Path>,
) -> Result<SettleStatus, RunError> {
    let state = escrow::settler_state(client, settler, mint)?;
    let loaded = match checkpoint {
        Some(path) => Checkpoint::load(path).map_err(RunError::Checkpoint)?,
        None => None,
    };
    let log = match plays {
        Some((path, bytes)) => {
            let config = loaded.as_ref().map_or(PlanConfig::default(), |c| c.config);
            let parsed = ingest::parse(bytes)?;
            let plan = plan_against_chain(client, &parsed, settler, mint, &config)?;
            let mut left = plan.skipped.clone();
            let settled = left.remove(&Skip::AlreadySettled).unwrap_or(0);
            let pending = plan.plays_planned();
            Some(LogStatus {
                path: path.display().to_string(),
                input_sha256: sha256_hex(bytes),
                plays_accepted: plan.plays_in - plan.rejected.total(),
                plays_settled: settled,
                plays_pending: pending,
                batches_pending: plan.batches.len() as u64,
                left,
                complete: plan.batches.is_empty(),
                lookup_tables: loaded
                    .as_ref()
                    .map(|c| c.lookup_tables.iter().map(|t| t.address.clone()).collect())
                    .unwrap_or_default(),
            })
        }
        None => None,
    };
    Ok(SettleStatus {
        settler: settler.to_string(),
        payment_mint: mint.to_string(),
        highest_seq: state.as_ref().map(|s| s.highest_seq),
        batches: state.as_ref().map_or(0, |s| s.batches),
        last_settled_at: state.as_ref().map(|s| s.last_settled_at),
        lifetime_plays: state.as_ref().map_or(0, |s| s.lifetime_plays),
        lifetime_amount: state.as_ref().map_or(0, |s| s.lifetime_amount),
        fees_owed: state.as_ref().map_or(0, |s| s.fees_owed),
        log,
    })
}
