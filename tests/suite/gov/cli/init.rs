//! `encore gov init | show`.

use encore_sdk::accounts;
use encore_sdk::native::local_params;

use super::Chain;
use crate::support::cli::key;

#[test]
fn gov_init_takes_flags_with_humane_durations() {
    let chain = Chain::uninitialized();
    let treasury = chain.wallet("treasury").pubkey().to_string();
    let council = &chain.council;

    let (error, hint) = chain.fail(council, &["gov", "show"]);
    assert!(error.contains("governance is not initialized"), "{error}");
    assert!(hint.contains("encore gov init"), "{hint}");

    let init = chain.json(
        council,
        &[
            "gov",
            "init",
            "--treasury",
            &treasury,
            "--protocol-fee-bps",
            "250",
            "--max-settler-fee-bps",
            "150",
            "--withdrawal-notice",
            "36h",
            "--release-period",
            "1d12h",
            "--timelock",
            "36h",
        ],
    );
    assert!(init["signature"].is_string());
    assert_eq!(key(&init["authority"]), council.pubkey());
    assert_eq!(init["pending_authority"], serde_json::Value::Null);
    assert_eq!(init["treasury"], treasury);
    assert_eq!(init["protocol_fee_bps"], 250);
    assert_eq!(init["max_settler_fee_bps"], 150);
    assert_eq!(init["withdrawal_notice_secs"], 36 * 3_600);
    assert_eq!(init["release_period_secs"], 36 * 3_600);
    assert_eq!(init["timelock_delay_secs"], 36 * 3_600);
    assert_eq!(
        init["paused"],
        serde_json::json!({"registry": false, "settlement": false, "pool": false})
    );
    assert_eq!(init["change_count"], 0);

    let stored = accounts::config(&chain.client).unwrap();
    assert_eq!(stored.authority, council.pubkey());
    assert_eq!(stored.params.treasury.to_string(), treasury);
    assert_eq!(stored.params.protocol_fee_bps, 250);
    assert_eq!(stored.params.max_settler_fee_bps, 150);
    assert_eq!(stored.params.withdrawal_notice_secs, 129_600);
    assert_eq!(stored.params.release_period_secs, 129_600);
    assert_eq!(stored.params.timelock_delay_secs, 129_600);

    // `show` prints the same view; anyone may read it.
    let reader = chain.wallet("reader");
    let mut shown = chain.json(&reader, &["gov", "show"]);
    let mut init = init;
    init.as_object_mut().unwrap().remove("signature");
    shown.as_object_mut().unwrap().remove("signature");
    assert_eq!(shown, init);
    let human = chain.run(&reader, &["gov", "show"]).unwrap();
    assert!(human.contains("Release period     1d 12h"), "{human}");
    assert!(
        human.contains("Protocol fee       2.5% (250 bps)"),
        "{human}"
    );
    assert!(human.contains("Paused             nothing"), "{human}");

    // Once only.
    let (error, hint) = chain.fail(council, &["gov", "init"]);
    assert!(error.contains("already initialized"), "{error}");
    assert!(hint.contains("encore gov show"), "{hint}");
}

#[test]
fn gov_init_defaults_are_the_local_params() {
    let chain = Chain::new();
    let stored = accounts::config(&chain.client).unwrap();
    assert_eq!(stored.params, local_params(&chain.council.pubkey()));
}

#[test]
fn gov_init_rejects_bad_values_and_the_wrong_signer() {
    let chain = Chain::uninitialized();
    let council = &chain.council;

    // Out of range: named as the program names it, before anything is sent.
    let hint = chain.fails_with(
        council,
        &["gov", "init", "--protocol-fee-bps", "1001"],
        "ProtocolFeeTooHigh",
    );
    assert!(hint.contains("0-1000 bps"), "{hint}");
    let hint = chain.fails_with(
        council,
        &["gov", "init", "--timelock", "31d"],
        "InvalidTimelockDelay",
    );
    assert!(hint.contains("1s-30d"), "{hint}");
    chain.fails_with(
        council,
        &["gov", "init", "--release-period", "0"],
        "InvalidReleasePeriod",
    );
    chain.fails_with(
        council,
        &["gov", "init", "--withdrawal-notice", "8d"],
        "InvalidWithdrawalNotice",
    );
    chain.fails_with(
        council,
        &["gov", "init", "--max-settler-fee-bps", "501"],
        "SettlerFeeTooHigh",
    );
    let (error, hint) = chain.fail(council, &["gov", "init", "--timelock", "2 days"]);
    assert!(error.contains("not a duration"), "{error}");
    assert_eq!(hint, "see `encore gov init --help`");

    // Only the upgrade authority may initialize.
    let stranger = chain.wallet("stranger");
    let hint = chain.fails_with(&stranger, &["gov", "init"], "NotUpgradeAuthority");
    assert!(hint.contains("upgrade authority"), "{hint}");
    assert!(
        accounts::config(&chain.client).is_err(),
        "nothing was created"
    );
}
