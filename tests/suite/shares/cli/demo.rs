//! `encore demo`: the whole story in-process, its summary and its checks.

use serde_json::Value;

use crate::support::chain::{units, Chain};
use crate::support::cli::Wallet;

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

/// The streaming chapter's figures, which must add up among themselves.
fn check_streaming(summary: &Value) -> &Value {
    let s = &summary["streaming"];
    assert!(s.is_object(), "no streaming section: {summary}");
    let sum = |field: &str| -> u64 {
        s["tracks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t[field].as_u64().unwrap_or_else(|| units(&t[field])))
            .sum()
    };
    let rejected: u64 = ["duplicate", "too_short", "overlapping", "daily_cap"]
        .iter()
        .map(|k| s["rejected"][*k].as_u64().unwrap())
        .sum();
    let n = |field: &str| s[field].as_u64().unwrap();
    assert_eq!(n("plays_accepted"), n("plays_in") - rejected, "{s}");
    assert!(n("plays_paid") > 0, "{s}");
    assert!(n("batches") > 0, "{s}");
    assert!(
        n("plays_paid") + n("plays_unpaid") <= n("plays_accepted"),
        "{s}"
    );
    assert_eq!(s["tracks"].as_array().unwrap().len(), 3);
    assert_eq!(sum("plays_paid"), n("plays_paid"), "{s}");
    // Listeners paid what the tracks earned plus the settler's fees ...
    assert!(units(&s["paid_by_listeners"]) > 0, "{s}");
    assert_eq!(
        units(&s["paid_by_listeners"]),
        sum("earned") + units(&s["settler_fees"]),
        "{s}"
    );
    // ... out of their deposits (nobody withdrew) ...
    assert_eq!(
        units(&s["deposited"]),
        units(&s["paid_by_listeners"]) + units(&s["listener_balances"]),
        "{s}"
    );
    // ... and each track's harvest is its earnings less the protocol fee;
    // "Last Call", a remix of "Opening Night", passes it 20 % of that
    // (rounded down), which "Opening Night" harvests with its own.
    let tracks = s["tracks"].as_array().unwrap();
    let net = |t: &Value| units(&t["earned"]) - units(&t["protocol_fee"]);
    assert_eq!(tracks[2]["title"], "Last Call");
    let to_original = net(&tracks[2]) * 2_000 / 10_000;
    assert_eq!(
        units(&tracks[2]["harvested"]),
        net(&tracks[2]) - to_original,
        "{s}"
    );
    assert_eq!(units(&tracks[1]["harvested"]), net(&tracks[1]), "{s}");
    assert_eq!(
        units(&tracks[0]["harvested"]),
        net(&tracks[0]) + to_original,
        "{s}"
    );
    assert_eq!(sum("protocol_fee"), units(&s["protocol_fees"]), "{s}");
    assert!(units(&s["protocol_fees"]) > 0, "{s}");
    s
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
    let streaming = check_streaming(&summary);
    // Every sixth listener deposits a few plays' worth and runs short.
    assert!(
        streaming["plays_unpaid"].as_u64().unwrap() > 0,
        "{streaming}"
    );
    assert_eq!(streaming["listeners"], 200);
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
    assert_eq!(again["streaming"]["tracks"], summary["streaming"]["tracks"]);

    // Human output: the tables and every check.
    let human = chain.run(&nobody, &["demo"]).unwrap();
    assert!(human.contains("Opening Night"), "{human}");
    assert!(human.contains("Rights holders"), "{human}");
    assert!(human.contains("Streaming (escrow, settled by"), "{human}");
    assert!(!human.contains("FAILED"), "{human}");
}

#[test]
fn demo_on_a_cluster_uses_its_governance() {
    // Without governance, only the upgrade authority may set it up (as the
    // browser test's demo on a fresh `encore localnet` does); anyone else
    // is refused by the program and told how to go on.
    let bare = Chain::uninitialized();
    let stranger = bare.wallet("stranger");
    let (error, hint) = bare.fail(&stranger, &["-u", "localhost", "demo"]);
    assert!(error.contains("initializing governance"), "{error}");
    // Refused by the governance program, by name.
    assert!(
        error.contains("governance error 6000 (NotUpgradeAuthority)"),
        "{error}"
    );
    assert!(
        hint.contains("encore migrate -k <UPGRADE_AUTHORITY_KEYPAIR>"),
        "{hint}"
    );

    // On a "cluster" (here the test's own chain, whose clock only moves when
    // warped) the story plays under existing governance, paid by -k.
    let chain = Chain::new();
    let summary = chain.json(&chain.council, &["-u", "localhost", "demo", "--wait", "0s"]);
    check_summary(&summary);
    // The council is governance's authority, so it approves the settler.
    assert_eq!(check_streaming(&summary)["listeners"], 24);
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
    assert!(hint.contains("encore wallet airdrop"), "{hint}");
}
