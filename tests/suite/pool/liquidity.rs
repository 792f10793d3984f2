//! LP-exact deposits (rounded up) and withdrawals (rounded down), the
//! locked minimum, and every rejection by name.

use encore_sdk::instructions::pool as ix;
use encore_sdk::pool as sdk;
use encore_sdk::royalty_pool::constants::MINIMUM_LIQUIDITY;
use encore_sdk::royalty_pool::errors::PoolError;
use encore_sdk::royalty_pool::math::price_q64;
use encore_sdk::token;
use solana_signer::Signer;

use super::*;
use crate::support::fixture::assert_error;

fn ceil_div(a: u128, b: u128) -> u64 {
    u64::try_from(a.div_ceil(b)).unwrap()
}

#[test]
fn deposits_mint_exact_lp_and_withdrawals_pay_at_most_as_much_back() {
    let mut pw = opened();
    let lp_holder = pw.trader(20_000_000_000, 20_000_000_000);
    let books = pw.pool();
    let lp = 1_234_567_891;
    let cost = sdk::deposit_cost(&books, lp).unwrap();
    assert_eq!(
        cost,
        (
            ceil_div(
                u128::from(lp) * u128::from(OPEN_SHARES),
                u128::from(books.lp_supply)
            ),
            ceil_div(
                u128::from(lp) * u128::from(OPEN_QUOTE),
                u128::from(books.lp_supply)
            ),
        ),
        "ceil(lp × R / L)"
    );

    let before = pw.balances(&lp_holder.pubkey());
    pw.deposit(&lp_holder, lp, cost.0, cost.1)
        .expect("deposit at the exact cost");
    let held = pw.balances(&lp_holder.pubkey());
    assert_eq!(
        delta(before, held),
        (-i128::from(cost.0), -i128::from(cost.1), i128::from(lp))
    );
    let after = pw.pool();
    assert_eq!(
        (after.reserve_share, after.reserve_quote, after.lp_supply),
        (
            OPEN_SHARES + cost.0,
            OPEN_QUOTE + cost.1,
            books.lp_supply + lp
        )
    );
    pw.assert_books();

    // The deposit brought the price accumulator up to its own time.
    let deposited_at = pw.w.f.now();
    assert_eq!(after.oracle.last_update_ts, deposited_at);

    // 250 s later the withdrawal advances it by price × 250 s at the
    // reserves that held, before it changes them.
    let proceeds = sdk::withdraw_proceeds(&after, lp).unwrap();
    assert!(proceeds.0 <= cost.0 && proceeds.1 <= cost.1);
    pw.w.f.warp_seconds(250);
    let now = pw.w.f.now();
    assert_eq!(now, deposited_at + 250);
    let predicted = sdk::observe(&after, now).unwrap();
    pw.withdraw(&lp_holder, lp, proceeds.0, proceeds.1)
        .expect("withdraw at the exact proceeds");
    assert_eq!(
        delta(held, pw.balances(&lp_holder.pubkey())),
        (
            i128::from(proceeds.0),
            i128::from(proceeds.1),
            -i128::from(lp)
        )
    );
    let withdrawn = pw.pool();
    let share_in_quote = price_q64(after.reserve_quote, after.reserve_share).unwrap();
    let quote_in_share = price_q64(after.reserve_share, after.reserve_quote).unwrap();
    assert_eq!(withdrawn.oracle.last_update_ts, now);
    assert_eq!(
        withdrawn.oracle.price_cumulative_share_in_quote,
        after.oracle.price_cumulative_share_in_quote + share_in_quote * 250
    );
    assert_eq!(
        withdrawn.oracle.price_cumulative_quote_in_share,
        after.oracle.price_cumulative_quote_in_share + quote_in_share * 250
    );
    assert_eq!(
        (
            withdrawn.oracle.price_cumulative_share_in_quote,
            withdrawn.oracle.price_cumulative_quote_in_share
        ),
        (
            predicted.price_cumulative_share_in_quote,
            predicted.price_cumulative_quote_in_share
        )
    );
    let mean = sdk::twap(&sdk::observe(&after, deposited_at).unwrap(), &predicted).unwrap();
    assert_eq!(
        (
            mean.window_secs,
            mean.share_in_quote_q64,
            mean.quote_in_share_q64
        ),
        (250, share_in_quote, quote_in_share)
    );
    pw.assert_books();
}

#[test]
fn everything_but_the_locked_minimum_can_leave() {
    let mut pw = opened();
    let creator = pw.creator.insecure_clone();
    let lp = pw.balances(&creator.pubkey()).2;
    let proceeds = sdk::withdraw_proceeds(&pw.pool(), lp).unwrap();
    pw.withdraw(&creator, lp, proceeds.0, proceeds.1)
        .expect("full exit");
    let pool = pw.pool();
    assert_eq!(pool.lp_supply, MINIMUM_LIQUIDITY);
    assert_eq!(
        (pool.reserve_share, pool.reserve_quote),
        (OPEN_SHARES - proceeds.0, OPEN_QUOTE - proceeds.1)
    );
    assert!(pool.reserve_share > 0 && pool.reserve_quote > 0);
    assert_eq!(pw.lp_mint_supply(), 0);
    assert_error(pw.withdraw(&creator, 1, 0, 0), PoolError::InsufficientFunds);

    // The pool lives on at its price: a newcomer can still join.
    let cost = sdk::deposit_cost(&pool, 5_000).unwrap();
    pw.deposit(&creator, 5_000, cost.0, cost.1).expect("rejoin");
    pw.assert_books();
}

