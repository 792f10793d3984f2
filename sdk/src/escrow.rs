//! The streaming escrow on the client side: fetching balances, ledgers and
//! settler state, and the conservation check every ledger must pass.

use anchor_lang::prelude::Pubkey;
use anchor_lang::Discriminator;
use stream_escrow::state::{Dispute, Escrow, Listener, SettlerState, TrackLedger};

use crate::accounts::{decode, fetch_optional};
use crate::client::{EncoreClient, MemcmpFilter};
use crate::error::Result;
use crate::pda;

pub use stream_escrow::batch::{Entry as SettleEntry, Part as SettlePart, PartHeader};
pub use stream_escrow::instructions::SettleArgs;
pub use stream_escrow::math::{charge, split_fee};

/// The rent a listener account holds (paid by its wallet at `open_listener`).
pub fn listener_rent() -> u64 {
    use anchor_lang::Space;
    let space = Listener::DISCRIMINATOR.len() + Listener::INIT_SPACE;
    anchor_lang::prelude::Rent::default().minimum_balance(space)
}

pub fn escrow(client: &dyn EncoreClient, payment_mint: &Pubkey) -> Result<Option<Escrow>> {
    fetch_optional(
        client,
        &pda::escrow(payment_mint).0,
        &stream_escrow::ID,
        "escrow",
    )
}

pub fn listener(
    client: &dyn EncoreClient,
    payment_mint: &Pubkey,
    wallet: &Pubkey,
) -> Result<Option<Listener>> {
    fetch_optional(
        client,
        &pda::listener(payment_mint, wallet).0,
        &stream_escrow::ID,
        "listener",
    )
}

pub fn ledger(client: &dyn EncoreClient, track: &Pubkey) -> Result<Option<TrackLedger>> {
    fetch_optional(
        client,
        &pda::ledger(track).0,
        &stream_escrow::ID,
        "track ledger",
    )
}

pub fn settler_state(
    client: &dyn EncoreClient,
    settler: &Pubkey,
    payment_mint: &Pubkey,
) -> Result<Option<SettlerState>> {
    fetch_optional(
        client,
        &pda::settler_state(settler, payment_mint).0,
        &stream_escrow::ID,
        "settler state",
    )
}

fn all<T: anchor_lang::AccountDeserialize + Discriminator>(
    client: &dyn EncoreClient,
    payment_mint: &Pubkey,
    mint_offset: usize,
    what: &'static str,
) -> Result<Vec<(Pubkey, T)>> {
    let filters = [
        MemcmpFilter::new(0, T::DISCRIMINATOR.to_vec()),
        MemcmpFilter::new(mint_offset, payment_mint.to_bytes().to_vec()),
    ];
    client
        .get_program_accounts(&stream_escrow::ID, &filters)?
        .into_iter()
        .map(|(key, account)| Ok((key, decode::<T>(&key, &account.data, what)?)))
        .collect()
}

/// Every listener in a payment mint (`payment_mint` is at byte 40).
pub fn listeners(
    client: &dyn EncoreClient,
    payment_mint: &Pubkey,
) -> Result<Vec<(Pubkey, Listener)>> {
    all(client, payment_mint, 40, "listener")
}

/// Every track ledger in a payment mint (`payment_mint` is at byte 40).
pub fn ledgers(
    client: &dyn EncoreClient,
    payment_mint: &Pubkey,
) -> Result<Vec<(Pubkey, TrackLedger)>> {
    all(client, payment_mint, 40, "track ledger")
}

/// Every settler state in a payment mint (`payment_mint` is at byte 40).
pub fn settler_states(
    client: &dyn EncoreClient,
    payment_mint: &Pubkey,
) -> Result<Vec<(Pubkey, SettlerState)>> {
    all(client, payment_mint, 40, "settler state")
}

/// Every listener balance of `wallet`, in any mint (`wallet` is at byte 8),
/// ordered by mint.
pub fn listeners_of(client: &dyn EncoreClient, wallet: &Pubkey) -> Result<Vec<(Pubkey, Listener)>> {
    let filters = [
        MemcmpFilter::new(0, Listener::DISCRIMINATOR.to_vec()),
        MemcmpFilter::new(8, wallet.to_bytes().to_vec()),
    ];
    let mut out = client
        .get_program_accounts(&stream_escrow::ID, &filters)?
        .into_iter()
        .map(|(key, account)| Ok((key, decode::<Listener>(&key, &account.data, "listener")?)))
        .collect::<Result<Vec<_>>>()?;
    out.sort_by_key(|(_, l)| l.payment_mint);
    Ok(out)
}

/// The escrow's books for one mint, gathered from the chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EscrowBooks {
    pub vault_balance: u64,
    pub listener_balances: u64,
    pub track_owed: u64,
    pub settler_fees_owed: u64,
    /// What the escrow's token-flow counters say the vault should hold.
    pub expected_by_flows: u64,
}

