use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use super::pay_out;
use crate::constants::seeds;
use crate::errors::RoyaltyError;
use crate::events::{log_event, SharesUnstaked};
use crate::state::{Position, RoyaltyConfig};

#[derive(Accounts)]
pub struct UnstakeShares<'info> {
    pub owner: Signer<'info>,
    #[account(mut, seeds = [seeds::ROYALTY, royalty.track.as_ref()], bump = royalty.bump)]
    pub royalty: Box<Account<'info, RoyaltyConfig>>,
    #[account(
        mut,
        seeds = [seeds::POSITION, royalty.track.as_ref(), owner.key().as_ref()],
        bump = position.bump,
    )]
    pub position: Account<'info, Position>,
    #[account(mut, constraint = destination.mint == royalty.share_mint @ RoyaltyError::WrongMint)]
    pub destination: Account<'info, TokenAccount>,
    #[account(mut, address = royalty.share_vault @ RoyaltyError::WrongMint)]
    pub share_vault: Account<'info, TokenAccount>,
    pub token_program: Program<'info, Token>,
}

/// An exit: never reads governance, so it works while paused.
pub fn handler(ctx: Context<UnstakeShares>, amount: u64) -> Result<()> {
    require!(amount > 0, RoyaltyError::ZeroAmount);
    let now = Clock::get()?.unix_timestamp;
    let royalty = &mut ctx.accounts.royalty;
    let position = &mut ctx.accounts.position;
    require!(
        amount <= position.stake.staked,
        RoyaltyError::UnstakeExceedsStake
    );
    royalty.settle(&mut position.stake, now)?;
    position.stake.staked = position
        .stake
        .staked
        .checked_sub(amount)
        .ok_or(RoyaltyError::MathOverflow)?;
    royalty.accrual.total_staked = royalty
        .accrual
        .total_staked
        .checked_sub(amount)
        .ok_or(RoyaltyError::MathOverflow)?;
    royalty.invariant()?;

    let track = royalty.track;
    pay_out(
        royalty,
        ctx.accounts.share_vault.to_account_info(),
        ctx.accounts.destination.to_account_info(),
        amount,
    )?;

    log_event(&SharesUnstaked {
        track,
        owner: position.owner,
        amount,
        staked_after: position.stake.staked,
        total_staked_after: royalty.accrual.total_staked,
    });
    Ok(())
}
