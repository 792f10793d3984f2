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

/// `--stake`: the shares a swap buys are staked in the same transaction,
/// exactly what it bought, beside shares the trader already held unstaked.
#[test]
fn a_swap_with_stake_stakes_exactly_the_shares_it_bought() {
    use encore_sdk::shares;

    let market = Market::new();
    let trader = market.trader("staker", 1_000 * USDC);
    // A first purchase, kept unstaked.
    let first = market.json(
        &trader,
        &["pool", "swap", "--sell", "quote", "--amount-in", "10"],
    );
    let held = units(&first["amount_out"]);
    assert_eq!(first["staked"], serde_json::Value::Null);
    let before = market.state();
    let (_, bought) = super::exact_in(before.reserve_quote, before.reserve_share, 100 * USDC, 30);
    let swapped = market.json(
        &trader,
        &[
            "pool",
            "swap",
            "--sell",
            "quote",
            "--amount-in",
            "100",
            "--stake",
        ],
    );
    assert_eq!(units(&swapped["amount_out"]), bought);
    assert_eq!(units(&swapped["staked"]), bought);
    assert_eq!(units(&swapped["staked_after"]), bought);
    // The earlier shares stay in the wallet; the new ones are in the position.
    let track = before.track;
    let position = shares::position(&market.chain().client, &track, &trader.pubkey())
        .unwrap()
        .unwrap();
    assert_eq!(position.stake.staked, bought);
    assert_eq!(market.balances(&trader.pubkey()).0, held);
    assert_eq!(units(&swapped["balance_shares"]), held);

    // Only a purchase of shares can stake them.
    let (error, hint) = market.chain().fail(
        &trader,
        &[
            "pool",
            "swap",
            "--pool",
            &market.pool_arg(),
            "--sell",
            "shares",
            "--amount-in",
            "1",
            "--stake",
        ],
    );
    assert!(error.contains("--stake"), "{error}");
    assert!(hint.contains("encore shares stake"), "{hint}");
}
