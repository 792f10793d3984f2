//! Examples and properties of the pool math. The properties are the pool's
//! invariants (DESIGN invariant 4) over the whole input space.

use proptest::prelude::*;

use super::*;
use crate::constants::{MAX_FEE_BPS, MINIMUM_LIQUIDITY, Q64};
use crate::errors::PoolError;
use crate::state::Pool;

fn pool(reserve_share: u64, reserve_quote: u64, lp_supply: u64, fee_bps: u16) -> Pool {
    Pool {
        share_mint: Default::default(),
        quote_mint: Default::default(),
        track: Default::default(),
        lp_mint: Default::default(),
        share_vault: Default::default(),
        quote_vault: Default::default(),
        creator: Default::default(),
        reserve_share,
        reserve_quote,
        lp_supply,
        protocol_fees_share: 0,
        protocol_fees_quote: 0,
        fee_bps,
        oracle: PriceOracle::default(),
        created_at: 0,
        bump: 0,
        earnings: 0,
        earned_total: 0,
    }
}

fn k(a: u64, b: u64) -> u128 {
    u128::from(a) * u128::from(b)
}

#[test]
fn a_swap_by_hand() {
    // 30 bps on 10,000 is exactly 30; 9,970 trades against 1,000,000 / 1,000,000.
    let q = swap_exact_in(1_000_000, 1_000_000, 10_000, 30).unwrap();
    assert_eq!(
        q,
        SwapQuote {
            amount_in: 10_000,
            amount_out: 9_871,
            fee: 30
        }
    );
    // Buying those 9,871 back costs no more than the 10,000 that bought them.
    let back = swap_exact_out(1_000_000, 1_000_000, 9_871, 30).unwrap();
    assert!(back.amount_in <= 10_000);
    assert!(
        swap_exact_in(1_000_000, 1_000_000, back.amount_in, 30)
            .unwrap()
            .amount_out
            >= 9_871
    );
    // Price impact without the fee: 1 - 9,871 / 9,970, about 0.99 %.
    assert_eq!(price_impact_bps(1_000_000, 1_000_000, &q).unwrap(), 99);
}

#[test]
fn fees_round_up_and_the_protocol_part_rounds_down() {
    assert_eq!(swap_fee(1, 30).unwrap(), 1);
    assert_eq!(swap_fee(10_000, 30).unwrap(), 30);
    assert_eq!(swap_fee(10_001, 30).unwrap(), 31);
    assert_eq!(swap_fee(5, 0).unwrap(), 0);
    assert_eq!(protocol_fee(7, 300).unwrap(), 0);
    assert_eq!(protocol_fee(1_000, 300).unwrap(), 30);
    assert_eq!(protocol_fee(1_000, 10_000).unwrap(), 1_000);
    assert_eq!(check_fee_bps(MAX_FEE_BPS), Ok(()));
    assert_eq!(check_fee_bps(MAX_FEE_BPS + 1), Err(PoolError::FeeTooHigh));
}

#[test]
fn degenerate_swaps_fail_by_name() {
    assert_eq!(
        swap_exact_in(1_000, 1_000, 0, 30),
        Err(PoolError::ZeroAmount)
    );
    // The whole unit goes to the fee.
    assert_eq!(
        swap_exact_in(1_000, 1_000, 1, 30),
        Err(PoolError::ZeroOutput)
    );
    assert_eq!(
        swap_exact_out(1_000, 1_000, 0, 30),
        Err(PoolError::ZeroAmount)
    );
    assert_eq!(
        swap_exact_out(1_000, 1_000, 1_000, 30),
        Err(PoolError::InsufficientLiquidity)
    );
    assert_eq!(
        swap_exact_out(u64::MAX, 2, 1, 30),
        Err(PoolError::MathOverflow)
    );
}

#[test]
fn initial_liquidity_must_exceed_the_locked_minimum() {
    assert_eq!(
        initial_liquidity(1_000, 1_000),
        Err(PoolError::InsufficientInitialLiquidity)
    );
    assert_eq!(initial_liquidity(1_001, 1_001), Ok(1_001));
    assert_eq!(initial_liquidity(4, 1_000_000), Ok(2_000));
    assert_eq!(initial_liquidity(0, 1_000_000), Err(PoolError::ZeroAmount));
    assert_eq!(
        initial_liquidity(u64::MAX, u64::MAX),
        Ok(u64::MAX),
        "the largest pool still fits"
    );
}

