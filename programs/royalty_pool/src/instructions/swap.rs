use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};
use governance::constants::seeds::CONFIG;
use governance::state::{PauseArea, ProtocolConfig};

use super::reserve::*;
use super::{pay_in, pay_out, verify_backing};
use crate::constants::seeds;
use crate::errors::PoolError;
use crate::events::{log_event, Swapped};
use crate::math::{protocol_fee, swap_exact_in, swap_exact_out, SwapDirection, SwapQuote};
use crate::state::Pool;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SwapExactInArgs {
    /// What the trader sells, exactly.
    pub amount_in: u64,
    /// Fewest units of the other side the trader accepts.
    pub min_out: u64,
    pub direction: SwapDirection,
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SwapExactOutArgs {
    /// What the trader buys, exactly.
    pub amount_out: u64,
    /// Most the trader pays for it.
    pub max_in: u64,
    pub direction: SwapDirection,
}

/// Both swaps take the trader's share and quote accounts; `direction`
/// says which one pays and which one receives.
#[derive(Accounts)]
pub struct Swap<'info> {
    pub trader: Signer<'info>,
    #[account(
        mut,
        seeds = [seeds::POOL, pool.share_mint.as_ref(), pool.quote_mint.as_ref()],
        bump = pool.bump,
    )]
    pub pool: Box<Account<'info, Pool>>,
    #[account(mut, address = pool.share_vault @ PoolError::WrongVault)]
    pub share_vault: Box<Account<'info, TokenAccount>>,
    #[account(mut, address = pool.quote_vault @ PoolError::WrongVault)]
    pub quote_vault: Box<Account<'info, TokenAccount>>,
    /// Pays when selling shares, receives when buying them.
    #[account(mut, constraint = user_share.mint == pool.share_mint @ PoolError::WrongMint)]
    pub user_share: Box<Account<'info, TokenAccount>>,
    /// Pays when buying shares, receives when selling them.
    #[account(mut, constraint = user_quote.mint == pool.quote_mint @ PoolError::WrongMint)]
    pub user_quote: Box<Account<'info, TokenAccount>>,
    #[account(seeds = [CONFIG], bump = protocol.bump, seeds::program = governance::ID)]
    pub protocol: Box<Account<'info, ProtocolConfig>>,
    pub token_program: Program<'info, Token>,
    pub reserve: ReservePosition<'info>,
}

/// Sells exactly `amount_in`; fails unless at least `min_out` comes back.
pub fn exact_in_handler(ctx: Context<Swap>, args: SwapExactInArgs) -> Result<()> {
    let SwapExactInArgs {
        amount_in,
        min_out,
        direction,
    } = args;
    require!(amount_in > 0, PoolError::ZeroAmount);
    require_not_paused(&ctx)?;
    let (reserve_in, reserve_out) = ctx.accounts.pool.reserves(direction);
    let quote = swap_exact_in(
        reserve_in,
        reserve_out,
        amount_in,
        ctx.accounts.pool.fee_bps,
    )?;
    require!(quote.amount_out >= min_out, PoolError::InsufficientOutput);
    execute(ctx, direction, quote)
}

/// Buys exactly `amount_out`; fails if that would cost more than `max_in`.
pub fn exact_out_handler(ctx: Context<Swap>, args: SwapExactOutArgs) -> Result<()> {
    let SwapExactOutArgs {
        amount_out,
        max_in,
        direction,
    } = args;
    require!(amount_out > 0, PoolError::ZeroAmount);
    require_not_paused(&ctx)?;
    let (reserve_in, reserve_out) = ctx.accounts.pool.reserves(direction);
    let quote = swap_exact_out(
        reserve_in,
        reserve_out,
        amount_out,
        ctx.accounts.pool.fee_bps,
    )?;
    require!(quote.amount_in <= max_in, PoolError::ExcessiveInput);
    execute(ctx, direction, quote)
}

fn require_not_paused(ctx: &Context<Swap>) -> Result<()> {
    ctx.accounts
        .protocol
        .require_active(PauseArea::Pool, PoolError::Paused)?;
    Ok(())
}

/// Books and settles a priced swap: the oracle first (at the old
/// reserves), then the reserves, with the protocol's part of the fee set
/// aside, then the share reserve's royalty position (what it earned at its
/// old size goes to the LPs), then the two transfers.
fn execute(ctx: Context<Swap>, direction: SwapDirection, quote: SwapQuote) -> Result<()> {
    let accounts = ctx.accounts;
    let (source, destination, vault_in, vault_out) = match direction {
        SwapDirection::SellShares => (
            &accounts.user_share,
            &accounts.user_quote,
            &accounts.share_vault,
            &accounts.quote_vault,
        ),
        SwapDirection::SellQuote => (
            &accounts.user_quote,
            &accounts.user_share,
            &accounts.quote_vault,
            &accounts.share_vault,
        ),
    };
    require!(
        source.amount >= quote.amount_in,
        PoolError::InsufficientFunds
    );
    let (source, destination, vault_in, vault_out) = (
        source.to_account_info(),
        destination.to_account_info(),
        vault_in.to_account_info(),
        vault_out.to_account_info(),
    );

    let protocol_part = protocol_fee(quote.fee, accounts.protocol.params.protocol_fee_bps)?;
    let now = Clock::get()?.unix_timestamp;
    let pool = &mut accounts.pool;
    let (reserve_share_before, reserve_quote_before) = (pool.reserve_share, pool.reserve_quote);
    pool.update_oracle(now)?;
    pool.apply_swap(direction, &quote, protocol_part)?;
    pool.invariant()?;
    let reserve_after = pool.reserve_share;
    let token_program = &accounts.token_program;
    accounts.reserve.sync(
        &mut accounts.pool,
        &mut accounts.quote_vault,
        token_program,
        reserve_after,
    )?;

    pay_in(
        source,
        vault_in,
        accounts.trader.to_account_info(),
        quote.amount_in,
    )?;
    pay_out(&accounts.pool, vault_out, destination, quote.amount_out)?;
    verify_backing(
        &accounts.pool,
        &mut accounts.share_vault,
        &mut accounts.quote_vault,
    )?;
    let pool = &accounts.pool;

    log_event(&Swapped {
        pool: pool.key(),
        trader: accounts.trader.key(),
        direction,
        amount_in: quote.amount_in,
        amount_out: quote.amount_out,
        fee: quote.fee,
        protocol_fee: protocol_part,
        reserve_share_before,
        reserve_quote_before,
        reserve_share_after: pool.reserve_share,
        reserve_quote_after: pool.reserve_quote,
        timestamp: now,
        price_cumulative_share_in_quote: pool.oracle.price_cumulative_share_in_quote,
    });
    Ok(())
}
