use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use super::pay_out;
use crate::constants::{seeds, POOL_PROGRAM_ID, POOL_SEED};
use crate::errors::RoyaltyError;
use crate::events::{log_event, PoolReserveSynced};
use crate::state::{Position, RoyaltyConfig};

#[derive(Accounts)]
pub struct SyncPool<'info> {
    /// A royalty pool of this track's shares against its payment mint,
    /// signing through the pool program.
    pub pool: Signer<'info>,
    #[account(mut, seeds = [seeds::ROYALTY, royalty.track.as_ref()], bump = royalty.bump)]
    pub royalty: Box<Account<'info, RoyaltyConfig>>,
    /// The pool's position: its stake is the pool's share reserve, which
    /// stays in the pool's own vault.
    #[account(
        mut,
        seeds = [seeds::POSITION, royalty.track.as_ref(), pool.key().as_ref()],
        bump = position.bump,
    )]
    pub position: Account<'info, Position>,
    #[account(mut, address = royalty.revenue_vault @ RoyaltyError::WrongMint)]
    pub revenue_vault: Account<'info, TokenAccount>,
    /// Where the reserve's earnings go: the pool's vault in the payment mint.
    #[account(mut, constraint = earnings_vault.mint == royalty.payment_mint @ RoyaltyError::WrongMint)]
    pub earnings_vault: Account<'info, TokenAccount>,
    pub token_program: Program<'info, Token>,
}

/// Pays the pool what its reserve earned so far (whole units; the
/// fraction stays in the position) and sets the position's stake to the
/// pool's share reserve from now on. Only the pool can call it, on every
/// change of its reserve; never paused, like any exit.
pub fn handler(ctx: Context<SyncPool>, pool_bump: u8, reserve: u64) -> Result<()> {
    let royalty = &mut ctx.accounts.royalty;
    let pool = Pubkey::create_program_address(
        &[
            POOL_SEED,
            royalty.share_mint.as_ref(),
            royalty.payment_mint.as_ref(),
            &[pool_bump],
        ],
        &POOL_PROGRAM_ID,
    )
    .map_err(|_| RoyaltyError::NotAPool)?;
    require_keys_eq!(pool, ctx.accounts.pool.key(), RoyaltyError::NotAPool);

    let now = Clock::get()?.unix_timestamp;
    let position = &mut ctx.accounts.position;
    let paid = royalty.take_earned(position, now)?;
    let before = position.stake.staked;
    royalty.accrual.total_staked = royalty
        .accrual
        .total_staked
        .checked_sub(before)
        .and_then(|t| t.checked_add(reserve))
        .ok_or(RoyaltyError::MathOverflow)?;
    position.stake.staked = reserve;
    royalty.invariant()?;

    if paid > 0 {
        pay_out(
            royalty,
            ctx.accounts.revenue_vault.to_account_info(),
            ctx.accounts.earnings_vault.to_account_info(),
            paid,
        )?;
    }
    log_event(&PoolReserveSynced {
        track: royalty.track,
        pool,
        paid,
        claimed_total: position.claimed,
        staked_before: before,
        staked_after: reserve,
        total_staked_after: royalty.accrual.total_staked,
    });
    Ok(())
}