#[test]
fn liquidity_rounds_in_the_pools_favour() {
    // 1 LP unit of 3 costs ceil(10 / 3) = 4 of each side, and pays back floor(14 / 4) = 3.
    assert_eq!(deposit_amounts(1, 10, 10, 3).unwrap(), (4, 4));
    assert_eq!(
        withdraw_amounts(1, 14, 14, 4 + MINIMUM_LIQUIDITY).unwrap(),
        (0, 0)
    );
    assert_eq!(
        withdraw_amounts(1, 10, 10, MINIMUM_LIQUIDITY),
        Err(PoolError::InsufficientLiquidity),
        "the locked minimum is never burnt"
    );
    assert_eq!(lp_for_max_amounts(40, 100, 10, 10, 3).unwrap(), 12);
}

#[test]
fn isqrt_edges() {
    for n in [
        0u128,
        1,
        2,
        3,
        4,
        15,
        16,
        17,
        u128::from(u64::MAX),
        u128::MAX,
    ] {
        assert_eq!(isqrt(n), n.isqrt(), "isqrt({n})");
    }
}

#[test]
fn the_accumulator_integrates_the_price_over_time() {
    // Quote 2:1 for 100 s, then 1:1 for 300 s: the mean is 1.25.
    let mut oracle = PriceOracle::new(1_000);
    let start = oracle.observe(1_000, 2_000, 1_000).unwrap();
    oracle.update(1_000, 2_000, 1_100).unwrap();
    let end = oracle.observe(1_000, 1_000, 1_400).unwrap();
    let mean = twap(&start, &end).unwrap();
    assert_eq!(mean.window_secs, 400);
    assert_eq!(mean.share_in_quote_q64, Q64 + Q64 / 4);
    assert_eq!(
        apply_price_q64(1_000_000, mean.share_in_quote_q64).unwrap(),
        1_250_000
    );
    assert_eq!(mean.quote_in_share_q64, (Q64 / 2 * 100 + Q64 * 300) / 400);
    assert_eq!(twap(&end, &start), None);
    assert_eq!(twap(&end, &end), None);
    // Time standing still, or running back, adds nothing.
    assert_eq!(oracle.observe(1, 1, 1_050).unwrap().timestamp, 1_100);
}

#[test]
fn the_accumulator_wraps_and_the_twap_survives_it() {
    let price = price_q64(3, 1).unwrap();
    let oracle = PriceOracle {
        price_cumulative_share_in_quote: u128::MAX - price * 5,
        price_cumulative_quote_in_share: 0,
        last_update_ts: 0,
    };
    let older = oracle.observe(1, 3, 0).unwrap();
    let newer = oracle.observe(1, 3, 10).unwrap();
    assert!(newer.price_cumulative_share_in_quote < older.price_cumulative_share_in_quote);
    assert_eq!(twap(&older, &newer).unwrap().share_in_quote_q64, price);
}

