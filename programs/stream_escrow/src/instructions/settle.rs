use anchor_lang::prelude::*;
use governance::constants::seeds::{CONFIG, SETTLER};
use governance::state::{PauseArea, ProtocolConfig, Settler};
use track_registry::state::TrackStatus;

use crate::constants::seeds;
use crate::errors::EscrowError;
use crate::events::{log_event, PlaysSettled};
use crate::math::split_fee;
use crate::state::{BatchTotals, Listener, SettlerState, TrackLedger};

/// One aggregated count: `plays` of the ledger at `track` by the listener at
/// `listener` (indices into the listeners and ledgers passed). 4 bytes.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, PartialEq, Eq, Debug)]
pub struct SettleEntry {
    pub listener: u8,
    pub track: u8,
    pub plays: u16,
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, PartialEq, Eq, Debug)]
pub struct SettleArgs {
    /// Must be the settler's `last_seq + 1`.
    pub seq: u64,
    /// Merkle root of the raw play events this batch covers.
    pub audit_root: [u8; 32],
    /// The first `listener_count` remaining accounts are listeners, the rest ledgers.
    pub listener_count: u8,
    pub entries: Vec<SettleEntry>,
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
    // remaining_accounts: `listener_count` writable Listener accounts, then
    // writable TrackLedger accounts, each passed once.
}

/// The hot path: an internal ledger move per entry, no token transfer.
/// Each entry charges whole plays at the ledger's cached price, within the
/// listener's balance and cap; what a listener cannot pay is reported as
/// unpaid and never fails the batch for the others.
pub fn handler<'info>(ctx: Context<'info, Settle<'info>>, args: SettleArgs) -> Result<()> {
    ctx.accounts
        .protocol
        .require_active(PauseArea::Settlement, EscrowError::SettlementPaused)?;
    require!(
        ctx.accounts.approval.is_approved(),
        EscrowError::SettlerNotApproved
    );
    let state = &mut ctx.accounts.settler_state;
    state.check_next(args.seq)?;
    require!(!args.entries.is_empty(), EscrowError::EmptyBatch);

    let remaining = ctx.remaining_accounts;
    let split = usize::from(args.listener_count);
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
    for listener in listeners.iter_mut() {
        listener.roll_period(now)?;
    }
    let fee_bps = state
        .fee_bps
        .min(ctx.accounts.protocol.params.max_settler_fee_bps);
    let mut short = vec![false; listeners.len()];
    let mut totals = BatchTotals::default();
    let mut plays_unpaid = 0u64;
    for entry in &args.entries {
        require!(entry.plays > 0, EscrowError::ZeroPlays);
        let ledger = ledgers
            .get_mut(usize::from(entry.track))
            .ok_or(EscrowError::InvalidEntryIndex)?;
        let listener = listeners
            .get_mut(usize::from(entry.listener))
            .ok_or(EscrowError::InvalidEntryIndex)?;
        match ledger.status {
            TrackStatus::Active => {}
            TrackStatus::Paused => return err!(EscrowError::TrackPaused),
            TrackStatus::Retired => return err!(EscrowError::TrackRetired),
        }
        let charged = listener.charge(u64::from(entry.plays), ledger.price_per_play)?;
        if charged.plays_unpaid > 0 {
            if let Some(flag) = short.get_mut(usize::from(entry.listener)) {
                *flag = true;
            }
        }
        let (fee, net) = split_fee(charged.amount, fee_bps)?;
        ledger.credit(net, charged.plays_paid)?;
        totals.plays_paid = totals
            .plays_paid
            .checked_add(charged.plays_paid)
            .ok_or(EscrowError::MathOverflow)?;
        plays_unpaid = plays_unpaid
            .checked_add(charged.plays_unpaid)
            .ok_or(EscrowError::MathOverflow)?;
        totals.amount = totals
            .amount
            .checked_add(charged.amount)
            .ok_or(EscrowError::MathOverflow)?;
        totals.fees = totals
            .fees
            .checked_add(fee)
            .ok_or(EscrowError::MathOverflow)?;
    }
    state.record_batch(args.seq, args.audit_root, now, totals)?;

    store(&listeners, listener_infos)?;
    store(&ledgers, ledger_infos)?;

    log_event(&PlaysSettled {
        settler: state.settler,
        payment_mint: mint,
        seq: args.seq,
        audit_root: args.audit_root,
        entries: u16::try_from(args.entries.len()).map_err(|_| EscrowError::MathOverflow)?,
        plays_paid: totals.plays_paid,
        plays_unpaid,
        listeners_short: u16::try_from(short.iter().filter(|s| **s).count())
            .map_err(|_| EscrowError::MathOverflow)?,
        amount: totals.amount,
        settler_fees: totals.fees,
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
