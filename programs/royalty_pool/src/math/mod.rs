//! Pure pool math shared by the program and the SDK, so a client's quote is
//! the executed swap to the base unit. u128 intermediates, checked
//! arithmetic, and an explicit rounding direction everywhere, always in the
//! pool's favour:
//!
//! | quantity | rounding |
//! |---|---|
//! | swap fee `amount_in × fee_bps / 10,000` | up |
//! | protocol part `fee × protocol_fee_bps / 10,000` | down (the LPs keep the rest) |
//! | exact-in output `R_out × x / (R_in + x)` | down |
//! | exact-out input, before and after the fee | up |
//! | deposit amounts `lp × R / L` | up |
//! | withdrawal amounts `lp × R / L` | down |
//! | initial LP `sqrt(share × quote)` | down |

mod curve;
mod oracle;

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests;

pub use curve::*;
pub use oracle::*;

use crate::errors::PoolError;

pub type Result<T> = std::result::Result<T, PoolError>;

/// `floor(a × b / d)`.
pub(crate) fn mul_div_floor(a: u128, b: u128, d: u128) -> Result<u128> {
    a.checked_mul(b)
        .and_then(|p| p.checked_div(d))
        .ok_or(PoolError::MathOverflow)
}

/// `ceil(a × b / d)`.
pub(crate) fn mul_div_ceil(a: u128, b: u128, d: u128) -> Result<u128> {
    let p = a.checked_mul(b).ok_or(PoolError::MathOverflow)?;
    let q = p.checked_div(d).ok_or(PoolError::MathOverflow)?;
    let r = p.checked_rem(d).ok_or(PoolError::MathOverflow)?;
    if r > 0 {
        q.checked_add(1).ok_or(PoolError::MathOverflow)
    } else {
        Ok(q)
    }
}

pub(crate) fn to_u64(x: u128) -> Result<u64> {
    u64::try_from(x).map_err(|_| PoolError::MathOverflow)
}

/// `floor(sqrt(n))`, digit by digit: 64 bounded steps, no division.
pub fn isqrt(n: u128) -> u128 {
    let mut remainder = n;
    let mut root: u128 = 0;
    // The highest power of four not above n (bit 126 is the top one).
    let mut bit: u128 = 1 << 126;
    while bit > remainder {
        bit >>= 2;
    }
    while bit != 0 {
        // root + bit never overflows: root < 2^64 and bit <= 2^126.
        let candidate = root.saturating_add(bit);
        if remainder >= candidate {
            remainder = remainder.saturating_sub(candidate);
            root = (root >> 1).saturating_add(bit);
        } else {
            root >>= 1;
        }
        bit >>= 2;
    }
    root
}
