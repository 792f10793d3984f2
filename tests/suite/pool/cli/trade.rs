//! Slippage bounds the program enforces, by name; governance's pause.

use super::{Market, SEED_SHARES};
use crate::support::chain::units;
use crate::support::studio::{SHARE, USDC};

#[test]
fn slippage_errors_are_named() {
    let market = Market::new();
    let trader = market.trader("trader", 1_000 * USDC);
    let artist = market.artist();
    let before = market.state();

    // Asking for more than the curve gives: InsufficientOutput, with the hint.
    let hint = market.fails_with(
        &trader,
        &[
            "pool",
            "swap",
            "--sell",
            "quote",
            "--amount-in",
            "100",
            "--min-out",
            "2000",
        ],
        "InsufficientOutput",
    );
    assert!(
        hint.contains("price moved; raise --slippage-bps or retry"),
        "{hint}"
    );
    // Paying less than the curve needs: ExcessiveInput.
    let hint = market.fails_with(
        &trader,
        &[
            "pool",
            "swap",
            "--sell",
            "quote",
            "--amount-out",
            "2000",
            "--max-in",
            "100",
        ],
        "ExcessiveInput",
    );
    assert!(hint.contains("raise --slippage-bps"), "{hint}");
    // The same bounds on liquidity: a deposit capped below its cost, a
    // withdrawal asking for more than its share.
    market.fails_with(
        artist,
        &[
            "pool",
            "deposit",
            "--lp",
            "100",
            "--max-shares",
            "1",
            "--max-quote",
            "1000",
        ],
        "ExcessiveInput",
    );
    market.fails_with(
        artist,
        &["pool", "withdraw", "--lp", "100", "--min-shares", "100000"],
        "InsufficientOutput",
    );
    // Nothing moved.
    let after = market.state();
    assert_eq!(
        (after.reserve_share, after.reserve_quote, after.lp_supply),
        (before.reserve_share, before.reserve_quote, before.lp_supply)
    );
    assert_eq!(market.balances(&trader.pubkey()), (0, 1_000 * USDC));

    // A bound that only parses in the right units, and one flag per direction.
    let pool = market.pool_arg();
    let (error, hint) = market.chain().fail(
        &trader,
        &[
            "pool",
            "swap",
            "--pool",
            &pool,
            "--sell",
            "quote",
            "--amount-in",
            "1.0000001",
        ],
    );
    assert!(error.contains("at most 6 decimals"), "{error}");
    assert!(
        hint.contains("--amount-in is in UI units of quote"),
        "{hint}"
    );
    let (error, _) = market.chain().fail(
        &trader,
        &[
            "pool",
            "swap",
            "--pool",
            &pool,
            "--sell",
            "quote",
            "--amount-in",
            "1",
            "--max-in",
            "2",
        ],
    );
    assert!(error.contains("--max-in"), "{error}");
    let (error, _) = market.chain().fail(
        &trader,
        &["pool", "swap", "--pool", &pool, "--sell", "quote"],
    );
    assert!(error.contains("--amount-in"), "{error}");
    // Selling what the trader does not have.
    let hint = market.fails_with(
        &trader,
        &["pool", "swap", "--sell", "shares", "--amount-in", "10"],
        "InsufficientFunds",
    );
    assert!(hint.contains("balances"), "{hint}");
    // More than the pool holds.
    let all = (SEED_SHARES / SHARE).to_string();
    market.fails_with(
        &trader,
        &["pool", "swap", "--sell", "quote", "--amount-out", &all],
        "InsufficientLiquidity",
    );
}

#[test]
fn pause_blocks_swaps_and_deposits_not_withdrawals() {
    let market = Market::new();
    let chain = market.chain();
    let trader = market.trader("trader", 1_000 * USDC);
    let artist = market.artist();
    market.json(
        &trader,
        &["pool", "swap", "--sell", "quote", "--amount-in", "100"],
    );

    chain.json(&chain.council, &["gov", "pause", "--area", "pool"]);
    let hint = market.fails_with(
        &trader,
        &["pool", "swap", "--sell", "quote", "--amount-in", "100"],
        "Paused",
    );
    assert!(hint.contains("withdrawals"), "{hint}");
    market.fails_with(
        &trader,
        &["pool", "swap", "--sell", "shares", "--amount-out", "1"],
        "Paused",
    );
    market.fails_with(artist, &["pool", "deposit", "--lp", "100"], "Paused");
    market.fails_with(
        artist,
        &["pool", "deposit", "--shares", "100", "--quote", "5"],
        "Paused",
    );

    // Exits still work: withdrawing liquidity and collecting protocol fees.
    let lp_before = market.lp(&artist.pubkey());
    let withdrawn = market.json(artist, &["pool", "withdraw", "--lp", "1000"]);
    assert_eq!(units(&withdrawn["lp_burnt"]), 1_000 * SHARE);
    assert_eq!(market.lp(&artist.pubkey()), lp_before - 1_000 * SHARE);
    let collected = market.json(&trader, &["pool", "collect-fees"]);
    assert!(units(&collected["collected_quote"]) > 0);

    chain.json(&chain.council, &["gov", "unpause", "--area", "pool"]);
    market.json(
        &trader,
        &["pool", "swap", "--sell", "quote", "--amount-in", "100"],
    );
}
