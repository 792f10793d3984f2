use anchor_lang::prelude::*;
use anchor_spl::associated_token::AssociatedToken;
use anchor_spl::token::{Mint, Token, TokenAccount};
use governance::constants::seeds::CONFIG;
use governance::state::{PauseArea, ProtocolConfig};
use royalty_shares::program::RoyaltyShares;
use royalty_shares::state::RoyaltyConfig;
use track_registry::state::Track;

use super::reserve::{sync_reserve, ReserveInfos};
use super::{mint_lp, pay_in, verify_backing};
use crate::constants::{seeds, LP_DECIMALS, MINIMUM_LIQUIDITY};
use crate::errors::PoolError;
use crate::events::{log_event, PoolCreated};
use crate::math::{check_fee_bps, initial_liquidity, PriceOracle};
use crate::state::Pool;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, PartialEq, Eq, Debug)]
pub struct CreatePoolArgs {
    /// Charged on every swap's input, at most 1,000 bps; fixed for the pool's life.
    pub fee_bps: u16,
    /// The creator's opening deposit; it sets the opening price.
    pub share_amount: u64,
    pub quote_amount: u64,
}

#[derive(Accounts)]
pub struct CreatePool<'info> {
    #[account(mut)]
    pub creator: Signer<'info>,
    /// The track's royalty config (owner and discriminator checked by
    /// Anchor, so only the royalty shares program can have written it): the
    /// proof that `share_mint` is an Encore royalty share mint.
    /// Written by royalty_shares through the pool's position.
    #[account(mut, constraint = royalty.share_mint == share_mint.key() @ PoolError::NotRoyaltyShareMint)]
    pub royalty: Box<Account<'info, RoyaltyConfig>>,
    /// The track the shares pay out of (owner checked: the registry's).
    #[account(address = royalty.track @ PoolError::WrongTrack)]
    pub track: Box<Account<'info, Track>>,
    /// A pair has one pool, and its fee is fixed for life, so the track's
    /// authority approves the opening (it may be the creator too): no one
    /// else can claim a track's market with a fee of their choosing.
    #[account(constraint = track_authority.key() == track.authority @ PoolError::NotTrackAuthority)]
    pub track_authority: Signer<'info>,
    pub share_mint: Box<Account<'info, Mint>>,
    /// The track's payment mint: the share reserve's earnings arrive in it
    /// and wait for the LPs in the quote vault.
    #[account(
        constraint = quote_mint.key() != share_mint.key() @ PoolError::SameMint,
        constraint = quote_mint.key() == royalty.payment_mint @ PoolError::QuoteNotPaymentMint,
    )]
    pub quote_mint: Box<Account<'info, Mint>>,
    /// A second creation finds the pool initialised and fails by name.
    /// Anchor creates `init` accounts before it checks other fields, so the
    /// pool's accounts are `init_if_needed`: on a repeat they already exist,
    /// nothing is re-initialised, and the handler rejects the call.
    #[account(
        init_if_needed,
        payer = creator,
        space = 8 + Pool::INIT_SPACE,
        seeds = [seeds::POOL, share_mint.key().as_ref(), quote_mint.key().as_ref()],
        bump,
    )]
    pub pool: Box<Account<'info, Pool>>,
    #[account(
        init_if_needed,
        payer = creator,
        seeds = [seeds::LP_MINT, pool.key().as_ref()],
        bump,
        mint::decimals = LP_DECIMALS,
        mint::authority = pool,
    )]
    pub lp_mint: Box<Account<'info, Mint>>,
    #[account(
        init_if_needed,
        payer = creator,
        seeds = [seeds::SHARE_VAULT, pool.key().as_ref()],
        bump,
        token::mint = share_mint,
        token::authority = pool,
    )]
    pub share_vault: Box<Account<'info, TokenAccount>>,
    #[account(
        init_if_needed,
        payer = creator,
        seeds = [seeds::QUOTE_VAULT, pool.key().as_ref()],
        bump,
        token::mint = quote_mint,
        token::authority = pool,
    )]
    pub quote_vault: Box<Account<'info, TokenAccount>>,
    #[account(mut, constraint = creator_share.mint == share_mint.key() @ PoolError::WrongMint)]
    pub creator_share: Box<Account<'info, TokenAccount>>,
    #[account(mut, constraint = creator_quote.mint == quote_mint.key() @ PoolError::WrongMint)]
    pub creator_quote: Box<Account<'info, TokenAccount>>,
    /// The creator's associated LP account: the LP mint is born here, so it
    /// cannot exist beforehand.
    #[account(
        init_if_needed,
        payer = creator,
        associated_token::mint = lp_mint,
        associated_token::authority = creator,
    )]
    pub creator_lp: Box<Account<'info, TokenAccount>>,
    #[account(seeds = [CONFIG], bump = protocol.bump, seeds::program = governance::ID)]
    pub protocol: Box<Account<'info, ProtocolConfig>>,
    pub token_program: Program<'info, Token>,
    pub associated_token_program: Program<'info, AssociatedToken>,
    pub system_program: Program<'info, System>,
    /// CHECK: the pool's royalty position `[POSITION, track, pool]`, opened
    /// here unless it exists; checked by royalty_shares.
    #[account(mut)]
    pub position: UncheckedAccount<'info>,
    /// CHECK: the track's revenue vault, checked by royalty_shares.
    #[account(mut)]
    pub revenue_vault: UncheckedAccount<'info>,
    pub royalty_shares_program: Program<'info, RoyaltyShares>,
}