#[test]
fn liquidity_errors_are_named() {
    let mut pw = opened();
    let creator = pw.creator.insecure_clone();
    let books = pw.pool();
    let lp = 10_000_000;
    let cost = sdk::deposit_cost(&books, lp).unwrap();
    let proceeds = sdk::withdraw_proceeds(&books, lp).unwrap();

    assert_error(
        pw.deposit(&creator, 0, u64::MAX, u64::MAX),
        PoolError::ZeroAmount,
    );
    assert_error(pw.withdraw(&creator, 0, 0, 0), PoolError::ZeroAmount);
    // Slippage, each side on its own.
    assert_error(
        pw.deposit(&creator, lp, cost.0 - 1, cost.1),
        PoolError::ExcessiveInput,
    );
    assert_error(
        pw.deposit(&creator, lp, cost.0, cost.1 - 1),
        PoolError::ExcessiveInput,
    );
    assert_error(
        pw.withdraw(&creator, lp, proceeds.0 + 1, proceeds.1),
        PoolError::InsufficientOutput,
    );
    assert_error(
        pw.withdraw(&creator, lp, proceeds.0, proceeds.1 + 1),
        PoolError::InsufficientOutput,
    );
    // More than the wallet holds.
    let poor = pw.trader(1_000, 1_000);
    assert_error(
        pw.deposit(&poor, lp, u64::MAX, u64::MAX),
        PoolError::InsufficientFunds,
    );
    assert_error(pw.withdraw(&poor, 1, 0, 0), PoolError::InsufficientFunds);

    // Accounts of the wrong mint, and vaults or LP mints that are not the pool's.
    let mut user = pw.user(&creator.pubkey());
    user.share_account = token::associated_address(&poor.pubkey(), &pw.keys.quote_mint);
    let ixn = ix::deposit(
        &pw.keys,
        &user,
        ix::DepositArgs {
            lp_amount: lp,
            max_share: u64::MAX,
            max_quote: u64::MAX,
        },
    );
    assert_error(pw.w.f.send(&[ixn], &[&creator]), PoolError::WrongMint);
    let mut user = pw.user(&creator.pubkey());
    user.lp_account = token::associated_address(&creator.pubkey(), &pw.keys.share_mint);
    user.share_account = token::associated_address(&pw.investor.pubkey(), &pw.keys.share_mint);
    let ixn = ix::withdraw(
        &pw.keys,
        &user,
        ix::WithdrawArgs {
            lp_amount: lp,
            min_share: 0,
            min_quote: 0,
        },
    );
    assert_error(pw.w.f.send(&[ixn], &[&creator]), PoolError::WrongMint);
    let mut user = pw.user(&creator.pubkey());
    user.quote_account = token::associated_address(&poor.pubkey(), &pw.keys.share_mint);
    let ixn = ix::withdraw(
        &pw.keys,
        &user,
        ix::WithdrawArgs {
            lp_amount: lp,
            min_share: 0,
            min_quote: 0,
        },
    );
    assert_error(pw.w.f.send(&[ixn], &[&creator]), PoolError::WrongMint);

    let user = pw.user(&creator.pubkey());
    let mut keys = pw.keys;
    keys.share_vault = token::associated_address(&poor.pubkey(), &pw.keys.share_mint);
    let ixn = ix::deposit(
        &keys,
        &user,
        ix::DepositArgs {
            lp_amount: lp,
            max_share: u64::MAX,
            max_quote: u64::MAX,
        },
    );
    assert_error(pw.w.f.send(&[ixn], &[&creator]), PoolError::WrongVault);
    let mut keys = pw.keys;
    keys.quote_vault = token::associated_address(&poor.pubkey(), &pw.keys.quote_mint);
    let ixn = ix::withdraw(
        &keys,
        &user,
        ix::WithdrawArgs {
            lp_amount: lp,
            min_share: 0,
            min_quote: 0,
        },
    );
    assert_error(pw.w.f.send(&[ixn], &[&creator]), PoolError::WrongVault);
    let mut keys = pw.keys;
    keys.lp_mint = pw.keys.quote_mint;
    let ixn = ix::deposit(
        &keys,
        &user,
        ix::DepositArgs {
            lp_amount: lp,
            max_share: u64::MAX,
            max_quote: u64::MAX,
        },
    );
    assert_error(pw.w.f.send(&[ixn], &[&creator]), PoolError::WrongLpMint);
    let ixn = ix::withdraw(
        &keys,
        &user,
        ix::WithdrawArgs {
            lp_amount: lp,
            min_share: 0,
            min_quote: 0,
        },
    );
    assert_error(pw.w.f.send(&[ixn], &[&creator]), PoolError::WrongLpMint);

    let after = pw.pool();
    assert_eq!(
        (after.reserve_share, after.reserve_quote, after.lp_supply),
        (books.reserve_share, books.reserve_quote, books.lp_supply),
        "no rejected call changed the books"
    );
    pw.assert_books();
}
