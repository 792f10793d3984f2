use anchor_lang::prelude::*;
use governance::constants::seeds::{CONFIG, SETTLER};
use governance::state::{PauseArea, ProtocolConfig, Settler};
use track_registry::state::TrackStatus;

use crate::batch::{self, PartHeader};
use crate::constants::seeds;
use crate::errors::EscrowError;
use crate::events::{log_event, EntriesCharged, EntryCharge, PlaysSettled};
use crate::math::split_fee;
use crate::state::{BatchTotals, Listener, SettlerState, TrackLedger};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, PartialEq, Eq, Debug)]
pub struct SettleArgs {
    /// The batch's number, accepted once (see `SettlerState`).
    pub seq: u64,
    /// Merkle root of the raw play events this batch covers.
    pub audit_root: [u8; 32],
    /// Windows' times are u32 seconds after this.
    pub base_time: i64,
    /// The parts, encoded as `crate::batch` describes: part `i` is for the
    /// listener at remaining account `i`; the ledgers follow the listeners.
    pub parts: Vec<u8>,
}

#[derive(Accounts)]
pub struct Settle<'info> {
    pub settler: Signer<'info>,
    #[account(
        mut,
        seeds = [seeds::SETTLER_STATE, settler.key().as_ref(), settler_state.payment_mint.as_ref()],
        bump = settler_state.bump,
    )]
    pub settler_state: Account<'info, SettlerState>,
    /// Governance's approval record for this settler.
    #[account(seeds = [SETTLER, settler.key().as_ref()], bump = approval.bump, seeds::program = governance::ID)]
    pub approval: Account<'info, Settler>,
    #[account(seeds = [CONFIG], bump = protocol.bump, seeds::program = governance::ID)]
    pub protocol: Account<'info, ProtocolConfig>,
    // remaining_accounts: one writable Listener per part, in part order,
    // then writable TrackLedger accounts, each passed once.
}

/// Plays a batch reports by what became of them.
#[derive(Clone, Copy, Debug, Default)]
struct Outcome {
    totals: BatchTotals,
    plays_short: u64,
    plays_track_paused: u64,
    plays_track_retired: u64,
    plays_unpriced: u64,
    plays_held: u64,
    listeners_short: u16,
    windows_opened: u16,
    windows_closed: u16,
    entries: u16,
}

fn add(counter: &mut u64, n: u64) -> Result<()> {
    *counter = counter.checked_add(n).ok_or(EscrowError::MathOverflow)?;
    Ok(())
}

fn bump(counter: &mut u16) -> Result<()> {
    *counter = counter.checked_add(1).ok_or(EscrowError::MathOverflow)?;
    Ok(())
}

/// The bond a settler needs per unit charged and still open to dispute, in
/// bps: governance's minimum ratio, and never less than each charge's
/// refund plus the disputer's reward, so every dispute's hold is whole.
pub fn required_bond_bps(params: &governance::state::ProtocolParams) -> u64 {
    let refund_and_reward =
        crate::constants::BPS_DENOMINATOR.saturating_add(u64::from(params.dispute_reward_bps));
    u64::from(params.min_bond_ratio_bps).max(refund_and_reward)
}

