//! The pool at the edges of u64: a pool holding every quote token there
//! can be, trades and exits computed exactly (by the model in
//! `pool::model`), the first amounts whose cost no longer fits a u64
//! refused with `MathOverflow` (and the last that fits with the next
//! error in line), and the locked minimum's boundary from both sides.

use encore_sdk::royalty_pool::errors::PoolError;
use encore_sdk::token;
use solana_signer::Signer;

use super::model::{sqrt_floor, Books, Stored};
use super::*;
use crate::support::fixture::assert_error;

const MAX: u128 = u64::MAX as u128;
/// What `unopened` mints each of the creator and the investor.
const FUNDED: u64 = 1_000_000_000_000;

/// `(shares, quote, lp)` of a wallet, and `(share, quote)` of the vaults.
type Balances = (u64, u64, u64);
type Observed = (Stored, [Balances; 2], (u64, u64));

/// The pool's books, the creator's and investor's balances and the
/// vaults: what a refusal must leave alone.
fn state(pw: &mut PoolWorld) -> Observed {
    let pool = pw.pool();
    let (c, i) = (pw.creator.pubkey(), pw.investor.pubkey());
    (
        Books::stored(&pool),
        [pw.balances(&c), pw.balances(&i)],
        pw.vaults(),
    )
}

#[test]
fn a_pool_of_every_quote_token_there_can_be_trades_and_exits_exactly() {
    let mut pw = unopened();
    let creator = pw.creator.insecure_clone();
    let investor = pw.investor.insecure_clone();
    let (c, i) = (creator.pubkey(), investor.pubkey());
    // The creator gets the rest of u64: the quote mint's supply is full.
    pw.fund_quote(&c, u64::MAX - 2 * FUNDED);
    let supply = token::mint_info(&pw.w.f, &pw.keys.quote_mint)
        .unwrap()
        .supply;
    assert_eq!(supply, u64::MAX);
    // The creator's 60 % of the shares against all its quote tokens.
    let (shares, quote) = (600_000_000_000u64, u64::MAX - FUNDED);
    assert_eq!(pw.balances(&c), (shares, quote, 0));
    pw.create(&creator, FEE_BPS, shares, quote)
        .expect("open at the largest quote amount");
    let mut books = Books::opened(shares.into(), quote.into());
    // floor(sqrt(6e11 × (2^64 - 1 - 1e12))), worked out outside the test.
    assert_eq!(books.lp_supply, 3_326_867_271_807_778);
    assert_eq!(Books::stored(&pw.pool()), books.as_stored());
    let creator_lp = u64::try_from(books.lp_supply).unwrap() - MINIMUM_LIQUIDITY;
    assert_eq!(pw.balances(&c), (0, 0, creator_lp));

    let lp_mint = pw.keys.lp_mint;
    pw.w.f.ata(&i, &lp_mint);

    // The investor sells all its quote: the vault then holds every quote
    // token in existence, and the limit sits exactly at the model's output.
    let trade = books.sell(SwapDirection::SellQuote, FUNDED.into(), FEE_BPS);
    let out = u64::try_from(trade.amount_out).unwrap();
    pw.swap_in(&investor, FUNDED, out, SwapDirection::SellQuote)
        .expect("sell the last quote tokens");
    books = books.after(SwapDirection::SellQuote, &trade, PROTOCOL_FEE_BPS);
    assert_eq!(Books::stored(&pw.pool()), books.as_stored());
    assert_eq!(pw.vaults(), (shares - out, u64::MAX));
    assert_eq!(pw.balances(&i), (400_000_000_000 + out, 0, 0));
    pw.assert_books();

    // Buying shares back exactly: the last amount whose price fits a u64
    // fails only for want of funds, one more share overflows.
    let fits = |out: u128| books.buy(SwapDirection::SellQuote, out, FEE_BPS).amount_in <= MAX;
    let (mut low, mut high) = (1u128, books.reserve_share - 1);
    assert!(fits(low) && !fits(high));
    while high - low > 1 {
        let mid = (low + high) / 2;
        if fits(mid) {
            low = mid;
        } else {
            high = mid;
        }
    }
    let before = state(&mut pw);
    for (amount, expected) in [
        (high, PoolError::MathOverflow),
        (low, PoolError::InsufficientFunds),
        (books.reserve_share - 1, PoolError::MathOverflow),
    ] {
        let amount = u64::try_from(amount).unwrap();
        assert_error(
            pw.swap_out(&investor, amount, u64::MAX, SwapDirection::SellQuote),
            expected,
        );
        assert_eq!(state(&mut pw), before);
    }

    // Minting LP units: ceil(lp × R_quote / L) fits a u64 up to
    // floor(u64::MAX × L / R_quote) units, and not one unit further.
    let lp_fit = MAX * books.lp_supply / books.reserve_quote;
    assert!(books.deposit_cost(lp_fit).1 <= MAX && books.deposit_cost(lp_fit + 1).1 > MAX);
    for (lp, expected) in [
        (lp_fit + 1, PoolError::MathOverflow),
        (MAX, PoolError::MathOverflow),
        (lp_fit, PoolError::InsufficientFunds),
    ] {
        let lp = u64::try_from(lp).unwrap();
        assert_error(pw.deposit(&investor, lp, u64::MAX, u64::MAX), expected);
        assert_eq!(state(&mut pw), before);
    }

    // The creator takes everything but the locked minimum out, to the unit.
    let (share_out, quote_out) = books.withdrawal(creator_lp.into());
    let (share_out, quote_out) = (
        u64::try_from(share_out).unwrap(),
        u64::try_from(quote_out).unwrap(),
    );
    pw.withdraw(&creator, creator_lp, share_out, quote_out)
        .expect("full exit");
    assert_eq!(pw.balances(&c), (share_out, quote_out, 0));
    books.reserve_share -= u128::from(share_out);
    books.reserve_quote -= u128::from(quote_out);
    books.lp_supply = MINIMUM_LIQUIDITY.into();
    assert_eq!(Books::stored(&pw.pool()), books.as_stored());
    pw.assert_books();
}

#[test]
fn the_opening_must_leave_the_creator_at_least_one_lp_unit() {
    let mut pw = unopened();
    let creator = pw.creator.insecure_clone();
    // floor(sqrt(1,000 × 1,002)) and floor(sqrt(1 × 1,002,000)) are 1,000:
    // nothing above the locked minimum.
    for (shares, quote) in [(1_000, 1_002), (1, 1_002_000), (1_000, 1_000)] {
        assert_eq!(sqrt_floor(shares * quote), 1_000);
        assert_error(
            pw.create(&creator, FEE_BPS, shares as u64, quote as u64),
            PoolError::InsufficientInitialLiquidity,
        );
        assert!(pw.w.f.account(&pw.keys.pool).is_none());
    }
    // sqrt(1,001 × 1,001) = 1,001: the creator gets the one unit above it.
    let before = pw.balances(&creator.pubkey());
    pw.create(&creator, FEE_BPS, 1_001, 1_001)
        .expect("the smallest opening");
    let pool = pw.pool();
    assert_eq!(
        (pool.reserve_share, pool.reserve_quote, pool.lp_supply),
        (1_001, 1_001, 1_001)
    );
    assert_eq!(
        delta(before, pw.balances(&creator.pubkey())),
        (-1_001, -1_001, 1)
    );
    pw.assert_books();
}
