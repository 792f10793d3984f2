//! Royalty pools on the client side: fetching pools, and quotes, deposit
//! costs, withdrawal proceeds and TWAPs computed by the program's own math
//! (the same code, run on copies of the accounts), so a quote is the
//! executed swap to the base unit.

use anchor_lang::prelude::Pubkey;
use anchor_lang::Discriminator;
use royalty_pool::errors::PoolError;
use royalty_pool::math;
use royalty_shares::state::RoyaltyConfig;

use crate::accounts::{decode, fetch, fetch_optional};
use crate::client::{EncoreClient, MemcmpFilter};
use crate::error::{name_program_error, Result, SdkError};
use crate::pda;

pub use royalty_pool::constants::{BPS_DENOMINATOR, LP_DECIMALS, MAX_FEE_BPS, MINIMUM_LIQUIDITY};
pub use royalty_pool::math::{Observation, PriceOracle, SwapDirection, SwapQuote, Twap};
pub use royalty_pool::state::Pool;

/// A program error raised by the pool math, named as the chain would name it.
fn named(error: PoolError) -> SdkError {
    name_program_error(&royalty_pool::ID, error.into())
        .unwrap_or_else(|| SdkError::InvalidInput(error.to_string()))
}

fn from_anchor(error: anchor_lang::error::Error) -> SdkError {
    match error {
        anchor_lang::error::Error::AnchorError(e) => {
            name_program_error(&royalty_pool::ID, e.error_code_number)
                .unwrap_or(SdkError::InvalidInput(e.error_msg))
        }
        other => SdkError::InvalidInput(other.to_string()),
    }
}

/// The amount a trade fixes: what the trader gives, or what it gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuoteRequest {
    ExactIn(u64),
    ExactOut(u64),
}

/// A priced trade: what goes in (fee included), what comes out, the fee,
/// and how far the curve fills below the spot price, fee excluded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quote {
    pub amount_in: u64,
    pub amount_out: u64,
    pub fee: u64,
    pub price_impact_bps: u16,
}

/// Prices a trade against reserves `(reserve_in, reserve_out)` at `fee_bps`,
/// exactly as the program would execute it.
///
/// ```
/// use encore_sdk::pool::{quote, QuoteRequest};
/// let q = quote(1_000_000, 1_000_000, 30, QuoteRequest::ExactIn(10_000)).unwrap();
/// assert_eq!((q.amount_in, q.amount_out, q.fee), (10_000, 9_871, 30));
/// let back = quote(1_000_000, 1_000_000, 30, QuoteRequest::ExactOut(9_871)).unwrap();
/// assert!(back.amount_in <= 10_000);
/// ```
pub fn quote(
    reserve_in: u64,
    reserve_out: u64,
    fee_bps: u16,
    request: QuoteRequest,
) -> Result<Quote> {
    let swap = match request {
        QuoteRequest::ExactIn(amount) => {
            math::swap_exact_in(reserve_in, reserve_out, amount, fee_bps)
        }
        QuoteRequest::ExactOut(amount) => {
            math::swap_exact_out(reserve_in, reserve_out, amount, fee_bps)
        }
    }
    .map_err(named)?;
    let price_impact_bps = math::price_impact_bps(reserve_in, reserve_out, &swap).map_err(named)?;
    Ok(Quote {
        amount_in: swap.amount_in,
        amount_out: swap.amount_out,
        fee: swap.fee,
        price_impact_bps,
    })
}

/// Selling exactly `amount_in` into `pool`.
pub fn quote_exact_in(pool: &Pool, direction: SwapDirection, amount_in: u64) -> Result<Quote> {
    let (reserve_in, reserve_out) = pool.reserves(direction);
    quote(
        reserve_in,
        reserve_out,
        pool.fee_bps,
        QuoteRequest::ExactIn(amount_in),
    )
}

/// Buying exactly `amount_out` from `pool`.
pub fn quote_exact_out(pool: &Pool, direction: SwapDirection, amount_out: u64) -> Result<Quote> {
    let (reserve_in, reserve_out) = pool.reserves(direction);
    quote(
        reserve_in,
        reserve_out,
        pool.fee_bps,
        QuoteRequest::ExactOut(amount_out),
    )
}

/// `pool` as the program books it after executing `quote`, with
/// governance's current `protocol_fee_bps` taken from the fee.
pub fn after_swap(
    pool: &Pool,
    direction: SwapDirection,
    quote: &Quote,
    protocol_fee_bps: u16,
) -> Result<Pool> {
    let swap = SwapQuote {
        amount_in: quote.amount_in,
        amount_out: quote.amount_out,
        fee: quote.fee,
    };
    let protocol_fee = math::protocol_fee(swap.fee, protocol_fee_bps).map_err(named)?;
    let mut next = pool.clone();
    next.apply_swap(direction, &swap, protocol_fee)
        .map_err(from_anchor)?;
    Ok(next)
}

