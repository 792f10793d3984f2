//! The pool invariants through the real program, over random sequences
//! (few cases: each builds a whole deployment). The pure math is checked
//! over many more cases in `encore_sdk::royalty_pool::math`.

use encore_sdk::pool::{self as sdk, SwapDirection};
use encore_sdk::royalty_pool::errors::PoolError;
use encore_sdk::SdkError;
use proptest::prelude::*;
use solana_signer::Signer;

use super::*;

#[derive(Clone, Debug)]
enum Op {
    SwapIn(SwapDirection, u64),
    SwapOut(SwapDirection, u64),
    /// An LP deposits this many LP units and at once withdraws them.
    RoundTrip(u64),
    /// An LP deposits this many LP units and keeps them.
    Deposit(u64),
    /// An LP withdraws this part (per mille) of its LP units.
    Withdraw(u16),
    Warp(i64),
}

fn direction() -> impl Strategy<Value = SwapDirection> {
    prop_oneof![
        Just(SwapDirection::SellShares),
        Just(SwapDirection::SellQuote)
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (direction(), 1..8_000_000_000u64).prop_map(|(d, a)| Op::SwapIn(d, a)),
        (direction(), 1..8_000_000_000u64).prop_map(|(d, a)| Op::SwapOut(d, a)),
        (1..5_000_000_000u64).prop_map(Op::RoundTrip),
        (1..5_000_000_000u64).prop_map(Op::Deposit),
        (1..=1_000u16).prop_map(Op::Withdraw),
        (1..86_400i64).prop_map(Op::Warp),
    ]
}

fn k(pool: &Pool) -> u128 {
    u128::from(pool.reserve_share) * u128::from(pool.reserve_quote)
}

/// What one LP unit is backed by never shrinks: `R_after × L_before >=
/// R_before × L_after` on both sides.
fn lp_value_held(before: &Pool, after: &Pool) -> bool {
    let side = |r_after: u64, r_before: u64| {
        u128::from(r_after) * u128::from(before.lp_supply)
            >= u128::from(r_before) * u128::from(after.lp_supply)
    };
    side(after.reserve_share, before.reserve_share)
        && side(after.reserve_quote, before.reserve_quote)
}

