//! `encore pool ...` through the binary: open a pool of a track's shares,
//! trade both ways, take liquidity out.

use super::shares::{base_units, Studio};
use super::E2e;

const USDC: u64 = 1_000_000;

/// The product of the reserves, from a printed pool.
fn k(pool: &serde_json::Value) -> u128 {
    u128::from(base_units(&pool["reserve_share"])) * u128::from(base_units(&pool["reserve_quote"]))
}

#[test]
fn e2e_pool_create_swap_withdraw() {
    let e2e = E2e::start();
    let trader = e2e.wallet("trader");
    let studio = Studio::new(&e2e, &[]);
    let artist = &studio.artist;
    e2e.mint_to(artist, &studio.mint, &artist.pubkey(), 10_000 * USDC);
    e2e.mint_to(artist, &studio.mint, &trader.pubkey(), 500 * USDC);

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
    assert_eq!(base_units(&created["reserve_share"]), 10_000 * USDC);
    assert_eq!(base_units(&created["reserve_quote"]), 1_000 * USDC);
    assert!(base_units(&created["lp_minted"]) > 0);
    let k0 = k(&created);

    // Quote in, shares out; then some shares back.
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
    assert_eq!(base_units(&bought["amount_in"]), 100 * USDC);
    let shares = base_units(&bought["amount_out"]);
    assert!(shares > 0 && shares < 1_000 * USDC, "bought {shares}");
    let after_buy = e2e.json(&trader, &["pool", "show", "--pool", &pool]);
    assert!(k(&after_buy) >= k0, "k never decreases across a swap");

    let half = encore_sdk::token::ui_amount(shares / 2, 6);
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
            &half,
        ],
    );
    assert!(base_units(&sold["amount_out"]) > 0);
    let after_sell = e2e.json(&trader, &["pool", "show", "--pool", &pool]);
    assert!(k(&after_sell) >= k(&after_buy));

    // The creator takes half its liquidity out.
    let lp = encore_sdk::token::ui_amount(base_units(&created["lp_minted"]) / 2, 6);
    let withdrawn = e2e.json(artist, &["pool", "withdraw", "--pool", &pool, "--lp", &lp]);
    assert!(base_units(&withdrawn["received_shares"]) > 0);
    assert!(base_units(&withdrawn["received_quote"]) > 0);
    assert!(base_units(&withdrawn["lp_balance"]) > 0);
}
