//! Swaps both ways and both kinds, the fee split, protocol fee collection,
//! pause, the price accumulator, and every rejection by name.

use encore_sdk::instructions::pool as ix;
use encore_sdk::pool::{self as sdk, SwapDirection};
use encore_sdk::royalty_pool::constants::Q64;
use encore_sdk::royalty_pool::errors::PoolError;
use encore_sdk::royalty_pool::events::{LiquidityDeposited, Swapped};
use encore_sdk::royalty_pool::math::price_q64;
use encore_sdk::token;
use solana_signer::Signer;

use super::*;
use crate::support::fixture::assert_error;

const BOTH_WAYS: [SwapDirection; 2] = [SwapDirection::SellShares, SwapDirection::SellQuote];

fn k(pool: &Pool) -> u128 {
    u128::from(pool.reserve_share) * u128::from(pool.reserve_quote)
}

#[test]
fn exact_in_swaps_pay_the_quote_and_split_the_fee() {
    let mut pw = opened();
    let trader = pw.trader(10_000_000_000, 10_000_000_000);
    for (direction, amount) in BOTH_WAYS.into_iter().zip([2_000_000_000u64, 1_234_567_891]) {
        let books = pw.pool();
        let q = pw.quote_in(direction, amount);
        // By hand: the fee rounds up, the output down.
        let fee = (u128::from(amount) * 30).div_ceil(10_000) as u64;
        let (r_in, r_out) = books.reserves(direction);
        let x = u128::from(amount - fee);
        let out = (u128::from(r_out) * x / (u128::from(r_in) + x)) as u64;
        assert_eq!((q.amount_in, q.amount_out, q.fee), (amount, out, fee));

        let before = pw.balances(&trader.pubkey());
        pw.swap_in(&trader, amount, q.amount_out, direction)
            .expect("swap at the quoted minimum");
        let d = delta(before, pw.balances(&trader.pubkey()));
        assert_eq!((d.0, d.1), trader_delta(direction, amount, out));
        assert_eq!(d.2, 0);

        let protocol = fee * u64::from(PROTOCOL_FEE_BPS) / 10_000;
        let got = pw.pool();
        let (r_in_after, r_out_after) = got.reserves(direction);
        assert_eq!(
            r_in_after,
            r_in + amount - protocol,
            "the LPs keep the rest of the fee"
        );
        assert_eq!(r_out_after, r_out - out);
        let accrued = match direction {
            SwapDirection::SellShares => got.protocol_fees_share - books.protocol_fees_share,
            SwapDirection::SellQuote => got.protocol_fees_quote - books.protocol_fees_quote,
        };
        assert_eq!(accrued, protocol);
        let simulated = sdk::after_swap(&books, direction, &q, PROTOCOL_FEE_BPS).unwrap();
        assert_eq!(
            (simulated.reserve_share, simulated.reserve_quote),
            (got.reserve_share, got.reserve_quote)
        );
        assert!(k(&got) > k(&books));
        pw.assert_books();
    }
}

#[test]
fn exact_out_swaps_deliver_exactly_the_amount_for_the_quoted_input() {
    let mut pw = opened();
    let trader = pw.trader(10_000_000_000, 10_000_000_000);
    for (direction, amount) in BOTH_WAYS.into_iter().zip([777_777_777u64, 3_000_000_001]) {
        let books = pw.pool();
        let q = pw.quote_out(direction, amount);
        assert_eq!(q.amount_out, amount);
        // The least input that buys it: one unit less, sold exactly, falls short.
        let (r_in, r_out) = books.reserves(direction);
        let short = sdk::quote(
            r_in,
            r_out,
            FEE_BPS,
            sdk::QuoteRequest::ExactIn(q.amount_in - 1),
        )
        .unwrap();
        assert!(short.amount_out < amount);

        let before = pw.balances(&trader.pubkey());
        pw.swap_out(&trader, amount, q.amount_in, direction)
            .expect("swap at the quoted maximum");
        let d = delta(before, pw.balances(&trader.pubkey()));
        assert_eq!((d.0, d.1), trader_delta(direction, q.amount_in, amount));
        let got = pw.pool();
        let simulated = sdk::after_swap(&books, direction, &q, PROTOCOL_FEE_BPS).unwrap();
        assert_eq!(
            (
                simulated.reserve_share,
                simulated.reserve_quote,
                simulated.protocol_fees_share,
                simulated.protocol_fees_quote
            ),
            (
                got.reserve_share,
                got.reserve_quote,
                got.protocol_fees_share,
                got.protocol_fees_quote
            )
        );
        assert!(k(&got) > k(&books));
        pw.assert_books();
    }
}

