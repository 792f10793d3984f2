use anchor_lang::prelude::*;
use anchor_spl::token::{self, Burn, Mint, Token, TokenAccount};

use super::pay_out_pair;
use super::reserve::*;
use crate::constants::seeds;
use crate::errors::PoolError;
use crate::events::{log_event, LiquidityWithdrawn};
use crate::math::{earnings_part, withdraw_amounts};
use crate::state::Pool;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct WithdrawArgs {
    /// LP units to burn, exactly.
    pub lp_amount: u64,
    /// Fewest shares the holder accepts.
    pub min_share: u64,
    /// Fewest quote tokens the holder accepts: its part of the quote reserve
    /// and of the LPs' earnings together.
    pub min_quote: u64,
}

#[derive(Accounts)]
pub struct Withdraw<'info> {
    pub owner: Signer<'info>,
    #[account(
        mut,
        seeds = [seeds::POOL, pool.share_mint.as_ref(), pool.quote_mint.as_ref()],
        bump = pool.bump,
    )]
    pub pool: Box<Account<'info, Pool>>,
    #[account(mut, address = pool.lp_mint @ PoolError::WrongLpMint)]
    pub lp_mint: Box<Account<'info, Mint>>,
    #[account(mut, address = pool.share_vault @ PoolError::WrongVault)]
    pub share_vault: Box<Account<'info, TokenAccount>>,
    #[account(mut, address = pool.quote_vault @ PoolError::WrongVault)]
    pub quote_vault: Box<Account<'info, TokenAccount>>,
    /// The LP tokens to burn, the owner's.
    #[account(mut, constraint = user_lp.mint == pool.lp_mint @ PoolError::WrongMint)]
    pub user_lp: Box<Account<'info, TokenAccount>>,
    /// Receives the shares.
    #[account(mut, constraint = user_share.mint == pool.share_mint @ PoolError::WrongMint)]
    pub user_share: Box<Account<'info, TokenAccount>>,
    /// Receives the quote tokens.
    #[account(mut, constraint = user_quote.mint == pool.quote_mint @ PoolError::WrongMint)]
    pub user_quote: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
    pub reserve: ReservePosition<'info>,
}

/// Burns `lp_amount` LP units for `floor(lp × R / L)` of each reserve and
/// `floor(lp × E / L)` of the LPs' earnings, collected up to now first: an
/// LP's revenue is paid as it leaves. An exit: it takes no governance
/// account, so no pause can stop it.
pub fn handler(ctx: Context<Withdraw>, args: WithdrawArgs) -> Result<()> {
    let WithdrawArgs {
        lp_amount,
        min_share,
        min_quote,
    } = args;
    require!(lp_amount > 0, PoolError::ZeroAmount);
    require!(
        ctx.accounts.user_lp.amount >= lp_amount,
        PoolError::InsufficientFunds
    );
    let accounts = &mut *ctx.accounts;
    let (share_out, quote_out) = withdraw_amounts(
        lp_amount,
        accounts.pool.reserve_share,
        accounts.pool.reserve_quote,
        accounts.pool.lp_supply,
    )?;
    let reserve_after = accounts
        .pool
        .reserve_share
        .checked_sub(share_out)
        .ok_or(PoolError::MathOverflow)?;
    let token_program = &accounts.token_program;
    accounts.reserve.sync(
        &mut accounts.pool,
        &mut accounts.quote_vault,
        token_program,
        reserve_after,
    )?;
    let pool = &mut accounts.pool;
    let earnings_out = earnings_part(lp_amount, pool.earnings, pool.lp_supply, false)?;
    let quote_paid = quote_out
        .checked_add(earnings_out)
        .ok_or(PoolError::MathOverflow)?;
    require!(
        share_out >= min_share && quote_paid >= min_quote,
        PoolError::InsufficientOutput
    );
    // Nothing pays zero on both sides: R_share × R_quote >= L² always holds
    // (it starts equal, swaps grow k, liquidity changes keep R / L from
    // shrinking), so one LP unit is backed by at least one unit of a side.

    let now = Clock::get()?.unix_timestamp;
    pool.update_oracle(now)?;
    pool.apply_withdraw(lp_amount, share_out, quote_out)?;
    pool.earnings = pool
        .earnings
        .checked_sub(earnings_out)
        .ok_or(PoolError::MathOverflow)?;
    pool.invariant()?;

    token::burn(
        CpiContext::new(
            token::ID,
            Burn {
                mint: ctx.accounts.lp_mint.to_account_info(),
                from: ctx.accounts.user_lp.to_account_info(),
                authority: ctx.accounts.owner.to_account_info(),
            },
        ),
        lp_amount,
    )?;
    let accounts = &mut *ctx.accounts;
    pay_out_pair(
        &accounts.pool,
        &mut accounts.share_vault,
        &mut accounts.quote_vault,
        accounts.user_share.to_account_info(),
        accounts.user_quote.to_account_info(),
        share_out,
        quote_paid,
    )?;
    let pool = &ctx.accounts.pool;

    log_event(&LiquidityWithdrawn {
        pool: pool.key(),
        owner: ctx.accounts.owner.key(),
        lp_amount,
        share_out,
        quote_out,
        earnings_out,
        reserve_share_after: pool.reserve_share,
        reserve_quote_after: pool.reserve_quote,
        lp_supply_after: pool.lp_supply,
        timestamp: now,
        price_cumulative_share_in_quote: pool.oracle.price_cumulative_share_in_quote,
    });
    Ok(())
}
