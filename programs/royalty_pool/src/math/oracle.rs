//! The time-weighted price accumulator, as in Uniswap v2.
//!
//! Each cumulative is `Σ price × seconds`, the price in Q64.64 fixed point
//! (`value / 2^64`) of one base unit of one side in base units of the other,
//! taken from the reserves that held during those seconds. It is advanced on
//! every swap, deposit and withdrawal before the reserves change. Sums wrap
//! modulo 2^128 on purpose: a TWAP is the wrapping difference of two
//! observations divided by the seconds between them, exact as long as the
//! true difference stays below 2^128 (a mean price below 2^64 / window
//! seconds, in base units).

use anchor_lang::prelude::*;

use super::{to_u64, Result};
use crate::constants::Q64;
use crate::errors::PoolError;

#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, PartialEq, Eq, Debug, Default, InitSpace,
)]
pub struct PriceOracle {
    /// Σ (reserve_quote / reserve_share, Q64.64) × seconds: quote per share.
    pub price_cumulative_share_in_quote: u128,
    /// Σ (reserve_share / reserve_quote, Q64.64) × seconds: shares per quote unit.
    pub price_cumulative_quote_in_share: u128,
    /// Unix time up to which the cumulatives are advanced.
    pub last_update_ts: i64,
}

/// The cumulatives as of `timestamp`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Observation {
    pub timestamp: i64,
    pub price_cumulative_share_in_quote: u128,
    pub price_cumulative_quote_in_share: u128,
}

/// Mean prices (Q64.64) over `window_secs`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Twap {
    pub window_secs: i64,
    /// Quote base units per share base unit.
    pub share_in_quote_q64: u128,
    /// Share base units per quote base unit.
    pub quote_in_share_q64: u128,
}

/// `numerator / denominator` in Q64.64; exact for any u64 pair (the
/// numerator times 2^64 is below 2^128).
pub fn price_q64(numerator: u64, denominator: u64) -> Result<u128> {
    u128::from(numerator)
        .checked_mul(Q64)
        .and_then(|n| n.checked_div(u128::from(denominator)))
        .ok_or(PoolError::MathOverflow)
}

impl PriceOracle {
    pub fn new(now: i64) -> Self {
        Self {
            last_update_ts: now,
            ..Self::default()
        }
    }

    /// The cumulatives as they would stand at `now` with these reserves
    /// holding since the last update; the account is not changed.
    pub fn observe(&self, reserve_share: u64, reserve_quote: u64, now: i64) -> Result<Observation> {
        let mut observation = Observation {
            timestamp: self.last_update_ts,
            price_cumulative_share_in_quote: self.price_cumulative_share_in_quote,
            price_cumulative_quote_in_share: self.price_cumulative_quote_in_share,
        };
        if now <= self.last_update_ts {
            return Ok(observation);
        }
        let elapsed = now
            .checked_sub(self.last_update_ts)
            .and_then(|e| u128::try_from(e).ok())
            .ok_or(PoolError::MathOverflow)?;
        let share_in_quote = price_q64(reserve_quote, reserve_share)?;
        let quote_in_share = price_q64(reserve_share, reserve_quote)?;
        observation.timestamp = now;
        observation.price_cumulative_share_in_quote = observation
            .price_cumulative_share_in_quote
            .wrapping_add(share_in_quote.wrapping_mul(elapsed));
        observation.price_cumulative_quote_in_share = observation
            .price_cumulative_quote_in_share
            .wrapping_add(quote_in_share.wrapping_mul(elapsed));
        Ok(observation)
    }

    /// Advances the cumulatives to `now` at the reserves that held until now.
    pub fn update(&mut self, reserve_share: u64, reserve_quote: u64, now: i64) -> Result<()> {
        let observation = self.observe(reserve_share, reserve_quote, now)?;
        self.price_cumulative_share_in_quote = observation.price_cumulative_share_in_quote;
        self.price_cumulative_quote_in_share = observation.price_cumulative_quote_in_share;
        self.last_update_ts = observation.timestamp;
        Ok(())
    }
}

/// The time-weighted mean prices between two observations of one pool,
/// `None` unless `newer` is at least a second after `older`.
pub fn twap(older: &Observation, newer: &Observation) -> Option<Twap> {
    let window_secs = newer.timestamp.checked_sub(older.timestamp)?;
    if window_secs <= 0 {
        return None;
    }
    let window = u128::try_from(window_secs).ok()?;
    let mean = |newer: u128, older: u128| newer.wrapping_sub(older).checked_div(window);
    Some(Twap {
        window_secs,
        share_in_quote_q64: mean(
            newer.price_cumulative_share_in_quote,
            older.price_cumulative_share_in_quote,
        )?,
        quote_in_share_q64: mean(
            newer.price_cumulative_quote_in_share,
            older.price_cumulative_quote_in_share,
        )?,
    })
}

/// `floor(amount × price_q64 / 2^64)`: what `amount` base units are worth at a Q64.64 price.
pub fn apply_price_q64(amount: u64, price_q64: u128) -> Result<u64> {
    // Split the price so the product fits: amount × whole + amount × fraction / 2^64.
    const FRACTION: u128 = Q64 - 1;
    let whole = price_q64 >> 64;
    let fraction = price_q64 & FRACTION;
    let from_whole = u128::from(amount)
        .checked_mul(whole)
        .ok_or(PoolError::MathOverflow)?;
    let from_fraction = u128::from(amount)
        .checked_mul(fraction)
        .ok_or(PoolError::MathOverflow)?
        >> 64;
    to_u64(
        from_whole
            .checked_add(from_fraction)
            .ok_or(PoolError::MathOverflow)?,
    )
}
