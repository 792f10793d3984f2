use anchor_lang::prelude::*;
use governance::constants::seeds::CONFIG;
use governance::state::ProtocolConfig;

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
    /// Read for the withdrawal notice a lowered cap waits out.
    #[account(seeds = [CONFIG], bump = protocol.bump, seeds::program = governance::ID)]
    pub protocol: Account<'info, ProtocolConfig>,
}

/// `cap = None` removes the cap. A raise (a cap no lower and a period no
/// longer than the cap in force) applies at once, within the current
/// period, and drops changes not yet in force. Anything else applies to
/// plays starting one withdrawal notice from now, when a new period
/// starts: plays already made are charged against the caps as they stood
/// (see `Listener::set_cap`).
pub fn handler(ctx: Context<SetCap>, args: SetCapArgs) -> Result<()> {
    let SetCapArgs { cap, period_secs } = args;
    let now = Clock::get()?.unix_timestamp;
    let notice = ctx.accounts.protocol.params.withdrawal_notice_secs;
    let listener = &mut ctx.accounts.listener;
    let effective_at = listener.set_cap(cap, period_secs, now, notice)?;
    log_event(&CapSet {
        listener: listener.key(),
        cap_per_period: cap.unwrap_or(u64::MAX),
        cap_period_secs: period_secs,
        effective_at,
    });
    Ok(())
}
