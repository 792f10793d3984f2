//! track_registry: every instruction's happy path and every rejection by name.

mod cli;
mod hook;

use anchor_lang::prelude::Pubkey;
use encore_sdk::instructions::registry as ix;
use encore_sdk::pda;
use encore_sdk::track_registry::errors::RegistryError;
use encore_sdk::track_registry::events::{TrackRegistered, TrackStatusChanged};
use encore_sdk::track_registry::instructions::{
    CreateArtistArgs, RegisterTrackArgs, UpdateArtistArgs, UpdateTermsArgs,
};
use encore_sdk::track_registry::state::{Artist, TermsArgs, Track, TrackStatus};
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::gov::governed;
use crate::support::fixture::{assert_anchor_error, assert_error, assert_sdk_error, Fixture};

pub fn artist_args(handle: &str) -> CreateArtistArgs {
    CreateArtistArgs {
        handle: handle.into(),
        display_name: format!("The {handle}"),
        metadata_uri: format!("ipfs://artist/{handle}"),
    }
}

pub fn terms(price: u64) -> TermsArgs {
    TermsArgs {
        price_per_play: price,
        allow_remix: true,
        allow_commercial: false,
        allow_derivative: true,
        derivative_share_bps: 2_500,
    }
}

pub fn track_args(hash: [u8; 32]) -> RegisterTrackArgs {
    RegisterTrackArgs {
        content_hash: hash,
        isrc: Some(*b"USRC17607839"),
        metadata_uri: "ipfs://track/meta.json".into(),
        terms: terms(1_000),
    }
}

/// A funded wallet with an artist profile.
pub fn new_artist(f: &mut Fixture, handle: &str) -> Keypair {
    let wallet = f.keypair();
    f.send(
        &[ix::create_artist(&wallet.pubkey(), artist_args(handle))],
        &[&wallet],
    )
    .expect("create artist");
    wallet
}

/// Registers `hash` for `artist` with a fresh 6-decimal payment mint.
pub fn register(f: &mut Fixture, artist: &Keypair, hash: [u8; 32]) -> (Pubkey, Pubkey) {
    let mint_authority = f.keypair();
    let mint = f.create_mint(&mint_authority, 6);
    f.send(
        &[ix::register_track(
            &artist.pubkey(),
            &mint,
            track_args(hash),
        )],
        &[artist],
    )
    .expect("register track");
    (pda::track(&hash).0, mint)
}

fn try_register(
    f: &mut Fixture,
    artist: &Keypair,
    mint: &Pubkey,
    args: RegisterTrackArgs,
) -> crate::support::fixture::TxResult {
    f.send(
        &[ix::register_track(&artist.pubkey(), mint, args)],
        &[artist],
    )
}

#[test]
fn create_and_update_artist() {
    let (mut f, _gov) = governed();
    let wallet = new_artist(&mut f, "nova");
    let address = pda::artist(&wallet.pubkey()).0;
    let artist: Artist = f.state(&address);
    assert_eq!(artist.authority, wallet.pubkey());
    assert_eq!(artist.handle, "nova");
    assert_eq!(artist.display_name, "The nova");
    assert_eq!(artist.track_count, 0);

    let update = UpdateArtistArgs {
        handle: Some("nova_x".into()),
        display_name: None,
        metadata_uri: Some("ar://new".into()),
    };
    f.send(&[ix::update_artist(&wallet.pubkey(), update)], &[&wallet])
        .expect("update");
    let artist: Artist = f.state(&address);
    assert_eq!(artist.handle, "nova_x");
    assert_eq!(artist.display_name, "The nova");
    assert_eq!(artist.metadata_uri, "ar://new");
}

