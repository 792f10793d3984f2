//! Reading the chain into a [`ChainView`] for planning, and what the chain
//! must hold before batches can land: open ledgers and the plan's lookup
//! tables.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use solana_keypair::Keypair;
use solana_message::AddressLookupTableAccount;
use solana_signature::Signature;
use solana_signer::Signer;
use solana_transaction::versioned::VersionedTransaction;
use stream_escrow::state::{Listener, TrackLedger};
use track_registry::state::Track;

use super::checkpoint::{Checkpoint, TableRecord};
use super::error::{RunError, Stage};
use super::ingest::PlayLog;
use super::plan::Plan;
use super::tx::{self, PlanAccounts};
use super::view::{ChainView, ListenerView, TrackView};
use crate::accounts::decode;
use crate::client::{versioned_instruction_programs, EncoreClient, Submitted};
use crate::error::SdkError;
use crate::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;

/// Decodes the accounts at `keys` that exist, are owned by `owner` and are a `T`.
fn fetch_all<T: anchor_lang::AccountDeserialize>(
    client: &dyn EncoreClient,
    keys: &[Pubkey],
    owner: &Pubkey,
    what: &'static str,
) -> Result<Vec<Option<T>>, SdkError> {
    let accounts = client.get_multiple_accounts(keys)?;
    Ok(keys
        .iter()
        .zip(accounts)
        .map(|(key, account)| {
            account
                .filter(|a| a.owner == *owner)
                .and_then(|a| decode::<T>(key, &a.data, what).ok())
        })
        .collect())
}

/// The chain as a plan of `log` sees it, and the ledgers to open or sync
/// before the plan's batches (track indices).
#[derive(Clone, Debug)]
pub struct ChainRead {
    pub view: ChainView,
    pub ledgers_missing: BTreeSet<u32>,
    pub ledgers_stale: BTreeSet<u32>,
}

/// Reads the clock (first: anything synced after it only changes terms
/// from a later time), the withdrawal notice, every listener of the log in
/// `mint`, and every track with its ledger.
pub fn read_view(
    client: &dyn EncoreClient,
    log: &PlayLog,
    accounts: &PlanAccounts,
) -> Result<ChainRead, RunError> {
    let now = client.clock()?.unix_timestamp;
    let config = crate::accounts::config(client)?;
    let notice = config.params.withdrawal_notice_secs;
    let mint = accounts.payment_mint;
    let listeners: Vec<Option<Listener>> = fetch_all(
        client,
        &accounts.listener_accounts,
        &stream_escrow::ID,
        "listener",
    )?;
    let listeners = listeners
        .into_iter()
        .map(|l| {
            l.filter(|l| l.payment_mint == mint)
                .map(|l| ListenerView::of(&l, &accounts.settler))
        })
        .collect();
    let tracks: Vec<Option<Track>> = fetch_all(client, &log.tracks, &track_registry::ID, "track")?;
    let ledgers: Vec<Option<TrackLedger>> = fetch_all(
        client,
        &accounts.ledgers,
        &stream_escrow::ID,
        "track ledger",
    )?;
    let mut read = ChainRead {
        view: ChainView {
            now,
            listeners,
            tracks: Vec::with_capacity(tracks.len()),
        },
        ledgers_missing: BTreeSet::new(),
        ledgers_stale: BTreeSet::new(),
    };
    for (t, (track, ledger)) in tracks.into_iter().zip(ledgers).enumerate() {
        let view = match (track, ledger) {
            (None, _) => TrackView::Unknown,
            (Some(track), _) if track.terms.payment_mint != mint => TrackView::OtherMint,
            (Some(track), Some(ledger)) => {
                if ledger.terms_version != track.terms_version {
                    read.ledgers_stale.insert(t as u32);
                }
                TrackView::from_ledger(&ledger)
            }
            (Some(track), None) => {
                read.ledgers_missing.insert(t as u32);
                TrackView::from_track(&track, notice)
            }
        };
        read.view.tracks.push(view);
    }
    Ok(read)
}

/// What is left of `log` for `settler` in `mint`: a plan against the chain
/// as it is now (numbered from the settler's next batch).
pub fn plan_against_chain(
    client: &dyn EncoreClient,
    log: &PlayLog,
    settler: &Pubkey,
    mint: &Pubkey,
    config: &super::plan::PlanConfig,
) -> Result<Plan, RunError> {
    let accounts = PlanAccounts::derive(&log.listeners, &log.tracks, settler, mint);
    let read = read_view(client, log, &accounts)?;
    let next =
        crate::escrow::settler_state(client, settler, mint)?.map_or(1, |s| s.highest_seq + 1);
    Ok(super::plan::plan(log.clone(), &read.view, next, config))
}

