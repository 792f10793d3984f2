use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};
use governance::constants::seeds::CONFIG;
use governance::state::ProtocolConfig;

use super::pay_out_pair;
use crate::constants::seeds;
use crate::errors::PoolError;
use crate::events::{log_event, ProtocolFeesCollected};
use crate::state::Pool;

#[derive(Accounts)]
pub struct CollectProtocolFees<'info> {
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
    #[account(
        mut,
        constraint = treasury_share.owner == protocol.params.treasury
            && treasury_share.mint == pool.share_mint @ PoolError::WrongTreasuryAccount,
    )]
    pub treasury_share: Box<Account<'info, TokenAccount>>,
    #[account(
        mut,
        constraint = treasury_quote.owner == protocol.params.treasury
            && treasury_quote.mint == pool.quote_mint @ PoolError::WrongTreasuryAccount,
    )]
    pub treasury_quote: Box<Account<'info, TokenAccount>>,
    #[account(seeds = [CONFIG], bump = protocol.bump, seeds::program = governance::ID)]
    pub protocol: Box<Account<'info, ProtocolConfig>>,
    pub token_program: Program<'info, Token>,
}

/// Anyone (a crank): pays the protocol's accrued part of swap fees to the
/// treasury's token accounts. The reserves, and so the LPs, are untouched.
/// Not gated by pause: fees already earned always flow out.
pub fn handler(ctx: Context<CollectProtocolFees>) -> Result<()> {
    let pool = &mut ctx.accounts.pool;
    let (share_amount, quote_amount) = (pool.protocol_fees_share, pool.protocol_fees_quote);
    require!(
        share_amount > 0 || quote_amount > 0,
        PoolError::NothingToCollect
    );
    pool.protocol_fees_share = 0;
    pool.protocol_fees_quote = 0;
    pool.invariant()?;

    let accounts = &mut *ctx.accounts;
    pay_out_pair(
        &accounts.pool,
        &mut accounts.share_vault,
        &mut accounts.quote_vault,
        accounts.treasury_share.to_account_info(),
        accounts.treasury_quote.to_account_info(),
        share_amount,
        quote_amount,
    )?;
    let pool = &ctx.accounts.pool;

    log_event(&ProtocolFeesCollected {
        pool: pool.key(),
        treasury: ctx.accounts.protocol.params.treasury,
        share_amount,
        quote_amount,
    });
    Ok(())
}
