//! The pool's royalty position: its share reserve earns the track's
//! revenue for the LPs.

use anchor_lang::prelude::*;
use anchor_spl::token;
use royalty_shares::program::RoyaltyShares;

use crate::errors::PoolError;
use crate::state::Pool;

/// The pool's royalty position for its share reserve, in the royalty
/// shares program, which checks every one of these accounts.
#[derive(Accounts)]
pub struct ReservePosition<'info> {
    /// CHECK: the track's `RoyaltyConfig` (seeds checked by royalty_shares;
    /// the pool's own PDA, derived there from its share and payment mints,
    /// ties it to this pool).
    #[account(mut)]
    pub royalty: UncheckedAccount<'info>,
    /// CHECK: the pool's position `[POSITION, track, pool]` in royalty_shares.
    #[account(mut)]
    pub position: UncheckedAccount<'info>,
    /// CHECK: the track's revenue vault, checked by royalty_shares.
    #[account(mut)]
    pub revenue_vault: UncheckedAccount<'info>,
    pub royalty_shares_program: Program<'info, RoyaltyShares>,
}

impl<'info> ReservePosition<'info> {
    /// [`sync_reserve`] through this position; returns what arrived.
    pub(crate) fn sync(
        &self,
        pool: &mut Account<'info, Pool>,
        quote_vault: &mut Account<'info, token::TokenAccount>,
        token_program: &Program<'info, token::Token>,
        reserve: u64,
    ) -> Result<u64> {
        sync_reserve(
            pool,
            quote_vault,
            self.infos(),
            token_program.to_account_info(),
            reserve,
        )
    }

    pub(crate) fn infos(&self) -> ReserveInfos<'info> {
        ReserveInfos {
            royalty: self.royalty.to_account_info(),
            position: self.position.to_account_info(),
            revenue_vault: self.revenue_vault.to_account_info(),
        }
    }
}

/// The accounts [`sync_reserve`] passes on to royalty_shares.
pub(crate) struct ReserveInfos<'info> {
    pub royalty: AccountInfo<'info>,
    pub position: AccountInfo<'info>,
    pub revenue_vault: AccountInfo<'info>,
}

/// Before the share reserve changes to `reserve`: collects what the reserve
/// earned at its old size into the quote vault, books it as the LPs'
/// earnings, and sets the pool's royalty stake to `reserve`. Returns what
/// arrived. Call it before the instruction's own transfers, so the quote
/// vault's cached balance is still the balance at entry.
pub(crate) fn sync_reserve<'info>(
    pool: &mut Account<'info, Pool>,
    quote_vault: &mut Account<'info, token::TokenAccount>,
    reserve_accounts: ReserveInfos<'info>,
    token_program: AccountInfo<'info>,
    reserve: u64,
) -> Result<u64> {
    let before = quote_vault.amount;
    royalty_shares::cpi::sync_pool(
        CpiContext::new_with_signer(
            royalty_shares::ID,
            royalty_shares::cpi::accounts::SyncPool {
                pool: pool.to_account_info(),
                royalty: reserve_accounts.royalty,
                position: reserve_accounts.position,
                revenue_vault: reserve_accounts.revenue_vault,
                earnings_vault: quote_vault.to_account_info(),
                token_program,
            },
            crate::pool_signer!(pool.share_mint, pool.quote_mint, pool.bump),
        ),
        pool.bump,
        reserve,
    )?;
    quote_vault.reload()?;
    let paid = quote_vault
        .amount
        .checked_sub(before)
        .ok_or(PoolError::InvariantViolated)?;
    pool.add_earnings(paid)?;
    if paid > 0 {
        crate::events::log_event(&crate::events::ReserveEarned {
            pool: pool.key(),
            amount: paid,
            earnings_after: pool.earnings,
            earned_total: pool.earned_total,
        });
    }
    Ok(paid)
}