/// Runs a swap the SDK priced; returns whether it executed. When the SDK
/// refuses to quote, the program must refuse with the same named error.
fn swap(
    pw: &mut PoolWorld,
    trader: &solana_keypair::Keypair,
    op: &Op,
) -> Result<bool, TestCaseError> {
    let pool = pw.pool();
    let (direction, quoted) = match *op {
        Op::SwapIn(d, amount) => (d, sdk::quote_exact_in(&pool, d, amount)),
        Op::SwapOut(d, amount) => (d, sdk::quote_exact_out(&pool, d, amount)),
        _ => unreachable!("not a swap"),
    };
    let (amount, limit) = match *op {
        Op::SwapIn(_, a) => (a, quoted.as_ref().map_or(0, |q| q.amount_out)),
        Op::SwapOut(_, a) => (a, quoted.as_ref().map_or(u64::MAX, |q| q.amount_in)),
        _ => unreachable!("not a swap"),
    };
    let held = pw.balances(&trader.pubkey());
    let result = match op {
        Op::SwapIn(..) => pw.swap_in(trader, amount, limit, direction),
        _ => pw.swap_out(trader, amount, limit, direction),
    };
    match quoted {
        Err(SdkError::Program { code, name, .. }) => {
            let err = result.expect_err("the SDK refused this swap");
            prop_assert_eq!(err.custom_code(), Some(code), "expected {}", name);
            prop_assert_eq!(
                err.raised_by(),
                Some(encore_sdk::royalty_pool::ID),
                "expected {} from the pool",
                name
            );
            Ok(false)
        }
        Err(other) => Err(TestCaseError::fail(format!("unexpected SDK error {other}"))),
        Ok(q) => {
            let source = match direction {
                SwapDirection::SellShares => held.0,
                SwapDirection::SellQuote => held.1,
            };
            if q.amount_in > source {
                let err = result.expect_err("a swap beyond the balance went through");
                prop_assert_eq!(err.custom_code(), Some(PoolError::InsufficientFunds.into()));
                prop_assert_eq!(err.raised_by(), Some(encore_sdk::royalty_pool::ID));
                prop_assert_eq!(pw.balances(&trader.pubkey()), held);
                let after = pw.pool();
                prop_assert_eq!(
                    (after.reserve_share, after.reserve_quote, after.lp_supply),
                    (pool.reserve_share, pool.reserve_quote, pool.lp_supply)
                );
                return Ok(false);
            }
            result.map_err(|e| TestCaseError::fail(format!("quoted swap failed: {e:?}")))?;
            // The quote is the executed swap to the base unit, with the
            // limit set exactly at the quote.
            let d = delta(held, pw.balances(&trader.pubkey()));
            prop_assert_eq!(
                (d.0, d.1),
                trader_delta(direction, q.amount_in, q.amount_out)
            );
            let expected = sdk::after_swap(&pool, direction, &q, PROTOCOL_FEE_BPS).unwrap();
            let after = pw.pool();
            prop_assert_eq!(
                (
                    after.reserve_share,
                    after.reserve_quote,
                    after.protocol_fees_share,
                    after.protocol_fees_quote
                ),
                (
                    expected.reserve_share,
                    expected.reserve_quote,
                    expected.protocol_fees_share,
                    expected.protocol_fees_quote
                )
            );
            Ok(true)
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Every swap pays exactly what the SDK quoted; the product of the
    /// reserves never decreases across a swap; an immediate deposit and
    /// withdrawal never returns more than went in; the creator's LP units
    /// are never worth less after anyone else's deposit or withdrawal; and
    /// the vaults always hold exactly the books.
    #[test]
    fn pool_invariants_hold_over_random_sequences(ops in prop::collection::vec(op(), 1..16)) {
        let mut pw = opened();
        let trader = pw.trader(100_000_000_000, 100_000_000_000);
        let lp = pw.trader(100_000_000_000, 100_000_000_000);
        for op in ops {
            let before = pw.pool();
            match op {
                Op::SwapIn(..) | Op::SwapOut(..) => {
                    if swap(&mut pw, &trader, &op)? {
                        let after = pw.pool();
                        prop_assert!(k(&after) >= k(&before), "k shrank: {} < {}", k(&after), k(&before));
                        prop_assert_eq!(after.lp_supply, before.lp_supply);
                    }
                }
                Op::RoundTrip(units) | Op::Deposit(units) => {
                    let cost = sdk::deposit_cost(&before, units).unwrap();
                    let held = pw.balances(&lp.pubkey());
                    if cost.0 > held.0 || cost.1 > held.1 {
                        continue;
                    }
                    pw.deposit(&lp, units, cost.0, cost.1).expect("deposit at the quoted cost");
                    let mid = pw.pool();
                    prop_assert!(lp_value_held(&before, &mid), "a deposit diluted the others");
                    if let Op::RoundTrip(_) = op {
                        let proceeds = sdk::withdraw_proceeds(&mid, units).unwrap();
                        pw.withdraw(&lp, units, proceeds.0, proceeds.1).expect("withdraw");
                        let d = delta(held, pw.balances(&lp.pubkey()));
                        prop_assert!(d.0 <= 0 && d.1 <= 0 && d.2 == 0, "a round trip profited: {:?}", d);
                        prop_assert!(lp_value_held(&mid, &pw.pool()), "a withdrawal diluted the others");
                    }
                }
                Op::Withdraw(per_mille) => {
                    let units = pw.balances(&lp.pubkey()).2 * u64::from(per_mille) / 1_000;
                    if units == 0 {
                        continue;
                    }
                    let proceeds = sdk::withdraw_proceeds(&before, units).unwrap();
                    pw.withdraw(&lp, units, proceeds.0, proceeds.1).expect("withdraw");
                    prop_assert!(lp_value_held(&before, &pw.pool()), "a withdrawal diluted the others");
                }
                Op::Warp(seconds) => pw.w.f.warp_seconds(seconds),
            }
            pw.assert_books();
        }
    }
}
