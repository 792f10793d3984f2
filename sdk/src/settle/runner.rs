//! Settling a play log: plan against the chain, submit with many batches
//! in flight, and plan again until nothing the chain can take is left.
//!
//! A run goes in passes. Each pass reads the chain (every listener's
//! settled-through time and open window, every track's terms), plans what
//! is left of the log, opens missing ledgers and lookup tables, and sends
//! the batches pipelined: up to `in_flight` at once, each sent only after
//! the batches it depends on landed (the one opening a window it continues;
//! a listener's previous window), its status polled in bulk. A batch whose
//! confirmation is lost is resent; the program accepts each batch number
//! once, so the copy fails with `BatchAlreadySettled`, read as landed.
//!
//! Exactly once is the chain's doing, not the runner's: a play at or before
//! its listener's settled-through time, or in a window entry already
//! settled, is refused whoever sends it. So a run can be killed at any
//! moment and rerun, the checkpoint deleted, the log moved to another
//! machine or handed to a second settler: each pass plans only what the
//! chain has not settled, and nothing is charged twice. A failed batch
//! (another settler got there first, say) only sends its listeners to the
//! next pass.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde::Serialize;
use solana_hash::Hash;
use solana_keypair::Keypair;
use solana_message::AddressLookupTableAccount;
use solana_signature::Signature;
use solana_signer::Signer;
use solana_transaction::versioned::VersionedTransaction;

use super::checkpoint::{sha256_hex, Checkpoint, VERSION};
use super::error::{RunError, Stage};
use super::ingest;
use super::plan::{self, Encoding, Plan, PlanConfig, Skip};
use super::prepare::{prepare_ledgers, prepare_tables, read_view};
use super::summary::PlanSummary;
use super::tx::{self, PlanAccounts};
use crate::client::{versioned_instruction_programs, EncoreClient, Submitted};
use crate::error::SdkError;
use crate::instructions::escrow as escrow_ix;
use crate::{escrow, Pubkey};

#[derive(Clone, Debug)]
pub struct RunConfig {
    pub payment_mint: Pubkey,
    /// For a new log; a log with a checkpoint keeps the config its tables
    /// were laid out with.
    pub plan: PlanConfig,
    /// The settler's fee, used only if its state in this mint must be opened.
    pub open_fee_bps: u16,
    pub checkpoint: PathBuf,
    /// Batches in flight at once (1 sends one and waits for it).
    pub in_flight: usize,
}

/// Passes a run makes at most before it reports what is left.
pub const MAX_PASSES: u32 = 8;
/// How far past the oldest unsettled batch sending may run ahead: within
/// the program's window of 128 recent batch numbers.
const LOOKAHEAD: usize = 96;
/// A batch not confirmed within this is sent again (with a new blockhash).
const RESEND_AFTER: Duration = Duration::from_secs(20);
const MAX_ATTEMPTS: u32 = 6;
const POLL: Duration = Duration::from_millis(15);
const BLOCKHASH_AGE: Duration = Duration::from_secs(20);

#[derive(Default)]
pub struct RunOptions<'a> {
    /// Failure injection: stop right after the batch with this number is
    /// sent, as a crash at that moment would.
    pub crash_after_send: Option<u64>,
    /// Called with (stage, done, total) as work completes.
    pub progress: Option<&'a mut dyn FnMut(Stage, u64, u64)>,
}

/// `--output json` of `encore settle run`.
#[derive(Clone, Debug, Serialize)]
pub struct RunReport {
    pub checkpoint: String,
    /// Whether an earlier run's checkpoint (and its tables) was picked up.
    pub resumed: bool,
    pub passes: u32,
    /// Batch numbers this run used, and the settler's highest landed.
    pub first_seq: u64,
    pub last_seq: u64,
    pub batches_planned: u64,
    pub batches_sent: u64,
    pub batches_landed: u64,
    /// Batches the chain refused (their plays went to the next pass), and
    /// the first refusal's reason.
    pub batches_failed: u64,
    pub first_refusal: Option<String>,
    pub resends: u64,
    /// Nothing the chain could take now is left (plays may still wait:
    /// see `left`).
    pub complete: bool,
    /// This run: plays charged, and plays listeners could not pay for.
    pub plays_paid: u64,
    pub plays_unpaid: u64,
    /// Base units charged to listeners, and the settler's fees within it.
    pub amount: u64,
    pub settler_fees: u64,
    /// Plays of the log the chain had settled before this run.
    pub plays_already_settled: u64,
    /// What is left of the log after the run, by reason.
    pub left: BTreeMap<Skip, u64>,
    pub ledger_transactions: u64,
    pub setup_transactions: u64,
    pub seconds: f64,
    /// Settle batches landed per second of sending.
    pub batches_per_second: f64,
    pub plan: PlanSummary,
}

