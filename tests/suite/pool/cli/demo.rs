//! The demo's market: its pool section and conservation checks.

use serde_json::Value;

use crate::support::chain::{units, Chain};
use crate::support::cli::Wallet;

#[test]
fn demo_market_conserves_value() {
    let chain = Chain::uninitialized();
    let nobody = Wallet {
        keypair: solana_keypair::Keypair::new(),
        path: "/nonexistent/id.json".into(),
    };
    let summary = chain.json(&nobody, &["demo"]);
    let checks = summary["checks"].as_array().unwrap();
    let pool_checks: Vec<&Value> = checks
        .iter()
        .filter(|c| c["name"].as_str().unwrap().starts_with("pool: "))
        .collect();
    assert_eq!(pool_checks.len(), 7, "{pool_checks:?}");
    for check in checks {
        assert_eq!(check["ok"], true, "failed: {check}");
    }

    let pool = &summary["pool"];
    assert_eq!(pool["title"], "Opening Night");
    assert_eq!(pool["creator_role"], "producer");
    assert_eq!(pool["fee_bps"], 30);
    assert_eq!(pool["share_mint"], summary["tracks"][0]["share_mint"]);
    assert_eq!(pool["quote_mint"], summary["payment_mint"]);
    // The vaults hold the reserves and the uncollected protocol fees, and
    // trades on both sides left fees on both.
    assert!(units(&pool["protocol_fees_share"]) > 0, "{pool}");
    assert!(units(&pool["protocol_fees_quote"]) > 0, "{pool}");
    assert_eq!(
        units(&pool["vault_share"]),
        units(&pool["reserve_share"]) + units(&pool["protocol_fees_share"])
    );
    assert_eq!(
        units(&pool["vault_quote"]),
        units(&pool["reserve_quote"])
            + units(&pool["protocol_fees_quote"])
            + units(&pool["earnings"])
    );
    // The pooled shares earned the track's revenue after the last trade:
    // released to the reserve's position, collected at the next trade.
    assert_eq!(units(&pool["earnings"]), 0, "{pool}");
    assert!(units(&pool["earnings_pending"]) > 0, "{pool}");
    let k = |v: &Value| v.as_str().unwrap().parse::<u128>().unwrap();
    assert!(k(&pool["k_final"]) > k(&pool["k_initial"]), "{pool}");
    assert_eq!(
        k(&pool["k_final"]),
        u128::from(units(&pool["reserve_share"])) * u128::from(units(&pool["reserve_quote"]))
    );
    assert_eq!(
        units(&pool["lp_supply"]),
        units(&pool["creator_lp"]) + encore_sdk::pool::MINIMUM_LIQUIDITY
    );

    // Two investors bought in; the first sold a quarter back.
    let trades = pool["trades"].as_array().unwrap();
    let sides: Vec<(&str, &str)> = trades
        .iter()
        .map(|t| (t["investor"].as_str().unwrap(), t["sell"].as_str().unwrap()))
        .collect();
    assert_eq!(
        sides,
        [
            ("investor-1", "quote"),
            ("investor-2", "quote"),
            ("investor-1", "shares")
        ]
    );
    assert_eq!(trades[0]["amount_out"]["ui"], "10000");
    assert_eq!(trades[1]["amount_in"]["ui"], "250");
    assert_eq!(trades[2]["amount_in"]["ui"], "2500");
    let investors = pool["investors"].as_array().unwrap();
    assert_eq!(investors[0]["shares"]["ui"], "7500");
    assert_eq!(
        units(&investors[1]["shares"]),
        units(&trades[1]["amount_out"])
    );
    assert_eq!(
        units(&investors[0]["usdc"]),
        units(&investors[0]["funded"]) - units(&trades[0]["amount_in"])
            + units(&trades[2]["amount_out"])
    );
    // The price rose with the buying; the mean since opening is in between.
    let price = |v: &Value| v.as_str().unwrap().parse::<f64>().unwrap();
    let spot = price(&pool["spot_price"]["quote_per_share"]);
    assert!(spot > 0.05, "{pool}");
    let mean = pool["twap_quote_per_share"]["ui"].as_str().unwrap();
    assert!(price(&Value::from(mean)) > 0.05, "{pool}");

    // Human output has the market.
    let human = chain.run(&nobody, &["demo"]).unwrap();
    assert!(
        human.contains("Pool (\"Opening Night\" shares / USDC)"),
        "{human}"
    );
    assert!(human.contains("investor-2"), "{human}");
    assert!(!human.contains("FAILED"), "{human}");
}
