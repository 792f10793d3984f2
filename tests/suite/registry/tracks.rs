//! Track registration and terms: what is stored, the events, one track per
//! audio, input validation, and terms updates.

use encore_sdk::track_registry::errors::RegistryError;
use encore_sdk::track_registry::events::{TrackRegistered, TrackStatusChanged};
use encore_sdk::track_registry::instructions::UpdateTermsArgs;
use encore_sdk::track_registry::state::{Artist, Track, TrackStatus};

use super::*;
use crate::gov::governed;
use crate::support::fixture::{assert_anchor_error, assert_error, assert_sdk_error};

#[test]
fn register_track_stores_everything() {
    let (mut f, _gov) = governed();
    let artist = new_artist(&mut f, "aurora");
    let hash = [7u8; 32];
    let (track, mint) = register(&mut f, &artist, hash);
    let t: Track = f.state(&track);
    assert_eq!(t.artist, pda::artist(&artist.pubkey()).0);
    assert_eq!(t.authority, artist.pubkey());
    assert_eq!(t.content_hash, hash);
    assert_eq!(t.isrc, Some(*b"USRC17607839"));
    assert_eq!(t.metadata_uri, "ipfs://track/meta.json");
    assert_eq!(t.terms.payment_mint, mint);
    assert_eq!(t.terms.price_per_play, 1_000);
    assert!(t.terms.allow_remix && !t.terms.allow_commercial && t.terms.allow_derivative);
    assert_eq!(t.terms.derivative_share_bps, 2_500);
    assert_eq!(t.status, TrackStatus::Active);
    assert_eq!(t.terms_version, 1);
    assert_eq!(t.share_mint, None);
    assert_eq!(t.pending_authority, None);
    let profile: Artist = f.state(&pda::artist(&artist.pubkey()).0);
    assert_eq!(profile.track_count, 1);

    // The SDK reads the same account through its client trait.
    let via_sdk = encore_sdk::accounts::track(&f, &track).expect("sdk fetch");
    assert_eq!(via_sdk.content_hash, hash);
}

/// Every state change logs an event indexers can decode from the
/// transaction's `Program data:` lines.
#[test]
fn registry_changes_log_decodable_events() {
    let (mut f, _gov) = governed();
    let artist = new_artist(&mut f, "echo");
    let mint_authority = f.keypair();
    let mint = f.create_mint(&mint_authority, 6);
    let hash = [9u8; 32];
    let register = ix::register_track(&artist.pubkey(), &mint, track_args(hash));
    let events: Vec<TrackRegistered> = f
        .send_for_events(&artist, &[register], &[])
        .expect("register");
    let track = pda::track(&hash).0;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].track, track);
    assert_eq!(events[0].artist, pda::artist(&artist.pubkey()).0);
    assert_eq!(events[0].content_hash, hash);
    assert_eq!(events[0].terms, f.state::<Track>(&track).terms);

    let pause = ix::pause_track(&artist.pubkey(), &track);
    let events: Vec<TrackStatusChanged> = f.send_for_events(&artist, &[pause], &[]).expect("pause");
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0].track, events[0].before, events[0].after),
        (track, TrackStatus::Active, TrackStatus::Paused)
    );
}

#[test]
fn the_same_audio_cannot_be_registered_twice() {
    let (mut f, _gov) = governed();
    let first = new_artist(&mut f, "first");
    let second = new_artist(&mut f, "second");
    let hash = [3u8; 32];
    let (track, mint) = register(&mut f, &first, hash);
    let before = f.account(&track).unwrap();

    assert_error(
        try_register(&mut f, &second, &mint, track_args(hash)),
        RegistryError::DuplicateContentHash,
    );
    assert_error(
        try_register(&mut f, &first, &mint, track_args(hash)),
        RegistryError::DuplicateContentHash,
    );
    assert_eq!(f.account(&track).unwrap(), before);
    let profile: Artist = f.state(&pda::artist(&second.pubkey()).0);
    assert_eq!(profile.track_count, 0);

    // The SDK names the error too.
    let result = encore_sdk::EncoreClient::send_instructions(
        &f,
        &[ix::register_track(
            &second.pubkey(),
            &mint,
            track_args(hash),
        )],
        &second,
        &[],
    );
    assert_sdk_error(result, RegistryError::DuplicateContentHash);
}

#[test]
fn a_prefunded_track_address_cannot_block_registration() {
    let (mut f, _gov) = governed();
    let artist = new_artist(&mut f, "griefed");
    let hash = [4u8; 32];
    // The rent-exempt minimum for an empty account: the least that a transfer can leave.
    f.transfer_sol(&pda::track(&hash).0, 890_880);
    let (track, _) = register(&mut f, &artist, hash);
    let t: Track = f.state(&track);
    assert_eq!(t.content_hash, hash);
}

