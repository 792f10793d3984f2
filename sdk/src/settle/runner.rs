//! Submitting a plan in sequence, exactly once, across crashes.
//!
//! A run:
//! 1. Reads the settler's state (opening it in the mint if needed).
//! 2. Without a checkpoint: finds the listeners and tracks that cannot be
//!    paid, plans from the chain's `last_seq + 1`, and writes the checkpoint.
//!    With one: refuses a different play log, rebuilds the plan from the
//!    log and the checkpoint's parameters and checks its digest.
//! 3. Asks the chain how far the plan got: batches with `seq <= last_seq`
//!    landed (the chain's `last_audit_root` must be the root of batch
//!    `last_seq`, which proves those numbers belong to this plan).
//! 4. Opens and refreshes the ledgers the rest needs, creates the lookup
//!    tables the rest reads, and sends the remaining batches in order,
//!    recording each confirmed one in the checkpoint.
//!
//! The program accepts a batch only as `last_seq + 1`, so a batch can never
//! land twice, and because resuming starts from the chain's `last_seq`, a
//! crash at any point (even between a landed batch and its checkpoint
//! write) loses nothing: the rerun ends in the state an uninterrupted run
//! reaches. A batch whose confirmation was lost fails its retry with
//! `BatchAlreadySettled`, which the runner recognises as landed.

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;
use solana_keypair::Keypair;
use solana_message::AddressLookupTableAccount;
use solana_signer::Signer;

use super::checkpoint::{sha256_hex, Checkpoint, VERSION};
use super::ingest::{self, IngestError};
use super::plan::{self, Encoding, Plan, PlanConfig};
use super::prepare::{find_exclusions, prepare_ledgers, prepare_tables};
use super::summary::PlanSummary;
use super::tx::{self, PlanAccounts};
use crate::client::EncoreClient;
use crate::error::SdkError;
use crate::instructions::escrow as escrow_ix;
use crate::registry::hex;
use crate::{escrow, Pubkey};

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Sdk(#[from] SdkError),
    #[error(transparent)]
    Ingest(#[from] IngestError),
    #[error("{0}")]
    Checkpoint(String),
    /// The chain or the checkpoint disagrees with the plan.
    #[error("{0}")]
    Conflict(String),
    #[error("batch {seq} failed: {source}")]
    Batch { seq: u64, source: SdkError },
    #[error("settler {0} is not approved by governance")]
    NotApproved(Pubkey),
    /// The run's batches are not all on chain yet.
    #[error("the run is not complete: the chain holds batches up to {chain} of {planned}")]
    Incomplete { chain: u64, planned: u64 },
    /// The failure-injection hook stopped the run.
    #[error("stopped after batch {0} was sent, before the checkpoint recorded it")]
    Interrupted(u64),
}

#[derive(Clone, Debug)]
pub struct RunConfig {
    pub payment_mint: Pubkey,
    /// For a new plan; a resumed one keeps the config it was planned with.
    pub plan: PlanConfig,
    /// The settler's fee, used only if its state in this mint must be opened.
    pub open_fee_bps: u16,
    pub checkpoint: PathBuf,
}

/// What a run is doing, for progress bars.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Ledgers,
    LookupTables,
    Batches,
}

#[derive(Default)]
pub struct RunOptions<'a> {
    /// Failure injection: after the batch with this seq lands, stop before
    /// the checkpoint records it, as a crash at that moment would.
    pub crash_after_send: Option<u64>,
    /// Called with (stage, done, total) as work completes.
    pub progress: Option<&'a mut dyn FnMut(Stage, u64, u64)>,
}

/// `--output json` of `encore settle run`.
#[derive(Clone, Debug, Serialize)]
pub struct RunReport {
    pub checkpoint: String,
    /// Whether an earlier run's checkpoint was picked up.
    pub resumed: bool,
    /// The first seq this run had to send.
    pub resumed_from_seq: u64,
    pub first_seq: u64,
    pub planned_last_seq: u64,
    pub batches_planned: u64,
    pub batches_sent: u64,
    /// The chain's `last_seq` at the end.
    pub last_seq: u64,
    pub complete: bool,
    /// Whole epoch so far: plays charged and plays listeners could not pay.
    pub plays_paid: u64,
    pub plays_unpaid: u64,
    /// Base units charged to listeners, and the settler's fees within it.
    pub amount: u64,
    pub settler_fees: u64,
    pub ledger_transactions: u64,
    pub setup_transactions: u64,
    pub seconds: f64,
    pub plan: PlanSummary,
}

