//! `encore pool ...` through the binary: open a pool of a track's shares,
//! trade both ways, take liquidity out. Every printed pool and every amount
//! is checked against the constant-product model of `crate::pool::model`,
//! and the chain against the printed pool.

use encore_sdk::pool::SwapDirection;
use encore_sdk::{pda, pool as sdk};
use serde_json::Value;

use super::shares::{base_units, Studio};
use super::E2e;
use crate::pool::model::{sqrt_floor, Books};

const USDC: u64 = 1_000_000;
const FEE_BPS: u16 = 30;
/// `encore gov init`'s default protocol fee (`encore_sdk::native::local_params`).
const PROTOCOL_FEE_BPS: u16 = 300;

fn units(value: &Value) -> u128 {
    base_units(value).into()
}

/// The books a printed pool shows.
fn printed(pool: &Value) -> Books {
    Books {
        reserve_share: units(&pool["reserve_share"]),
        reserve_quote: units(&pool["reserve_quote"]),
        fees_share: units(&pool["protocol_fees_share"]),
        fees_quote: units(&pool["protocol_fees_quote"]),
        lp_supply: units(&pool["lp_supply"]),
    }
}

/// A printed pool agrees with `expected`, its vaults hold exactly the books
/// and its `k` is the product of the reserves; so does the chain.
fn assert_pool(e2e: &E2e, pool: &Value, expected: &Books, studio: &Studio) {
    assert_eq!(printed(pool), *expected, "{pool}");
    assert_eq!(
        (units(&pool["vault_share"]), units(&pool["vault_quote"])),
        (
            expected.reserve_share + expected.fees_share,
            expected.reserve_quote + expected.fees_quote
        )
    );
    assert_eq!(
        pool["k"],
        (expected.reserve_share * expected.reserve_quote).to_string()
    );
    let share_mint = pda::share_mint(&studio.track).0;
    let stored = sdk::pool(&e2e.client, &share_mint, &studio.mint)
        .unwrap()
        .expect("the pool exists");
    assert_eq!(Books::of(&stored), *expected);
}

#[test]
fn e2e_pool_create_swap_withdraw() {
    let e2e = E2e::start();
    let trader = e2e.wallet("trader");
    let studio = Studio::new(&e2e, &[]);
    let artist = &studio.artist;
    e2e.mint_to(artist, &studio.mint, &artist.pubkey(), 10_000 * USDC);
    e2e.mint_to(artist, &studio.mint, &trader.pubkey(), 500 * USDC);
    let config = encore_sdk::accounts::config(&e2e.client).unwrap();
    assert_eq!(config.params.protocol_fee_bps, PROTOCOL_FEE_BPS);

    let created = e2e.json(
        artist,
        &[
            "pool",
            "create",
            "--track",
            &studio.track.to_string(),
            "--quote-mint",
            &studio.mint.to_string(),
            "--fee-bps",
            "30",
            "--shares",
            "10000",
            "--quote",
            "1000",
        ],
    );
    let pool = created["pool"].as_str().unwrap().to_string();
    // floor(sqrt(1e10 × 1e9)) LP units, 1,000 of them locked.
    let mut books = Books::opened(u128::from(10_000 * USDC), u128::from(1_000 * USDC));
    assert_eq!(books.lp_supply, sqrt_floor(10u128.pow(19)));
    assert_eq!(books.lp_supply, 3_162_277_660);
    let lp_minted = books.lp_supply - 1_000;
    assert_eq!(units(&created["lp_minted"]), lp_minted);
    assert_eq!(created["fee_bps"], FEE_BPS);
    assert_pool(&e2e, &created, &books, &studio);

    // 100 quote tokens in, shares out, at the model's price.
    let bought = e2e.json(
        &trader,
        &[
            "pool",
            "swap",
            "--pool",
            &pool,
            "--sell",
            "quote",
            "--amount-in",
            "100",
        ],
    );
    let trade = books.sell(SwapDirection::SellQuote, (100 * USDC).into(), FEE_BPS);
    assert_eq!(trade.fee, 300_000);
    assert_eq!(
        (
            units(&bought["amount_in"]),
            units(&bought["amount_out"]),
            units(&bought["fee"])
        ),
        (trade.amount_in, trade.amount_out, trade.fee)
    );
    books = books.after(SwapDirection::SellQuote, &trade, PROTOCOL_FEE_BPS);
    // 3 % of the 300,000 fee is set aside for the treasury.
    assert_eq!(books.fees_quote, 9_000);
    assert_pool(&e2e, &bought, &books, &studio);
    let shares = trade.amount_out;
    assert_eq!(
        (
            units(&bought["balance_shares"]),
            units(&bought["balance_quote"])
        ),
        (shares, u128::from(400 * USDC))
    );
    let shown = e2e.json(&trader, &["pool", "show", "--pool", &pool]);
    assert_pool(&e2e, &shown, &books, &studio);

    // Half of those shares back.
    let half = u64::try_from(shares / 2).unwrap();
    let half_ui = encore_sdk::token::ui_amount(half, 6);
    let sold = e2e.json(
        &trader,
        &[
            "pool",
            "swap",
            "--pool",
            &pool,
            "--sell",
            "shares",
            "--amount-in",
            &half_ui,
        ],
    );
    let trade = books.sell(SwapDirection::SellShares, half.into(), FEE_BPS);
    assert_eq!(
        (units(&sold["amount_in"]), units(&sold["amount_out"])),
        (trade.amount_in, trade.amount_out)
    );
    books = books.after(SwapDirection::SellShares, &trade, PROTOCOL_FEE_BPS);
    assert_pool(&e2e, &sold, &books, &studio);
    assert_eq!(
        (
            units(&sold["balance_shares"]),
            units(&sold["balance_quote"])
        ),
        (
            shares - trade.amount_in,
            u128::from(400 * USDC) + trade.amount_out
        )
    );

    // The creator takes half its liquidity out: floor(lp × R / L) a side.
    let lp = lp_minted / 2;
    let lp_ui = encore_sdk::token::ui_amount(u64::try_from(lp).unwrap(), 6);
    let withdrawn = e2e.json(
        artist,
        &["pool", "withdraw", "--pool", &pool, "--lp", &lp_ui],
    );
    let (share_out, quote_out) = books.withdrawal(lp);
    assert_eq!(
        (
            units(&withdrawn["lp_burnt"]),
            units(&withdrawn["received_shares"]),
            units(&withdrawn["received_quote"]),
            units(&withdrawn["lp_balance"])
        ),
        (lp, share_out, quote_out, lp_minted - lp)
    );
    books.reserve_share -= share_out;
    books.reserve_quote -= quote_out;
    books.lp_supply -= lp;
    assert_pool(&e2e, &withdrawn, &books, &studio);
}