#[test]
fn track_input_is_validated() {
    let (mut f, _gov) = governed();
    let artist = new_artist(&mut f, "strict");
    let mint_authority = f.keypair();
    let mint = f.create_mint(&mint_authority, 6);
    let hash = [5u8; 32];
    let cases: Vec<(RegisterTrackArgs, RegistryError)> = vec![
        (
            RegisterTrackArgs {
                isrc: Some(*b"US-RC1760783"),
                ..track_args(hash)
            },
            RegistryError::InvalidIsrc,
        ),
        (
            RegisterTrackArgs {
                isrc: Some(*b"usrc17607839"),
                ..track_args(hash)
            },
            RegistryError::InvalidIsrc,
        ),
        (
            RegisterTrackArgs {
                metadata_uri: "m".repeat(201),
                ..track_args(hash)
            },
            RegistryError::UriTooLong,
        ),
        (
            RegisterTrackArgs {
                content_hash: [0; 32],
                ..track_args(hash)
            },
            RegistryError::InvalidContentHash,
        ),
        (
            RegisterTrackArgs {
                terms: terms(0),
                ..track_args(hash)
            },
            RegistryError::InvalidPrice,
        ),
        (
            RegisterTrackArgs {
                terms: TermsArgs {
                    derivative_share_bps: 10_001,
                    ..terms(5)
                },
                ..track_args(hash)
            },
            RegistryError::InvalidBps,
        ),
        (
            RegisterTrackArgs {
                terms: TermsArgs {
                    allow_derivative: false,
                    ..terms(5)
                },
                ..track_args(hash)
            },
            RegistryError::DerivativeShareWithoutDerivatives,
        ),
    ];
    for (args, expected) in cases {
        assert_error(try_register(&mut f, &artist, &mint, args), expected);
    }
    assert!(f.account(&pda::track(&hash).0).is_none());

    // A URI of exactly the limit and no ISRC are fine.
    let ok = RegisterTrackArgs {
        metadata_uri: "m".repeat(200),
        isrc: None,
        ..track_args(hash)
    };
    try_register(&mut f, &artist, &mint, ok).expect("boundary values register");
}

#[test]
fn registering_needs_the_artists_own_signature_and_a_real_mint() {
    let (mut f, _gov) = governed();
    let artist = new_artist(&mut f, "victim");
    let intruder = f.keypair();
    let mint_authority = f.keypair();
    let mint = f.create_mint(&mint_authority, 6);
    let mut ixn = ix::register_track(&artist.pubkey(), &mint, track_args([6u8; 32]));
    ixn.accounts[0].pubkey = intruder.pubkey();
    assert_error(f.send(&[ixn], &[&intruder]), RegistryError::Unauthorized);

    // A wallet address is not a payment mint.
    let not_a_mint = f.keypair().pubkey();
    let result = try_register(&mut f, &artist, &not_a_mint, track_args([6u8; 32]));
    assert_anchor_error(
        result,
        &encore_sdk::track_registry::ID,
        anchor_lang::error::ErrorCode::AccountOwnedByWrongProgram,
    );
    assert!(f.account(&pda::track(&[6u8; 32]).0).is_none());
}

#[test]
fn update_terms_bumps_the_version_and_keeps_the_mint() {
    let (mut f, _gov) = governed();
    let artist = new_artist(&mut f, "terms");
    let (track, mint) = register(&mut f, &artist, [8u8; 32]);
    let args = UpdateTermsArgs {
        terms: TermsArgs {
            price_per_play: 2_500,
            allow_remix: false,
            allow_commercial: true,
            allow_derivative: false,
            derivative_share_bps: 0,
        },
        metadata_uri: Some("ipfs://v2".into()),
    };
    f.send(
        &[ix::update_terms(&artist.pubkey(), &track, args)],
        &[&artist],
    )
    .expect("update terms");
    let t: Track = f.state(&track);
    assert_eq!(t.terms.price_per_play, 2_500);
    assert_eq!(t.terms.payment_mint, mint);
    assert!(t.terms.allow_commercial && !t.terms.allow_remix);
    assert_eq!(t.terms_version, 2);
    assert_eq!(t.metadata_uri, "ipfs://v2");

    let intruder = f.keypair();
    let bad = UpdateTermsArgs {
        terms: terms(1),
        metadata_uri: None,
    };
    assert_error(
        f.send(
            &[ix::update_terms(&intruder.pubkey(), &track, bad.clone())],
            &[&intruder],
        ),
        RegistryError::Unauthorized,
    );
    let zero = UpdateTermsArgs {
        terms: terms(0),
        metadata_uri: None,
    };
    assert_error(
        f.send(
            &[ix::update_terms(&artist.pubkey(), &track, zero)],
            &[&artist],
        ),
        RegistryError::InvalidPrice,
    );
    let long = UpdateTermsArgs {
        terms: terms(1),
        metadata_uri: Some("u".repeat(201)),
    };
    assert_error(
        f.send(
            &[ix::update_terms(&artist.pubkey(), &track, long)],
            &[&artist],
        ),
        RegistryError::UriTooLong,
    );
    assert_eq!(f.state::<Track>(&track).terms_version, 2);
}