/// The hot path: an internal ledger move per entry, no token transfer.
///
/// A part opens a listener's window (or continues the window this settler
/// has open) and settles some of its entries, each at the price of its
/// track at the time of the window's plays, within the listener's balance
/// and cap as they stood then. Plays that cannot be charged (the listener
/// short of money or cap, the track paused or retired by then, or its
/// price no longer known) are reported and never fail the batch. What
/// fails it is the settler's own mistake: plays at or before the
/// listener's settled-through time, an entry settled twice, a window
/// spanning a change, a malformed part, a replayed batch number.
pub fn handler<'info>(ctx: Context<'info, Settle<'info>>, args: SettleArgs) -> Result<()> {
    ctx.accounts
        .protocol
        .require_active(PauseArea::Settlement, EscrowError::SettlementPaused)?;
    require!(
        ctx.accounts.approval.is_approved(),
        EscrowError::SettlerNotApproved
    );
    require!(
        ctx.accounts.approval.bond_mint == ctx.accounts.settler_state.payment_mint,
        EscrowError::BondNotInPaymentMint
    );
    let window_secs = ctx.accounts.protocol.params.challenge_window_secs;
    let state = &mut ctx.accounts.settler_state;
    state.check_seq(args.seq)?;
    let parts = batch::decode(&args.parts)?;
    require!(!parts.is_empty(), EscrowError::EmptyBatch);

    let remaining = ctx.remaining_accounts;
    let split = parts.len();
    require!(split <= remaining.len(), EscrowError::InvalidEntryIndex);
    for (i, a) in remaining.iter().enumerate() {
        require!(
            remaining
                .iter()
                .skip(i.saturating_add(1))
                .all(|b| b.key != a.key),
            EscrowError::DuplicateAccount
        );
    }
    let (listener_infos, ledger_infos) = remaining.split_at(split);
    let mint = state.payment_mint;
    let mut listeners = load::<Listener>(listener_infos)?;
    let mut ledgers = load::<TrackLedger>(ledger_infos)?;
    require!(
        listeners.iter().all(|l| l.payment_mint == mint)
            && ledgers.iter().all(|l| l.payment_mint == mint),
        EscrowError::WrongPaymentMint
    );

    let now = Clock::get()?.unix_timestamp;
    let settler = state.settler;
    let fee_bps = state
        .fee_bps
        .min(ctx.accounts.protocol.params.max_settler_fee_bps);
    // The protocol fee is fixed now, for what these plays earn.
    let protocol_fee_bps = ctx.accounts.protocol.params.protocol_fee_bps;
    let mut out = Outcome::default();
    let mut charges: Vec<EntryCharge> =
        Vec::with_capacity(parts.iter().map(|p| p.entries.len()).sum());
    for (part, listener) in parts.iter().zip(listeners.iter_mut()) {
        match part.header {
            PartHeader::Open {
                first_offset,
                last_offset,
                window_entries,
            } => {
                let first = args
                    .base_time
                    .checked_add(i64::from(first_offset))
                    .ok_or(EscrowError::MathOverflow)?;
                let last = args
                    .base_time
                    .checked_add(i64::from(last_offset))
                    .ok_or(EscrowError::MathOverflow)?;
                listener.open_window(settler, first, last, window_entries, now)?;
                bump(&mut out.windows_opened)?;
            }
            PartHeader::Continue { tag } => listener.continue_window(&settler, tag)?,
        }
        let (first, last) = (listener.window.first, listener.window.last);
        let spend = listener.window_spend()?;
        // The settler's tab with this listener: while it is disputed, or
        // if every slot belongs to another settler, its plays are held.
        let chargeable = listener
            .tab_for_charge(&settler)
            .is_some_and(|tab| !tab.disputed);
        let mut part_amount = 0u64;
        let mut short = false;
        for entry in &part.entries {
            listener.settle_entry(entry.index)?;
            bump(&mut out.entries)?;
            require!(entry.plays > 0, EscrowError::ZeroPlays);
            let plays = u64::from(entry.plays);
            let ledger = ledgers
                .get_mut(usize::from(entry.ledger))
                .ok_or(EscrowError::InvalidEntryIndex)?;
            require!(
                !ledger.spans_change(first, last),
                EscrowError::WindowSpansChange
            );
            let Some(terms) = ledger.terms_at(last) else {
                add(&mut out.plays_unpriced, plays)?;
                charges.push(EntryCharge::default());
                continue;
            };
            let mut charge = EntryCharge::default();
            match terms.status {
                TrackStatus::Paused => add(&mut out.plays_track_paused, plays)?,
                TrackStatus::Retired => add(&mut out.plays_track_retired, plays)?,
                TrackStatus::Active if !chargeable => add(&mut out.plays_held, plays)?,
                TrackStatus::Active => {
                    let charged = listener.charge(spend, plays, terms.price)?;
                    charge = EntryCharge {
                        // At most the entry's u16 plays.
                        plays: u16::try_from(charged.plays_paid)
                            .map_err(|_| EscrowError::MathOverflow)?,
                        amount: charged.amount,
                    };
                    add(&mut part_amount, charged.amount)?;
                    short |= charged.plays_short > 0;
                    add(&mut out.plays_short, charged.plays_short)?;
                    let (fee, net) = split_fee(charged.amount, fee_bps)?;
                    ledger.credit(net, charged.plays_paid, protocol_fee_bps)?;
                    add(&mut out.totals.plays_paid, charged.plays_paid)?;
                    add(&mut out.totals.amount, charged.amount)?;
                    add(&mut out.totals.fees, fee)?;
                }
            }
            charges.push(charge);
        }
        if part_amount > 0 {
            listener
                .tab_for_charge(&settler)
                .ok_or(EscrowError::NoSuchTab)?
                .charge(part_amount, now, window_secs)?;
        }
        if short {
            bump(&mut out.listeners_short)?;
        }
        if listener.close_window_if_done()? {
            bump(&mut out.windows_closed)?;
        }
        listener.invariant()?;
    }
    state.record_batch(args.seq, now, out.totals)?;
    // What the settler could still be made to refund stays within its bond.
    state.exposure.add(out.totals.amount, now, window_secs)?;
    let open = u128::from(state.exposure.open(now, window_secs));
    let required = open
        .checked_mul(u128::from(required_bond_bps(&ctx.accounts.protocol.params)))
        .ok_or(EscrowError::MathOverflow)?;
    let covered = u128::from(ctx.accounts.approval.free_bond())
        .checked_mul(u128::from(crate::constants::BPS_DENOMINATOR))
        .ok_or(EscrowError::MathOverflow)?;
    require!(required <= covered, EscrowError::ExposureExceedsBond);

    store(&listeners, listener_infos)?;
    store(&ledgers, ledger_infos)?;

    log_event(&PlaysSettled {
        settler,
        payment_mint: mint,
        seq: args.seq,
        audit_root: args.audit_root,
        parts: u16::try_from(parts.len()).map_err(|_| EscrowError::MathOverflow)?,
        entries: out.entries,
        windows_opened: out.windows_opened,
        windows_closed: out.windows_closed,
        plays_paid: out.totals.plays_paid,
        plays_short: out.plays_short,
        plays_track_paused: out.plays_track_paused,
        plays_track_retired: out.plays_track_retired,
        plays_unpriced: out.plays_unpriced,
        plays_held: out.plays_held,
        listeners_short: out.listeners_short,
        amount: out.totals.amount,
        settler_fees: out.totals.fees,
    });
    log_event(&EntriesCharged {
        settler,
        seq: args.seq,
        charges,
    });
    Ok(())
}

/// Decodes settlement accounts, checking each is writable, owned by this
/// program and of the right type.
fn load<T: AccountDeserialize + Owner>(infos: &[AccountInfo]) -> Result<Vec<T>> {
    infos
        .iter()
        .map(|info| {
            require!(
                info.is_writable && info.owner == &crate::ID,
                EscrowError::InvalidSettlementAccount
            );
            let data = info.try_borrow_data()?;
            T::try_deserialize(&mut &data[..])
                .map_err(|_| error!(EscrowError::InvalidSettlementAccount))
        })
        .collect()
}

fn store<T: AccountSerialize>(values: &[T], infos: &[AccountInfo]) -> Result<()> {
    for (value, info) in values.iter().zip(infos) {
        let mut data = info.try_borrow_mut_data()?;
        let mut writer: &mut [u8] = &mut data;
        value.try_serialize(&mut writer)?;
    }
    Ok(())
}
