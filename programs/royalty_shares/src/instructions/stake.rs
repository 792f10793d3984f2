use anchor_lang::prelude::*;
use anchor_spl::token::{self, Token, TokenAccount, Transfer};
use governance::constants::seeds::CONFIG;
use governance::state::{PauseArea, ProtocolConfig};

use crate::constants::seeds;
use crate::errors::RoyaltyError;
use crate::events::{log_event, SharesStaked};
use crate::state::{Position, RoyaltyConfig};

#[derive(Accounts)]
pub struct StakeShares<'info> {
    pub owner: Signer<'info>,
    #[account(mut, seeds = [seeds::ROYALTY, royalty.track.as_ref()], bump = royalty.bump)]
    pub royalty: Box<Account<'info, RoyaltyConfig>>,
    #[account(
        mut,
        seeds = [seeds::POSITION, royalty.track.as_ref(), owner.key().as_ref()],
        bump = position.bump,
    )]
    pub position: Account<'info, Position>,
    #[account(mut, constraint = source.mint == royalty.share_mint @ RoyaltyError::WrongMint)]
    pub source: Account<'info, TokenAccount>,
    #[account(mut, address = royalty.share_vault @ RoyaltyError::WrongMint)]
    pub share_vault: Account<'info, TokenAccount>,
    #[account(seeds = [CONFIG], bump = protocol.bump, seeds::program = governance::ID)]
    pub protocol: Account<'info, ProtocolConfig>,
    pub token_program: Program<'info, Token>,
}

/// Stakes everything in `source` above `keep`: in the transaction that
/// brings shares in (a pool swap), exactly what arrived, though the amount
/// is known only once the swap has run.
pub fn above(ctx: Context<StakeShares>, keep: u64) -> Result<()> {
    let amount = ctx.accounts.source.amount.saturating_sub(keep);
    handler(ctx, amount)
}

/// Staking is new activity: blocked while the registry area is paused.
pub fn handler(ctx: Context<StakeShares>, amount: u64) -> Result<()> {
    require!(amount > 0, RoyaltyError::ZeroAmount);
    ctx.accounts
        .protocol
        .require_active(PauseArea::Registry, RoyaltyError::Paused)?;
    let now = Clock::get()?.unix_timestamp;
    let royalty = &mut ctx.accounts.royalty;
    let position = &mut ctx.accounts.position;
    royalty.settle(&mut position.stake, now)?;
    position.stake.staked = position
        .stake
        .staked
        .checked_add(amount)
        .ok_or(RoyaltyError::MathOverflow)?;
    royalty.accrual.total_staked = royalty
        .accrual
        .total_staked
        .checked_add(amount)
        .ok_or(RoyaltyError::MathOverflow)?;
    royalty.invariant()?;

    token::transfer(
        CpiContext::new(
            token::ID,
            Transfer {
                from: ctx.accounts.source.to_account_info(),
                to: ctx.accounts.share_vault.to_account_info(),
                authority: ctx.accounts.owner.to_account_info(),
            },
        ),
        amount,
    )?;

    log_event(&SharesStaked {
        track: royalty.track,
        owner: position.owner,
        amount,
        staked_after: position.stake.staked,
        total_staked_after: royalty.accrual.total_staked,
    });
    Ok(())
}