/// What minting `lp_amount` LP units costs: `(shares, quote)`, rounded up.
pub fn deposit_cost(pool: &Pool, lp_amount: u64) -> Result<(u64, u64)> {
    math::deposit_amounts(
        lp_amount,
        pool.reserve_share,
        pool.reserve_quote,
        pool.lp_supply,
    )
    .map_err(named)
}

/// What burning `lp_amount` LP units pays: `(shares, quote)`, rounded down.
pub fn withdraw_proceeds(pool: &Pool, lp_amount: u64) -> Result<(u64, u64)> {
    math::withdraw_amounts(
        lp_amount,
        pool.reserve_share,
        pool.reserve_quote,
        pool.lp_supply,
    )
    .map_err(named)
}

/// The most LP units a deposit of at most `max_share` and `max_quote` buys.
pub fn lp_for_max_amounts(pool: &Pool, max_share: u64, max_quote: u64) -> Result<u64> {
    math::lp_for_max_amounts(
        max_share,
        max_quote,
        pool.reserve_share,
        pool.reserve_quote,
        pool.lp_supply,
    )
    .map_err(named)
}

/// The LP units a new pool's creator receives for an opening deposit
/// (the locked minimum already taken off).
pub fn creator_lp(share_amount: u64, quote_amount: u64) -> Result<u64> {
    let total = math::initial_liquidity(share_amount, quote_amount).map_err(named)?;
    Ok(total.saturating_sub(MINIMUM_LIQUIDITY))
}

/// Smallest output to accept for a quoted `amount_out` with `slippage_bps` tolerance (rounded down).
pub fn min_out(amount_out: u64, slippage_bps: u16) -> u64 {
    let keep = u128::from(BPS_DENOMINATOR.saturating_sub(slippage_bps.min(BPS_DENOMINATOR)));
    u64::try_from(u128::from(amount_out) * keep / u128::from(BPS_DENOMINATOR)).unwrap_or(u64::MAX)
}

/// Largest input to accept for a quoted `amount_in` with `slippage_bps` tolerance (rounded up).
pub fn max_in(amount_in: u64, slippage_bps: u16) -> u64 {
    let scaled = u128::from(amount_in) * (u128::from(BPS_DENOMINATOR) + u128::from(slippage_bps));
    u64::try_from(scaled.div_ceil(u128::from(BPS_DENOMINATOR))).unwrap_or(u64::MAX)
}

/// Spot prices in Q64.64: `(quote per share, shares per quote unit)`, in base units.
pub fn spot_price_q64(pool: &Pool) -> Result<(u128, u128)> {
    Ok((
        math::price_q64(pool.reserve_quote, pool.reserve_share).map_err(named)?,
        math::price_q64(pool.reserve_share, pool.reserve_quote).map_err(named)?,
    ))
}

/// The pool's price accumulators as of `now` (unix seconds), including the
/// time since its last update: save one now and one later, then call [`twap`].
pub fn observe(pool: &Pool, now: i64) -> Result<Observation> {
    pool.oracle
        .observe(pool.reserve_share, pool.reserve_quote, now)
        .map_err(named)
}

/// The time-weighted mean prices between two observations of one pool.
///
/// ```
/// use encore_sdk::pool::{q64_to_f64, twap, PriceOracle};
/// let mut oracle = PriceOracle::new(0);
/// let start = oracle.observe(1_000, 2_000, 0).unwrap();
/// oracle.update(1_000, 2_000, 100).unwrap(); // 2 quote per share for 100 s,
/// let end = oracle.observe(2_000, 2_000, 400).unwrap(); // then 1 for 300 s
/// let mean = twap(&start, &end).unwrap();
/// assert_eq!(q64_to_f64(mean.share_in_quote_q64), 1.25);
/// ```
pub fn twap(older: &Observation, newer: &Observation) -> Result<Twap> {
    math::twap(older, newer).ok_or_else(|| {
        SdkError::InvalidInput(format!(
            "a TWAP needs two observations at least a second apart, oldest first (got {} then {})",
            older.timestamp, newer.timestamp
        ))
    })
}

/// A Q64.64 price as a float, for display only.
pub fn q64_to_f64(price_q64: u128) -> f64 {
    price_q64 as f64 / 18_446_744_073_709_551_616.0
}

/// What `amount` base units are worth at a Q64.64 price, rounded down.
pub fn value_at(amount: u64, price_q64: u128) -> Result<u64> {
    math::apply_price_q64(amount, price_q64).map_err(named)
}

/// The pool of a pair, if it exists.
pub fn pool(
    client: &dyn EncoreClient,
    share_mint: &Pubkey,
    quote_mint: &Pubkey,
) -> Result<Option<Pool>> {
    fetch_optional(
        client,
        &pda::pool(share_mint, quote_mint).0,
        &royalty_pool::ID,
        "pool",
    )
}

