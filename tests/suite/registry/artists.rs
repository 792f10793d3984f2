//! Artist profiles: creation, updates, validation, one profile per wallet.

use encore_sdk::track_registry::errors::RegistryError;
use encore_sdk::track_registry::instructions::UpdateArtistArgs;
use encore_sdk::track_registry::state::Artist;

use super::*;
use crate::gov::governed;
use crate::support::fixture::assert_error;

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
