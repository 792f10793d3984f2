//! `encore gov propose | execute | cancel | changes`: the timelock.

use encore_sdk::accounts;
use encore_sdk::governance::constants::CHANGE_GRACE_PERIOD_SECS;
use encore_sdk::governance::state::ChangeStatus;
use serde_json::json;

use super::{Chain, TIMELOCK};

#[test]
fn propose_waits_for_the_timelock_then_executes() {
    let chain = Chain::new();
    let council = &chain.council;
    let anyone = chain.wallet("anyone");

    let proposed = chain.json(council, &["gov", "propose", "protocol-fee-bps", "250"]);
    let proposal = &proposed["proposal"];
    assert!(proposed["signature"].is_string());
    assert_eq!(proposal["id"], 0);
    assert_eq!(
        proposal["change"],
        json!({"kind": "protocol_fee_bps", "value": 250})
    );
    assert_eq!(proposal["status"], "pending");
    assert_eq!(proposal["executable"], false);
    let eta = proposal["eta"].as_i64().unwrap();
    assert_eq!(eta, chain.now() + TIMELOCK);
    assert_eq!(proposal["expires_at"], eta + CHANGE_GRACE_PERIOD_SECS);
    assert_eq!(proposed["config"]["change_count"], 1);
    assert_eq!(
        proposed["config"]["protocol_fee_bps"], 300,
        "not yet applied"
    );

    // Too early: the program's error, and when it will be due.
    let hint = chain.fails_with(&anyone, &["gov", "execute", "0"], "TimelockNotElapsed");
    assert!(hint.contains("can execute from"), "{hint}");
    assert!(hint.contains("in 2d"), "{hint}");

    chain.client.warp_seconds(TIMELOCK);
    let executed = chain.json(&anyone, &["gov", "execute", "0"]);
    assert_eq!(executed["proposal"]["status"], "executed");
    assert!(executed["proposal"]["resolved_at"].is_i64());
    assert_eq!(executed["config"]["protocol_fee_bps"], 250);
    let stored = accounts::config(&chain.client).unwrap();
    assert_eq!(stored.params.protocol_fee_bps, 250);
    assert_eq!(
        accounts::change(&chain.client, 0).unwrap().status,
        ChangeStatus::Executed
    );

    // Executing twice names the error.
    let hint = chain.fails_with(&anyone, &["gov", "execute", "0"], "ChangeNotPending");
    assert!(hint.contains("encore gov changes"), "{hint}");
    // An id nobody proposed.
    let (error, hint) = chain.fail(&anyone, &["gov", "execute", "7"]);
    assert!(error.contains("cannot load proposal 7"), "{error}");
    assert!(hint.contains("encore gov changes"), "{hint}");
}

