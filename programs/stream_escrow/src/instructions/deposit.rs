use anchor_lang::prelude::*;
use anchor_spl::token::{self, Token, TokenAccount, Transfer};
use governance::constants::seeds::CONFIG;
use governance::state::{PauseArea, ProtocolConfig};

use crate::constants::seeds;
use crate::errors::EscrowError;
use crate::events::{log_event, ListenerDeposited};
use crate::state::{Escrow, Listener};

#[derive(Accounts)]
pub struct Deposit<'info> {
    pub wallet: Signer<'info>,
    #[account(
        mut,
        seeds = [seeds::LISTENER, listener.payment_mint.as_ref(), wallet.key().as_ref()],
        bump = listener.bump,
    )]
    pub listener: Account<'info, Listener>,
    #[account(mut, seeds = [seeds::ESCROW, listener.payment_mint.as_ref()], bump = escrow.bump)]
    pub escrow: Box<Account<'info, Escrow>>,
    #[account(mut, address = escrow.vault)]
    pub vault: Account<'info, TokenAccount>,
    #[account(mut, constraint = source.mint == listener.payment_mint @ EscrowError::WrongPaymentMint)]
    pub source: Account<'info, TokenAccount>,
    #[account(seeds = [CONFIG], bump = protocol.bump, seeds::program = governance::ID)]
    pub protocol: Account<'info, ProtocolConfig>,
    pub token_program: Program<'info, Token>,
}

/// New money in: blocked while settlement is paused.
pub fn handler(ctx: Context<Deposit>, amount: u64) -> Result<()> {
    require!(amount > 0, EscrowError::ZeroAmount);
    ctx.accounts
        .protocol
        .require_active(PauseArea::Settlement, EscrowError::SettlementPaused)?;
    let listener = &mut ctx.accounts.listener;
    let before = listener.balance;
    listener.credit_deposit(amount)?;
    ctx.accounts.escrow.record_deposit(amount)?;

    token::transfer(
        CpiContext::new(
            token::ID,
            Transfer {
                from: ctx.accounts.source.to_account_info(),
                to: ctx.accounts.vault.to_account_info(),
                authority: ctx.accounts.wallet.to_account_info(),
            },
        ),
        amount,
    )?;
    log_event(&ListenerDeposited {
        listener: listener.key(),
        amount,
        balance_before: before,
        balance_after: listener.balance,
    });
    Ok(())
}
