//! Pure settlement math shared by the program and the SDK. Rounding is
//! always towards the rights holders and listeners: whole plays only, fees
//! rounded down.

use crate::constants::BPS_DENOMINATOR;
use crate::errors::EscrowError;

type Result<T> = std::result::Result<T, EscrowError>;

/// How many of `plays` a listener can pay for at `price`, given what it can
/// spend (`min(balance, cap left)`), and what they cost. Whole plays only: a
/// listener is never charged for part of a play, and never beyond `spendable`.
pub fn charge(plays: u64, price: u64, spendable: u64) -> Result<(u64, u64)> {
    if price == 0 {
        return Ok((plays, 0));
    }
    let affordable = spendable
        .checked_div(price)
        .ok_or(EscrowError::MathOverflow)?;
    let paid = plays.min(affordable);
    let amount = paid.checked_mul(price).ok_or(EscrowError::MathOverflow)?;
    Ok((paid, amount))
}

/// `floor(amount × bps / 10,000)` and the rest: the fee rounds down.
pub fn split_fee(amount: u64, bps: u16) -> Result<(u64, u64)> {
    let fee = u128::from(amount)
        .checked_mul(u128::from(bps))
        .and_then(|x| x.checked_div(u128::from(BPS_DENOMINATOR)))
        .ok_or(EscrowError::MathOverflow)?;
    let fee = u64::try_from(fee).map_err(|_| EscrowError::MathOverflow)?;
    let rest = amount.checked_sub(fee).ok_or(EscrowError::MathOverflow)?;
    Ok((fee, rest))
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn whole_plays_only() {
        assert_eq!(charge(10, 300, 1_000).unwrap(), (3, 900));
        assert_eq!(charge(2, 300, 1_000).unwrap(), (2, 600));
        assert_eq!(charge(5, 300, 299).unwrap(), (0, 0));
        assert_eq!(split_fee(999, 200).unwrap(), (19, 980));
    }

    proptest! {
        #[test]
        fn never_beyond_spendable_and_fees_conserve(
            plays in 0u64..1_000_000, price in 1u64..10_000_000, spendable in 0u64..u64::MAX / 2, bps in 0u16..=10_000,
        ) {
            let (paid, amount) = charge(plays, price, spendable).unwrap();
            prop_assert!(amount <= spendable);
            prop_assert!(paid <= plays);
            prop_assert_eq!(amount, paid * price);
            // Paying one more play would have exceeded what was spendable.
            prop_assert!(paid == plays || amount + price > spendable);
            let (fee, net) = split_fee(amount, bps).unwrap();
            prop_assert_eq!(fee + net, amount);
            prop_assert!(u128::from(fee) * 10_000 <= u128::from(amount) * u128::from(bps));
        }
    }
}
