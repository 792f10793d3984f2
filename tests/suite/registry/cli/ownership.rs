//! `encore track update-terms | pause | resume | retire | transfer | accept`.

use encore_sdk::track_registry::state::TrackStatus;
use encore_sdk::{accounts, pda};
use serde_json::Value;

use super::{key, Env};

#[test]
fn track_update_terms_pause_resume_retire() {
    let env = Env::new();
    let alice = env.artist("alice");
    let registered = env.register(
        &alice,
        &env.audio("a.wav", b"a master"),
        "0.5",
        &["--allow-remix", "--allow-commercial", "--uri", "ipfs://v1"],
    );
    let track = key(&registered["track"]);
    let track_arg = track.to_string();

    let updated = env.json(
        &alice,
        &[
            "track",
            "update-terms",
            &track_arg,
            "--price",
            "1.5",
            "--allow-remix=false",
        ],
    );
    assert_eq!(updated["terms_version"], 2);
    let stored = accounts::track(&env.client, &track).unwrap();
    assert_eq!(stored.terms.price_per_play, 1_500_000);
    assert!(!stored.terms.allow_remix);
    assert!(
        stored.terms.allow_commercial,
        "flags not given keep their values"
    );
    assert_eq!(stored.metadata_uri, "ipfs://v1");
    assert_eq!(stored.terms.payment_mint, env.mint);

    env.json(
        &alice,
        &["track", "update-terms", &track_arg, "--uri", "ipfs://v2"],
    );
    let stored = accounts::track(&env.client, &track).unwrap();
    assert_eq!(stored.metadata_uri, "ipfs://v2");
    assert_eq!(stored.terms.price_per_play, 1_500_000, "price kept");
    assert_eq!(stored.terms_version, 3);

    let (error, _) = env.fail(&alice, &["track", "update-terms", &track_arg]);
    assert!(error.contains("nothing to update"), "{error}");

    // Forbidding derivatives drops the share that only derivatives can carry.
    env.json(
        &alice,
        &[
            "track",
            "update-terms",
            &track_arg,
            "--allow-derivative",
            "--derivative-share-bps",
            "500",
        ],
    );
    assert_eq!(
        accounts::track(&env.client, &track)
            .unwrap()
            .terms
            .derivative_share_bps,
        500
    );
    env.json(
        &alice,
        &[
            "track",
            "update-terms",
            &track_arg,
            "--allow-derivative=false",
        ],
    );
    let stored = accounts::track(&env.client, &track).unwrap();
    assert!(!stored.terms.allow_derivative);
    assert_eq!(stored.terms.derivative_share_bps, 0);
    let (error, hint) = env.fail(
        &alice,
        &[
            "track",
            "update-terms",
            &track_arg,
            "--derivative-share-bps",
            "100",
        ],
    );
    assert!(
        error.contains("DerivativeShareWithoutDerivatives"),
        "{error}"
    );
    assert!(hint.contains("--allow-derivative"), "{hint}");

    // Only the authority may change terms.
    let mallory = env.artist("mallory");
    let (error, _) = env.fail(
        &mallory,
        &["track", "update-terms", &track_arg, "--price", "0.01"],
    );
    assert!(error.contains("Unauthorized"), "{error}");

    let paused = env.json(&alice, &["track", "pause", &track_arg]);
    assert_eq!(paused["status"], "paused");
    assert_eq!(
        accounts::track(&env.client, &track).unwrap().status,
        TrackStatus::Paused
    );
    let (error, hint) = env.fail(&alice, &["track", "pause", &track_arg]);
    assert!(error.contains("TrackAlreadyPaused"), "{error}");
    assert!(
        hint.contains(&format!("encore track resume {track}")),
        "{hint}"
    );

    let resumed = env.run(&alice, &["track", "resume", &track_arg]).unwrap();
    assert!(resumed.contains("Status     Active"), "{resumed}");
    assert_eq!(
        accounts::track(&env.client, &track).unwrap().status,
        TrackStatus::Active
    );

    let retired = env.json(&alice, &["track", "retire", &track_arg]);
    assert_eq!(retired["status"], "retired");
    assert_eq!(
        accounts::track(&env.client, &track).unwrap().status,
        TrackStatus::Retired
    );
    let (error, _) = env.fail(
        &alice,
        &["track", "update-terms", &track_arg, "--price", "2"],
    );
    assert!(error.contains("TrackRetired"), "{error}");
}

#[test]
fn track_transfer_and_accept() {
    let env = Env::new();
    let alice = env.artist("alice");
    let bob = env.artist("bob");
    let registered = env.register(&alice, &env.audio("t.wav", b"transfer me"), "1", &[]);
    let track = key(&registered["track"]);
    let track_arg = track.to_string();
    let bob_key = bob.pubkey().to_string();

    // Accepting before any proposal fails by name.
    let (error, hint) = env.fail(&bob, &["track", "accept", &track_arg]);
    assert!(error.contains("NoPendingTransfer"), "{error}");
    assert!(hint.contains("encore track transfer"), "{hint}");

    // Propose, withdraw, propose again.
    let proposed = env.json(&alice, &["track", "transfer", &track_arg, "--to", &bob_key]);
    assert_eq!(proposed["pending_authority"], bob_key.as_str());
    let withdrawn = env.json(&alice, &["track", "transfer", &track_arg, "--cancel"]);
    assert_eq!(withdrawn["pending_authority"], Value::Null);
    assert_eq!(
        accounts::track(&env.client, &track)
            .unwrap()
            .pending_authority,
        None
    );
    env.json(&alice, &["track", "transfer", &track_arg, "--to", &bob_key]);

    // Only the proposed owner can accept, and only with a profile.
    let carol = env.artist("carol");
    let (error, _) = env.fail(&carol, &["track", "accept", &track_arg]);
    assert!(error.contains("WrongPendingAuthority"), "{error}");
    let (error, hint) = env.fail(&env.wallet("noprofile"), &["track", "accept", &track_arg]);
    assert!(error.contains("has no artist profile"), "{error}");
    assert!(hint.contains("encore artist create"), "{hint}");

    let accepted = env.json(&bob, &["track", "accept", &track_arg]);
    assert_eq!(accepted["authority"], bob_key.as_str());
    let stored = accounts::track(&env.client, &track).unwrap();
    assert_eq!(stored.authority, bob.pubkey());
    assert_eq!(stored.artist, pda::artist(&bob.pubkey()).0);
    assert_eq!(stored.pending_authority, None);
    let alice_profile = accounts::artist_of(&env.client, &alice.pubkey())
        .unwrap()
        .unwrap()
        .1;
    let bob_profile = accounts::artist_of(&env.client, &bob.pubkey())
        .unwrap()
        .unwrap()
        .1;
    assert_eq!((alice_profile.track_count, bob_profile.track_count), (0, 1));

    // The new owner controls it; the old one no longer does.
    env.json(&bob, &["track", "pause", &track_arg]);
    let (error, _) = env.fail(&alice, &["track", "resume", &track_arg]);
    assert!(error.contains("Unauthorized"), "{error}");
    let (error, _) = env.fail(&bob, &["track", "transfer", &track_arg, "--to", &bob_key]);
    assert!(error.contains("TransferToSelf"), "{error}");
}