/// The payment mints of the log's registered tracks, with how many tracks
/// each, to pick the mint of a settlement run.
pub fn payment_mints(
    client: &dyn EncoreClient,
    log: &PlayLog,
) -> Result<std::collections::BTreeMap<Pubkey, usize>, SdkError> {
    let mut mints = std::collections::BTreeMap::new();
    let tracks: Vec<Option<Track>> = fetch_all(client, &log.tracks, &track_registry::ID, "track")?;
    for track in tracks.into_iter().flatten() {
        *mints.entry(track.terms.payment_mint).or_insert(0) += 1;
    }
    Ok(mints)
}

/// Opens the ledgers the plan's batches need and records registry changes
/// on stale ones (a sync only adds terms from now on, so the plan stands);
/// returns the transactions sent.
pub fn prepare_ledgers(
    client: &dyn EncoreClient,
    settler: &Keypair,
    plan: &Plan,
    read: &ChainRead,
    in_flight: usize,
    progress: &mut dyn FnMut(Stage, u64, u64),
) -> Result<u64, RunError> {
    let used: BTreeSet<u32> = plan
        .batches
        .iter()
        .flat_map(|b| b.tracks.iter().copied())
        .collect();
    let open: Vec<Pubkey> = used
        .intersection(&read.ledgers_missing)
        .map(|t| plan.tracks[*t as usize])
        .collect();
    let stale: Vec<Pubkey> = used
        .intersection(&read.ledgers_stale)
        .map(|t| plan.tracks[*t as usize])
        .collect();
    let transactions = tx::ledger_setup(&settler.pubkey(), &open, &stale);
    let total = transactions.len() as u64;
    // Each ledger is its own account: the openings may land in any order.
    let mut landed = 0u64;
    send_together(client, settler, &transactions, in_flight, &mut || {
        landed += 1;
        progress(Stage::Ledgers, landed, total);
    })?;
    Ok(total)
}

/// How long a setup transaction may take to land before the run stops
/// (a rerun picks up what landed: ledgers and tables are read back).
const SETUP_CONFIRM_TIMEOUT: Duration = Duration::from_secs(90);
const SETUP_POLL: Duration = Duration::from_millis(15);

/// Sends `transactions`, which may land in any order, with up to
/// `in_flight` unconfirmed at once, and waits for all to land. A
/// transaction is sent once: one that does not land within
/// [`SETUP_CONFIRM_TIMEOUT`] stops the run rather than risk landing twice.
fn send_together(
    client: &dyn EncoreClient,
    payer: &Keypair,
    transactions: &[Vec<Instruction>],
    in_flight: usize,
    landed: &mut dyn FnMut(),
) -> Result<(), RunError> {
    let in_flight = in_flight.max(1);
    let mut next = 0usize;
    let mut flying: Vec<(Signature, Vec<Pubkey>, Instant)> = Vec::new();
    let mut blockhash: Option<(solana_hash::Hash, Instant)> = None;
    while next < transactions.len() || !flying.is_empty() {
        while next < transactions.len() && flying.len() < in_flight {
            let hash = match blockhash {
                Some((hash, at)) if at.elapsed() < Duration::from_secs(20) => hash,
                _ => {
                    let hash = client.latest_blockhash()?;
                    blockhash = Some((hash, Instant::now()));
                    hash
                }
            };
            let message = solana_message::Message::new_with_blockhash(
                &transactions[next],
                Some(&payer.pubkey()),
                &hash,
            );
            let transaction = VersionedTransaction::try_new(
                solana_message::VersionedMessage::Legacy(message),
                &[payer],
            )
            .map_err(|e| RunError::Sdk(SdkError::InvalidInput(format!("sign: {e}"))))?;
            let programs = versioned_instruction_programs(&transaction);
            next += 1;
            match client.submit(&transaction)? {
                Submitted::Pending(signature) => flying.push((signature, programs, Instant::now())),
                Submitted::Done(_, result) => {
                    result?;
                    // A client that processes at once retires blockhashes fast.
                    blockhash = None;
                    landed();
                }
            }
        }
        if flying.is_empty() {
            continue;
        }
        let signatures: Vec<Signature> = flying.iter().map(|f| f.0).collect();
        let statuses = client.signature_statuses(&signatures)?;
        let mut still = Vec::with_capacity(flying.len());
        for ((signature, programs, sent), status) in flying.into_iter().zip(statuses) {
            match status {
                Some(result) => {
                    result.map_err(|e| SdkError::from_transaction_error(e, &programs))?;
                    landed();
                }
                None if sent.elapsed() > SETUP_CONFIRM_TIMEOUT => {
                    return Err(RunError::Sdk(SdkError::Rpc(format!(
                        "setup transaction {signature} was not confirmed within \
                         {SETUP_CONFIRM_TIMEOUT:?}; run again to continue"
                    ))));
                }
                None => still.push((signature, programs, sent)),
            }
        }
        let waiting = still.len() == signatures.len();
        flying = still;
        if waiting {
            std::thread::sleep(SETUP_POLL);
        }
    }
    Ok(())
}

