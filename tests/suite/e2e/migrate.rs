//! `encore migrate` and `migrations/bootstrap.sh`: the deployment bootstrap,
//! rerunnable, with parameter changes going through the timelock.

use std::process::Command;

use encore_sdk::accounts;

use super::{key, E2e, BIN};

#[test]
fn e2e_migrate_bootstraps_and_converges() {
    let e2e = E2e::start();
    let settler = e2e.wallet("settler");

    // A fresh cluster: governance is initialized; the settler has no record yet.
    let first = e2e.json(
        &e2e.authority,
        &["migrate", "--settler", &settler.pubkey().to_string()],
    );
    assert_eq!(first["governance"], "initialized");
    assert!(first["init_signature"].as_str().is_some());
    assert!(first["params"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["status"] == "unchanged"));
    assert_eq!(first["settlers"][0]["status"], "not_registered");
    assert_eq!(first["complete"], false);
    let next = first["next_steps"][0].as_str().unwrap();
    assert!(next.contains("encore gov settler register"), "{next}");
    assert_eq!(key(&first["config"]["authority"]), e2e.authority.pubkey());

    // The settler registers from its side; the rerun approves it.
    let bond_mint = e2e.mint(&settler, 6).to_string();
    e2e.json(
        &settler,
        &["gov", "settler", "register", "--bond-mint", &bond_mint],
    );
    let second = e2e.json(
        &e2e.authority,
        &["migrate", "--settler", &settler.pubkey().to_string()],
    );
    assert_eq!(second["governance"], "existing");
    assert_eq!(second["settlers"][0]["status"], "approved");
    assert_eq!(second["complete"], true, "{second}");
    assert!(
        accounts::settler(&e2e.client, &settler.pubkey())
            .unwrap()
            .unwrap()
            .approved
    );

    // A different fee is proposed through the timelock, not set; a rerun
    // before the eta proposes nothing new; after it, the rerun executes it.
    let fee = ["migrate", "--protocol-fee-bps", "250"];
    let proposed = e2e.json(&e2e.authority, &fee);
    let step = &proposed["params"][0];
    assert_eq!(step["status"], "proposed", "{proposed}");
    assert_eq!(step["current"]["value"], 300);
    assert_eq!(step["wanted"]["value"], 250);
    assert_eq!(proposed["config"]["protocol_fee_bps"], 300);
    let id = step["proposal"].as_u64().unwrap();

    let waiting = e2e.json(&e2e.authority, &fee);
    assert_eq!(waiting["params"][0]["status"], "pending");
    assert_eq!(waiting["params"][0]["proposal"], id);
    assert_eq!(
        waiting["config"]["change_count"],
        id + 1,
        "no second proposal"
    );

    // Someone who is not the authority sees the difference but changes nothing.
    let report = e2e.json(&settler, &["migrate", "--protocol-fee-bps", "100"]);
    assert_eq!(report["params"][0]["status"], "differs");
    assert_eq!(report["complete"], false);

    e2e.net.warp_seconds(2 * 86_400 + 60).unwrap();
    let executed = e2e.json(&e2e.authority, &fee);
    assert_eq!(executed["params"][0]["status"], "executed", "{executed}");
    assert_eq!(executed["config"]["protocol_fee_bps"], 250);
    assert_eq!(
        accounts::config(&e2e.client)
            .unwrap()
            .params
            .protocol_fee_bps,
        250
    );
}

#[test]
fn e2e_bootstrap_script() {
    let e2e = E2e::start();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../migrations/bootstrap.sh");
    let output = Command::new("bash")
        .arg(script)
        .env("ENCORE", BIN)
        .env("HOME", e2e.dir.path())
        .env("ENCORE_URL", e2e.net.url())
        .env("ENCORE_KEYPAIR", &e2e.authority.path)
        .env("ENCORE_OUTPUT", "json")
        .env_remove("ENCORE_CONFIG")
        .env_remove("ENCORE_COMMITMENT")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["governance"], "initialized");
    assert_eq!(report["complete"], true);
}
