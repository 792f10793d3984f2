use anchor_lang::prelude::*;

use crate::constants::seeds;
use crate::events::{log_event, WithdrawalCancelled};
use crate::state::Listener;

#[derive(Accounts)]
pub struct CancelWithdrawal<'info> {
    pub wallet: Signer<'info>,
    #[account(
        mut,
        seeds = [seeds::LISTENER, listener.payment_mint.as_ref(), wallet.key().as_ref()],
        bump = listener.bump,
    )]
    pub listener: Account<'info, Listener>,
}

pub fn handler(ctx: Context<CancelWithdrawal>) -> Result<()> {
    let listener = &mut ctx.accounts.listener;
    listener.cancel_withdrawal()?;
    log_event(&WithdrawalCancelled {
        listener: listener.key(),
    });
    Ok(())
}