/// Plans (or resumes) and settles the play log `input` as `settler`.
pub fn run(
    client: &dyn EncoreClient,
    settler: &Keypair,
    input: &[u8],
    config: &RunConfig,
    options: RunOptions,
) -> Result<RunReport, RunError> {
    let started = Instant::now();
    let mut noop = |_: Stage, _: u64, _: u64| {};
    let progress: &mut dyn FnMut(Stage, u64, u64) = match options.progress {
        Some(p) => p,
        None => &mut noop,
    };
    let settler_key = settler.pubkey();
    let mint = config.payment_mint;
    let path = config.checkpoint.as_path();
    // The program checks approval on every batch; asking first saves
    // opening state and ledgers for a settler that cannot settle.
    if !crate::accounts::settler(client, &settler_key)?.is_some_and(|s| s.is_approved()) {
        return Err(RunError::NotApproved(settler_key));
    }
    let state = match escrow::settler_state(client, &settler_key, &mint)? {
        Some(state) => state,
        None => {
            let open = escrow_ix::open_settler(&settler_key, &mint, config.open_fee_bps);
            client.send_instructions(&[open], settler, &[])?;
            escrow::settler_state(client, &settler_key, &mint)?.ok_or(SdkError::AccountNotFound(
                crate::pda::settler_state(&settler_key, &mint).0,
            ))?
        }
    };
    let input_sha256 = sha256_hex(input);
    // Planning time (for the summary's throughput) leaves chain reads out.
    let parsing = Instant::now();
    let log = ingest::parse(input)?;
    let mut planning = parsing.elapsed();
    let accounts = PlanAccounts::derive(&log.listeners, &log.tracks, &settler_key, &mint);
    let existing = Checkpoint::load(path).map_err(RunError::Checkpoint)?;
    let resumed = existing.is_some();
    let (plan, mut checkpoint) = match existing {
        Some(checkpoint) => {
            check_identity(&checkpoint, path, &input_sha256, &settler_key, &mint)?;
            let exclusions = checkpoint.exclusions().map_err(RunError::Checkpoint)?;
            let started = Instant::now();
            let plan = plan::plan(log, &exclusions, checkpoint.first_seq, &checkpoint.config);
            planning += started.elapsed();
            if hex(&plan.digest()) != checkpoint.plan_digest {
                return Err(RunError::Checkpoint(format!(
                    "the plan rebuilt from the play log differs from the one {} was made for \
                     (another encore version?); finish it with that version",
                    path.display()
                )));
            }
            (plan, checkpoint)
        }
        None => {
            let exclusions = find_exclusions(client, &log, &accounts, &mint)?;
            let started = Instant::now();
            let plan = plan::plan(log, &exclusions, state.last_seq + 1, &config.plan);
            planning += started.elapsed();
            let mut checkpoint = Checkpoint {
                version: VERSION,
                input_sha256,
                settler: settler_key.to_string(),
                payment_mint: mint.to_string(),
                config: config.plan,
                first_seq: plan.first_seq,
                batches: plan.batches.len() as u64,
                plan_digest: hex(&plan.digest()),
                excluded_listeners: Default::default(),
                excluded_tracks: Default::default(),
                lifetime_plays_before: state.lifetime_plays,
                lifetime_amount_before: state.lifetime_amount,
                lifetime_fees_before: state.lifetime_fees,
                lookup_tables: Vec::new(),
                confirmed_seq: state.last_seq,
            };
            checkpoint.set_exclusions(&exclusions);
            checkpoint.save(path).map_err(RunError::Checkpoint)?;
            (plan, checkpoint)
        }
    };
    let summary = plan.summary(planning);

    let landed = landed_batches(&plan, &state)?;
    if checkpoint.confirmed_seq < state.last_seq {
        // Batches that landed without being recorded (a crash in between).
        checkpoint.confirmed_seq = state.last_seq;
        checkpoint.save(path).map_err(RunError::Checkpoint)?;
    }
    let first_seq = plan.first_seq;
    let (mut ledger_transactions, mut setup_transactions, mut sent) = (0, 0, 0u64);
    if landed < plan.batches.len() {
        ledger_transactions = prepare_ledgers(client, settler, &plan, &accounts, landed, progress)?;
        let tables = match plan.encoding {
            Encoding::Legacy => Vec::new(),
            Encoding::LookupTables => {
                let (tables, n) = prepare_tables(
                    client,
                    settler,
                    &plan,
                    &accounts,
                    &mut checkpoint,
                    path,
                    progress,
                )?;
                setup_transactions = n;
                tables
            }
        };
        let total = plan.batches.len() as u64;
        for (i, batch) in plan.batches.iter().enumerate().skip(landed) {
            send_batch(client, settler, &plan, batch, &accounts, &tables)?;
            sent += 1;
            if options.crash_after_send == Some(batch.seq) {
                return Err(RunError::Interrupted(batch.seq));
            }
            checkpoint.confirmed_seq = batch.seq;
            checkpoint.save(path).map_err(RunError::Checkpoint)?;
            progress(Stage::Batches, i as u64 + 1, total);
        }
    }

    let end = escrow::settler_state(client, &settler_key, &mint)?
        .ok_or(SdkError::AccountNotFound(accounts.settler_state))?;
    let planned_landed: u64 = plan
        .batches
        .iter()
        .filter(|b| b.seq <= end.last_seq)
        .map(|b| b.plays())
        .sum();
    let plays_paid = end.lifetime_plays - checkpoint.lifetime_plays_before;
    Ok(RunReport {
        checkpoint: path.display().to_string(),
        resumed,
        resumed_from_seq: first_seq + landed as u64,
        first_seq,
        planned_last_seq: first_seq + plan.batches.len() as u64 - 1,
        batches_planned: plan.batches.len() as u64,
        batches_sent: sent,
        last_seq: end.last_seq,
        complete: end.last_seq + 1 >= first_seq + plan.batches.len() as u64,
        plays_paid,
        plays_unpaid: planned_landed.saturating_sub(plays_paid),
        amount: end.lifetime_amount - checkpoint.lifetime_amount_before,
        settler_fees: end.lifetime_fees - checkpoint.lifetime_fees_before,
        ledger_transactions,
        setup_transactions,
        seconds: started.elapsed().as_secs_f64(),
        plan: summary,
    })
}

