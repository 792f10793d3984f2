//! Registration that cannot be front-run: a commitment binding the audio
//! to the registering wallet, revealed in a later slot; copies of either
//! step fail by name, and a copy that lands first (one-step, or through a
//! newer commitment) is reclaimed by the older commitment while the track
//! has no shares.

use encore_sdk::instructions::shares as shares_ix;
use encore_sdk::registry::commitment;
use encore_sdk::royalty_shares::errors::RoyaltyError;
use encore_sdk::royalty_shares::math::Split;
use encore_sdk::track_registry::errors::RegistryError;
use encore_sdk::track_registry::state::{Artist, RegistrationCommit, Track};

use super::*;
use crate::gov::governed;
use crate::support::fixture::assert_error;

const SALT: [u8; 32] = [9u8; 32];

fn commit(f: &mut Fixture, who: &Keypair, hash: [u8; 32], salt: [u8; 32]) -> TxResult {
    let c = commitment(&hash, &who.pubkey(), &salt);
    f.send(&[ix::commit_registration(&who.pubkey(), c)], &[who])
}

fn reveal(
    f: &mut Fixture,
    who: &Keypair,
    mint: &Pubkey,
    hash: [u8; 32],
    salt: [u8; 32],
    previous: Option<Pubkey>,
) -> TxResult {
    let ixn = ix::register_committed(&who.pubkey(), mint, track_args(hash), salt, previous, None);
    f.send(&[ixn], &[who])
}

/// `who` creates shares of `track`, all its own.
fn create_shares(f: &mut Fixture, who: &Keypair, track: &Pubkey, mint: &Pubkey) -> TxResult {
    let split = vec![Split {
        recipient: who.pubkey(),
        bps: 10_000,
    }];
    f.send(
        &[shares_ix::create_shares(&who.pubkey(), track, mint, split)],
        &[who],
    )
}

fn mint(f: &mut Fixture) -> Pubkey {
    let authority = f.keypair();
    f.create_mint(&authority, 6)
}

#[test]
fn a_commitment_revealed_a_slot_later_registers_the_track() {
    let (mut f, _gov) = governed();
    let artist = new_artist(&mut f, "nova");
    let mint = mint(&mut f);
    let hash = [41u8; 32];
    commit(&mut f, &artist, hash, SALT).expect("commit");
    let c = commitment(&hash, &artist.pubkey(), &SALT);
    let commit_address = pda::registration_commit(&artist.pubkey(), &c).0;
    let stored: RegistrationCommit = f.state(&commit_address);
    assert_eq!(stored.authority, artist.pubkey());
    let commit_slot = stored.slot;

    // In the same slot the reveal is refused by name; nothing changes.
    assert_error(
        reveal(&mut f, &artist, &mint, hash, SALT, None),
        RegistryError::RevealTooEarly,
    );
    assert!(f.account(&pda::track(&hash).0).is_none());

    f.next_slot();
    let rent = f.lamports(&commit_address);
    let before = f.lamports(&artist.pubkey());
    reveal(&mut f, &artist, &mint, hash, SALT, None).expect("reveal");
    let t: Track = f.state(&pda::track(&hash).0);
    assert_eq!(t.authority, artist.pubkey());
    assert_eq!(t.claim_slot, commit_slot);
    assert!(t.committed);
    assert!(
        f.account(&commit_address).is_none(),
        "the commitment is closed"
    );
    // The commitment's rent came back; the track's rent was paid (the
    // fixture's payer pays the fee).
    let track_rent = f.lamports(&pda::track(&hash).0);
    assert_eq!(f.lamports(&artist.pubkey()), before + rent - track_rent);
}

/// The front-running attempt: a copier sees the artist's pending
/// transactions. Copying the commitment under its own key gains nothing:
/// the reveal it can build from the artist's reveal does not open it.
#[test]
fn a_copied_commitment_fails_by_name() {
    let (mut f, _gov) = governed();
    let artist = new_artist(&mut f, "nova");
    let copier = new_artist(&mut f, "copier");
    let mint = mint(&mut f);
    let hash = [42u8; 32];
    commit(&mut f, &artist, hash, SALT).expect("commit");
    // The copier replays the same commitment bytes under its own key.
    let c = commitment(&hash, &artist.pubkey(), &SALT);
    f.send(&[ix::commit_registration(&copier.pubkey(), c)], &[&copier])
        .expect("the copy is stored under the copier's key");
    f.next_slot();
    // With the hash and salt from the artist's reveal, the copier's reveal
    // hashes its own key: not the commitment.
    let mut copied =
        ix::register_committed(&copier.pubkey(), &mint, track_args(hash), SALT, None, None);
    let own = commitment(&hash, &copier.pubkey(), &SALT);
    let own_address = pda::registration_commit(&copier.pubkey(), &own).0;
    let slot = copied
        .accounts
        .iter()
        .position(|m| m.pubkey == own_address)
        .expect("commit account");
    copied.accounts[slot].pubkey = pda::registration_commit(&copier.pubkey(), &c).0;
    assert_error(
        f.send(&[copied], &[&copier]),
        RegistryError::CommitmentMismatch,
    );
    assert!(f.account(&pda::track(&hash).0).is_none());
    reveal(&mut f, &artist, &mint, hash, SALT, None).expect("the artist's reveal");
    let t: Track = f.state(&pda::track(&hash).0);
    assert_eq!(t.authority, artist.pubkey());
}