/// Opens the pool at the creator's price. The creator receives
/// `floor(sqrt(share × quote)) - MINIMUM_LIQUIDITY` LP units; the minimum is
/// counted in the supply but never minted, so it is locked forever.
pub fn handler(ctx: Context<CreatePool>, args: CreatePoolArgs) -> Result<()> {
    require!(
        ctx.accounts.pool.share_mint == Pubkey::default(),
        PoolError::PoolAlreadyExists
    );
    ctx.accounts
        .protocol
        .require_active(PauseArea::Pool, PoolError::Paused)?;
    check_fee_bps(args.fee_bps)?;
    let lp_supply = initial_liquidity(args.share_amount, args.quote_amount)?;
    let lp_minted = lp_supply
        .checked_sub(MINIMUM_LIQUIDITY)
        .ok_or(PoolError::InsufficientInitialLiquidity)?;
    require!(
        ctx.accounts.creator_share.amount >= args.share_amount
            && ctx.accounts.creator_quote.amount >= args.quote_amount,
        PoolError::InsufficientFunds
    );

    let now = Clock::get()?.unix_timestamp;
    let pool_key = ctx.accounts.pool.key();
    let pool = &mut ctx.accounts.pool;
    pool.share_mint = ctx.accounts.share_mint.key();
    pool.quote_mint = ctx.accounts.quote_mint.key();
    pool.track = ctx.accounts.royalty.track;
    pool.lp_mint = ctx.accounts.lp_mint.key();
    pool.share_vault = ctx.accounts.share_vault.key();
    pool.quote_vault = ctx.accounts.quote_vault.key();
    pool.creator = ctx.accounts.creator.key();
    pool.reserve_share = args.share_amount;
    pool.reserve_quote = args.quote_amount;
    pool.lp_supply = lp_supply;
    pool.protocol_fees_share = 0;
    pool.protocol_fees_quote = 0;
    pool.fee_bps = args.fee_bps;
    pool.oracle = PriceOracle::new(now);
    pool.created_at = now;
    pool.bump = ctx.bumps.pool;
    pool.earnings = 0;
    pool.earned_total = 0;
    pool.invariant()?;

    // The share reserve earns the track's revenue from the first moment.
    let accounts = &mut *ctx.accounts;
    if accounts.position.data_is_empty() {
        royalty_shares::cpi::open_position(CpiContext::new(
            royalty_shares::ID,
            royalty_shares::cpi::accounts::OpenPosition {
                payer: accounts.creator.to_account_info(),
                owner: accounts.pool.to_account_info(),
                royalty: accounts.royalty.to_account_info(),
                position: accounts.position.to_account_info(),
                system_program: accounts.system_program.to_account_info(),
            },
        ))?;
    }
    let reserve = ReserveInfos {
        royalty: accounts.royalty.to_account_info(),
        position: accounts.position.to_account_info(),
        revenue_vault: accounts.revenue_vault.to_account_info(),
    };
    sync_reserve(
        &mut accounts.pool,
        &mut accounts.quote_vault,
        reserve,
        accounts.token_program.to_account_info(),
        args.share_amount,
    )?;

    let creator = ctx.accounts.creator.to_account_info();
    pay_in(
        ctx.accounts.creator_share.to_account_info(),
        ctx.accounts.share_vault.to_account_info(),
        creator.clone(),
        args.share_amount,
    )?;
    pay_in(
        ctx.accounts.creator_quote.to_account_info(),
        ctx.accounts.quote_vault.to_account_info(),
        creator,
        args.quote_amount,
    )?;
    mint_lp(
        &ctx.accounts.pool,
        ctx.accounts.lp_mint.to_account_info(),
        ctx.accounts.creator_lp.to_account_info(),
        lp_minted,
    )?;
    verify_backing(
        &ctx.accounts.pool,
        &mut ctx.accounts.share_vault,
        &mut ctx.accounts.quote_vault,
    )?;
    let pool = &ctx.accounts.pool;

    log_event(&PoolCreated {
        pool: pool_key,
        track: pool.track,
        share_mint: pool.share_mint,
        quote_mint: pool.quote_mint,
        lp_mint: pool.lp_mint,
        creator: pool.creator,
        fee_bps: pool.fee_bps,
        reserve_share: pool.reserve_share,
        reserve_quote: pool.reserve_quote,
        lp_minted,
        lp_supply,
        timestamp: pool.created_at,
    });
    Ok(())
}
