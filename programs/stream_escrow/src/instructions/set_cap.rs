use anchor_lang::prelude::*;

use crate::constants::seeds;
use crate::events::{log_event, CapSet};
use crate::state::Listener;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetCapArgs {
    /// Most settlement may spend per period; `None` removes the cap.
    pub cap: Option<u64>,
    pub period_secs: i64,
}

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
pub fn handler(ctx: Context<SetCap>, args: SetCapArgs) -> Result<()> {
    let SetCapArgs { cap, period_secs } = args;
    let now = Clock::get()?.unix_timestamp;
    let listener = &mut ctx.accounts.listener;
    listener.set_cap(cap, period_secs, now)?;
    log_event(&CapSet {
        listener: listener.key(),
        cap_per_period: listener.cap_per_period,
        cap_period_secs: period_secs,
    });
    Ok(())
}
