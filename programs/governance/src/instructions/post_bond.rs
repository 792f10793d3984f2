use anchor_lang::prelude::*;
use anchor_spl::token::{self, Token, TokenAccount, Transfer};

use crate::constants::seeds;
use crate::errors::GovernanceError;
use crate::events::{log_event, BondPosted};
use crate::state::Settler;

#[derive(Accounts)]
pub struct PostBond<'info> {
    pub wallet: Signer<'info>,
    #[account(
        mut,
        seeds = [seeds::SETTLER, settler.wallet.as_ref()],
        bump = settler.bump,
        has_one = wallet @ GovernanceError::Unauthorized,
    )]
    pub settler: Account<'info, Settler>,
    /// The wallet's token account in the bond mint.
    #[account(mut, constraint = source.mint == settler.bond_mint @ GovernanceError::BondMintMismatch)]
    pub source: Account<'info, TokenAccount>,
    #[account(mut, seeds = [seeds::BOND, settler.wallet.as_ref()], bump = settler.vault_bump)]
    pub bond_vault: Account<'info, TokenAccount>,
    pub token_program: Program<'info, Token>,
}

pub fn handler(ctx: Context<PostBond>, amount: u64) -> Result<()> {
    require!(amount > 0, GovernanceError::InvalidBondAmount);
    let settler = &mut ctx.accounts.settler;
    let bond_before = settler.bond_amount;
    settler.bond_amount = bond_before
        .checked_add(amount)
        .ok_or(GovernanceError::MathOverflow)?;
    settler.invariant()?;

    token::transfer(
        CpiContext::new(
            ctx.accounts.token_program.key(),
            Transfer {
                from: ctx.accounts.source.to_account_info(),
                to: ctx.accounts.bond_vault.to_account_info(),
                authority: ctx.accounts.wallet.to_account_info(),
            },
        ),
        amount,
    )?;
    log_event(&BondPosted {
        settler: settler.key(),
        amount,
        bond_before,
        bond_after: settler.bond_amount,
    });
    Ok(())
}
