//! `encore pool deposit | withdraw | collect-fees`.

use super::{ceil_div, exact_in, protocol_part, Market, FEE_BPS};
use crate::support::chain::units;
use crate::support::studio::{SHARE, USDC};

/// LP units have 6 decimals, like shares.
const LP: u64 = 1_000_000;

#[test]
fn deposit_by_lp_or_by_maxima_then_withdraw() {
    let market = Market::new();
    let chain = market.chain();
    let artist = market.artist();
    let me = artist.pubkey();

    // --lp: pays ceil(lp × R / L) of each side, bounded by the cost plus 50 bps.
    let before = market.state();
    let (shares_before, usdc_before) = market.balances(&me);
    let lp_before = market.lp(&me);
    let lp = 1_000 * LP;
    let cost = |reserve: u64| {
        ceil_div(
            u128::from(lp) * u128::from(reserve),
            u128::from(before.lp_supply),
        ) as u64
    };
    let (share_cost, quote_cost) = (cost(before.reserve_share), cost(before.reserve_quote));
    let deposited = market.json(artist, &["pool", "deposit", "--lp", "1000"]);
    assert_eq!(units(&deposited["lp_minted"]), lp);
    assert_eq!(units(&deposited["paid_shares"]), share_cost);
    assert_eq!(units(&deposited["paid_quote"]), quote_cost);
    assert_eq!(
        units(&deposited["max_shares"]),
        ceil_div(u128::from(share_cost) * 10_050, 10_000) as u64
    );
    assert_eq!(units(&deposited["lp_balance"]), lp_before + lp);
    let after = market.state();
    assert_eq!(after.reserve_share, before.reserve_share + share_cost);
    assert_eq!(after.reserve_quote, before.reserve_quote + quote_cost);
    assert_eq!(after.lp_supply, before.lp_supply + lp);
    assert_eq!(market.lp(&me), lp_before + lp);
    assert_eq!(
        market.balances(&me),
        (shares_before - share_cost, usdc_before - quote_cost)
    );

    // --shares/--quote: the most LP both maxima buy, less the tolerance,
    // and never more than the maxima.
    let share_mint = market.share_mint();
    let artist_shares = chain.balance(&me, &share_mint);
    let before = market.state();
    let for_max = |max: u64, reserve: u64| {
        (u128::from(max) * u128::from(before.lp_supply) / u128::from(reserve)) as u64
    };
    let (max_s, max_q) = (500 * SHARE, 25 * USDC);
    let expected = for_max(max_s * 9_950 / 10_000, before.reserve_share)
        .min(for_max(max_q * 9_950 / 10_000, before.reserve_quote));
    let deposited = market.json(
        artist,
        &["pool", "deposit", "--shares", "500", "--quote", "25"],
    );
    assert_eq!(units(&deposited["lp_minted"]), expected);
    assert_eq!(units(&deposited["max_shares"]), max_s);
    assert_eq!(units(&deposited["max_quote"]), max_q);
    assert!(units(&deposited["paid_shares"]) <= max_s);
    assert!(units(&deposited["paid_quote"]) <= max_q);
    assert_eq!(
        artist_shares - chain.balance(&me, &share_mint),
        units(&deposited["paid_shares"])
    );
    // With no tolerance it takes as much as the maxima allow.
    let before = market.state();
    let exact = market.json(
        artist,
        &[
            "pool",
            "deposit",
            "--shares",
            "500",
            "--quote",
            "25",
            "--slippage-bps",
            "0",
        ],
    );
    let for_max = |max: u64, reserve: u64| {
        (u128::from(max) * u128::from(before.lp_supply) / u128::from(reserve)) as u64
    };
    assert_eq!(
        units(&exact["lp_minted"]),
        for_max(max_s, before.reserve_share).min(for_max(max_q, before.reserve_quote))
    );
    assert!(units(&exact["paid_quote"]) <= max_q);
    let (error, hint) = chain.fail(
        artist,
        &[
            "pool",
            "deposit",
            "--pool",
            &market.pool_arg(),
            "--shares",
            "0.000001",
            "--quote",
            "0.000001",
        ],
    );
    assert!(error.contains("buy no LP"), "{error}");
    assert!(hint.contains("pool's ratio"), "{hint}");
    let (error, _) = chain.fail(
        artist,
        &[
            "pool",
            "deposit",
            "--pool",
            &market.pool_arg(),
            "--shares",
            "1",
        ],
    );
    assert!(error.contains("--quote"), "{error}");

    // withdraw: floor(lp × R / L) of each side.
    let before = market.state();
    let (shares_before, usdc_before) = market.balances(&me);
    let lp_held = market.lp(&me);
    let burn = 500 * LP;
    let proceeds = |reserve: u64| {
        (u128::from(burn) * u128::from(reserve) / u128::from(before.lp_supply)) as u64
    };
    let withdrawn = market.json(artist, &["pool", "withdraw", "--lp", "500"]);
    let (share_out, quote_out) = (
        proceeds(before.reserve_share),
        proceeds(before.reserve_quote),
    );
    assert_eq!(units(&withdrawn["received_shares"]), share_out);
    assert_eq!(units(&withdrawn["received_quote"]), quote_out);
    assert_eq!(units(&withdrawn["min_shares"]), share_out * 9_950 / 10_000);
    assert_eq!(units(&withdrawn["lp_balance"]), lp_held - burn);
    assert_eq!(
        market.balances(&me),
        (shares_before + share_out, usdc_before + quote_out)
    );
    let after = market.state();
    assert_eq!(after.lp_supply, before.lp_supply - burn);
    assert_eq!(after.reserve_share, before.reserve_share - share_out);

    // A holder without LP, too much, then everything.
    let trader = market.trader("no-lp", 100 * USDC);
    let (error, hint) = chain.fail(
        &trader,
        &[
            "pool",
            "withdraw",
            "--pool",
            &market.pool_arg(),
            "--lp",
            "1",
        ],
    );
    assert!(error.contains("nothing to withdraw"), "{error}");
    assert!(hint.contains("encore pool deposit"), "{hint}");
    let too_much = (market.lp(&me) / LP + 1).to_string();
    let (error, _) = chain.fail(
        artist,
        &[
            "pool",
            "withdraw",
            "--pool",
            &market.pool_arg(),
            "--lp",
            &too_much,
        ],
    );
    assert!(error.contains("less than --lp"), "{error}");
    let all = market.json(artist, &["pool", "withdraw", "--lp", "all"]);
    assert_eq!(units(&all["lp_balance"]), 0);
    // Only the locked minimum is left, backed by a sliver of both sides.
    let last = market.state();
    assert_eq!(last.lp_supply, encore_sdk::pool::MINIMUM_LIQUIDITY);
    assert!(last.reserve_share > 0 && last.reserve_quote > 0);
}