/// Settles the play log `input` as `settler`.
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
    let before = match escrow::settler_state(client, &settler_key, &mint)? {
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
    let parsing = Instant::now();
    let log = ingest::parse(input)?;
    let parse_time = parsing.elapsed();
    let accounts = PlanAccounts::derive(&log.listeners, &log.tracks, &settler_key, &mint);
    let existing = Checkpoint::load(path).map_err(RunError::Checkpoint)?;
    let resumed = existing.is_some();
    let mut checkpoint = match existing {
        Some(c) => {
            if c.input_sha256 != input_sha256
                || c.settler != settler_key.to_string()
                || c.payment_mint != mint.to_string()
            {
                return Err(RunError::Checkpoint(format!(
                    "checkpoint {} is for another play log, settler or mint; give this run its \
                     own --checkpoint",
                    path.display()
                )));
            }
            c
        }
        None => Checkpoint {
            version: VERSION,
            input_sha256,
            settler: settler_key.to_string(),
            payment_mint: mint.to_string(),
            config: config.plan,
            lookup_tables: Vec::new(),
            runs: 0,
            batches_landed: 0,
        },
    };
    checkpoint.runs += 1;
    checkpoint.save(path).map_err(RunError::Checkpoint)?;
    let plan_config = checkpoint.config;

    let mut report = RunReport {
        checkpoint: path.display().to_string(),
        resumed,
        passes: 0,
        first_seq: before.highest_seq + 1,
        last_seq: before.highest_seq,
        batches_planned: 0,
        batches_sent: 0,
        batches_landed: 0,
        batches_failed: 0,
        first_refusal: None,
        resends: 0,
        complete: false,
        plays_paid: 0,
        plays_unpaid: 0,
        amount: 0,
        settler_fees: 0,
        plays_already_settled: 0,
        left: BTreeMap::new(),
        ledger_transactions: 0,
        setup_transactions: 0,
        seconds: 0.0,
        batches_per_second: 0.0,
        plan: PlanSummary::default(),
    };
    let mut tables: Option<Vec<AddressLookupTableAccount>> = None;
    let mut sending = Duration::ZERO;
    let mut planned_landed_plays = 0u64;
    loop {
        let read = read_view(client, &log, &accounts)?;
        let state = escrow::settler_state(client, &settler_key, &mint)?
            .ok_or(SdkError::AccountNotFound(accounts.settler_state))?;
        let planning = Instant::now();
        let plan = plan::plan(log.clone(), &read.view, state.highest_seq + 1, &plan_config);
        let plan_time = planning.elapsed();
        if report.passes == 0 {
            report.plan = plan.summary(parse_time + plan_time);
            report.plays_already_settled = plan
                .skipped
                .get(&Skip::AlreadySettled)
                .copied()
                .unwrap_or(0);
        }
        report.left = plan.skipped.clone();
        report.left.remove(&Skip::AlreadySettled);
        if !plan.mismatched.is_empty() {
            // Windows of ours the log cannot continue: give up their
            // unsettled entries so the listeners' later plays can settle.
            let closes: Vec<_> = plan
                .mismatched
                .iter()
                .map(|l| escrow_ix::close_window(&settler_key, &mint, &plan.listeners[*l as usize]))
                .collect();
            for chunk in closes.chunks(10) {
                client.send_instructions(chunk, settler, &[])?;
            }
        }
        if plan.batches.is_empty() && plan.mismatched.is_empty() {
            report.complete = true;
            break;
        }
        if report.passes >= MAX_PASSES {
            break;
        }
        report.passes += 1;
        if plan.batches.is_empty() {
            continue;
        }
        report.ledger_transactions +=
            prepare_ledgers(client, settler, &plan, &read, config.in_flight, progress)?;
        let lookups = match plan.encoding {
            Encoding::Legacy => Vec::new(),
            Encoding::LookupTables => match &tables {
                Some(t) if t.len() == plan.tables.len() => t.clone(),
                _ => {
                    let (t, n) = prepare_tables(
                        client,
                        settler,
                        &plan,
                        &accounts,
                        &mut checkpoint,
                        path,
                        config.in_flight,
                        progress,
                    )?;
                    report.setup_transactions += n;
                    tables = Some(t.clone());
                    t
                }
            },
        };
        let sent_at = Instant::now();
        let outcome = submit(
            client,
            settler,
            &plan,
            &accounts,
            &lookups,
            config.in_flight.max(1),
            options.crash_after_send,
            progress,
        )?;
        sending += sent_at.elapsed();
        report.batches_planned += plan.batches.len() as u64;
        report.batches_sent += outcome.sent;
        report.batches_landed += outcome.landed.iter().filter(|l| **l).count() as u64;
        report.batches_failed += outcome.failed;
        if report.first_refusal.is_none() {
            report.first_refusal = outcome.first_error.clone();
        }
        report.resends += outcome.resends;
        planned_landed_plays += plan
            .batches
            .iter()
            .zip(&outcome.landed)
            .filter(|(_, l)| **l)
            .map(|(b, _)| b.plays())
            .sum::<u64>();
        checkpoint.batches_landed += outcome.landed.iter().filter(|l| **l).count() as u64;
        checkpoint.save(path).map_err(RunError::Checkpoint)?;
        if outcome.landed.iter().all(|l| !l) {
            return Err(RunError::Stalled(format!(
                "no batch of pass {} landed; the first refusal: {}",
                report.passes,
                outcome.first_error.unwrap_or_default()
            )));
        }
    }
    let end = escrow::settler_state(client, &settler_key, &mint)?
        .ok_or(SdkError::AccountNotFound(accounts.settler_state))?;
    report.last_seq = end.highest_seq;
    report.plays_paid = end.lifetime_plays - before.lifetime_plays;
    report.plays_unpaid = planned_landed_plays.saturating_sub(report.plays_paid);
    // One run moves less than a vault can hold; the lifetime totals are u128.
    let moved = |end: u128, before: u128| u64::try_from(end - before).unwrap_or(u64::MAX);
    report.amount = moved(end.lifetime_amount, before.lifetime_amount);
    report.settler_fees = moved(end.lifetime_fees, before.lifetime_fees);
    report.seconds = started.elapsed().as_secs_f64();
    report.batches_per_second = if sending.is_zero() {
        0.0
    } else {
        report.batches_landed as f64 / sending.as_secs_f64()
    };
    Ok(report)
}