#[test]
fn every_parameter_can_be_proposed_and_listed() {
    let chain = Chain::new();
    let council = &chain.council;
    let treasury = chain.wallet("treasury").pubkey().to_string();
    let cases: [(&[&str], serde_json::Value); 6] = [
        (
            &["max-settler-fee-bps", "100"],
            json!({"kind": "max_settler_fee_bps", "value": 100}),
        ),
        (
            &["withdrawal-notice", "36h"],
            json!({"kind": "withdrawal_notice_secs", "value": 129_600}),
        ),
        (
            &["release-period", "7d"],
            json!({"kind": "release_period_secs", "value": 604_800}),
        ),
        (
            &["timelock", "36h"],
            json!({"kind": "timelock_delay_secs", "value": 129_600}),
        ),
        (
            &["treasury", &treasury],
            json!({"kind": "treasury", "value": treasury}),
        ),
        (
            &["protocol-fee-bps", "0"],
            json!({"kind": "protocol_fee_bps", "value": 0}),
        ),
    ];
    for (i, (args, change)) in cases.iter().enumerate() {
        let mut full = vec!["gov", "propose"];
        full.extend_from_slice(args);
        let proposed = chain.json(council, &full);
        assert_eq!(proposed["proposal"]["id"], i as u64);
        assert_eq!(&proposed["proposal"]["change"], change);
    }

    chain.json(council, &["gov", "cancel", "5"]);
    let all = chain.json(council, &["gov", "changes"]);
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 6);
    assert_eq!(all[5]["status"], "cancelled");
    let pending = chain.json(council, &["gov", "changes", "--pending"]);
    assert_eq!(pending.as_array().unwrap().len(), 5);
    let human = chain.run(council, &["gov", "changes"]).unwrap();
    assert!(human.contains("release period -> 7d"), "{human}");
    assert!(human.contains("pending (executable in 2d)"), "{human}");

    // After the timelock every pending one executes: the notice shortens
    // before the timelock does, which is never shorter than it.
    chain.client.warp_seconds(TIMELOCK);
    let (error, hint) = chain.fail(council, &["gov", "execute", "3"]);
    assert!(error.contains("TimelockShorterThanNotice"), "{error}");
    assert!(
        hint.contains("shorter notice before a shorter timelock"),
        "{hint}"
    );
    for id in ["1", "3", "0", "2", "4"] {
        chain.json(council, &["gov", "execute", id]);
    }
    let p = accounts::config(&chain.client).unwrap().params;
    assert_eq!(p.max_settler_fee_bps, 100);
    assert_eq!(p.withdrawal_notice_secs, 129_600);
    assert_eq!(p.release_period_secs, 604_800);
    assert_eq!(p.timelock_delay_secs, 129_600);
    assert_eq!(p.treasury.to_string(), treasury);
    assert_eq!(
        p.protocol_fee_bps, 300,
        "the cancelled change never applied"
    );
}

#[test]
fn proposals_name_what_goes_wrong() {
    let chain = Chain::new();
    let council = &chain.council;
    let stranger = chain.wallet("stranger");

    // Only the authority proposes; the hint names it.
    let hint = chain.fails_with(
        &stranger,
        &["gov", "propose", "protocol-fee-bps", "100"],
        "Unauthorized",
    );
    assert!(hint.contains(&council.pubkey().to_string()), "{hint}");

    // Out-of-range values are refused before anything is sent.
    chain.fails_with(
        council,
        &["gov", "propose", "protocol-fee-bps", "1001"],
        "ProtocolFeeTooHigh",
    );
    chain.fails_with(
        council,
        &["gov", "propose", "release-period", "91d"],
        "InvalidReleasePeriod",
    );
    chain.fails_with(
        council,
        &["gov", "propose", "withdrawal-notice", "-5"],
        "InvalidWithdrawalNotice",
    );
    chain.fails_with(
        council,
        &["gov", "propose", "timelock", "0"],
        "InvalidTimelockDelay",
    );
    chain.fails_with(
        council,
        &[
            "gov",
            "propose",
            "treasury",
            "11111111111111111111111111111111",
        ],
        "InvalidTreasury",
    );
    assert_eq!(accounts::config(&chain.client).unwrap().change_count, 0);

    // Cancelling: the authority at any time, others only once it expired.
    chain.json(council, &["gov", "propose", "protocol-fee-bps", "100"]);
    let hint = chain.fails_with(&stranger, &["gov", "cancel", "0"], "Unauthorized");
    assert!(hint.contains("expires at"), "{hint}");
    chain
        .client
        .warp_seconds(TIMELOCK + CHANGE_GRACE_PERIOD_SECS + 1);
    let hint = chain.fails_with(&stranger, &["gov", "execute", "0"], "ChangeExpired");
    assert!(hint.contains("encore gov cancel 0"), "{hint}");
    let expired = chain.json(&stranger, &["gov", "changes"]);
    assert_eq!(expired[0]["expired"], true);
    let cancelled = chain.json(&stranger, &["gov", "cancel", "0"]);
    assert_eq!(cancelled["proposal"]["status"], "cancelled");
    chain.fails_with(council, &["gov", "cancel", "0"], "ChangeNotPending");
}