/// Creates and extends the plan's lookup tables as far as they are not yet
/// on chain (recording each table in the checkpoint before creating it),
/// then waits a slot so they can be used. Returns the tables and the
/// transactions sent.
#[allow(clippy::too_many_arguments)]
pub fn prepare_tables(
    client: &dyn EncoreClient,
    settler: &Keypair,
    plan: &Plan,
    accounts: &PlanAccounts,
    checkpoint: &mut Checkpoint,
    checkpoint_path: &std::path::Path,
    in_flight: usize,
    progress: &mut dyn FnMut(Stage, u64, u64),
) -> Result<(Vec<AddressLookupTableAccount>, u64), RunError> {
    let authority = settler.pubkey();
    let total = plan.setup_transactions() as u64;
    let mut sent = 0u64;
    let mut lookups = Vec::with_capacity(plan.tables.len());
    let mut steps_of: Vec<Vec<Vec<Instruction>>> = Vec::with_capacity(plan.tables.len());
    for i in 0..plan.tables.len() {
        let addresses = accounts.table_addresses(plan, i);
        let record = checkpoint.lookup_tables.get(i).cloned();
        let on_chain = match &record {
            Some(r) => {
                let key: Pubkey = r.address.parse().map_err(|_| {
                    RunError::Checkpoint(format!("lookup table {:?} is not an address", r.address))
                })?;
                client
                    .get_account(&key)?
                    .filter(|a| a.owner == tx::LOOKUP_TABLE_PROGRAM)
                    .and_then(|a| tx::table_contents(&a.data))
                    .map(|contents| (key, contents))
            }
            None => None,
        };
        let (address, existing, create_at) = match on_chain {
            Some((key, contents)) => {
                if contents.len() > addresses.len() || contents[..] != addresses[..contents.len()] {
                    return Err(RunError::Conflict(format!(
                        "lookup table {key} holds other addresses than this plan's table {i}"
                    )));
                }
                (key, contents.len(), None)
            }
            None => {
                let slot = pick_recent_slot(client, authority, checkpoint, record.as_ref())?;
                let key = tx::lookup_table_address(&authority, slot);
                let record = TableRecord {
                    address: key.to_string(),
                    recent_slot: slot,
                };
                if i < checkpoint.lookup_tables.len() {
                    checkpoint.lookup_tables[i] = record;
                } else {
                    checkpoint.lookup_tables.push(record);
                }
                checkpoint
                    .save(checkpoint_path)
                    .map_err(RunError::Checkpoint)?;
                (key, 0, Some(slot))
            }
        };
        let steps = tx::table_setup(&authority, &address, create_at, &addresses, existing);
        let skipped = addresses
            .len()
            .div_ceil(super::plan::ADDRESSES_PER_EXTEND)
            .max(1)
            .saturating_sub(steps.len());
        sent += skipped as u64;
        steps_of.push(steps);
        lookups.push(AddressLookupTableAccount {
            key: address,
            addresses,
        });
    }
    // A table's steps go in order (an extension appends); the tables go
    // side by side: round k sends every table's step k.
    let rounds = steps_of.iter().map(Vec::len).max().unwrap_or(0);
    for k in 0..rounds {
        let round: Vec<Vec<Instruction>> = steps_of
            .iter()
            .filter_map(|steps| steps.get(k).cloned())
            .collect();
        send_together(client, settler, &round, in_flight, &mut || {
            sent += 1;
            progress(Stage::LookupTables, sent.min(total), total);
        })?;
    }
    // Addresses are usable from the slot after their extension.
    let slot = client.clock()?.slot;
    client.wait_for_slot(slot)?;
    Ok((lookups, sent))
}

/// A slot in SlotHashes no table of this checkpoint was created at,
/// preferring `previous` (a table recorded but never created).
fn pick_recent_slot(
    client: &dyn EncoreClient,
    authority: Pubkey,
    checkpoint: &Checkpoint,
    previous: Option<&TableRecord>,
) -> Result<u64, RunError> {
    let used: BTreeSet<u64> = checkpoint
        .lookup_tables
        .iter()
        .map(|r| r.recent_slot)
        .collect();
    for _ in 0..16 {
        let data = client
            .get_account(&tx::SLOT_HASHES_SYSVAR)?
            .map(|a| a.data)
            .unwrap_or_default();
        let recent = tx::slot_hashes(&data);
        if let Some(previous) = previous {
            if recent.contains(&previous.recent_slot) {
                return Ok(previous.recent_slot);
            }
        }
        for slot in recent.iter().filter(|s| !used.contains(s)) {
            // A table at this slot may exist from a run whose checkpoint was lost.
            let address = tx::lookup_table_address(&authority, *slot);
            if client.get_account(&address)?.is_none() {
                return Ok(*slot);
            }
        }
        let now = client.clock()?.slot;
        client.wait_for_slot(now)?;
    }
    Err(RunError::Conflict(
        "no recent slot is free to create a lookup table at; try again".into(),
    ))
}