/// An LP provides liquidity for a period of revenue and takes its share of
/// it through the CLI. The artist (90 %) opens the pool with 100,000 shares
/// and 5,000 USDC; the backer (10 %, staked as distributed) doubles it, its
/// 100,000 shares coming out of its stake in the same transaction. The
/// whole supply stays staked: the artist's 800,000, the pool's 200,000.
/// 100 USDC of revenue over a period: 80 to the artist's stake, 20 to the
/// pool's reserve, 10 of it the backer's (half the LP units) and 10 less
/// the locked minimum's unit the artist's as LP.
#[test]
fn e2e_an_lp_takes_its_share_of_the_revenue() {
    let e2e = E2e::start();
    let backer = e2e.wallet("backer");
    let studio = Studio::new(&e2e, &[(&backer, 1_000)]);
    let artist = &studio.artist;
    let (track, mint) = (studio.track.to_string(), studio.mint.to_string());
    e2e.mint_to(artist, &studio.mint, &artist.pubkey(), 10_000 * USDC);
    e2e.mint_to(artist, &studio.mint, &backer.pubkey(), 6_000 * USDC);
    let created = e2e.json(
        artist,
        &[
            "pool",
            "create",
            "--track",
            &track,
            "--quote-mint",
            &mint,
            "--fee-bps",
            "30",
            "--shares",
            "100000",
            "--quote",
            "5000",
        ],
    );
    let pool = created["pool"].as_str().unwrap().to_string();
    let supply = base_units(&created["lp_supply"]);
    assert_eq!(
        u128::from(supply),
        sqrt_floor(100_000 * 1_000_000 * 5_000 * USDC as u128)
    );
    let lp_ui = created["lp_supply"]["ui"].as_str().unwrap().to_string();
    let joined = e2e.json(
        &backer,
        &["pool", "deposit", "--pool", &pool, "--lp", &lp_ui],
    );
    assert_eq!(base_units(&joined["paid_shares"]), 100_000 * 1_000_000);
    assert_eq!(base_units(&joined["paid_quote"]), 5_000 * USDC);
    assert_eq!(base_units(&joined["paid_earnings"]), 0);
    let backer_position =
        encore_sdk::shares::position(&e2e.client, &studio.track, &backer.pubkey())
            .unwrap()
            .unwrap();
    assert_eq!(
        backer_position.stake.staked, 0,
        "its shares went into the pool"
    );

    e2e.json(
        artist,
        &[
            "shares",
            "deposit-revenue",
            "--track",
            &track,
            "--amount",
            "100",
        ],
    );
    e2e.net.warp_seconds(8 * 86_400).unwrap();
    let shown = e2e.json(&backer, &["pool", "show", "--pool", &pool]);
    assert_eq!(base_units(&shown["earnings"]), 0);
    assert_eq!(base_units(&shown["earnings_pending"]), 20 * USDC);
    // Half the LP units: half the reserve's 20.
    assert_eq!(base_units(&shown["holder"]["lp_balance"]), supply);
    assert_eq!(base_units(&shown["holder"]["earnings"]), 10 * USDC);

    let left = e2e.json(
        &backer,
        &["pool", "withdraw", "--pool", &pool, "--lp", &lp_ui],
    );
    assert_eq!(base_units(&left["received_earnings"]), 10 * USDC);
    assert_eq!(base_units(&left["received_quote"]), 5_010 * USDC);
    assert_eq!(base_units(&left["received_shares"]), 100_000 * 1_000_000);
    assert_eq!(base_units(&left["earned_total"]), 20 * USDC);
    assert_eq!(base_units(&left["earnings"]), 10 * USDC);

    let creator_lp = encore_sdk::token::ui_amount(supply - 1_000, 6);
    let out = e2e.json(
        artist,
        &["pool", "withdraw", "--pool", &pool, "--lp", &creator_lp],
    );
    assert_eq!(base_units(&out["received_earnings"]), 10 * USDC - 1);
    let claimed = e2e.json(artist, &["shares", "claim", "--track", &track]);
    assert_eq!(base_units(&claimed["amount"]), 80 * USDC);
}
