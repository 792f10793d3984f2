//! `encore pool quote`, offline and on chain, and `encore pool swap`
//! executing exactly what it quoted.

use super::{base, exact_in, exact_out, impact_bps, protocol_part, Market, FEE_BPS};
use crate::support::chain::units;
use crate::support::studio::{SHARE, USDC};

#[test]
fn offline_quote_json_matches_the_formula() {
    let market = Market::new();
    let chain = market.chain();
    let who = market.artist();
    let offline = |args: &[&str]| {
        let mut full = vec!["pool", "quote"];
        full.extend_from_slice(args);
        chain.json(who, &full)
    };

    // Exact in: 10,000 into (1,000,000 ; 2,000,000) at 30 bps.
    let q = offline(&[
        "--reserves",
        "1000000,2000000",
        "--fee-bps",
        "30",
        "--amount-in",
        "10000",
    ]);
    let (fee, out) = exact_in(1_000_000, 2_000_000, 10_000, 30);
    assert_eq!((fee, out), (30, 19_743)); // the helper itself, by hand
    assert_eq!(q["amount_in"], 10_000);
    assert_eq!(q["amount_out"], out);
    assert_eq!(q["fee"], fee);
    let impact = impact_bps(1_000_000, 2_000_000, 10_000, fee, out);
    assert_eq!(impact, 98);
    assert_eq!(q["price_impact_bps"], impact);
    assert_eq!(q["exact"], "in");
    assert!(q.get("pool").is_none(), "{q}");

    // Exact out: buying those 19,743 back costs no more than 10,000.
    let q = offline(&[
        "--reserves",
        "1000000,2000000",
        "--fee-bps",
        "30",
        "--amount-out",
        "19743",
    ]);
    let (amount_in, fee) = exact_out(1_000_000, 2_000_000, 19_743, 30);
    assert_eq!((amount_in, fee), (10_000, 30));
    assert_eq!(q["amount_in"], amount_in);
    assert_eq!(q["amount_out"], 19_743);
    assert_eq!(q["fee"], fee);
    assert_eq!(
        q["price_impact_bps"],
        impact_bps(1_000_000, 2_000_000, amount_in, fee, 19_743)
    );

    // Odd sizes, a large trade and a zero fee.
    for (r_in, r_out, amount, bps) in [
        (7_777_777u64, 3_333_333u64, 1_234_567u64, 100u16),
        (5_000_000_000, 100_000_000_000, 2_500_000_000, 1_000),
        (1_000, 1_000_000_000, 999, 0),
    ] {
        let reserves = format!("{r_in},{r_out}");
        let (bps_text, amount_text) = (bps.to_string(), amount.to_string());
        let q = offline(&[
            "--reserves",
            &reserves,
            "--fee-bps",
            &bps_text,
            "--amount-in",
            &amount_text,
        ]);
        let (fee, out) = exact_in(r_in, r_out, amount, bps);
        assert_eq!((base(&q["fee"]), base(&q["amount_out"])), (fee, out), "{q}");
        assert_eq!(
            base(&q["price_impact_bps"]),
            impact_bps(r_in, r_out, amount, fee, out)
        );
        let out_text = out.to_string();
        let q = offline(&[
            "--reserves",
            &reserves,
            "--fee-bps",
            &bps_text,
            "--amount-out",
            &out_text,
        ]);
        let (amount_in, fee) = exact_out(r_in, r_out, out, bps);
        assert_eq!((base(&q["amount_in"]), base(&q["fee"])), (amount_in, fee));
        assert!(amount_in <= amount, "{q}");
    }

    // Errors by name, and usage errors.
    fn quote<'a>(args: &[&'a str]) -> Vec<&'a str> {
        let mut full = vec!["pool", "quote"];
        full.extend_from_slice(args);
        full
    }
    let hint = chain.fails_with(
        who,
        &quote(&[
            "--reserves",
            "1000,1000",
            "--fee-bps",
            "30",
            "--amount-in",
            "1",
        ]),
        "ZeroOutput",
    );
    assert!(hint.contains("too small"), "{hint}");
    chain.fails_with(
        who,
        &quote(&[
            "--reserves",
            "1000,1000",
            "--fee-bps",
            "30",
            "--amount-out",
            "1000",
        ]),
        "InsufficientLiquidity",
    );
    chain.fails_with(
        who,
        &quote(&[
            "--reserves",
            "1000,1000",
            "--fee-bps",
            "1001",
            "--amount-in",
            "10",
        ]),
        "FeeTooHigh",
    );
    let (error, _) = chain.fail(
        who,
        &quote(&[
            "--reserves",
            "1000,1000",
            "--fee-bps",
            "30",
            "--amount-in",
            "10",
            "--amount-out",
            "5",
        ]),
    );
    assert!(error.contains("cannot be used with"), "{error}");
    let (error, hint) = chain.fail(who, &quote(&["--reserves", "1000", "--fee-bps", "30"]));
    assert!(error.contains("is not IN,OUT"), "{error}");
    assert!(hint.contains("encore pool quote --help"), "{hint}");
    let (error, _) = chain.fail(who, &quote(&["--fee-bps", "30", "--amount-in", "5"]));
    assert!(error.contains("--reserves"), "{error}");
}

