//! track_registry: a track's payment mint is fixed for its life and
//! denominates its escrow ledger and royalty vault, so registration takes
//! classic SPL Token mints only.

use anchor_lang::error::ErrorCode;
use encore_sdk::instructions::registry as ix;
use encore_sdk::pda;
use encore_sdk::track_registry::state::{Artist, Track};
use solana_signer::Signer;

use super::{snapshot, t22_mint, KINDS};
use crate::gov::governed;
use crate::registry::{new_artist, track_args};
use crate::support::fixture::assert_anchor_error;

#[test]
fn register_track_refuses_token_2022_payment_mints() {
    let (mut f, _gov) = governed();
    let artist = new_artist(&mut f, "classic");
    let profile = pda::artist(&artist.pubkey()).0;
    let mint_authority = f.keypair();
    for (i, kind) in KINDS.into_iter().enumerate() {
        let mint = t22_mint(&mut f, &mint_authority, kind);
        let hash = [0x60 + i as u8; 32];
        let track = pda::track(&hash).0;
        let before = snapshot(&mut f, &[profile, track]);
        let result = f.send(
            &[ix::register_track(
                &artist.pubkey(),
                &mint,
                track_args(hash),
            )],
            &[&artist],
        );
        assert_anchor_error(
            result,
            &encore_sdk::track_registry::ID,
            ErrorCode::AccountOwnedByWrongProgram,
        );
        assert_eq!(snapshot(&mut f, &[profile, track]), before, "{kind:?}");
        assert!(before[1].is_none(), "{kind:?}: no track was created");
    }
    assert_eq!(f.state::<Artist>(&profile).track_count, 0);

    // The same registration in a classic mint goes through.
    let classic = f.create_mint(&mint_authority, 6);
    let hash = [0x6f; 32];
    f.send(
        &[ix::register_track(
            &artist.pubkey(),
            &classic,
            track_args(hash),
        )],
        &[&artist],
    )
    .expect("a classic payment mint registers");
    let track: Track = f.state(&pda::track(&hash).0);
    assert_eq!(track.terms.payment_mint, classic);
    assert_eq!(f.state::<Artist>(&profile).track_count, 1);
}
