//! The constant-product curve: fees, swaps in both directions, liquidity.

use anchor_lang::prelude::*;

use super::{isqrt, mul_div_ceil, mul_div_floor, to_u64, Result};
use crate::constants::{BPS_DENOMINATOR, MAX_FEE_BPS, MINIMUM_LIQUIDITY};
use crate::errors::PoolError;

/// Which side the trader gives.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, PartialEq, Eq, Debug, InitSpace)]
pub enum SwapDirection {
    /// Shares in, quote out.
    SellShares,
    /// Quote in, shares out.
    SellQuote,
}

impl SwapDirection {
    /// `(reserve_in, reserve_out)` of a pool holding these reserves.
    pub fn reserves(self, reserve_share: u64, reserve_quote: u64) -> (u64, u64) {
        match self {
            SwapDirection::SellShares => (reserve_share, reserve_quote),
            SwapDirection::SellQuote => (reserve_quote, reserve_share),
        }
    }
}

/// A swap as the pool executes it. `fee` is part of `amount_in`; the curve
/// sees `amount_in - fee`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct SwapQuote {
    pub amount_in: u64,
    pub amount_out: u64,
    pub fee: u64,
}

impl SwapQuote {
    /// The part of the input that trades against the curve.
    pub fn in_after_fee(&self) -> Result<u64> {
        self.amount_in
            .checked_sub(self.fee)
            .ok_or(PoolError::MathOverflow)
    }
}

/// A pool's fee is chosen at creation, at most `MAX_FEE_BPS`.
pub fn check_fee_bps(fee_bps: u16) -> Result<()> {
    if fee_bps > MAX_FEE_BPS {
        return Err(PoolError::FeeTooHigh);
    }
    Ok(())
}

/// `ceil(amount_in × fee_bps / 10,000)`: the fee rounds up.
pub fn swap_fee(amount_in: u64, fee_bps: u16) -> Result<u64> {
    to_u64(mul_div_ceil(
        u128::from(amount_in),
        u128::from(fee_bps),
        u128::from(BPS_DENOMINATOR),
    )?)
}

/// `floor(fee × protocol_fee_bps / 10,000)`: the protocol's part of a swap
/// fee rounds down, so the LPs keep any fraction.
pub fn protocol_fee(fee: u64, protocol_fee_bps: u16) -> Result<u64> {
    let part = to_u64(mul_div_floor(
        u128::from(fee),
        u128::from(protocol_fee_bps),
        u128::from(BPS_DENOMINATOR),
    )?)?;
    Ok(part.min(fee))
}

/// Selling exactly `amount_in`: `x = amount_in - fee`, output
/// `floor(R_out × x / (R_in + x))`. Errors: ZeroAmount, ZeroOutput (the
/// input is too small to buy one base unit), MathOverflow.
pub fn swap_exact_in(
    reserve_in: u64,
    reserve_out: u64,
    amount_in: u64,
    fee_bps: u16,
) -> Result<SwapQuote> {
    if amount_in == 0 {
        return Err(PoolError::ZeroAmount);
    }
    check_fee_bps(fee_bps)?;
    let fee = swap_fee(amount_in, fee_bps)?;
    let x = amount_in.checked_sub(fee).ok_or(PoolError::MathOverflow)?;
    let denominator = u128::from(reserve_in)
        .checked_add(u128::from(x))
        .ok_or(PoolError::MathOverflow)?;
    if denominator == 0 {
        return Err(PoolError::ZeroOutput);
    }
    let amount_out = to_u64(mul_div_floor(
        u128::from(reserve_out),
        u128::from(x),
        denominator,
    )?)?;
    if amount_out == 0 {
        return Err(PoolError::ZeroOutput);
    }
    Ok(SwapQuote {
        amount_in,
        amount_out,
        fee,
    })
}

/// Buying exactly `amount_out`: the curve needs
/// `x = ceil(R_in × out / (R_out - out))`, and the trader pays the least
/// `amount_in` with `amount_in - ceil(amount_in × fee_bps / 10,000) >= x`,
/// which is `ceil(x × 10,000 / (10,000 - fee_bps))`. Errors: ZeroAmount,
/// InsufficientLiquidity (`amount_out >= R_out`), MathOverflow.
pub fn swap_exact_out(
    reserve_in: u64,
    reserve_out: u64,
    amount_out: u64,
    fee_bps: u16,
) -> Result<SwapQuote> {
    if amount_out == 0 {
        return Err(PoolError::ZeroAmount);
    }
    check_fee_bps(fee_bps)?;
    if amount_out >= reserve_out {
        return Err(PoolError::InsufficientLiquidity);
    }
    let remaining = reserve_out
        .checked_sub(amount_out)
        .ok_or(PoolError::MathOverflow)?;
    let x = mul_div_ceil(
        u128::from(reserve_in),
        u128::from(amount_out),
        u128::from(remaining),
    )?;
    let keep = BPS_DENOMINATOR
        .checked_sub(fee_bps)
        .ok_or(PoolError::FeeTooHigh)?;
    let amount_in = to_u64(mul_div_ceil(
        x,
        u128::from(BPS_DENOMINATOR),
        u128::from(keep),
    )?)?;
    let fee = swap_fee(amount_in, fee_bps)?;
    Ok(SwapQuote {
        amount_in,
        amount_out,
        fee,
    })
}

