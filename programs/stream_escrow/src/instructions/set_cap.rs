use anchor_lang::prelude::*;

use crate::constants::{seeds, MAX_CAP_PERIOD_SECS, MIN_CAP_PERIOD_SECS};
use crate::errors::EscrowError;
use crate::events::{log_event, CapSet};
use crate::state::Listener;

#[derive(Accounts)]
pub struct SetCap<'info> {
    pub wallet: Signer<'info>,
    #[account(
        mut,
        seeds = [seeds::LISTENER, listener.payment_mint.as_ref(), wallet.key().as_ref()],
        bump = listener.bump,
    )]
    pub listener: Account<'info, Listener>,
}

/// `cap = None` removes the cap. A new period starts now, so a lowered cap
/// applies at once and a raised one cannot be used to re-spend this period.
pub fn handler(ctx: Context<SetCap>, cap: Option<u64>, period_secs: i64) -> Result<()> {
    require!(
        (MIN_CAP_PERIOD_SECS..=MAX_CAP_PERIOD_SECS).contains(&period_secs),
        EscrowError::InvalidCapPeriod
    );
    let now = Clock::get()?.unix_timestamp;
    let listener = &mut ctx.accounts.listener;
    listener.roll_period(now)?;
    listener.cap_per_period = cap.unwrap_or(u64::MAX);
    listener.cap_period_secs = period_secs;
    log_event(&CapSet {
        listener: listener.key(),
        cap_per_period: listener.cap_per_period,
        cap_period_secs: period_secs,
    });
    Ok(())
}