#[test]
fn swap_errors_are_named() {
    let mut pw = opened();
    let trader = pw.trader(10_000_000_000, 10_000_000_000);
    let books = pw.pool();
    let sell = SwapDirection::SellShares;

    assert_error(pw.swap_in(&trader, 0, 0, sell), PoolError::ZeroAmount);
    assert_error(
        pw.swap_out(&trader, 0, u64::MAX, sell),
        PoolError::ZeroAmount,
    );
    // One unit in is all fee: nothing comes out.
    assert_error(pw.swap_in(&trader, 1, 0, sell), PoolError::ZeroOutput);
    // Slippage both ways.
    let q = pw.quote_in(sell, 1_000_000);
    assert_error(
        pw.swap_in(&trader, 1_000_000, q.amount_out + 1, sell),
        PoolError::InsufficientOutput,
    );
    let q = pw.quote_out(sell, 1_000_000);
    assert_error(
        pw.swap_out(&trader, 1_000_000, q.amount_in - 1, sell),
        PoolError::ExcessiveInput,
    );
    // The whole reserve is never for sale.
    assert_error(
        pw.swap_out(&trader, books.reserve_quote, u64::MAX, sell),
        PoolError::InsufficientLiquidity,
    );
    assert_error(
        pw.swap_out(
            &trader,
            books.reserve_share,
            u64::MAX,
            SwapDirection::SellQuote,
        ),
        PoolError::InsufficientLiquidity,
    );
    // More than the wallet holds, either kind.
    assert_error(
        pw.swap_in(&trader, 10_000_000_001, 0, sell),
        PoolError::InsufficientFunds,
    );
    assert_error(
        pw.swap_out(&trader, 30_000_000_000, u64::MAX, sell),
        PoolError::InsufficientFunds,
    );

    let other = pw.trader(1, 1);
    let mut user = pw.user(&trader.pubkey());
    user.share_account = token::associated_address(&other.pubkey(), &pw.keys.quote_mint);
    let ixn = ix::swap_exact_in(
        &pw.keys,
        &user,
        ix::SwapExactInArgs {
            amount_in: 1_000_000,
            min_out: 0,
            direction: sell,
        },
    );
    assert_error(pw.w.f.send(&[ixn], &[&trader]), PoolError::WrongMint);
    let mut user = pw.user(&trader.pubkey());
    user.quote_account = token::associated_address(&other.pubkey(), &pw.keys.share_mint);
    let ixn = ix::swap_exact_out(
        &pw.keys,
        &user,
        ix::SwapExactOutArgs {
            amount_out: 1_000_000,
            max_in: u64::MAX,
            direction: sell,
        },
    );
    assert_error(pw.w.f.send(&[ixn], &[&trader]), PoolError::WrongMint);
    let user = pw.user(&trader.pubkey());
    let mut keys = pw.keys;
    keys.quote_vault = token::associated_address(&other.pubkey(), &pw.keys.quote_mint);
    let ixn = ix::swap_exact_in(
        &keys,
        &user,
        ix::SwapExactInArgs {
            amount_in: 1_000_000,
            min_out: 0,
            direction: sell,
        },
    );
    assert_error(pw.w.f.send(&[ixn], &[&trader]), PoolError::WrongVault);
    let mut keys = pw.keys;
    keys.share_vault = token::associated_address(&other.pubkey(), &pw.keys.share_mint);
    let ixn = ix::swap_exact_out(
        &keys,
        &user,
        ix::SwapExactOutArgs {
            amount_out: 1_000_000,
            max_in: u64::MAX,
            direction: sell,
        },
    );
    assert_error(pw.w.f.send(&[ixn], &[&trader]), PoolError::WrongVault);

    let after = pw.pool();
    assert_eq!(
        (
            after.reserve_share,
            after.reserve_quote,
            after.protocol_fees_share,
            after.protocol_fees_quote
        ),
        (books.reserve_share, books.reserve_quote, 0, 0),
        "no rejected swap changed the books"
    );
}

