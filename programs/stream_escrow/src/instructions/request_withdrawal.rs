use anchor_lang::prelude::*;
use governance::constants::seeds::CONFIG;
use governance::state::ProtocolConfig;

use crate::constants::seeds;

use crate::events::{log_event, WithdrawalRequested};
use crate::state::Listener;

#[derive(Accounts)]
pub struct RequestWithdrawal<'info> {
    pub wallet: Signer<'info>,
    #[account(
        mut,
        seeds = [seeds::LISTENER, listener.payment_mint.as_ref(), wallet.key().as_ref()],
        bump = listener.bump,
    )]
    pub listener: Account<'info, Listener>,
    #[account(seeds = [CONFIG], bump = protocol.bump, seeds::program = governance::ID)]
    pub protocol: Account<'info, ProtocolConfig>,
}

/// Starts the notice period (replacing any earlier request), fixing the
/// notice in force now. Plays started before the notice ends are charged
/// against the whole balance, whenever they settle; the withdrawal pays
/// what is left of the request when it completes.
pub fn handler(ctx: Context<RequestWithdrawal>, amount: u64) -> Result<()> {
    let listener = &mut ctx.accounts.listener;
    let now = Clock::get()?.unix_timestamp;
    let notice = ctx.accounts.protocol.params.withdrawal_notice_secs;
    listener.request_withdrawal(amount, now, notice)?;
    log_event(&WithdrawalRequested {
        listener: listener.key(),
        amount,
        available_at: listener.withdrawal_available_at,
    });
    Ok(())
}
