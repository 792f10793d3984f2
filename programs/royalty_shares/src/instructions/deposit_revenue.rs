use anchor_lang::prelude::*;
use anchor_spl::token::{self, Token, TokenAccount, Transfer};
use governance::constants::seeds::CONFIG;
use governance::state::ProtocolConfig;

use crate::constants::seeds;
use crate::errors::RoyaltyError;
use crate::events::{log_event, RevenueDeposited};
use crate::state::RoyaltyConfig;

#[derive(Accounts)]
pub struct DepositRevenue<'info> {
    pub depositor: Signer<'info>,
    #[account(mut, seeds = [seeds::ROYALTY, royalty.track.as_ref()], bump = royalty.bump)]
    pub royalty: Box<Account<'info, RoyaltyConfig>>,
    #[account(
        mut,
        constraint = source.mint == royalty.payment_mint @ RoyaltyError::WrongMint,
    )]
    pub source: Account<'info, TokenAccount>,
    #[account(mut, address = royalty.revenue_vault @ RoyaltyError::WrongMint)]
    pub revenue_vault: Account<'info, TokenAccount>,
    #[account(seeds = [CONFIG], bump = protocol.bump, seeds::program = governance::ID)]
    pub protocol: Account<'info, ProtocolConfig>,
    pub token_program: Program<'info, Token>,
}

/// Anyone may add revenue (tips, licensing income). It is released to
/// stakers linearly over governance's release period. Not gated by pause:
/// money arriving for holders is never new risk.
pub fn handler(ctx: Context<DepositRevenue>, amount: u64) -> Result<()> {
    require!(amount > 0, RoyaltyError::ZeroAmount);
    let now = Clock::get()?.unix_timestamp;
    let period = ctx.accounts.protocol.params.release_period_secs;
    let royalty = &mut ctx.accounts.royalty;
    let before = royalty.accrual.unreleased;
    royalty.add_revenue(amount, now, period)?;
    royalty.invariant()?;

    token::transfer(
        CpiContext::new(
            token::ID,
            Transfer {
                from: ctx.accounts.source.to_account_info(),
                to: ctx.accounts.revenue_vault.to_account_info(),
                authority: ctx.accounts.depositor.to_account_info(),
            },
        ),
        amount,
    )?;

    log_event(&RevenueDeposited {
        track: royalty.track,
        depositor: ctx.accounts.depositor.key(),
        amount,
        unreleased_before: before,
        unreleased_after: royalty.accrual.unreleased,
        release_end: royalty.accrual.release_end,
    });
    Ok(())
}