fn reserve() -> impl Strategy<Value = u64> {
    prop_oneof![
        1_000u64..1_000_000,
        1_000_000u64..1_000_000_000_000,
        1u64..u64::MAX / 4
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn isqrt_is_the_floor_root(n in any::<u128>()) {
        prop_assert_eq!(isqrt(n), n.isqrt());
    }

    /// The fee is the least whole amount at or above `amount × bps / 10,000`,
    /// and the protocol part never exceeds it.
    #[test]
    fn fee_rounding_is_tight(amount in any::<u64>(), bps in 0u16..=MAX_FEE_BPS, protocol_bps in 0u16..=10_000) {
        let fee = swap_fee(amount, bps).unwrap();
        let exact = u128::from(amount) * u128::from(bps);
        prop_assert!(u128::from(fee) * 10_000 >= exact);
        prop_assert!(fee == 0 || u128::from(fee - 1) * 10_000 < exact);
        let part = protocol_fee(fee, protocol_bps).unwrap();
        prop_assert!(part <= fee);
        prop_assert!(u128::from(part) * 10_000 <= u128::from(fee) * u128::from(protocol_bps));
    }

    /// DESIGN invariant 4: the product of the reserves never decreases
    /// across a swap, in either direction, either kind, whatever the
    /// protocol takes from the fee.
    #[test]
    fn k_never_decreases_across_swaps(
        reserve_share in reserve(), reserve_quote in reserve(), amount in 1u64..1_000_000_000_000,
        fee_bps in 0u16..=MAX_FEE_BPS, protocol_bps in 0u16..=10_000, sell_shares in any::<bool>(), exact_in in any::<bool>(),
    ) {
        let direction = if sell_shares { SwapDirection::SellShares } else { SwapDirection::SellQuote };
        let mut p = pool(reserve_share, reserve_quote, MINIMUM_LIQUIDITY + 1, fee_bps);
        let (r_in, r_out) = p.reserves(direction);
        let quote = if exact_in {
            swap_exact_in(r_in, r_out, amount, fee_bps)
        } else {
            swap_exact_out(r_in, r_out, amount, fee_bps)
        };
        let Ok(quote) = quote else { return Ok(()) };
        let part = protocol_fee(quote.fee, protocol_bps).unwrap();
        if p.apply_swap(direction, &quote, part).is_err() {
            // Only when the input reserve would pass u64::MAX.
            prop_assert!(u128::from(r_in) + u128::from(quote.amount_in) > u128::from(u64::MAX));
            return Ok(());
        }
        prop_assert!(k(p.reserve_share, p.reserve_quote) >= k(reserve_share, reserve_quote));
        prop_assert!(p.reserve_share > 0 && p.reserve_quote > 0);
        prop_assert_eq!(p.protocol_fees_share + p.protocol_fees_quote, part);
    }

    /// Exact-out charges the least input that buys the output, and exact-in
    /// pays the most output the input covers: the two agree to the unit.
    #[test]
    fn exact_in_and_exact_out_are_tight_inverses(
        r_in in reserve(), r_out in reserve(), amount in 1u64..1_000_000_000_000, fee_bps in 0u16..=MAX_FEE_BPS,
    ) {
        if let Ok(q) = swap_exact_out(r_in, r_out, amount, fee_bps) {
            let filled = swap_exact_in(r_in, r_out, q.amount_in, fee_bps).unwrap();
            prop_assert!(filled.amount_out >= amount);
            prop_assert_eq!(filled.fee, q.fee);
            if q.amount_in > 1 {
                let short = swap_exact_in(r_in, r_out, q.amount_in - 1, fee_bps);
                prop_assert!(short.map_or(true, |s| s.amount_out < amount));
            }
        }
        if let Ok(q) = swap_exact_in(r_in, r_out, amount, fee_bps) {
            prop_assert!(q.amount_out < r_out);
            if let Ok(more) = swap_exact_out(r_in, r_out, q.amount_out + 1, fee_bps) {
                prop_assert!(more.amount_in > amount);
            }
            let impact = price_impact_bps(r_in, r_out, &q).unwrap();
            prop_assert!(impact <= 10_000);
        }
    }

    /// A deposit followed by the withdrawal of the same LP units never
    /// returns more of either side than went in.
    #[test]
    fn deposit_then_withdraw_never_returns_more(
        reserve_share in reserve(), reserve_quote in reserve(), supply in MINIMUM_LIQUIDITY..u64::MAX / 4, lp in 1u64..u64::MAX / 4,
    ) {
        let mut p = pool(reserve_share, reserve_quote, supply, 30);
        let Ok((share_in, quote_in)) = deposit_amounts(lp, p.reserve_share, p.reserve_quote, p.lp_supply) else { return Ok(()) };
        if p.apply_deposit(lp, share_in, quote_in).is_err() { return Ok(()) }
        let (share_out, quote_out) = withdraw_amounts(lp, p.reserve_share, p.reserve_quote, p.lp_supply).unwrap();
        prop_assert!(share_out <= share_in && quote_out <= quote_in);
    }

    /// Over random deposits, withdrawals and swaps by someone else, what
    /// one LP unit is backed by never shrinks: per side across liquidity
    /// changes, and as sqrt(k) / L across swaps (k grows, L stays).
    #[test]
    fn others_lp_value_never_decreases(
        start_share in 1_000_000u64..1_000_000_000_000, start_quote in 1_000_000u64..1_000_000_000_000,
        ops in prop::collection::vec((0u8..4, 1u64..1_000_000_000, 0u16..=MAX_FEE_BPS), 1..40),
    ) {
        let lp = initial_liquidity(start_share, start_quote).unwrap();
        let mut p = pool(start_share, start_quote, lp, 25);
        for (kind, amount, protocol_bps) in ops {
            let before = (p.reserve_share, p.reserve_quote, p.lp_supply);
            match kind {
                0 => {
                    let Ok((s, q)) = deposit_amounts(amount, p.reserve_share, p.reserve_quote, p.lp_supply) else { continue };
                    if p.apply_deposit(amount, s, q).is_err() { continue }
                }
                1 => {
                    let burn = amount.min(p.lp_supply - MINIMUM_LIQUIDITY);
                    let Ok((s, q)) = withdraw_amounts(burn, p.reserve_share, p.reserve_quote, p.lp_supply) else { continue };
                    p.apply_withdraw(burn, s, q).unwrap();
                }
                _ => {
                    let direction = if kind == 2 { SwapDirection::SellShares } else { SwapDirection::SellQuote };
                    let (r_in, r_out) = p.reserves(direction);
                    let Ok(q) = swap_exact_in(r_in, r_out, amount, p.fee_bps) else { continue };
                    let part = protocol_fee(q.fee, protocol_bps).unwrap();
                    p.apply_swap(direction, &q, part).unwrap();
                    prop_assert_eq!(p.lp_supply, before.2);
                    prop_assert!(k(p.reserve_share, p.reserve_quote) >= k(before.0, before.1));
                    continue;
                }
            }
            // R_after / L_after >= R_before / L_before, cross-multiplied.
            prop_assert!(k(p.reserve_share, before.2) >= k(before.0, p.lp_supply));
            prop_assert!(k(p.reserve_quote, before.2) >= k(before.1, p.lp_supply));
            p.invariant().unwrap();
        }
    }

    /// The SDK's "deposit at most this much" never asks for more.
    #[test]
    fn lp_for_max_amounts_stays_within_the_maxima(
        reserve_share in reserve(), reserve_quote in reserve(), supply in MINIMUM_LIQUIDITY..u64::MAX / 4,
        max_share in any::<u64>(), max_quote in any::<u64>(),
    ) {
        let lp = lp_for_max_amounts(max_share, max_quote, reserve_share, reserve_quote, supply);
        let Ok(lp) = lp else { return Ok(()) };
        if lp == 0 { return Ok(()) }
        if let Ok((s, q)) = deposit_amounts(lp, reserve_share, reserve_quote, supply) {
            prop_assert!(s <= max_share && q <= max_quote);
        }
    }

    /// A TWAP over piecewise-constant reserves is the time-weighted mean of
    /// the Q64.64 spot prices, whichever way the accumulator wrapped.
    #[test]
    fn twap_is_the_time_weighted_mean(
        start in any::<u128>(),
        steps in prop::collection::vec((1u64..1_000_000_000, 1u64..1_000_000_000, 1i64..100_000), 1..10),
    ) {
        let mut oracle = PriceOracle { price_cumulative_share_in_quote: start, price_cumulative_quote_in_share: start, last_update_ts: 0 };
        let first = oracle.observe(1, 1, 0).unwrap();
        let mut weighted = 0u128;
        let mut now = 0i64;
        for (share, quote, dt) in &steps {
            now += dt;
            weighted += price_q64(*quote, *share).unwrap() * (*dt as u128);
            oracle.update(*share, *quote, now).unwrap();
        }
        let last = oracle.observe(1, 1, now).unwrap();
        let mean = twap(&first, &last).unwrap();
        prop_assert_eq!(mean.window_secs, now);
        prop_assert_eq!(mean.share_in_quote_q64, weighted / now as u128);
    }
}