/// What one pass's sending did.
struct Outcome {
    sent: u64,
    landed: Vec<bool>,
    failed: u64,
    resends: u64,
    first_error: Option<String>,
}

#[derive(Clone, Debug)]
enum State {
    Waiting,
    Flying {
        signature: Signature,
        programs: Vec<Pubkey>,
        sent: Instant,
        attempts: u32,
    },
    Landed,
    Failed,
}

struct Blockhash {
    hash: Hash,
    /// When it was fetched; `None`: fetch a new one before the next send.
    at: Option<Instant>,
}

impl Blockhash {
    fn fetch(client: &dyn EncoreClient) -> Result<Self, RunError> {
        Ok(Self {
            hash: client.latest_blockhash()?,
            at: Some(Instant::now()),
        })
    }

    fn stale(&self) -> bool {
        self.at.is_none_or(|at| at.elapsed() > BLOCKHASH_AGE)
    }
}

#[allow(clippy::too_many_arguments)]
fn submit(
    client: &dyn EncoreClient,
    settler: &Keypair,
    plan: &Plan,
    accounts: &PlanAccounts,
    tables: &[AddressLookupTableAccount],
    in_flight: usize,
    crash_after_send: Option<u64>,
    progress: &mut dyn FnMut(Stage, u64, u64),
) -> Result<Outcome, RunError> {
    let n = plan.batches.len();
    let mut states = vec![State::Waiting; n];
    let mut out = Outcome {
        sent: 0,
        landed: vec![false; n],
        failed: 0,
        resends: 0,
        first_error: None,
    };
    let mut blockhash = Blockhash::fetch(client)?;
    let mut oldest = 0usize;
    let mut done = 0u64;
    loop {
        while oldest < n && matches!(states[oldest], State::Landed | State::Failed) {
            oldest += 1;
        }
        if oldest == n {
            break;
        }
        let mut changed = false;
        // Send what may go.
        let mut flying = states
            .iter()
            .filter(|s| matches!(s, State::Flying { .. }))
            .count();
        for i in oldest..n.min(oldest + LOOKAHEAD) {
            if flying >= in_flight {
                break;
            }
            if !matches!(states[i], State::Waiting) {
                continue;
            }
            let after = &plan.batches[i].after;
            if after
                .iter()
                .any(|a| matches!(states[*a as usize], State::Failed))
            {
                // What it continues never landed: its plays go to the next pass.
                states[i] = State::Failed;
                done += 1;
                changed = true;
                continue;
            }
            if !after
                .iter()
                .all(|a| matches!(states[*a as usize], State::Landed))
            {
                continue;
            }
            if blockhash.stale() {
                blockhash = Blockhash::fetch(client)?;
            }
            let transaction = build(plan, i, accounts, tables, settler, blockhash.hash)?;
            let programs = versioned_instruction_programs(&transaction);
            out.sent += 1;
            changed = true;
            let mut submitted = client.submit(&transaction);
            // A client that processes at once may have moved past our
            // blockhash: take a new one and send again.
            let mut tries = 1;
            while tries < MAX_ATTEMPTS
                && matches!(&submitted, Ok(Submitted::Done(_, Err(e))) if stale_blockhash(e))
            {
                blockhash = Blockhash::fetch(client)?;
                let again = build(plan, i, accounts, tables, settler, blockhash.hash)?;
                out.resends += 1;
                submitted = client.submit(&again);
                tries += 1;
            }
            if crash_after_send == Some(plan.batches[i].seq) {
                return Err(RunError::Interrupted(plan.batches[i].seq));
            }
            match submitted {
                Ok(Submitted::Pending(signature)) => {
                    states[i] = State::Flying {
                        signature,
                        programs,
                        sent: Instant::now(),
                        attempts: 1,
                    };
                    flying += 1;
                }
                Ok(Submitted::Done(_, result)) => {
                    settle_result(&mut states, &mut out, i, result);
                    done += 1;
                    // A client that processes at once may retire the
                    // blockhash with each transaction: take a fresh one.
                    blockhash.at = None;
                }
                Err(e) => {
                    settle_result(&mut states, &mut out, i, Err(e));
                    done += 1;
                }
            }
        }
        // Ask how the flying ones went.
        let flying: Vec<(usize, Signature)> = states
            .iter()
            .enumerate()
            .filter_map(|(i, s)| match s {
                State::Flying { signature, .. } => Some((i, *signature)),
                _ => None,
            })
            .collect();
        for chunk in flying.chunks(256) {
            let signatures: Vec<Signature> = chunk.iter().map(|(_, s)| *s).collect();
            let statuses = client.signature_statuses(&signatures)?;
            for ((i, _), status) in chunk.iter().zip(statuses) {
                let State::Flying {
                    programs,
                    sent,
                    attempts,
                    ..
                } = states[*i].clone()
                else {
                    continue;
                };
                match status {
                    Some(result) => {
                        let result =
                            result.map_err(|e| SdkError::from_transaction_error(e, &programs));
                        settle_result(&mut states, &mut out, *i, result);
                        done += 1;
                        changed = true;
                    }
                    None if sent.elapsed() > RESEND_AFTER => {
                        if attempts >= MAX_ATTEMPTS {
                            settle_result(
                                &mut states,
                                &mut out,
                                *i,
                                Err(SdkError::Rpc(format!(
                                    "batch {} was not confirmed after {attempts} sends",
                                    plan.batches[*i].seq
                                ))),
                            );
                            done += 1;
                        } else {
                            blockhash = Blockhash::fetch(client)?;
                            let transaction =
                                build(plan, *i, accounts, tables, settler, blockhash.hash)?;
                            out.resends += 1;
                            match client.submit(&transaction)? {
                                Submitted::Pending(signature) => {
                                    states[*i] = State::Flying {
                                        signature,
                                        programs,
                                        sent: Instant::now(),
                                        attempts: attempts + 1,
                                    }
                                }
                                Submitted::Done(_, result) => {
                                    settle_result(&mut states, &mut out, *i, result);
                                    done += 1;
                                }
                            }
                        }
                        changed = true;
                    }
                    None => {}
                }
            }
        }
        progress(Stage::Batches, done, n as u64);
        if !changed {
            std::thread::sleep(POLL);
        }
    }
    Ok(out)
}

/// Records how batch `i` ended. A copy of a batch that already landed is
/// refused with `BatchAlreadySettled`: the batch landed.
fn settle_result(states: &mut [State], out: &mut Outcome, i: usize, result: Result<(), SdkError>) {
    match result {
        Ok(()) => {
            states[i] = State::Landed;
            out.landed[i] = true;
        }
        Err(e) if e.program_error_name() == Some("BatchAlreadySettled") => {
            states[i] = State::Landed;
            out.landed[i] = true;
        }
        Err(e) => {
            states[i] = State::Failed;
            out.failed += 1;
            out.first_error.get_or_insert_with(|| e.to_string());
        }
    }
}

fn stale_blockhash(e: &SdkError) -> bool {
    matches!(
        e,
        SdkError::Transaction(solana_transaction_error::TransactionError::BlockhashNotFound)
    )
}

fn build(
    plan: &Plan,
    i: usize,
    accounts: &PlanAccounts,
    tables: &[AddressLookupTableAccount],
    settler: &Keypair,
    blockhash: Hash,
) -> Result<VersionedTransaction, RunError> {
    let message = tx::settle_message(plan, &plan.batches[i], accounts, tables, blockhash)?;
    Ok(tx::sign(message, settler)?)
}