#[test]
fn protocol_fees_are_collected_to_the_treasury_only() {
    let mut pw = opened();
    assert_error(pw.collect(), PoolError::NothingToCollect);
    let trader = pw.trader(10_000_000_000, 10_000_000_000);
    let mut model = model::Books::of(&pw.pool());
    for direction in BOTH_WAYS {
        pw.swap_in(&trader, 3_000_000_000, 0, direction)
            .expect("swap in");
        let trade = model.sell(direction, 3_000_000_000, FEE_BPS);
        model = model.after(direction, &trade, PROTOCOL_FEE_BPS);
        pw.swap_out(&trader, 1_000_000_000, u64::MAX, direction)
            .expect("swap out");
        let trade = model.buy(direction, 1_000_000_000, FEE_BPS);
        model = model.after(direction, &trade, PROTOCOL_FEE_BPS);
    }
    let books = pw.pool();
    assert_eq!(model::Books::stored(&books), model.as_stored());
    let fees = (books.protocol_fees_share, books.protocol_fees_quote);
    // 3 % of each side's two swap fees, as the model books them.
    assert_eq!(
        (u128::from(fees.0), u128::from(fees.1)),
        (model.fees_share, model.fees_quote)
    );

    // Anyone's accounts but the treasury's are refused, and so are the
    // treasury's own accounts given the wrong way round.
    let trader_user = pw.user(&trader.pubkey());
    let ixn = ix::collect_protocol_fees_to(
        &pw.keys,
        &trader_user.share_account,
        &trader_user.quote_account,
    );
    assert_error(pw.w.f.send(&[ixn], &[]), PoolError::WrongTreasuryAccount);
    let treasury = pw.w.gov.treasury.pubkey();
    let payer = pw.w.f.payer().pubkey();
    let ixs = ix::create_treasury_accounts(&payer, &treasury, &pw.keys);
    pw.w.f.send(&ixs, &[]).expect("treasury accounts");
    let treasury_share = token::associated_address(&treasury, &pw.keys.share_mint);
    let treasury_quote = token::associated_address(&treasury, &pw.keys.quote_mint);
    let ixn = ix::collect_protocol_fees_to(&pw.keys, &treasury_quote, &treasury_share);
    assert_error(pw.w.f.send(&[ixn], &[]), PoolError::WrongTreasuryAccount);

    pw.collect().expect("collect");
    assert_eq!(pw.w.f.token_balance(&treasury_share), fees.0);
    assert_eq!(pw.w.f.token_balance(&treasury_quote), fees.1);
    let after = pw.pool();
    assert_eq!(
        (after.protocol_fees_share, after.protocol_fees_quote),
        (0, 0)
    );
    assert_eq!(
        (after.reserve_share, after.reserve_quote, after.lp_supply),
        (books.reserve_share, books.reserve_quote, books.lp_supply),
        "the LPs' reserves are untouched"
    );
    pw.assert_books();
    assert_error(pw.collect(), PoolError::NothingToCollect);
}

#[test]
fn pause_blocks_swaps_and_deposits_but_never_withdrawals() {
    let mut pw = opened();
    let trader = pw.trader(10_000_000_000, 10_000_000_000);
    pw.swap_in(&trader, 1_000_000_000, 0, SwapDirection::SellQuote)
        .expect("swap before the pause");
    pw.pause(true);
    assert_error(
        pw.swap_in(&trader, 1_000_000, 0, SwapDirection::SellShares),
        PoolError::Paused,
    );
    assert_error(
        pw.swap_out(&trader, 1_000_000, u64::MAX, SwapDirection::SellQuote),
        PoolError::Paused,
    );
    assert_error(
        pw.deposit(&trader, 1_000_000, u64::MAX, u64::MAX),
        PoolError::Paused,
    );

    // Exits: LPs withdraw, earned protocol fees flow to the treasury.
    let creator = pw.creator.insecure_clone();
    let lp = pw.balances(&creator.pubkey()).2 / 2;
    let proceeds = sdk::withdraw_proceeds(&pw.pool(), lp).unwrap();
    let before = pw.balances(&creator.pubkey());
    pw.withdraw(&creator, lp, proceeds.0, proceeds.1)
        .expect("withdraw while paused");
    assert_eq!(
        delta(before, pw.balances(&creator.pubkey())),
        (
            i128::from(proceeds.0),
            i128::from(proceeds.1),
            -i128::from(lp)
        )
    );
    pw.collect().expect("collect while paused");

    pw.pause(false);
    pw.swap_in(&trader, 1_000_000, 0, SwapDirection::SellShares)
        .expect("swap after the pause");
    pw.assert_books();
}

