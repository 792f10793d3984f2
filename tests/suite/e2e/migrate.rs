//! `encore migrate` and `migrations/bootstrap.sh`: the deployment bootstrap,
//! rerunnable, with parameter changes going through the timelock. Reports
//! and the chain are checked against the parameters worked out here.

use std::process::Command;

use encore_sdk::accounts;
use encore_sdk::governance::state::{ChangeStatus, ParamChange, ProtocolParams};
use serde_json::{json, Value};

use super::{key, E2e, BIN};

const DAY: i64 = 86_400;

/// `encore migrate`'s defaults (those of `gov init`) with `authority` as
/// treasury.
fn defaults(authority: anchor_lang::prelude::Pubkey) -> ProtocolParams {
    ProtocolParams {
        treasury: authority,
        protocol_fee_bps: 300,
        max_settler_fee_bps: 200,
        withdrawal_notice_secs: 2 * DAY,
        release_period_secs: 7 * DAY,
        timelock_delay_secs: 2 * DAY,
        challenge_window_secs: DAY,
        min_bond_ratio_bps: 10_000,
        dispute_deposit_lamports: 50_000_000,
        dispute_reward_bps: 1_000,
    }
}

/// The report's `config` section shows `params`.
fn assert_config(report: &Value, params: &ProtocolParams) {
    let config = &report["config"];
    assert_eq!(key(&config["treasury"]), params.treasury, "{report}");
    assert_eq!(config["protocol_fee_bps"], params.protocol_fee_bps);
    assert_eq!(config["max_settler_fee_bps"], params.max_settler_fee_bps);
    assert_eq!(
        config["withdrawal_notice_secs"],
        params.withdrawal_notice_secs
    );
    assert_eq!(config["release_period_secs"], params.release_period_secs);
    assert_eq!(config["timelock_delay_secs"], params.timelock_delay_secs);
}