fn check_identity(
    checkpoint: &Checkpoint,
    path: &Path,
    input_sha256: &str,
    settler: &Pubkey,
    mint: &Pubkey,
) -> Result<(), RunError> {
    if checkpoint.input_sha256 != input_sha256 {
        return Err(RunError::Checkpoint(format!(
            "checkpoint {} is for another play log (sha256 {}); settle that log to the end, \
             or give this one its own --checkpoint",
            path.display(),
            checkpoint.input_sha256
        )));
    }
    if checkpoint.settler != settler.to_string() || checkpoint.payment_mint != mint.to_string() {
        return Err(RunError::Checkpoint(format!(
            "checkpoint {} is for settler {} in mint {}",
            path.display(),
            checkpoint.settler,
            checkpoint.payment_mint
        )));
    }
    Ok(())
}

/// How many of the plan's batches the chain holds, checking that the
/// chain's latest batch is this plan's.
fn landed_batches(
    plan: &Plan,
    state: &stream_escrow::state::SettlerState,
) -> Result<usize, RunError> {
    let before = plan.first_seq - 1;
    if state.last_seq < before {
        return Err(RunError::Conflict(format!(
            "the settler's last_seq {} is behind this plan's start {}",
            state.last_seq, plan.first_seq
        )));
    }
    let landed = (state.last_seq - before) as usize;
    if landed == 0 {
        return Ok(0);
    }
    match plan.batches.get(landed - 1) {
        Some(batch) if batch.audit_root == state.last_audit_root => Ok(landed),
        _ => Err(RunError::Conflict(format!(
            "the settler's last batch ({}) is not this plan's: another process settled in \
             this mint since the plan was made",
            state.last_seq
        ))),
    }
}

fn send_batch(
    client: &dyn EncoreClient,
    settler: &Keypair,
    plan: &Plan,
    batch: &plan::Batch,
    accounts: &PlanAccounts,
    tables: &[AddressLookupTableAccount],
) -> Result<(), RunError> {
    let blockhash = client.latest_blockhash()?;
    let result = match plan.encoding {
        Encoding::Legacy => {
            let ixs = tx::settle_instructions(plan, batch, accounts);
            client.send_transaction(&tx::legacy_transaction(&ixs, settler, blockhash))
        }
        Encoding::LookupTables => {
            let message = tx::settle_message(plan, batch, accounts, tables, blockhash)?;
            client.send_versioned_transaction(&tx::sign(message, settler)?)
        }
    };
    match result {
        Ok(_) => Ok(()),
        Err(e) if e.program_error_name() == Some("BatchAlreadySettled") => {
            // An earlier attempt landed and its confirmation was lost.
            let state = escrow::settler_state(client, &accounts.settler, &accounts.payment_mint)?;
            match state {
                Some(s)
                    if s.last_seq > batch.seq
                        || (s.last_seq == batch.seq && s.last_audit_root == batch.audit_root) =>
                {
                    Ok(())
                }
                _ => Err(RunError::Batch {
                    seq: batch.seq,
                    source: e,
                }),
            }
        }
        Err(source) => Err(RunError::Batch {
            seq: batch.seq,
            source,
        }),
    }
}
