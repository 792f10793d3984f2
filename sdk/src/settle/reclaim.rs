//! Taking back the rent of a finished run's lookup tables.
//!
//! A run's tables hold its listeners and ledgers only for that run; their
//! rent (about 2.7 SOL for a 1M-play epoch) is a deposit. The lookup-table
//! program returns it in two steps: `deactivate`, then, once the
//! deactivation slot has left SlotHashes (512 slots, about 3.5 minutes),
//! `close`. [`reclaim_tables`] does whichever step each table is ready for,
//! so calling it again after the cool-down finishes the job; it is
//! idempotent and only ever touches the tables the checkpoint records.

use std::path::Path;

use anchor_lang::solana_program::instruction::Instruction;
use serde::Serialize;
use solana_keypair::Keypair;
use solana_signer::Signer;

use super::checkpoint::Checkpoint;
use super::error::RunError;
use super::ingest;
use super::prepare::plan_against_chain;
use super::tx;
use crate::client::EncoreClient;
use crate::Pubkey;

/// Deactivations or closes per transaction: each names one table, so 20 fit
/// well inside the packet and lock limits.
pub const TABLES_PER_TRANSACTION: usize = 20;

/// A table's `deactivation_slot` while it is active.
const ACTIVE: u64 = u64::MAX;

/// What [`reclaim_tables`] did. `--output json` of `encore settle reclaim`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ReclaimReport {
    /// Tables the checkpoint records.
    pub tables: usize,
    /// Deactivated now.
    pub deactivated: usize,
    /// Closed now, their rent returned to the settler.
    pub closed: usize,
    /// Deactivated earlier and still cooling down: run again later.
    pub waiting: usize,
    /// Closed before (or never created).
    pub gone: usize,
    pub lamports_returned: u64,
    pub transactions: usize,
}

impl ReclaimReport {
    /// Every table is closed.
    pub fn done(&self) -> bool {
        self.gone + self.closed == self.tables
    }
}

/// The slot from which a table counts as deactivating (`u64::MAX` while
/// active): the u64 after the account's 4-byte state tag.
pub fn deactivation_slot(data: &[u8]) -> Option<u64> {
    data.get(4..12)
        .and_then(|b| b.try_into().ok())
        .map(u64::from_le_bytes)
}

/// Deactivates the checkpoint's active tables and closes those whose
/// cool-down has passed, paying the rent back to `settler`. Refuses while
/// plays of the log (`input`) are left to settle: a rerun reads the tables.
pub fn reclaim_tables(
    client: &dyn EncoreClient,
    settler: &Keypair,
    input: &[u8],
    checkpoint_path: &Path,
) -> Result<ReclaimReport, RunError> {
    let checkpoint = Checkpoint::load(checkpoint_path)
        .map_err(RunError::Checkpoint)?
        .ok_or_else(|| {
            RunError::Checkpoint(format!("no checkpoint at {}", checkpoint_path.display()))
        })?;
    let authority = settler.pubkey();
    if checkpoint.settler != authority.to_string() {
        return Err(RunError::Conflict(format!(
            "the tables of {} belong to settler {}, not {authority}",
            checkpoint_path.display(),
            checkpoint.settler
        )));
    }
    let mint: Pubkey = checkpoint.payment_mint.parse().map_err(|_| {
        RunError::Checkpoint("the checkpoint's payment mint is not an address".into())
    })?;
    let log = ingest::parse(input)?;
    let left = plan_against_chain(client, &log, &authority, &mint, &checkpoint.config)?;
    if !left.batches.is_empty() {
        // A rerun would read these tables.
        return Err(RunError::Incomplete {
            pending: left.plays_planned(),
        });
    }

    let tables: Vec<Pubkey> = checkpoint
        .lookup_tables
        .iter()
        .map(|r| {
            r.address.parse().map_err(|_| {
                RunError::Checkpoint(format!("lookup table {:?} is not an address", r.address))
            })
        })
        .collect::<Result<_, _>>()?;
    let accounts = client.get_multiple_accounts(&tables)?;
    let slot = client.clock()?.slot;
    let recent = tx::slot_hashes(
        &client
            .get_account(&tx::SLOT_HASHES_SYSVAR)?
            .map(|a| a.data)
            .unwrap_or_default(),
    );
    let mut report = ReclaimReport {
        tables: tables.len(),
        ..ReclaimReport::default()
    };
    let mut ixs: Vec<Instruction> = Vec::new();
    use solana_address_lookup_table_interface::instruction as alt;
    for (table, account) in tables.iter().zip(accounts) {
        let Some(account) = account.filter(|a| a.owner == tx::LOOKUP_TABLE_PROGRAM) else {
            report.gone += 1;
            continue;
        };
        match deactivation_slot(&account.data) {
            Some(ACTIVE) => {
                ixs.push(alt::deactivate_lookup_table(*table, authority));
                report.deactivated += 1;
            }
            // As the program decides: deactivated once its slot is in the
            // past and no longer among the recent slot hashes.
            Some(at) if at < slot && !recent.contains(&at) => {
                ixs.push(alt::close_lookup_table(*table, authority, authority));
                report.closed += 1;
                report.lamports_returned += account.lamports;
            }
            Some(_) => report.waiting += 1,
            None => return Err(RunError::Conflict(format!("{table} is not a lookup table"))),
        }
    }
    for chunk in ixs.chunks(TABLES_PER_TRANSACTION) {
        client.send_instructions(chunk, settler, &[])?;
        report.transactions += 1;
    }
    Ok(report)
}