impl EscrowBooks {
    /// Conservation: every token in the vault belongs to a listener, a track
    /// or a settler, and the flow counters agree to the base unit.
    pub fn conserved(&self) -> bool {
        let owned = self
            .listener_balances
            .checked_add(self.track_owed)
            .and_then(|x| x.checked_add(self.settler_fees_owed));
        owned == Some(self.vault_balance) && self.expected_by_flows == self.vault_balance
    }
}

pub fn books(client: &dyn EncoreClient, payment_mint: &Pubkey) -> Result<EscrowBooks> {
    let escrow = escrow(client, payment_mint)?.ok_or(crate::SdkError::AccountNotFound(
        pda::escrow(payment_mint).0,
    ))?;
    let sum = |xs: &mut dyn Iterator<Item = u64>| xs.fold(0u64, u64::saturating_add);
    Ok(EscrowBooks {
        vault_balance: crate::token::balance(client, &escrow.vault)?,
        listener_balances: sum(&mut listeners(client, payment_mint)?
            .into_iter()
            .map(|(_, l)| l.balance)),
        track_owed: sum(&mut ledgers(client, payment_mint)?
            .into_iter()
            .map(|(_, l)| l.owed.saturating_add(l.upstream_owed))),
        settler_fees_owed: sum(&mut settler_states(client, payment_mint)?
            .into_iter()
            .map(|(_, s)| s.fees_owed)),
        expected_by_flows: escrow.expected_vault_balance().unwrap_or(u64::MAX),
    })
}

/// Byte offsets of a `Dispute` account's fields that listings filter on.
pub mod dispute_layout {
    /// After the discriminator: the `Listener` account.
    pub const LISTENER: usize = 8;
    /// After listener, wallet and payment mint.
    pub const SETTLER: usize = 8 + 3 * 32;
    /// After settler, disputer, number, epoch, opened_at, answer_by and
    /// five amounts.
    pub const STATUS: usize = SETTLER + 2 * 32 + 2 * 4 + 2 * 8 + 5 * 8;
}

/// The dispute at `address`.
pub fn dispute(client: &dyn EncoreClient, address: &Pubkey) -> Result<Option<Dispute>> {
    fetch_optional(client, address, &stream_escrow::ID, "dispute")
}

fn disputes_where(
    client: &dyn EncoreClient,
    mut filters: Vec<MemcmpFilter>,
    open_only: bool,
) -> Result<Vec<(Pubkey, Dispute)>> {
    filters.insert(0, MemcmpFilter::new(0, Dispute::DISCRIMINATOR.to_vec()));
    if open_only {
        filters.push(MemcmpFilter::new(dispute_layout::STATUS, vec![0]));
    }
    let mut out = client
        .get_program_accounts(&stream_escrow::ID, &filters)?
        .into_iter()
        .map(|(key, account)| Ok((key, decode::<Dispute>(&key, &account.data, "dispute")?)))
        .collect::<Result<Vec<_>>>()?;
    out.sort_by_key(|(_, d)| (d.opened_at, d.listener, d.number));
    Ok(out)
}

/// Disputes of what `settler` charged, oldest first; `open_only`: those
/// still waiting for an answer or a decision.
pub fn disputes_against(
    client: &dyn EncoreClient,
    settler: &Pubkey,
    open_only: bool,
) -> Result<Vec<(Pubkey, Dispute)>> {
    let filter = MemcmpFilter::new(dispute_layout::SETTLER, settler.to_bytes().to_vec());
    disputes_where(client, vec![filter], open_only)
}

/// Disputes of what was charged to the `Listener` account `listener`.
pub fn disputes_of(
    client: &dyn EncoreClient,
    listener: &Pubkey,
    open_only: bool,
) -> Result<Vec<(Pubkey, Dispute)>> {
    let filter = MemcmpFilter::new(dispute_layout::LISTENER, listener.to_bytes().to_vec());
    disputes_where(client, vec![filter], open_only)
}

#[cfg(test)]
mod dispute_layout_tests {
    use super::*;
    use anchor_lang::AccountSerialize;
    use stream_escrow::state::DisputeStatus;

    #[test]
    fn the_filter_offsets_are_where_the_fields_serialize() {
        let settler = Pubkey::new_from_array([7; 32]);
        let listener = Pubkey::new_from_array([3; 32]);
        let dispute = Dispute {
            listener,
            wallet: Pubkey::new_from_array([1; 32]),
            payment_mint: Pubkey::new_from_array([2; 32]),
            settler,
            disputer: Pubkey::new_from_array([4; 32]),
            number: 5,
            epoch: 6,
            opened_at: 7,
            answer_by: 8,
            charged: 9,
            open_amount: 10,
            signed_total: 11,
            held: 12,
            deposit: 13,
            status: DisputeStatus::Upheld,
            answered_total: 0,
            refund: 0,
            reward: 0,
            decided_at: 0,
            bump: 0,
        };
        let mut data = Vec::new();
        dispute.try_serialize(&mut data).unwrap();
        let at = |offset: usize, len: usize| &data[offset..offset + len];
        assert_eq!(at(dispute_layout::LISTENER, 32), listener.as_ref());
        assert_eq!(at(dispute_layout::SETTLER, 32), settler.as_ref());
        assert_eq!(at(dispute_layout::STATUS, 1), &[2]);
        assert_eq!(data.len(), dispute_layout::STATUS + 1 + 3 * 8 + 8 + 1);
    }
}