#[test]
fn artist_input_is_validated() {
    let (mut f, _gov) = governed();
    let wallet = f.keypair();
    let create = |args| ix::create_artist(&wallet.pubkey(), args);
    let mut bad = artist_args("ok_name");
    bad.handle = "Has Space".into();
    assert_error(
        f.send(&[create(bad)], &[&wallet]),
        RegistryError::InvalidHandle,
    );
    let mut bad = artist_args("ok_name");
    bad.display_name = "x".repeat(65);
    assert_error(
        f.send(&[create(bad)], &[&wallet]),
        RegistryError::DisplayNameTooLong,
    );
    let mut bad = artist_args("ok_name");
    bad.metadata_uri = "x".repeat(201);
    assert_error(
        f.send(&[create(bad)], &[&wallet]),
        RegistryError::UriTooLong,
    );
    assert!(f.account(&pda::artist(&wallet.pubkey()).0).is_none());

    // One profile per wallet, by name; the first is left as it was.
    f.send(&[create(artist_args("first"))], &[&wallet])
        .expect("first");
    let address = pda::artist(&wallet.pubkey()).0;
    let before = f.account(&address).expect("first profile");
    assert_error(
        f.send(&[create(artist_args("second"))], &[&wallet]),
        RegistryError::ArtistAlreadyExists,
    );
    assert_eq!(f.account(&address), Some(before));
    let artist: Artist = f.state(&address);
    assert_eq!(artist.handle, "first");

    let empty = UpdateArtistArgs::default();
    assert_error(
        f.send(&[ix::update_artist(&wallet.pubkey(), empty)], &[&wallet]),
        RegistryError::NothingToUpdate,
    );
    let oversize = UpdateArtistArgs {
        metadata_uri: Some("u".repeat(201)),
        ..UpdateArtistArgs::default()
    };
    assert_error(
        f.send(&[ix::update_artist(&wallet.pubkey(), oversize)], &[&wallet]),
        RegistryError::UriTooLong,
    );
}