pub fn require_pool(
    client: &dyn EncoreClient,
    share_mint: &Pubkey,
    quote_mint: &Pubkey,
) -> Result<Pool> {
    fetch(
        client,
        &pda::pool(share_mint, quote_mint).0,
        &royalty_pool::ID,
        "pool",
    )
}

pub fn pool_at(client: &dyn EncoreClient, address: &Pubkey) -> Result<Pool> {
    fetch(client, address, &royalty_pool::ID, "pool")
}

/// Every pool, or those of one share mint (`share_mint` is the first
/// field), ordered by address.
pub fn pools(
    client: &dyn EncoreClient,
    share_mint: Option<&Pubkey>,
) -> Result<Vec<(Pubkey, Pool)>> {
    let mut filters = vec![MemcmpFilter::new(0, Pool::DISCRIMINATOR.to_vec())];
    if let Some(mint) = share_mint {
        filters.push(MemcmpFilter::new(8, mint.to_bytes().to_vec()));
    }
    let mut out = client
        .get_program_accounts(&royalty_pool::ID, &filters)?
        .into_iter()
        .map(|(key, account)| Ok((key, decode::<Pool>(&key, &account.data, "pool")?)))
        .collect::<Result<Vec<_>>>()?;
    out.sort_by_key(|(key, _)| *key);
    Ok(out)
}

/// The royalty config (and its address) whose share mint is `share_mint`:
/// what `create_pool` needs when only the mint is known (`share_mint`
/// follows the 32-byte `track`).
pub fn royalty_of_share_mint(
    client: &dyn EncoreClient,
    share_mint: &Pubkey,
) -> Result<Option<(Pubkey, RoyaltyConfig)>> {
    let filters = [
        MemcmpFilter::new(0, RoyaltyConfig::DISCRIMINATOR.to_vec()),
        MemcmpFilter::new(40, share_mint.to_bytes().to_vec()),
    ];
    let found = client.get_program_accounts(&royalty_shares::ID, &filters)?;
    found
        .into_iter()
        .next()
        .map(|(key, account)| {
            Ok((
                key,
                decode::<RoyaltyConfig>(&key, &account.data, "royalty config")?,
            ))
        })
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slippage_bounds_round_against_the_trader() {
        assert_eq!(min_out(10_000, 50), 9_950);
        assert_eq!(min_out(999, 1), 998);
        assert_eq!(min_out(5, 10_000), 0);
        assert_eq!(max_in(10_000, 50), 10_050);
        assert_eq!(max_in(999, 1), 1_000);
    }

    /// The memcmp offsets the scans rely on: a pool's share mint at byte 8,
    /// a royalty config's share mint at byte 40.
    #[test]
    fn scan_offsets_match_the_layouts() {
        use anchor_lang::AccountSerialize;
        let share_mint = Pubkey::new_unique();
        let pool = Pool {
            share_mint,
            quote_mint: Pubkey::new_unique(),
            track: Pubkey::new_unique(),
            lp_mint: Pubkey::new_unique(),
            share_vault: Pubkey::new_unique(),
            quote_vault: Pubkey::new_unique(),
            creator: Pubkey::new_unique(),
            reserve_share: 1,
            reserve_quote: 1,
            lp_supply: MINIMUM_LIQUIDITY,
            protocol_fees_share: 0,
            protocol_fees_quote: 0,
            fee_bps: 30,
            oracle: PriceOracle::default(),
            created_at: 0,
            bump: 255,
            earnings: 0,
            earned_total: 0,
        };
        let mut data = Vec::new();
        pool.try_serialize(&mut data).unwrap();
        assert!(MemcmpFilter::new(0, Pool::DISCRIMINATOR.to_vec()).matches(&data));
        assert!(MemcmpFilter::new(8, share_mint.to_bytes().to_vec()).matches(&data));

        let royalty = RoyaltyConfig {
            track: Pubkey::new_unique(),
            share_mint,
            payment_mint: Pubkey::new_unique(),
            revenue_vault: Pubkey::new_unique(),
            share_vault: Pubkey::new_unique(),
            accrual: Default::default(),
            total_deposited: 0,
            total_claimed: 0,
            created_at: 0,
            bump: 255,
            distribution_complete: true,
            allocations: Vec::new(),
        };
        let mut data = Vec::new();
        royalty.try_serialize(&mut data).unwrap();
        assert!(MemcmpFilter::new(40, share_mint.to_bytes().to_vec()).matches(&data));
    }

    #[test]
    fn quote_errors_carry_the_programs_names() {
        let err = quote(1_000, 1_000, 30, QuoteRequest::ExactIn(1)).unwrap_err();
        assert_eq!(err.program_error_name(), Some("ZeroOutput"));
        let err = quote(1_000, 1_000, 30, QuoteRequest::ExactOut(1_000)).unwrap_err();
        assert_eq!(err.program_error_name(), Some("InsufficientLiquidity"));
    }
}
