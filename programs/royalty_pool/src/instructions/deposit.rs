use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};
use governance::constants::seeds::CONFIG;
use governance::state::{PauseArea, ProtocolConfig};

use super::reserve::*;
use super::{mint_lp, pay_in, verify_backing};
use crate::constants::seeds;
use crate::errors::PoolError;
use crate::events::{log_event, LiquidityDeposited};
use crate::math::{deposit_amounts, earnings_part};
use crate::state::Pool;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct DepositArgs {
    /// LP units to mint, exactly.
    pub lp_amount: u64,
    /// Most shares the depositor pays.
    pub max_share: u64,
    /// Most quote tokens the depositor pays: its part of the quote reserve
    /// and of the LPs' earnings together.
    pub max_quote: u64,
}

#[derive(Accounts)]
pub struct Deposit<'info> {
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
    /// Pays the shares.
    #[account(mut, constraint = user_share.mint == pool.share_mint @ PoolError::WrongMint)]
    pub user_share: Box<Account<'info, TokenAccount>>,
    /// Pays the quote tokens.
    #[account(mut, constraint = user_quote.mint == pool.quote_mint @ PoolError::WrongMint)]
    pub user_quote: Box<Account<'info, TokenAccount>>,
    /// Receives the LP tokens.
    #[account(mut, constraint = user_lp.mint == pool.lp_mint @ PoolError::WrongMint)]
    pub user_lp: Box<Account<'info, TokenAccount>>,
    #[account(seeds = [CONFIG], bump = protocol.bump, seeds::program = governance::ID)]
    pub protocol: Box<Account<'info, ProtocolConfig>>,
    pub token_program: Program<'info, Token>,
    pub reserve: ReservePosition<'info>,
}

/// Mints exactly `lp_amount` LP units for `ceil(lp × R / L)` of each
/// reserve and `ceil(lp × E / L)` of the LPs' earnings (after collecting
/// what the share reserve earned up to now): rounding up keeps every other
/// LP unit's backing from shrinking, and a newcomer earns only from now on.
pub fn handler(ctx: Context<Deposit>, args: DepositArgs) -> Result<()> {
    let DepositArgs {
        lp_amount,
        max_share,
        max_quote,
    } = args;
    require!(lp_amount > 0, PoolError::ZeroAmount);
    ctx.accounts
        .protocol
        .require_active(PauseArea::Pool, PoolError::Paused)?;
    let accounts = &mut *ctx.accounts;
    let (share_in, quote_in) = deposit_amounts(
        lp_amount,
        accounts.pool.reserve_share,
        accounts.pool.reserve_quote,
        accounts.pool.lp_supply,
    )?;
    let reserve_after = accounts
        .pool
        .reserve_share
        .checked_add(share_in)
        .ok_or(PoolError::MathOverflow)?;
    let token_program = &accounts.token_program;
    accounts.reserve.sync(
        &mut accounts.pool,
        &mut accounts.quote_vault,
        token_program,
        reserve_after,
    )?;
    let pool = &mut accounts.pool;
    let earnings_in = earnings_part(lp_amount, pool.earnings, pool.lp_supply, true)?;
    let quote_paid = quote_in
        .checked_add(earnings_in)
        .ok_or(PoolError::MathOverflow)?;
    require!(
        share_in <= max_share && quote_paid <= max_quote,
        PoolError::ExcessiveInput
    );
    require!(
        accounts.user_share.amount >= share_in && accounts.user_quote.amount >= quote_paid,
        PoolError::InsufficientFunds
    );

    let now = Clock::get()?.unix_timestamp;
    pool.update_oracle(now)?;
    pool.apply_deposit(lp_amount, share_in, quote_in)?;
    pool.earnings = pool
        .earnings
        .checked_add(earnings_in)
        .ok_or(PoolError::MathOverflow)?;
    pool.invariant()?;

    let owner = ctx.accounts.owner.to_account_info();
    pay_in(
        ctx.accounts.user_share.to_account_info(),
        ctx.accounts.share_vault.to_account_info(),
        owner.clone(),
        share_in,
    )?;
    pay_in(
        ctx.accounts.user_quote.to_account_info(),
        ctx.accounts.quote_vault.to_account_info(),
        owner,
        quote_paid,
    )?;
    mint_lp(
        &ctx.accounts.pool,
        ctx.accounts.lp_mint.to_account_info(),
        ctx.accounts.user_lp.to_account_info(),
        lp_amount,
    )?;
    verify_backing(
        &ctx.accounts.pool,
        &mut ctx.accounts.share_vault,
        &mut ctx.accounts.quote_vault,
    )?;
    let pool = &ctx.accounts.pool;

    log_event(&LiquidityDeposited {
        pool: pool.key(),
        owner: ctx.accounts.owner.key(),
        lp_amount,
        share_in,
        quote_in,
        earnings_in,
        reserve_share_after: pool.reserve_share,
        reserve_quote_after: pool.reserve_quote,
        lp_supply_after: pool.lp_supply,
        timestamp: now,
        price_cumulative_share_in_quote: pool.oracle.price_cumulative_share_in_quote,
    });
    Ok(())
}
