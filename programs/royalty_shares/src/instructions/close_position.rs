use anchor_lang::prelude::*;

use crate::constants::seeds;
use crate::errors::RoyaltyError;
use crate::events::{log_event, PositionClosed};
use crate::state::{Position, RoyaltyConfig};

#[derive(Accounts)]
pub struct ClosePosition<'info> {
    pub owner: Signer<'info>,
    #[account(mut, seeds = [seeds::ROYALTY, royalty.track.as_ref()], bump = royalty.bump)]
    pub royalty: Box<Account<'info, RoyaltyConfig>>,
    #[account(
        mut,
        seeds = [seeds::POSITION, royalty.track.as_ref(), owner.key().as_ref()],
        bump = position.bump,
        close = payer,
    )]
    pub position: Account<'info, Position>,
    /// CHECK: receives the rent; must be the position's original payer.
    #[account(mut, address = position.payer)]
    pub payer: UncheckedAccount<'info>,
}

/// Closes an empty position. Less than one base unit of earnings may remain
/// in it: that fraction goes back into the accrual's carry and so to the
/// stakers of the next distribution.
pub fn handler(ctx: Context<ClosePosition>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let royalty = &mut ctx.accounts.royalty;
    let position = &mut ctx.accounts.position;
    royalty.settle(&mut position.stake, now)?;
    require!(position.stake.staked == 0, RoyaltyError::PositionNotEmpty);
    // PositionNotEmpty too while a whole unit is still claimable.
    royalty.accrual.reclaim(position.stake.earned_scaled)?;
    position.stake.earned_scaled = 0;
    log_event(&PositionClosed {
        track: royalty.track,
        owner: position.owner,
    });
    Ok(())
}