#[test]
fn collect_fees_pays_the_treasury() {
    let market = Market::new();
    let chain = market.chain();
    let trader = market.trader("trader", 1_000 * USDC);
    let treasury = chain.council.pubkey();
    let share_mint = market.share_mint();
    let mint = market.studio.mint;

    let hint = market.fails_with(&trader, &["pool", "collect-fees"], "NothingToCollect");
    assert!(hint.contains("encore pool show --pool"), "{hint}");

    // Fees on both sides: 300 USDC in, then half the shares back.
    let before = market.state();
    let (quote_fee, bought) = exact_in(
        before.reserve_quote,
        before.reserve_share,
        300 * USDC,
        FEE_BPS,
    );
    market.json(
        &trader,
        &["pool", "swap", "--sell", "quote", "--amount-in", "300"],
    );
    let mid = market.state();
    let sell = bought / 2;
    let (share_fee, _) = exact_in(mid.reserve_share, mid.reserve_quote, sell, FEE_BPS);
    let sell_text = encore_sdk::token::ui_amount(sell, 6);
    market.json(
        &trader,
        &[
            "pool",
            "swap",
            "--sell",
            "shares",
            "--amount-in",
            &sell_text,
        ],
    );
    let accrued = market.state();
    assert_eq!(accrued.protocol_fees_quote, protocol_part(quote_fee));
    assert_eq!(accrued.protocol_fees_share, protocol_part(share_fee));
    let shown = market.json(&trader, &["pool", "show"]);
    assert_eq!(
        units(&shown["protocol_fees_quote"]),
        protocol_part(quote_fee)
    );
    assert_eq!(
        units(&shown["vault_quote"]),
        accrued.reserve_quote + accrued.protocol_fees_quote
    );

    // Anyone cranks it; the treasury's accounts are created on the way.
    let treasury_quote_before = chain.balance(&treasury, &mint);
    let collected = market.json(&trader, &["pool", "collect-fees"]);
    assert_eq!(collected["treasury"], treasury.to_string());
    assert_eq!(
        units(&collected["collected_quote"]),
        protocol_part(quote_fee)
    );
    assert_eq!(
        units(&collected["collected_shares"]),
        protocol_part(share_fee)
    );
    assert_eq!(
        chain.balance(&treasury, &mint) - treasury_quote_before,
        protocol_part(quote_fee)
    );
    assert_eq!(
        chain.balance(&treasury, &share_mint),
        protocol_part(share_fee)
    );
    let after = market.state();
    assert_eq!(
        (after.protocol_fees_share, after.protocol_fees_quote),
        (0, 0)
    );
    assert_eq!(
        (after.reserve_share, after.reserve_quote),
        (accrued.reserve_share, accrued.reserve_quote)
    );
    assert_eq!(units(&collected["vault_share"]), after.reserve_share);
    market.fails_with(&trader, &["pool", "collect-fees"], "NothingToCollect");
}
