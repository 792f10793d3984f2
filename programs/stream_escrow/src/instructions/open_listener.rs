use anchor_lang::prelude::*;

use crate::constants::{seeds, DEFAULT_CAP_PERIOD_SECS};
use crate::state::{Escrow, Listener};

#[derive(Accounts)]
pub struct OpenListener<'info> {
    #[account(mut)]
    pub wallet: Signer<'info>,
    #[account(seeds = [seeds::ESCROW, escrow.payment_mint.as_ref()], bump = escrow.bump)]
    pub escrow: Box<Account<'info, Escrow>>,
    #[account(
        init,
        payer = wallet,
        space = 8 + Listener::INIT_SPACE,
        seeds = [seeds::LISTENER, escrow.payment_mint.as_ref(), wallet.key().as_ref()],
        bump,
    )]
    pub listener: Account<'info, Listener>,
    pub system_program: Program<'info, System>,
}

/// Opens the signer's listener balance in the escrow's mint, uncapped,
/// with nothing settled yet (`settled_through` 0) and no window open.
pub fn handler(ctx: Context<OpenListener>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let listener = &mut ctx.accounts.listener;
    listener.wallet = ctx.accounts.wallet.key();
    listener.payment_mint = ctx.accounts.escrow.payment_mint;
    listener.balance = 0;
    listener.cap_per_period = u64::MAX;
    listener.cap_period_secs = DEFAULT_CAP_PERIOD_SECS;
    listener.period_start = now;
    listener.bump = ctx.bumps.listener;
    listener.receipt_key = listener.wallet;
    Ok(())
}
