use anchor_lang::prelude::*;
use governance::constants::seeds::CONFIG;
use governance::state::ProtocolConfig;

use crate::constants::seeds;
use crate::errors::EscrowError;
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

/// Starts the notice period (replacing any earlier request). Plays already
/// made may still settle during the notice; the withdrawal pays what is left
/// of the request then.
pub fn handler(ctx: Context<RequestWithdrawal>, amount: u64) -> Result<()> {
    let listener = &mut ctx.accounts.listener;
    let now = Clock::get()?.unix_timestamp;
    listener.request_withdrawal(amount, now)?;
    log_event(&WithdrawalRequested {
        listener: listener.key(),
        amount,
        available_at: now
            .checked_add(ctx.accounts.protocol.params.withdrawal_notice_secs)
            .ok_or(EscrowError::MathOverflow)?,
    });
    Ok(())
}