/// The six parameter steps, in the report's fixed order, as (kind, value)
/// of what is current and what is wanted.
fn steps(report: &Value) -> Vec<(Value, Value, Value)> {
    report["params"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["current"].clone(),
                s["wanted"].clone(),
                s["status"].clone(),
            )
        })
        .collect()
}

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
    let landed = first["init_signature"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        e2e.client.inner().get_signature_status(&landed).unwrap(),
        Some(Ok(()))
    );
    let mut wanted = defaults(e2e.authority.pubkey());
    assert_config(&first, &wanted);
    assert_eq!(accounts::config(&e2e.client).unwrap().params, wanted);
    let treasury = e2e.authority.pubkey().to_string();
    let unchanged = |kind: &str, value: Value| {
        let v = json!({ "kind": kind, "value": value });
        (v.clone(), v, json!("unchanged"))
    };
    assert_eq!(
        steps(&first),
        vec![
            unchanged("protocol_fee_bps", json!(300)),
            unchanged("max_settler_fee_bps", json!(200)),
            unchanged("withdrawal_notice_secs", json!(2 * DAY)),
            unchanged("release_period_secs", json!(7 * DAY)),
            unchanged("timelock_delay_secs", json!(2 * DAY)),
            unchanged("treasury", json!(treasury)),
            unchanged("challenge_window_secs", json!(DAY)),
            unchanged("min_bond_ratio_bps", json!(10_000)),
            unchanged("dispute_deposit_lamports", json!(50_000_000)),
            unchanged("dispute_reward_bps", json!(1_000)),
        ]
    );
    assert_eq!(first["settlers"][0]["status"], "not_registered");
    assert_eq!(first["config"]["change_count"], 0);
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
    // Approved without a bond, it could settle nothing: the next step says so.
    assert_eq!(second["complete"], false, "{second}");
    let next = second["next_steps"][0].as_str().unwrap();
    assert!(next.contains("encore gov settler post-bond"), "{next}");
    let record = accounts::settler(&e2e.client, &settler.pubkey())
        .unwrap()
        .unwrap();
    assert!(record.approved);
    assert_eq!(record.bond_mint.to_string(), bond_mint);
    assert_eq!(record.bond_amount, 0);
    assert_eq!(record.revoked_at, 0);
    assert_config(&second, &wanted);
    // With a bond posted, the rerun has nothing left to ask.
    e2e.mint_to(
        &settler,
        &bond_mint.parse().unwrap(),
        &settler.pubkey(),
        10_000_000,
    );
    e2e.json(&settler, &["gov", "settler", "post-bond", "--amount", "10"]);
    let third = e2e.json(
        &e2e.authority,
        &["migrate", "--settler", &settler.pubkey().to_string()],
    );
    assert_eq!(third["settlers"][0]["status"], "already_approved");
    assert_eq!(third["complete"], true, "{third}");
    assert_eq!(third["next_steps"], json!([]));

    // A different fee is proposed through the timelock, not set; a rerun
    // before the eta proposes nothing new; after it, the rerun executes it.
    let fee = ["migrate", "--protocol-fee-bps", "250"];
    let proposed = e2e.json(&e2e.authority, &fee);
    let step = &proposed["params"][0];
    assert_eq!(step["status"], "proposed", "{proposed}");
    assert_eq!(step["current"]["value"], 300);
    assert_eq!(step["wanted"]["value"], 250);
    assert_eq!(proposed["config"]["protocol_fee_bps"], 300);
    // Only the fee moves; every other step stays unchanged.
    assert!(steps(&proposed)[1..]
        .iter()
        .all(|(_, _, s)| s == "unchanged"));
    let id = step["proposal"].as_u64().unwrap();
    assert_eq!(id, 0, "the deployment's first proposal");
    let change = accounts::change(&e2e.client, id).unwrap();
    assert_eq!(change.change, ParamChange::ProtocolFeeBps(250));
    assert_eq!(change.status, ChangeStatus::Pending);
    assert_eq!(change.eta, change.proposed_at + 2 * DAY);
    assert_eq!(step["eta"], change.eta);
    assert_eq!(change.proposer, e2e.authority.pubkey());

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
    assert_eq!(report["params"][0]["wanted"]["value"], 100);
    assert_eq!(report["complete"], false);
    let config = accounts::config(&e2e.client).unwrap();
    assert_eq!((config.params, config.change_count), (wanted, id + 1));

    e2e.net.warp_seconds(2 * 86_400 + 60).unwrap();
    let executed = e2e.json(&e2e.authority, &fee);
    assert_eq!(executed["params"][0]["status"], "executed", "{executed}");
    wanted.protocol_fee_bps = 250;
    assert_config(&executed, &wanted);
    let config = accounts::config(&e2e.client).unwrap();
    assert_eq!((config.params, config.change_count), (wanted, id + 1));
    let change = accounts::change(&e2e.client, id).unwrap();
    assert_eq!(change.status, ChangeStatus::Executed);
    assert!(change.resolved_at >= change.eta);
    assert_eq!(config.updated_at, change.resolved_at);
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
    // The script bootstraps with the defaults, the authority as treasury.
    let wanted = defaults(e2e.authority.pubkey());
    assert_config(&report, &wanted);
    let config = accounts::config(&e2e.client).unwrap();
    assert_eq!(config.authority, e2e.authority.pubkey());
    assert_eq!(config.params, wanted);
    assert_eq!(config.change_count, 0);
}

/// `encore demo --url` on a fresh node sets governance up itself when its
/// keypair is the upgrade authority (the browser test runs that path); any
/// other keypair is refused by the program, with the way forward, and
/// nothing is initialized.
#[test]
fn e2e_a_demo_on_a_fresh_node_needs_the_upgrade_authority() {
    let e2e = E2e::start();
    let stranger = e2e.wallet("stranger");
    let (error, hint) = e2e.fail(&stranger, &["demo", "--wait", "1s"]);
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
    assert!(matches!(
        accounts::config(&e2e.client),
        Err(encore_sdk::SdkError::AccountNotFound(_))
    ));
}