#[test]
fn only_the_owner_updates_an_artist() {
    let (mut f, _gov) = governed();
    let owner = new_artist(&mut f, "owner");
    let intruder = f.keypair();
    let mut ixn = ix::update_artist(
        &owner.pubkey(),
        UpdateArtistArgs {
            handle: Some("stolen".into()),
            ..UpdateArtistArgs::default()
        },
    );
    // The intruder signs in the authority slot of the owner's profile.
    ixn.accounts[0].pubkey = intruder.pubkey();
    assert_error(f.send(&[ixn], &[&intruder]), RegistryError::Unauthorized);
    let artist: Artist = f.state(&pda::artist(&owner.pubkey()).0);
    assert_eq!(artist.handle, "owner");
}

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
fn a_prefunded_artist_address_cannot_block_a_profile() {
    let (mut f, _gov) = governed();
    let wallet = f.keypair();
    let address = pda::artist(&wallet.pubkey()).0;
    f.transfer_sol(&address, 890_880);
    f.send(
        &[ix::create_artist(&wallet.pubkey(), artist_args("griefed"))],
        &[&wallet],
    )
    .expect("create over a pre-funded address");
    let artist: Artist = f.state(&address);
    assert_eq!(artist.authority, wallet.pubkey());
    assert_eq!(artist.handle, "griefed");
    assert_eq!(artist.bump, pda::artist(&wallet.pubkey()).1);
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

#[test]
fn pause_resume_retire_follow_the_state_machine() {
    let (mut f, _gov) = governed();
    let artist = new_artist(&mut f, "status");
    let (track, _) = register(&mut f, &artist, [10u8; 32]);
    let a = artist.pubkey();
    let status = |f: &mut Fixture| f.state::<Track>(&track).status;

    assert_error(
        f.send(&[ix::resume_track(&a, &track)], &[&artist]),
        RegistryError::TrackNotPaused,
    );
    f.send(&[ix::pause_track(&a, &track)], &[&artist])
        .expect("pause");
    assert_eq!(status(&mut f), TrackStatus::Paused);
    assert_error(
        f.send(&[ix::pause_track(&a, &track)], &[&artist]),
        RegistryError::TrackAlreadyPaused,
    );
    f.send(&[ix::resume_track(&a, &track)], &[&artist])
        .expect("resume");
    assert_eq!(status(&mut f), TrackStatus::Active);

    let intruder = f.keypair();
    assert_error(
        f.send(&[ix::pause_track(&intruder.pubkey(), &track)], &[&intruder]),
        RegistryError::Unauthorized,
    );
    assert_error(
        f.send(
            &[ix::retire_track(&intruder.pubkey(), &track)],
            &[&intruder],
        ),
        RegistryError::Unauthorized,
    );

    f.send(&[ix::retire_track(&a, &track)], &[&artist])
        .expect("retire");
    assert_eq!(status(&mut f), TrackStatus::Retired);
}

#[test]
fn a_retired_track_never_changes_again() {
    let (mut f, _gov) = governed();
    let artist = new_artist(&mut f, "retiree");
    let heir = new_artist(&mut f, "heir");
    let (track, _) = register(&mut f, &artist, [11u8; 32]);
    let a = artist.pubkey();
    f.send(
        &[ix::propose_transfer(&a, &track, Some(heir.pubkey()))],
        &[&artist],
    )
    .expect("propose before retiring");
    f.send(&[ix::retire_track(&a, &track)], &[&artist])
        .expect("retire");
    let frozen = f.account(&track).unwrap();

    let attempts = vec![
        ix::pause_track(&a, &track),
        ix::resume_track(&a, &track),
        ix::retire_track(&a, &track),
        ix::update_terms(
            &a,
            &track,
            UpdateTermsArgs {
                terms: terms(9),
                metadata_uri: None,
            },
        ),
        ix::propose_transfer(&a, &track, Some(Keypair::new().pubkey())),
    ];
    for attempt in attempts {
        f.warp_seconds(1);
        assert_error(f.send(&[attempt], &[&artist]), RegistryError::TrackRetired);
    }
    let accept = ix::accept_transfer(&heir.pubkey(), &track, &pda::artist(&a).0);
    assert_error(f.send(&[accept], &[&heir]), RegistryError::TrackRetired);
    assert_eq!(f.account(&track).unwrap(), frozen);
}

#[test]
fn two_step_transfer_moves_ownership() {
    let (mut f, _gov) = governed();
    let seller = new_artist(&mut f, "seller");
    let buyer = new_artist(&mut f, "buyer");
    let stranger = new_artist(&mut f, "stranger");
    let (track, _) = register(&mut f, &seller, [12u8; 32]);
    let seller_profile = pda::artist(&seller.pubkey()).0;
    let buyer_profile = pda::artist(&buyer.pubkey()).0;

    let accept_by = |who: &Keypair| ix::accept_transfer(&who.pubkey(), &track, &seller_profile);
    assert_error(
        f.send(&[accept_by(&buyer)], &[&buyer]),
        RegistryError::NoPendingTransfer,
    );
    assert_error(
        f.send(
            &[ix::propose_transfer(
                &seller.pubkey(),
                &track,
                Some(seller.pubkey()),
            )],
            &[&seller],
        ),
        RegistryError::TransferToSelf,
    );
    assert_error(
        f.send(
            &[ix::propose_transfer(&seller.pubkey(), &track, None)],
            &[&seller],
        ),
        RegistryError::NoPendingTransfer,
    );
    assert_error(
        f.send(
            &[ix::propose_transfer(
                &stranger.pubkey(),
                &track,
                Some(stranger.pubkey()),
            )],
            &[&stranger],
        ),
        RegistryError::Unauthorized,
    );

    f.send(
        &[ix::propose_transfer(
            &seller.pubkey(),
            &track,
            Some(buyer.pubkey()),
        )],
        &[&seller],
    )
    .expect("propose");
    assert_eq!(
        f.state::<Track>(&track).pending_authority,
        Some(buyer.pubkey())
    );
    assert_error(
        f.send(&[accept_by(&stranger)], &[&stranger]),
        RegistryError::WrongPendingAuthority,
    );

    // The current artist profile must be the track's.
    let mut wrong_from = accept_by(&buyer);
    wrong_from.accounts[2].pubkey = pda::artist(&stranger.pubkey()).0;
    assert_error(
        f.send(&[wrong_from], &[&buyer]),
        RegistryError::ArtistMismatch,
    );
    // The new owner's profile must be its own.
    let mut wrong_to = accept_by(&buyer);
    wrong_to.accounts[3].pubkey = pda::artist(&stranger.pubkey()).0;
    assert_error(
        f.send(&[wrong_to], &[&buyer]),
        RegistryError::ArtistMismatch,
    );

    f.send(&[accept_by(&buyer)], &[&buyer]).expect("accept");
    let t: Track = f.state(&track);
    assert_eq!(t.authority, buyer.pubkey());
    assert_eq!(t.artist, buyer_profile);
    assert_eq!(t.pending_authority, None);
    assert_eq!(f.state::<Artist>(&seller_profile).track_count, 0);
    assert_eq!(f.state::<Artist>(&buyer_profile).track_count, 1);

    // The old owner has lost control.
    assert_error(
        f.send(&[ix::pause_track(&seller.pubkey(), &track)], &[&seller]),
        RegistryError::Unauthorized,
    );
    f.send(&[ix::pause_track(&buyer.pubkey(), &track)], &[&buyer])
        .expect("new owner pauses");
}

#[test]
fn a_transfer_proposal_can_be_withdrawn() {
    let (mut f, _gov) = governed();
    let seller = new_artist(&mut f, "fickle");
    let buyer = new_artist(&mut f, "hopeful");
    let (track, _) = register(&mut f, &seller, [13u8; 32]);
    f.send(
        &[ix::propose_transfer(
            &seller.pubkey(),
            &track,
            Some(buyer.pubkey()),
        )],
        &[&seller],
    )
    .expect("propose");
    f.send(
        &[ix::propose_transfer(&seller.pubkey(), &track, None)],
        &[&seller],
    )
    .expect("withdraw");
    let accept = ix::accept_transfer(&buyer.pubkey(), &track, &pda::artist(&seller.pubkey()).0);
    assert_error(
        f.send(&[accept], &[&buyer]),
        RegistryError::NoPendingTransfer,
    );
    assert_eq!(f.state::<Track>(&track).authority, seller.pubkey());
}

#[test]
fn only_the_royalty_program_sets_a_share_mint() {
    let (mut f, _gov) = governed();
    let artist = new_artist(&mut f, "shares");
    let (track, _) = register(&mut f, &artist, [14u8; 32]);
    let fake_mint = Keypair::new().pubkey();
    // The track's own authority is not the royalty program.
    let result = f.send(
        &[ix::set_share_mint(&artist.pubkey(), &track, fake_mint)],
        &[&artist],
    );
    assert_error(result, RegistryError::NotRoyaltyProgram);
    let random = f.keypair();
    let result = f.send(
        &[ix::set_share_mint(&random.pubkey(), &track, fake_mint)],
        &[&random],
    );
    assert_error(result, RegistryError::NotRoyaltyProgram);
    assert_eq!(f.state::<Track>(&track).share_mint, None);
}

#[test]
fn a_paused_registry_takes_no_new_artists_or_tracks_but_owners_keep_control() {
    use encore_sdk::governance::instructions::SetPauseArgs;
    use encore_sdk::governance::state::PauseArea;
    use encore_sdk::instructions::gov as gov_ix;

    let (mut f, gov) = governed();
    let artist = new_artist(&mut f, "before");
    let (track, mint) = register(&mut f, &artist, [15u8; 32]);
    let pause = |paused| {
        gov_ix::set_pause(
            &gov.authority.pubkey(),
            SetPauseArgs::only(PauseArea::Registry, paused),
        )
    };
    f.send(&[pause(true)], &[&gov.authority])
        .expect("pause registry");

    let newcomer = f.keypair();
    assert_error(
        f.send(
            &[ix::create_artist(&newcomer.pubkey(), artist_args("late"))],
            &[&newcomer],
        ),
        RegistryError::RegistryPaused,
    );
    assert_error(
        try_register(&mut f, &artist, &mint, track_args([16u8; 32])),
        RegistryError::RegistryPaused,
    );
    assert!(f.account(&pda::track(&[16u8; 32]).0).is_none());

    // Existing tracks stay under their owner's control.
    let a = artist.pubkey();
    f.send(
        &[ix::update_terms(
            &a,
            &track,
            UpdateTermsArgs {
                terms: terms(7),
                metadata_uri: None,
            },
        )],
        &[&artist],
    )
    .expect("terms while paused");
    f.send(&[ix::pause_track(&a, &track)], &[&artist])
        .expect("pause track while paused");
    f.send(&[ix::retire_track(&a, &track)], &[&artist])
        .expect("retire while paused");

    f.send(&[pause(false)], &[&gov.authority]).expect("unpause");
    try_register(&mut f, &artist, &mint, track_args([16u8; 32])).expect("registers again");
}