#[test]
fn the_price_accumulator_integrates_the_reserves_over_time() {
    let mut pw = opened();
    let trader = pw.trader(10_000_000_000, 10_000_000_000);
    let opened_at = pw.w.f.now();
    let start = pw.pool();
    let first = sdk::observe(&start, opened_at).unwrap();
    assert_eq!(first.price_cumulative_share_in_quote, 0);

    // 100 s at the opening price (half a quote unit per share), then a swap.
    pw.w.f.warp_seconds(100);
    let swap = ix::swap_exact_in(
        &pw.keys,
        &pw.user(&trader.pubkey()),
        ix::SwapExactInArgs {
            amount_in: 5_000_000_000,
            min_out: 0,
            direction: SwapDirection::SellQuote,
        },
    );
    let swapped: Vec<Swapped> = pw.w.f.send_for_events(&trader, &[swap], &[]).expect("swap");
    let mid = pw.pool();
    assert_eq!(mid.oracle.last_update_ts, opened_at + 100);
    assert_eq!(mid.oracle.price_cumulative_share_in_quote, Q64 / 2 * 100);
    assert_eq!(mid.oracle.price_cumulative_quote_in_share, 2 * Q64 * 100);
    // The event carries the clock and the accumulator as of the swap.
    assert_eq!(
        (
            swapped[0].timestamp,
            swapped[0].price_cumulative_share_in_quote
        ),
        (opened_at + 100, Q64 / 2 * 100)
    );

    // 300 s at the new price; the SDK's observation predicts what the next
    // update (here a deposit) writes.
    pw.w.f.warp_seconds(300);
    let now = pw.w.f.now();
    let predicted = sdk::observe(&mid, now).unwrap();
    let cost = sdk::deposit_cost(&mid, 1_000_000).unwrap();
    let deposit = ix::deposit(
        &pw.keys,
        &pw.user(&trader.pubkey()),
        ix::DepositArgs {
            lp_amount: 1_000_000,
            max_share: cost.0,
            max_quote: cost.1,
        },
    );
    let deposited: Vec<LiquidityDeposited> =
        pw.w.f
            .send_for_events(&trader, &[deposit], &[])
            .expect("deposit");
    assert_eq!(
        (
            deposited[0].timestamp,
            deposited[0].price_cumulative_share_in_quote
        ),
        (now, predicted.price_cumulative_share_in_quote)
    );
    let end = pw.pool();
    assert_eq!(end.oracle.last_update_ts, now);
    assert_eq!(
        end.oracle.price_cumulative_share_in_quote,
        predicted.price_cumulative_share_in_quote
    );
    assert_eq!(
        end.oracle.price_cumulative_quote_in_share,
        predicted.price_cumulative_quote_in_share
    );

    let mean = sdk::twap(&first, &predicted).unwrap();
    let new_price = price_q64(mid.reserve_quote, mid.reserve_share).unwrap();
    assert_eq!(mean.window_secs, 400);
    assert_eq!(
        mean.share_in_quote_q64,
        (Q64 / 2 * 100 + new_price * 300) / 400
    );
    let as_float = sdk::q64_to_f64(mean.share_in_quote_q64);
    assert!(as_float > 0.5 && as_float < sdk::q64_to_f64(new_price));
    // Observations out of order are refused by the SDK, not averaged.
    assert!(matches!(
        sdk::twap(&predicted, &first),
        Err(encore_sdk::SdkError::InvalidInput(_))
    ));
}