/// How much worse than the spot price `R_out / R_in` the curve fills the
/// trade, in basis points, fee excluded (it is reported on its own):
/// `floor(10,000 × (1 - out × R_in / ((amount_in - fee) × R_out)))`.
pub fn price_impact_bps(reserve_in: u64, reserve_out: u64, quote: &SwapQuote) -> Result<u16> {
    let x = quote.in_after_fee()?;
    let mut spot_value = u128::from(x)
        .checked_mul(u128::from(reserve_out))
        .ok_or(PoolError::MathOverflow)?;
    let filled = u128::from(quote.amount_out)
        .checked_mul(u128::from(reserve_in))
        .ok_or(PoolError::MathOverflow)?;
    if spot_value == 0 {
        return Ok(0);
    }
    let mut shortfall = spot_value.saturating_sub(filled);
    // Display precision only: drop low bits until the scaling cannot overflow.
    const LIMIT: u128 = u128::MAX / BPS_DENOMINATOR as u128;
    while shortfall > LIMIT {
        shortfall >>= 1;
        spot_value >>= 1;
    }
    let bps = mul_div_floor(shortfall, u128::from(BPS_DENOMINATOR), spot_value.max(1))?;
    u16::try_from(bps.min(u128::from(BPS_DENOMINATOR))).map_err(|_| PoolError::MathOverflow)
}

/// `(R_in', R_out')` never has a smaller product than `(R_in, R_out)`.
pub fn check_k(before: (u64, u64), after: (u64, u64)) -> Result<()> {
    let k_before = u128::from(before.0)
        .checked_mul(u128::from(before.1))
        .ok_or(PoolError::MathOverflow)?;
    let k_after = u128::from(after.0)
        .checked_mul(u128::from(after.1))
        .ok_or(PoolError::MathOverflow)?;
    if k_after < k_before {
        return Err(PoolError::InvariantViolated);
    }
    Ok(())
}

/// LP units a new pool starts with, `floor(sqrt(share × quote))`, the
/// locked `MINIMUM_LIQUIDITY` included. Errors: ZeroAmount,
/// InsufficientInitialLiquidity (nothing left for the creator).
pub fn initial_liquidity(share_amount: u64, quote_amount: u64) -> Result<u64> {
    if share_amount == 0 || quote_amount == 0 {
        return Err(PoolError::ZeroAmount);
    }
    let product = u128::from(share_amount)
        .checked_mul(u128::from(quote_amount))
        .ok_or(PoolError::MathOverflow)?;
    let lp = to_u64(isqrt(product))?;
    if lp <= MINIMUM_LIQUIDITY {
        return Err(PoolError::InsufficientInitialLiquidity);
    }
    Ok(lp)
}

/// What minting `lp_amount` costs: `ceil(lp × R / L)` of each side.
pub fn deposit_amounts(
    lp_amount: u64,
    reserve_share: u64,
    reserve_quote: u64,
    lp_supply: u64,
) -> Result<(u64, u64)> {
    if lp_amount == 0 {
        return Err(PoolError::ZeroAmount);
    }
    let side = |reserve: u64| {
        to_u64(mul_div_ceil(
            u128::from(lp_amount),
            u128::from(reserve),
            u128::from(lp_supply),
        )?)
    };
    Ok((side(reserve_share)?, side(reserve_quote)?))
}

/// An LP amount's part of the LPs' earnings: `ceil(lp × E / L)` when it
/// is minted (a newcomer buys into what others earned before it), and
/// `floor(lp × E / L)` when it is burnt, so no LP unit's part ever shrinks
/// through someone else's deposit or withdrawal.
pub fn earnings_part(lp_amount: u64, earnings: u64, lp_supply: u64, minting: bool) -> Result<u64> {
    let (lp, e, l) = (
        u128::from(lp_amount),
        u128::from(earnings),
        u128::from(lp_supply),
    );
    to_u64(if minting {
        mul_div_ceil(lp, e, l)?
    } else {
        mul_div_floor(lp, e, l)?
    })
}

/// What burning `lp_amount` pays: `floor(lp × R / L)` of each side. The
/// locked minimum can never be burnt. Errors: ZeroAmount, InsufficientLiquidity.
pub fn withdraw_amounts(
    lp_amount: u64,
    reserve_share: u64,
    reserve_quote: u64,
    lp_supply: u64,
) -> Result<(u64, u64)> {
    if lp_amount == 0 {
        return Err(PoolError::ZeroAmount);
    }
    let burnable = lp_supply.saturating_sub(MINIMUM_LIQUIDITY);
    if lp_amount > burnable {
        return Err(PoolError::InsufficientLiquidity);
    }
    let side = |reserve: u64| {
        to_u64(mul_div_floor(
            u128::from(lp_amount),
            u128::from(reserve),
            u128::from(lp_supply),
        )?)
    };
    Ok((side(reserve_share)?, side(reserve_quote)?))
}

/// The most LP units whose deposit costs at most `max_share` and
/// `max_quote`: `min(floor(max × L / R))` over both sides (0 if none).
pub fn lp_for_max_amounts(
    max_share: u64,
    max_quote: u64,
    reserve_share: u64,
    reserve_quote: u64,
    lp_supply: u64,
) -> Result<u64> {
    let side = |max: u64, reserve: u64| {
        to_u64(mul_div_floor(
            u128::from(max),
            u128::from(lp_supply),
            u128::from(reserve),
        )?)
    };
    Ok(side(max_share, reserve_share)?.min(side(max_quote, reserve_quote)?))
}
