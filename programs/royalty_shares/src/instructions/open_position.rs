use anchor_lang::prelude::*;

use crate::constants::seeds;
use crate::math::Stake;
use crate::state::{Position, RoyaltyConfig};

#[derive(Accounts)]
pub struct OpenPosition<'info> {
    #[account(mut)]
    pub payer: Signer<'info>,
    /// CHECK: any wallet may have a position opened for it; only it can stake.
    pub owner: UncheckedAccount<'info>,
    #[account(seeds = [seeds::ROYALTY, royalty.track.as_ref()], bump = royalty.bump)]
    pub royalty: Box<Account<'info, RoyaltyConfig>>,
    #[account(
        init,
        payer = payer,
        space = 8 + Position::INIT_SPACE,
        seeds = [seeds::POSITION, royalty.track.as_ref(), owner.key().as_ref()],
        bump,
    )]
    pub position: Account<'info, Position>,
    pub system_program: Program<'info, System>,
}

pub fn handler(ctx: Context<OpenPosition>) -> Result<()> {
    let position = &mut ctx.accounts.position;
    position.owner = ctx.accounts.owner.key();
    position.track = ctx.accounts.royalty.track;
    position.payer = ctx.accounts.payer.key();
    position.stake = Stake {
        staked: 0,
        acc_snapshot: ctx.accounts.royalty.accrual.acc_per_share,
        earned_scaled: 0,
    };
    position.claimed = 0;
    position.bump = ctx.bumps.position;
    Ok(())
}
