use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

use crate::constants::seeds;
use crate::events::{log_event, EscrowInitialized};
use crate::state::Escrow;

#[derive(Accounts)]
pub struct InitEscrow<'info> {
    #[account(mut)]
    pub payer: Signer<'info>,
    pub payment_mint: Box<Account<'info, Mint>>,
    #[account(
        init,
        payer = payer,
        space = 8 + Escrow::INIT_SPACE,
        seeds = [seeds::ESCROW, payment_mint.key().as_ref()],
        bump,
    )]
    pub escrow: Box<Account<'info, Escrow>>,
    #[account(
        init,
        payer = payer,
        seeds = [seeds::VAULT, payment_mint.key().as_ref()],
        bump,
        token::mint = payment_mint,
        token::authority = escrow,
    )]
    pub vault: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

/// Anyone: opens the pooled vault for a payment mint, once.
pub fn handler(ctx: Context<InitEscrow>) -> Result<()> {
    let escrow = &mut ctx.accounts.escrow;
    escrow.payment_mint = ctx.accounts.payment_mint.key();
    escrow.vault = ctx.accounts.vault.key();
    escrow.bump = ctx.bumps.escrow;
    escrow.vault_bump = ctx.bumps.vault;
    log_event(&EscrowInitialized {
        payment_mint: escrow.payment_mint,
        vault: escrow.vault,
    });
    Ok(())
}
