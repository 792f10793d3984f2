//! `encore track register | show | list | verify`.

use anchor_lang::prelude::Pubkey;
use encore_sdk::client::EncoreClient;
use encore_sdk::{accounts, pda};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::{key, sha256_hex, Env};

#[test]
fn track_register_show_and_list() {
    let env = Env::new();
    let alice = env.artist("alice");
    let bob = env.artist("bob");
    let audio = env.audio("first.wav", b"RIFF....first master");

    let registered = env.register(
        &alice,
        &audio,
        "0.25",
        &[
            "--isrc",
            "us-rc1-76-07839",
            "--uri",
            "ipfs://first",
            "--allow-remix",
            "--allow-derivative",
            "--derivative-share-bps",
            "2500",
        ],
    );
    let track = key(&registered["track"]);
    assert_eq!(registered["content_hash"], sha256_hex(&audio));
    assert!(registered["signature"].as_str().is_some());
    assert_eq!(registered["terms"]["price"], "0.25");
    assert_eq!(registered["terms"]["price_per_play"], 250_000);
    assert_eq!(registered["isrc"], "US-RC1-76-07839");
    assert_eq!(registered["status"], "active");

    let stored = accounts::track(&env.client, &track).unwrap();
    let expected_hash: [u8; 32] = Sha256::digest(std::fs::read(&audio).unwrap()).into();
    assert_eq!(stored.content_hash, expected_hash);
    assert_eq!(track, pda::track(&expected_hash).0);
    assert_eq!(stored.terms.price_per_play, 250_000, "0.25 at 6 decimals");
    assert_eq!(stored.terms.payment_mint, env.mint);
    assert!(stored.terms.allow_remix && stored.terms.allow_derivative);
    assert!(!stored.terms.allow_commercial);
    assert_eq!(stored.terms.derivative_share_bps, 2_500);
    assert_eq!(stored.isrc, Some(*b"USRC17607839"));
    assert_eq!(stored.metadata_uri, "ipfs://first");
    // By default a commitment, revealed a slot later: its slot is the claim.
    assert!(stored.committed);
    assert!(stored.claim_slot < env.client.clock().unwrap().slot);

    // --price-base-units is the alternative to UI units.
    let second = env.audio("second.wav", b"second master");
    let mint = env.mint.to_string();
    let by_base_units = env.json(
        &alice,
        &[
            "track",
            "register",
            "--audio",
            &second,
            "--price-base-units",
            "1500",
            "--payment-mint",
            &mint,
            "--direct",
        ],
    );
    assert_eq!(by_base_units["terms"]["price"], "0.0015");
    // --direct: one transaction, front-runnable, claimed in its own slot.
    let direct = accounts::track(&env.client, &key(&by_base_units["track"])).unwrap();
    assert!(!direct.committed);
    let bobs = env.register(&bob, &env.audio("bob.wav", b"bob master"), "3", &[]);

    let shown = env.json(&bob, &["track", "show", &track.to_string()]);
    assert_eq!(key(&shown["authority"]), alice.pubkey());
    assert_eq!(shown["handle"], "alice");
    assert_eq!(shown["terms"]["decimals"], 6);
    assert_eq!(shown["terms_version"], 1);
    let human = env
        .run(&bob, &["track", "show", &track.to_string()])
        .unwrap();
    assert!(human.contains("Price per play  0.25"), "{human}");
    assert!(human.contains("ISRC            US-RC1-76-07839"), "{human}");
    assert!(human.contains("Status          Active"), "{human}");
    assert!(human.contains("25% of revenue"), "{human}");

    let everything = env.json(&bob, &["track", "list"]);
    assert_eq!(everything.as_array().unwrap().len(), 3);
    let alices = env.json(
        &bob,
        &["track", "list", "--artist", &alice.pubkey().to_string()],
    );
    let listed: Vec<Pubkey> = alices
        .as_array()
        .unwrap()
        .iter()
        .map(|t| key(&t["track"]))
        .collect();
    assert_eq!(listed, vec![track, key(&by_base_units["track"])]);
    let by_profile = pda::artist(&bob.pubkey()).0.to_string();
    let bob_list = env.json(&alice, &["track", "list", "--artist", &by_profile]);
    assert_eq!(bob_list.as_array().unwrap().len(), 1);
    assert_eq!(bob_list[0]["track"], bobs["track"]);
    let nobody = env.wallet("nobody").pubkey().to_string();
    assert_eq!(
        env.json(&alice, &["track", "list", "--artist", &nobody]),
        Value::Array(vec![])
    );

    let table = env
        .run(
            &alice,
            &["track", "list", "--artist", &alice.pubkey().to_string()],
        )
        .unwrap();
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 3, "{table}");
    assert!(lines[0].starts_with("TRACK"), "{table}");
    let status_column = lines[0].find("STATUS").unwrap();
    assert!(lines[1][status_column..].starts_with("Active"), "{table}");
    assert!(lines[1].contains("@alice") && lines[1].contains("US-RC1-76-07839"));
}

