//! A track's life after registration: the status machine, retirement,
//! two-step ownership transfer, the share-mint hook's guard, and what a
//! paused registry still allows.

use encore_sdk::track_registry::errors::RegistryError;
use encore_sdk::track_registry::instructions::UpdateTermsArgs;
use encore_sdk::track_registry::state::{Artist, Track, TrackStatus};

use super::*;
use crate::gov::governed;
use crate::support::fixture::assert_error;

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
fn a_paused_registry_takes_no_new_artists_tracks_terms_or_status_changes() {
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

    // Terms and status are frozen too: settlement reads them.
    let a = artist.pubkey();
    let update = ix::update_terms(
        &a,
        &track,
        UpdateTermsArgs {
            terms: terms(7),
            metadata_uri: None,
        },
    );
    let before = f.account(&track);
    for change in [
        update.clone(),
        ix::pause_track(&a, &track),
        ix::retire_track(&a, &track),
    ] {
        assert_error(f.send(&[change], &[&artist]), RegistryError::RegistryPaused);
        assert_eq!(f.account(&track), before);
    }

    f.send(&[pause(false)], &[&gov.authority]).expect("unpause");
    try_register(&mut f, &artist, &mint, track_args([16u8; 32])).expect("registers again");
    f.send(&[update], &[&artist]).expect("terms again");
    f.send(&[ix::pause_track(&a, &track)], &[&artist])
        .expect("pause the track again");
    f.send(&[ix::retire_track(&a, &track)], &[&artist])
        .expect("retire again");
}
