use anchor_lang::prelude::*;
use anchor_spl::token::{self, Token, TokenAccount, Transfer};

use crate::constants::seeds;
use crate::errors::EscrowError;
use crate::escrow_signer;
use crate::events::{log_event, ListenerWithdrew};
use crate::state::{Escrow, Listener};

#[derive(Accounts)]
pub struct Withdraw<'info> {
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
    #[account(mut, constraint = destination.mint == listener.payment_mint @ EscrowError::WrongPaymentMint)]
    pub destination: Account<'info, TokenAccount>,
    pub token_program: Program<'info, Token>,
}

/// Pays the requested amount (or what is left of the balance, if plays
/// settled during the notice) once the notice fixed at the request has
/// passed. An exit: it reads no governance account, so no pause stops it.
pub fn handler(ctx: Context<Withdraw>) -> Result<()> {
    let listener = &mut ctx.accounts.listener;
    let now = Clock::get()?.unix_timestamp;
    let amount = listener.complete_withdrawal(now)?;
    let escrow = &mut ctx.accounts.escrow;
    escrow.record_withdrawal(amount)?;

    if amount > 0 {
        let (mint, bump) = (escrow.payment_mint, escrow.bump);
        token::transfer(
            CpiContext::new_with_signer(
                token::ID,
                Transfer {
                    from: ctx.accounts.vault.to_account_info(),
                    to: ctx.accounts.destination.to_account_info(),
                    authority: escrow.to_account_info(),
                },
                escrow_signer!(mint, bump),
            ),
            amount,
        )?;
    }
    log_event(&ListenerWithdrew {
        listener: listener.key(),
        amount,
        balance_after: listener.balance,
    });
    Ok(())
}