#[test]
fn track_verify_matches_and_mismatches() {
    let env = Env::new();
    let alice = env.artist("alice");
    let original = env.audio("master.flac", b"the original master");
    let registered = env.register(&alice, &original, "1", &[]);
    let track = registered["track"].as_str().unwrap().to_string();

    let verified = env.json(&alice, &["track", "verify", "--audio", &original, &track]);
    assert_eq!(verified["track"], track.as_str());
    assert_eq!(verified["matches"], true);
    assert_eq!(verified["expected"], sha256_hex(&original));
    assert_eq!(verified["actual"], sha256_hex(&original));

    let edited = env.audio("edit.flac", b"the original master, remastered");
    let mut out = Vec::new();
    let args = [
        "encore",
        "-k",
        &alice.path,
        "--output",
        "json",
        "track",
        "verify",
        "--audio",
        &edited,
        &track,
    ];
    let err = encore_cli::run_with_client(&args, &env.client, &mut out).unwrap_err();
    let printed: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(printed["matches"], false);
    assert_eq!(printed["expected"], sha256_hex(&original));
    assert_eq!(printed["actual"], sha256_hex(&edited));
    let (error, hint) = encore_cli::error::report(&err);
    assert!(error.contains("does not match track"), "{error}");
    assert!(error.contains(&sha256_hex(&edited)), "{error}");
    assert!(hint.contains("not the registered recording"), "{hint}");

    let (error, hint) = env.fail(
        &alice,
        &["track", "verify", "--audio", "/no/such/file.wav", &track],
    );
    assert!(error.contains("/no/such/file.wav"), "{error}");
    assert!(hint.contains("--audio"), "{hint}");
}

/// `track register --derivative-of`: the parent's terms allow it or the
/// program refuses by name; `track show` lists a track's parent and its
/// derivatives.
#[test]
fn track_register_derivative_of_and_show_the_family() {
    let env = Env::new();
    let alice = env.artist("alice");
    let bob = env.artist("bob");
    let original = env.register(
        &alice,
        &env.audio("original.wav", b"the original"),
        "1",
        &["--allow-derivative", "--derivative-share-bps", "2500"],
    );
    let original = original["track"].as_str().unwrap().to_string();
    let remix = env.register(
        &bob,
        &env.audio("remix.wav", b"the remix"),
        "1",
        &["--derivative-of", &original, "--allow-derivative"],
    );
    assert_eq!(remix["parent"], original.as_str());
    assert_eq!(remix["upstream_bps"], 2_500);
    assert_eq!(remix["depth"], 1);
    let shown = env.json(&bob, &["track", "show", &original]);
    assert_eq!(shown["parent"], Value::Null);
    assert_eq!(shown["ancestors"], serde_json::json!([]));
    assert_eq!(shown["children"], serde_json::json!([remix["track"]]));
    let human = env
        .run(&bob, &["track", "show", remix["track"].as_str().unwrap()])
        .unwrap();
    assert!(
        human.contains(&format!(
            "Derivative of   {original} (25% of each collection"
        )),
        "{human}"
    );

    // A remix of the remix: its lineage up to the original.
    let remix_key = remix["track"].as_str().unwrap().to_string();
    let again = env.register(
        &bob,
        &env.audio("remix2.wav", b"the remix of the remix"),
        "1",
        &["--derivative-of", &remix_key],
    );
    let shown = env.json(&bob, &["track", "show", again["track"].as_str().unwrap()]);
    assert_eq!(shown["depth"], 2);
    assert_eq!(shown["ancestors"], serde_json::json!([remix_key, original]));

    // A parent whose terms do not allow derivatives.
    let closed = env.register(&alice, &env.audio("closed.wav", b"closed"), "1", &[]);
    let closed = closed["track"].as_str().unwrap().to_string();
    let mint = env.mint.to_string();
    let cover = env.audio("cover.wav", b"a cover");
    let (error, _) = env.fail(
        &bob,
        &[
            "track",
            "register",
            "--audio",
            &cover,
            "--price",
            "1",
            "--payment-mint",
            &mint,
            "--derivative-of",
            &closed,
        ],
    );
    assert!(error.contains("DerivativeNotAllowed"), "{error}");
}