#[test]
fn on_chain_quote_is_the_executed_swap() {
    let market = Market::new();
    let chain = market.chain();
    let trader = market.trader("trader", 1_000 * USDC);
    let me = trader.pubkey();
    let pool = market.pool_arg();

    // Buy shares with exactly 250 USDC.
    let before = market.state();
    let q = chain.json(
        &trader,
        &[
            "pool", "quote", "--pool", &pool, "--sell", "quote", "--amount", "250",
        ],
    );
    let (fee, out) = exact_in(
        before.reserve_quote,
        before.reserve_share,
        250 * USDC,
        FEE_BPS,
    );
    assert_eq!(
        (
            base(&q["amount_in"]),
            base(&q["amount_out"]),
            base(&q["fee"])
        ),
        (250 * USDC, out, fee)
    );
    assert_eq!(q["pool"], pool);
    assert_eq!(q["sell"], "quote");
    assert_eq!(q["amount_in_ui"], "250");
    assert_eq!(q["reserve_in"], before.reserve_quote);
    let swapped = market.json(
        &trader,
        &["pool", "swap", "--sell", "quote", "--amount-in", "250"],
    );
    assert_eq!(units(&swapped["amount_out"]), out);
    assert_eq!(units(&swapped["amount_in"]), 250 * USDC);
    assert_eq!(units(&swapped["fee"]), fee);
    assert_eq!(units(&swapped["min_out"]), out * 9_950 / 10_000);
    assert_eq!(swapped["price_impact_bps"], q["price_impact_bps"]);
    assert_eq!(market.balances(&me), (out, 750 * USDC));
    let after = market.state();
    let protocol = protocol_part(fee);
    assert_eq!(
        after.reserve_quote,
        before.reserve_quote + 250 * USDC - protocol
    );
    assert_eq!(after.reserve_share, before.reserve_share - out);
    assert_eq!(after.protocol_fees_quote, protocol);
    assert_eq!(units(&swapped["reserve_share"]), after.reserve_share);
    assert_eq!(units(&swapped["balance_shares"]), out);

    // Sell a third of them back.
    let sell = out / 3;
    let sell_text = encore_sdk::token::ui_amount(sell, 6);
    let before = after;
    let q = chain.json(
        &trader,
        &[
            "pool", "quote", "--pool", &pool, "--sell", "shares", "--amount", &sell_text,
        ],
    );
    let (fee, out) = exact_in(before.reserve_share, before.reserve_quote, sell, FEE_BPS);
    assert_eq!((base(&q["amount_out"]), base(&q["fee"])), (out, fee));
    let swapped = market.json(
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
    assert_eq!(units(&swapped["amount_out"]), base(&q["amount_out"]));
    assert_eq!(units(&swapped["amount_in"]), sell);
    assert_eq!(market.state().protocol_fees_share, protocol_part(fee));

    // Exact out: buy exactly 1,000 shares; pay what the formula says.
    let before = market.state();
    let (shares_before, usdc_before) = market.balances(&me);
    let (amount_in, fee) = exact_out(
        before.reserve_quote,
        before.reserve_share,
        1_000 * SHARE,
        FEE_BPS,
    );
    let swapped = market.json(
        &trader,
        &["pool", "swap", "--sell", "quote", "--amount-out", "1000"],
    );
    assert_eq!(swapped["exact"], "out");
    assert_eq!(units(&swapped["amount_out"]), 1_000 * SHARE);
    assert_eq!(units(&swapped["amount_in"]), amount_in);
    assert_eq!(units(&swapped["fee"]), fee);
    assert_eq!(
        units(&swapped["max_in"]),
        (u128::from(amount_in) * 10_050).div_ceil(10_000) as u64
    );
    assert_eq!(
        market.balances(&me),
        (shares_before + 1_000 * SHARE, usdc_before - amount_in)
    );

    // Human output names both sides.
    let human = chain
        .run(
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
            ],
        )
        .unwrap();
    assert!(human.starts_with("Sold 1 quote for "), "{human}");
    let human = chain
        .run(
            &trader,
            &[
                "pool", "quote", "--pool", &pool, "--sell", "quote", "--amount", "1",
            ],
        )
        .unwrap();
    assert!(human.contains("Price impact"), "{human}");
}
