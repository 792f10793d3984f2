//! `encore demo`: the whole story in-process, its summary and its checks.

use serde_json::Value;

use crate::cli_gov::{units, Chain};
use crate::cli_registry::Wallet;

fn check_summary(summary: &Value) {
    let checks = summary["checks"].as_array().unwrap();
    assert!(!checks.is_empty());
    for check in checks {
        assert_eq!(check["ok"], true, "failed: {check}");
    }
    let tracks = summary["tracks"].as_array().unwrap();
    assert_eq!(tracks.len(), 3);
    let mut deposited = 0;
    for t in tracks {
        let parts = units(&t["claimed"]) + units(&t["pending"]) + units(&t["unreleased"]);
        assert_eq!(parts + units(&t["dust"]), units(&t["deposited"]), "{t}");
        assert!(
            units(&t["dust"]) <= t["positions"].as_u64().unwrap() + 1,
            "{t}"
        );
        assert_eq!(
            units(&t["vault_balance"]),
            units(&t["deposited"]) - units(&t["claimed"]),
            "{t}"
        );
        deposited += units(&t["deposited"]);
    }
    let totals = &summary["totals"];
    assert_eq!(units(&totals["deposited"]), deposited);
    assert_eq!(
        units(&totals["claimed"])
            + units(&totals["pending"])
            + units(&totals["unreleased"])
            + units(&totals["dust"]),
        deposited
    );
    let holders = summary["holders"].as_array().unwrap();
    let roles: Vec<&str> = holders
        .iter()
        .map(|h| h["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["artist", "producer", "songwriter"]);
    let claimed: u64 = holders.iter().map(|h| units(&h["claimed"])).sum();
    assert_eq!(claimed, units(&totals["claimed"]));
}

#[test]
fn demo_runs_in_process_and_conserves_value() {
    // Without --url the demo ignores the client it is given and starts its own chain.
    let chain = Chain::uninitialized();
    let nobody = Wallet {
        keypair: solana_keypair::Keypair::new(),
        path: "/nonexistent/id.json".into(),
    };
    let summary = chain.json(&nobody, &["demo"]);
    check_summary(&summary);
    let totals = &summary["totals"];
    // Every tip but the late one was fully released; the late one only for a day.
    assert!(units(&totals["claimed"]) > 0);
    assert!(units(&totals["pending"]) > 0);
    assert!(units(&totals["unreleased"]) > 0);
    let prices: Vec<&str> = summary["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["price"]["ui"].as_str().unwrap())
        .collect();
    assert_eq!(prices, ["0.002", "0.0035", "0.005"]);

    // Deterministic: the same story, the same numbers.
    let again = chain.json(&nobody, &["demo"]);
    assert_eq!(again["totals"], summary["totals"]);
    assert_eq!(again["tracks"], summary["tracks"]);

    // Human output: the tables and every check.
    let human = chain.run(&nobody, &["demo"]).unwrap();
    assert!(human.contains("Opening Night"), "{human}");
    assert!(human.contains("Rights holders"), "{human}");
    assert!(!human.contains("FAILED"), "{human}");
}

#[test]
fn demo_on_a_cluster_uses_its_governance() {
    let bare = Chain::uninitialized();
    let (error, hint) = bare.fail(&bare.council, &["-u", "localhost", "demo"]);
    assert!(error.contains("governance is not initialized"), "{error}");
    assert!(hint.contains("encore gov init"), "{hint}");

    // On a "cluster" (here the test's own chain, whose clock only moves when
    // warped) the story plays under existing governance, paid by -k.
    let chain = Chain::new();
    let summary = chain.json(&chain.council, &["-u", "localhost", "demo", "--wait", "0s"]);
    check_summary(&summary);
    // No time passed: everything is still unreleased.
    assert_eq!(units(&summary["totals"]["claimed"]), 0);
    assert_eq!(
        units(&summary["totals"]["unreleased"]),
        units(&summary["totals"]["deposited"])
    );

    let broke = chain.wallet("broke");
    chain
        .client
        .with_svm(|svm| {
            let mut account = svm.get_account(&broke.pubkey()).unwrap();
            account.lamports = 1_000_000;
            svm.set_account(broke.pubkey(), account)
        })
        .unwrap();
    let (error, hint) = chain.fail(&broke, &["-u", "localhost", "demo"]);
    assert!(error.contains("the demo needs about"), "{error}");
    assert!(hint.contains("solana airdrop"), "{hint}");
}
