use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use super::pay_out;
use crate::constants::seeds;
use crate::errors::RoyaltyError;
use crate::events::{log_event, RevenueClaimed};
use crate::state::{Position, RoyaltyConfig};

#[derive(Accounts)]
pub struct Claim<'info> {
    pub owner: Signer<'info>,
    #[account(mut, seeds = [seeds::ROYALTY, royalty.track.as_ref()], bump = royalty.bump)]
    pub royalty: Box<Account<'info, RoyaltyConfig>>,
    #[account(
        mut,
        seeds = [seeds::POSITION, royalty.track.as_ref(), owner.key().as_ref()],
        bump = position.bump,
    )]
    pub position: Account<'info, Position>,
    #[account(mut, constraint = destination.mint == royalty.payment_mint @ RoyaltyError::WrongMint)]
    pub destination: Account<'info, TokenAccount>,
    #[account(mut, address = royalty.revenue_vault @ RoyaltyError::WrongMint)]
    pub revenue_vault: Account<'info, TokenAccount>,
    pub token_program: Program<'info, Token>,
}

/// Pays out every whole unit earned (rounded down; the fraction stays with
/// the position). An exit: works while paused.
pub fn handler(ctx: Context<Claim>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let royalty = &mut ctx.accounts.royalty;
    let position = &mut ctx.accounts.position;
    let amount = royalty.take_earned(position, now)?;
    require!(amount > 0, RoyaltyError::NothingToClaim);
    royalty.invariant()?;
    let track = royalty.track;
    pay_out(
        royalty,
        ctx.accounts.revenue_vault.to_account_info(),
        ctx.accounts.destination.to_account_info(),
        amount,
    )?;

    log_event(&RevenueClaimed {
        track,
        owner: position.owner,
        amount,
        claimed_total: position.claimed,
    });
    Ok(())
}
