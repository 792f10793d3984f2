//! Governance and the registry through the binary: `gov init`, `artist`,
//! `track register | show | list | verify`.

use encore_sdk::{accounts, pda};

use super::{key, register_args, E2e};

#[test]
fn e2e_governance_init_and_registry() {
    let e2e = E2e::start();

    // Only the upgrade authority may initialize, and only once.
    let stranger = e2e.wallet("stranger");
    let (error, hint) = e2e.fail(&stranger, &["gov", "init"]);
    assert!(error.contains("NotUpgradeAuthority"), "{error}");
    assert!(hint.contains("upgrade authority"), "{hint}");
    let init = e2e.gov_init();
    assert_eq!(key(&init["authority"]), e2e.authority.pubkey());
    assert_eq!(init["protocol_fee_bps"], 300);
    assert!(init["signature"].as_str().is_some());
    let (error, _) = e2e.fail(&e2e.authority, &["gov", "init"]);
    assert!(error.contains("already initialized"), "{error}");
    let shown = e2e.json(&stranger, &["gov", "show"]);
    assert_eq!(shown["authority"], init["authority"]);

    // An artist registers a recording priced in a 6-decimal mint.
    let alice = e2e.wallet("alice");
    let mint = e2e.mint(&alice, 6).to_string();
    let artist = e2e.json(&alice, &["artist", "create", "--handle", "alice"]);
    assert_eq!(artist["handle"], "alice");
    let audio = e2e.file("first.wav", b"RIFF....first master");
    let registered = e2e.json(
        &alice,
        &register_args(&audio, "0.25", &mint, &["--isrc", "us-rc1-76-07839"]),
    );
    let track = registered["track"].as_str().unwrap().to_string();
    assert_eq!(registered["terms"]["price_per_play"], 250_000);
    assert_eq!(registered["status"], "active");

    // The chain agrees with what the binary printed.
    let stored = accounts::track(&e2e.client, &key(&registered["track"])).unwrap();
    assert_eq!(stored.terms.price_per_play, 250_000);
    assert_eq!(
        key(&registered["track"]),
        pda::track(&stored.content_hash).0
    );

    let shown = e2e.json(&stranger, &["track", "show", &track]);
    assert_eq!(shown["handle"], "alice");
    assert_eq!(shown["isrc"], "US-RC1-76-07839");
    let listed = e2e.json(&stranger, &["track", "list"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["track"], track.as_str());

    let verified = e2e.json(&stranger, &["track", "verify", "--audio", &audio, &track]);
    assert_eq!(verified["matches"], true);
    let edited = e2e.file("edited.wav", b"RIFF....first master, remastered");
    let run = e2e.run(&stranger, &["track", "verify", "--audio", &edited, &track]);
    assert!(!run.success());
    assert!(run.report().0.contains("does not match"), "{}", run.stderr);

    // The same recording cannot be registered twice.
    let bob = e2e.wallet("bob");
    e2e.json(&bob, &["artist", "create", "--handle", "bob"]);
    let (error, _) = e2e.fail(&bob, &register_args(&audio, "1", &mint, &[]));
    assert!(error.to_lowercase().contains("already"), "{error}");
}