/// A copier who registers the hash in one step after seeing the reveal
/// pending, and lands first, loses it to the reveal: the older commitment
/// reclaims the track (with the copier unable to fix shares to it in its
/// registration's slot). Afterwards the copier's attempts fail by name.
#[test]
fn a_copy_that_lands_first_is_reclaimed_by_the_older_commitment() {
    let (mut f, _gov) = governed();
    let artist = new_artist(&mut f, "nova");
    let copier = new_artist(&mut f, "copier");
    let mint = mint(&mut f);
    let hash = [43u8; 32];
    commit(&mut f, &artist, hash, SALT).expect("commit");
    f.next_slot();
    // The copier's one-step registration lands first, and it tries to fix
    // shares to the copy in the same slot.
    let mut args = track_args(hash);
    args.terms.price_per_play = 7;
    f.send(
        &[ix::register_track(&copier.pubkey(), &mint, args)],
        &[&copier],
    )
    .expect("the copy lands first");
    let track = pda::track(&hash).0;
    assert_error(
        create_shares(&mut f, &copier, &track, &mint),
        RoyaltyError::ClaimNotSettled,
    );
    // The reveal without the copy's artist profile is refused by name.
    assert_error(
        reveal(&mut f, &artist, &mint, hash, SALT, None),
        RegistryError::ArtistMismatch,
    );
    let copier_profile = pda::artist(&copier.pubkey()).0;
    reveal(&mut f, &artist, &mint, hash, SALT, Some(copier_profile)).expect("reclaim");
    let t: Track = f.state(&track);
    assert_eq!(t.authority, artist.pubkey());
    assert_eq!(t.artist, pda::artist(&artist.pubkey()).0);
    assert_eq!(t.terms.price_per_play, 1_000, "the artist's own terms");
    assert_eq!(t.terms_version, 2);
    assert!(t.committed);
    let a: Artist = f.state(&pda::artist(&artist.pubkey()).0);
    let c: Artist = f.state(&copier_profile);
    assert_eq!((a.track_count, c.track_count), (1, 0));

    // Now the audio is the artist's: the copier's one-step registration and
    // its own (newer) commitment both fail by name.
    assert_error(
        f.send(
            &[ix::register_track(
                &copier.pubkey(),
                &mint,
                track_args(hash),
            )],
            &[&copier],
        ),
        RegistryError::DuplicateContentHash,
    );
    let salt = [3u8; 32];
    commit(&mut f, &copier, hash, salt).expect("copier commits");
    f.next_slot();
    assert_error(
        reveal(
            &mut f,
            &copier,
            &mint,
            hash,
            salt,
            Some(pda::artist(&artist.pubkey()).0),
        ),
        RegistryError::DuplicateContentHash,
    );
    let t: Track = f.state(&track);
    assert_eq!(t.authority, artist.pubkey());
}

/// An older claim stands: a commitment made after the audio was
/// registered cannot take it (that is a dispute's work), and neither can
/// any commitment once the track has shares.
#[test]
fn a_newer_commitment_or_a_track_with_shares_is_not_reclaimed() {
    let (mut f, _gov) = governed();
    let first = new_artist(&mut f, "first");
    let later = new_artist(&mut f, "later");
    let hash = [44u8; 32];
    let (track, mint) = register(&mut f, &first, hash);
    commit(&mut f, &later, hash, SALT).expect("commit");
    f.next_slot();
    assert_error(
        reveal(
            &mut f,
            &later,
            &mint,
            hash,
            SALT,
            Some(pda::artist(&first.pubkey()).0),
        ),
        RegistryError::DuplicateContentHash,
    );

    // An older commitment, but the copy already has shares.
    let owner = new_artist(&mut f, "owner");
    let copier = new_artist(&mut f, "copier");
    let hash = [45u8; 32];
    commit(&mut f, &owner, hash, SALT).expect("commit");
    f.next_slot();
    f.send(
        &[ix::register_track(
            &copier.pubkey(),
            &mint,
            track_args(hash),
        )],
        &[&copier],
    )
    .expect("copy");
    f.next_slot();
    let copy = pda::track(&hash).0;
    create_shares(&mut f, &copier, &copy, &mint).expect("shares a slot later");
    assert_error(
        reveal(
            &mut f,
            &owner,
            &mint,
            hash,
            SALT,
            Some(pda::artist(&copier.pubkey()).0),
        ),
        RegistryError::DuplicateContentHash,
    );
    let t: Track = f.state(&track);
    assert_eq!(t.authority, first.pubkey());
}
