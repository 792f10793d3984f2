//! Governance and the registry through the binary: `gov init`, `artist`,
//! `track register | show | list | verify`. What the binary prints and what
//! the chain holds are both checked against values worked out here: the
//! default parameters, the audio's sha256, the price in base units.

use std::str::FromStr;

use encore_sdk::governance::state::ProtocolParams;
use encore_sdk::track_registry::state::{Artist, TrackStatus};
use encore_sdk::{accounts, pda};
use serde_json::Value;
use sha2::{Digest, Sha256};
use solana_signature::Signature;

use super::{key, register_args, E2e};

/// A signature the binary printed belongs to a transaction that landed.
fn assert_landed(e2e: &E2e, signature: &Value) {
    let signature = Signature::from_str(signature.as_str().expect("a signature")).unwrap();
    let status = e2e.client.inner().get_signature_status(&signature).unwrap();
    assert_eq!(status, Some(Ok(())), "{signature}");
}

#[test]
fn e2e_governance_init_and_registry() {
    let e2e = E2e::start();

    // Only the upgrade authority may initialize, and only once.
    let stranger = e2e.wallet("stranger");
    let (error, hint) = e2e.fail(&stranger, &["gov", "init"]);
    assert!(error.contains("NotUpgradeAuthority"), "{error}");
    assert!(hint.contains("upgrade authority"), "{hint}");
    let init = e2e.gov_init();
    assert_landed(&e2e, &init["signature"]);
    // `gov init`'s defaults: the signer is authority and treasury, 3 %
    // protocol fee, 2 % settler fee cap, 2-day notice, 7-day release,
    // 2-day timelock.
    let day = 86_400;
    let defaults = ProtocolParams {
        treasury: e2e.authority.pubkey(),
        protocol_fee_bps: 300,
        max_settler_fee_bps: 200,
        withdrawal_notice_secs: 2 * day,
        release_period_secs: 7 * day,
        timelock_delay_secs: 2 * day,
        challenge_window_secs: day,
        min_bond_ratio_bps: 10_000,
        dispute_deposit_lamports: 50_000_000,
        dispute_reward_bps: 1_000,
    };
    assert_eq!(key(&init["authority"]), e2e.authority.pubkey());
    assert_eq!(key(&init["treasury"]), defaults.treasury);
    assert_eq!(init["protocol_fee_bps"], defaults.protocol_fee_bps);
    assert_eq!(init["max_settler_fee_bps"], defaults.max_settler_fee_bps);
    assert_eq!(
        init["withdrawal_notice_secs"],
        defaults.withdrawal_notice_secs
    );
    assert_eq!(init["release_period_secs"], defaults.release_period_secs);
    assert_eq!(init["timelock_delay_secs"], defaults.timelock_delay_secs);
    assert_eq!(init["change_count"], 0);
    for area in ["registry", "settlement", "pool"] {
        assert_eq!(init["paused"][area], false, "{area}");
    }
    let config = accounts::config(&e2e.client).unwrap();
    assert_eq!(
        (config.authority, config.params, config.change_count),
        (e2e.authority.pubkey(), defaults, 0)
    );
    let (error, _) = e2e.fail(&e2e.authority, &["gov", "init"]);
    assert!(error.contains("already initialized"), "{error}");
    let shown = e2e.json(&stranger, &["gov", "show"]);
    assert_eq!(shown["authority"], init["authority"]);

    // An artist registers a recording priced in a 6-decimal mint.
    let alice = e2e.wallet("alice");
    let mint = e2e.mint(&alice, 6).to_string();
    let artist = e2e.json(&alice, &["artist", "create", "--handle", "alice"]);
    let profile = pda::artist(&alice.pubkey()).0;
    assert_eq!(artist["handle"], "alice");
    assert_eq!(key(&artist["artist"]), profile);
    assert_eq!(key(&artist["authority"]), alice.pubkey());
    let master = b"RIFF....first master";
    let audio = e2e.file("first.wav", master);
    let registered = e2e.json(
        &alice,
        &register_args(&audio, "0.25", &mint, &["--isrc", "us-rc1-76-07839"]),
    );
    assert_landed(&e2e, &registered["signature"]);
    let track = registered["track"].as_str().unwrap().to_string();

    // The track is the PDA of the audio's sha256, priced at 0.25 of a
    // 6-decimal mint: 250,000 base units.
    let hash: [u8; 32] = Sha256::digest(master).into();
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(key(&registered["track"]), pda::track(&hash).0);
    assert_eq!(registered["content_hash"], hex);
    assert_eq!(key(&registered["artist"]), profile);
    assert_eq!(key(&registered["authority"]), alice.pubkey());
    assert_eq!(registered["isrc"], "US-RC1-76-07839");
    assert_eq!(registered["status"], "active");
    assert_eq!(registered["terms_version"], 1);
    assert_eq!(registered["share_mint"], Value::Null);
    assert_eq!(registered["pending_authority"], Value::Null);
    let terms = &registered["terms"];
    assert_eq!(terms["payment_mint"], mint.as_str());
    assert_eq!(terms["decimals"], 6);
    assert_eq!(terms["price_per_play"], 250_000);
    assert_eq!(terms["price"], "0.25");

    // The chain holds exactly that.
    let stored = accounts::track(&e2e.client, &key(&registered["track"])).unwrap();
    assert_eq!(stored.content_hash, hash);
    assert_eq!(stored.artist, profile);
    assert_eq!(stored.authority, alice.pubkey());
    assert_eq!(stored.isrc, Some(*b"USRC17607839"));
    assert_eq!(stored.terms.payment_mint, key(&terms["payment_mint"]));
    assert_eq!(stored.terms.price_per_play, 250_000);
    assert_eq!(stored.status, TrackStatus::Active);
    assert_eq!(stored.terms_version, 1);
    assert_eq!((stored.share_mint, stored.pending_authority), (None, None));
    assert_eq!(
        stored.registered_at,
        registered["registered_at"].as_i64().unwrap()
    );
    let (address, alice_profile): (_, Artist) = accounts::artist_of(&e2e.client, &alice.pubkey())
        .unwrap()
        .expect("alice's profile");
    assert_eq!(address, profile);
    assert_eq!(
        (alice_profile.handle.as_str(), alice_profile.track_count),
        ("alice", 1)
    );

    let shown = e2e.json(&stranger, &["track", "show", &track]);
    assert_eq!(shown["handle"], "alice");
    assert_eq!(shown["isrc"], "US-RC1-76-07839");
    assert_eq!(shown["content_hash"], hex);
    assert_eq!(shown["terms"], *terms);
    let listed = e2e.json(&stranger, &["track", "list"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["track"], track.as_str());
    assert_eq!(listed[0]["content_hash"], hex);

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
    let again = accounts::track(&e2e.client, &pda::track(&hash).0).unwrap();
    assert_eq!(
        (again.authority, again.terms.price_per_play),
        (alice.pubkey(), 250_000)
    );
    let shown = e2e.json(&bob, &["artist", "show", &bob.pubkey().to_string()]);
    assert_eq!(shown["track_count"], 0);
}