/// Accounts of a settle instruction before its listeners: settler, settler
/// state, governance's approval, the protocol config.
pub const SETTLE_FIXED_ACCOUNTS: usize = 4;

/// What settlement charged one listener for one track.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrackCharge {
    pub track: Pubkey,
    pub ledger: Pubkey,
    pub plays: u64,
    /// Taken from the listener's balance, settler fee included.
    pub amount: u64,
}

/// A listener's charges per track, read from its settle transactions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListenerCharges {
    /// By track address.
    pub tracks: Vec<TrackCharge>,
    /// Settle instructions that charged or named the listener.
    pub batches: usize,
    /// Every transaction of the listener was read (fewer than the limit).
    pub complete: bool,
}

/// `wallet`'s charges per track in `payment_mint`: each settle instruction
/// among the latest `limit` transactions of its listener account, its parts
/// for this listener matched entry by entry with the batch's
/// `EntriesCharged` event. Exact: the program logs what it charged each
/// entry; nothing is recomputed here.
pub fn listener_charges(
    client: &dyn EncoreClient,
    payment_mint: &Pubkey,
    wallet: &Pubkey,
    limit: usize,
) -> Result<ListenerCharges> {
    use anchor_lang::AnchorDeserialize;
    use stream_escrow::events::EntriesCharged;

    let listener = pda::listener(payment_mint, wallet).0;
    let history = client.address_history(&listener, limit)?;
    let complete = history.len() < limit;
    let mut by_ledger: std::collections::BTreeMap<Pubkey, (u64, u64)> = Default::default();
    let mut batches = 0;
    for entry in history.iter().filter(|e| !e.failed) {
        let Some(tx) = client.recorded_transaction(&entry.signature)? else {
            continue;
        };
        let charged: Vec<EntriesCharged> = crate::events::decode(&tx.logs)?;
        for ix in &tx.instructions {
            let Some(data) = ix
                .data
                .strip_prefix(stream_escrow::instruction::Settle::DISCRIMINATOR)
                .filter(|_| ix.program_id == stream_escrow::ID)
            else {
                continue;
            };
            let malformed = |what: &str| {
                crate::SdkError::InvalidInput(format!(
                    "transaction {}: a settle instruction {what}",
                    entry.signature
                ))
            };
            let args = stream_escrow::instruction::Settle::deserialize(&mut &data[..])
                .map_err(|_| malformed("does not decode"))?
                .args;
            let parts = stream_escrow::batch::decode(&args.parts)
                .map_err(|_| malformed("has malformed parts"))?;
            let settler = ix
                .accounts
                .first()
                .ok_or_else(|| malformed("has no accounts"))?;
            let Some(event) = charged
                .iter()
                .find(|e| e.settler == *settler && e.seq == args.seq)
            else {
                // A batch before charges were logged: nothing to read.
                continue;
            };
            let listeners = ix
                .accounts
                .get(SETTLE_FIXED_ACCOUNTS..SETTLE_FIXED_ACCOUNTS + parts.len())
                .ok_or_else(|| malformed("lacks its listeners"))?;
            let ledgers = &ix.accounts[SETTLE_FIXED_ACCOUNTS + parts.len()..];
            let mut charges = event.charges.iter();
            let mut named = false;
            for (part, account) in parts.iter().zip(listeners) {
                for e in &part.entries {
                    let charge = charges
                        .next()
                        .ok_or_else(|| malformed("has more entries than charges"))?;
                    if *account != listener {
                        continue;
                    }
                    named = true;
                    let ledger = ledgers
                        .get(usize::from(e.ledger))
                        .ok_or_else(|| malformed("names a ledger it does not pass"))?;
                    let total = by_ledger.entry(*ledger).or_default();
                    total.0 += u64::from(charge.plays);
                    total.1 += charge.amount;
                }
            }
            batches += usize::from(named);
        }
    }
    let ledger_keys: Vec<Pubkey> = by_ledger.keys().copied().collect();
    let accounts = client.get_multiple_accounts(&ledger_keys)?;
    let mut tracks = Vec::new();
    for ((ledger, (plays, amount)), account) in by_ledger.into_iter().zip(accounts) {
        let track = match account {
            Some(account) => decode::<TrackLedger>(&ledger, &account.data, "track ledger")?.track,
            None => ledger,
        };
        tracks.push(TrackCharge {
            track,
            ledger,
            plays,
            amount,
        });
    }
    tracks.sort_by_key(|t| t.track);
    Ok(ListenerCharges {
        tracks,
        batches,
        complete,
    })
}
