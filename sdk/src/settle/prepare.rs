//! What the chain must hold before batches can land: the exclusions found
//! at planning time, open and fresh ledgers, and the plan's lookup tables.

use std::collections::BTreeSet;

use solana_keypair::Keypair;
use solana_message::AddressLookupTableAccount;
use solana_signer::Signer;
use stream_escrow::state::{Listener, TrackLedger};
use track_registry::state::{Track, TrackStatus};

use super::checkpoint::{Checkpoint, TableRecord};
use super::ingest::PlayLog;
use super::plan::{Exclusions, Plan, Skip};
use super::runner::{RunError, Stage};
use super::tx::{self, PlanAccounts};
use crate::accounts::decode;
use crate::client::EncoreClient;
use crate::error::SdkError;
use crate::Pubkey;

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

/// Listeners without an escrow account in `mint`, and tracks that cannot
/// be paid in it (unknown, other mint, paused, retired).
pub fn find_exclusions(
    client: &dyn EncoreClient,
    log: &PlayLog,
    accounts: &PlanAccounts,
    mint: &Pubkey,
) -> Result<Exclusions, SdkError> {
    let mut exclusions = Exclusions::default();
    let listeners: Vec<Option<Listener>> = fetch_all(
        client,
        &accounts.listener_accounts,
        &stream_escrow::ID,
        "listener",
    )?;
    for (wallet, listener) in log.listeners.iter().zip(listeners) {
        if listener.is_none_or(|l| l.payment_mint != *mint) {
            exclusions
                .listeners
                .insert(*wallet, Skip::NoListenerAccount);
        }
    }
    let tracks: Vec<Option<Track>> = fetch_all(client, &log.tracks, &track_registry::ID, "track")?;
    for (key, track) in log.tracks.iter().zip(tracks) {
        let skip = match track {
            None => Some(Skip::UnknownTrack),
            Some(t) if t.terms.payment_mint != *mint => Some(Skip::OtherMint),
            Some(t) if t.status == TrackStatus::Paused => Some(Skip::TrackPaused),
            Some(t) if t.status == TrackStatus::Retired => Some(Skip::TrackRetired),
            Some(_) => None,
        };
        if let Some(skip) = skip {
            exclusions.tracks.insert(*key, skip);
        }
    }
    Ok(exclusions)
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

/// Opens the ledgers the remaining batches need and refreshes stale ones
/// (cached terms or status behind the registry); returns the transactions sent.
pub fn prepare_ledgers(
    client: &dyn EncoreClient,
    settler: &Keypair,
    plan: &Plan,
    accounts: &PlanAccounts,
    from_batch: usize,
    progress: &mut dyn FnMut(Stage, u64, u64),
) -> Result<u64, RunError> {
    let used: BTreeSet<u32> = plan.batches[from_batch..]
        .iter()
        .flat_map(|b| b.tracks.iter().copied())
        .collect();
    let keys: Vec<Pubkey> = used.iter().map(|t| plan.tracks[*t as usize]).collect();
    let ledger_keys: Vec<Pubkey> = used.iter().map(|t| accounts.ledgers[*t as usize]).collect();
    let tracks: Vec<Option<Track>> = fetch_all(client, &keys, &track_registry::ID, "track")?;
    let ledgers: Vec<Option<TrackLedger>> =
        fetch_all(client, &ledger_keys, &stream_escrow::ID, "track ledger")?;
    let (mut open, mut stale) = (Vec::new(), Vec::new());
    for ((key, track), ledger) in keys.iter().zip(tracks).zip(ledgers) {
        let Some(track) = track else {
            return Err(RunError::Conflict(format!(
                "track {key} is no longer a registered track; its plays were planned for settlement"
            )));
        };
        if track.status != TrackStatus::Active {
            return Err(RunError::Conflict(format!(
                "track {key} was paused or retired after planning; resume it, or let this epoch's \
                 batches that include it wait"
            )));
        }
        match ledger {
            None => open.push(*key),
            Some(l) if l.terms_version != track.terms_version || l.status != track.status => {
                stale.push(*key)
            }
            Some(_) => {}
        }
    }
    let transactions = tx::ledger_setup(&settler.pubkey(), &open, &stale);
    let total = transactions.len() as u64;
    for (i, ixs) in transactions.iter().enumerate() {
        client.send_instructions(ixs, settler, &[])?;
        progress(Stage::Ledgers, i as u64 + 1, total);
    }
    Ok(total)
}

/// Creates and extends the plan's lookup tables as far as they are not yet
/// on chain (recording each table in the checkpoint before creating it),
/// then waits a slot so they can be used. Returns the tables and the
/// transactions sent.
pub fn prepare_tables(
    client: &dyn EncoreClient,
    settler: &Keypair,
    plan: &Plan,
    accounts: &PlanAccounts,
    checkpoint: &mut Checkpoint,
    checkpoint_path: &std::path::Path,
    progress: &mut dyn FnMut(Stage, u64, u64),
) -> Result<(Vec<AddressLookupTableAccount>, u64), RunError> {
    let authority = settler.pubkey();
    let total = plan.setup_transactions() as u64;
    let mut sent = 0u64;
    let mut lookups = Vec::with_capacity(plan.tables.len());
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
        for ixs in steps {
            client.send_instructions(&ixs, settler, &[])?;
            sent += 1;
            progress(Stage::LookupTables, sent.min(total), total);
        }
        lookups.push(AddressLookupTableAccount {
            key: address,
            addresses,
        });
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
