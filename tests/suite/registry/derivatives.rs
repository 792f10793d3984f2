//! Derivatives: registering one needs the parent's terms to allow it, in
//! the parent's payment mint, within the chain's depth bound; the lineage
//! is stored where clients can scan for a track's derivatives.

use encore_sdk::track_registry::errors::RegistryError;
use encore_sdk::track_registry::instructions::UpdateTermsArgs;
use encore_sdk::track_registry::state::Track;

use super::*;
use crate::gov::governed;
use crate::support::fixture::assert_error;

fn derive(
    f: &mut Fixture,
    artist: &Keypair,
    mint: &Pubkey,
    hash: [u8; 32],
    parent: &Pubkey,
) -> TxResult {
    let ixn = ix::register_derivative(&artist.pubkey(), mint, track_args(hash), Some(parent));
    f.send(&[ixn], &[artist])
}

#[test]
fn a_derivative_records_its_parent_share_and_depth() {
    let (mut f, _gov) = governed();
    let artist = new_artist(&mut f, "nova");
    let remixer = new_artist(&mut f, "remixer");
    let (original, mint) = register(&mut f, &artist, [51u8; 32]);
    derive(&mut f, &remixer, &mint, [52u8; 32], &original).expect("remix");
    let remix = pda::track(&[52u8; 32]).0;
    let t: Track = f.state(&remix);
    // The parent's terms (`track_args`): derivatives allowed, 25 % to it.
    assert_eq!((t.parent, t.upstream_bps, t.depth), (original, 2_500, 1));
    let o: Track = f.state(&original);
    assert_eq!(
        (o.parent, o.upstream_bps, o.depth),
        (Pubkey::default(), 0, 0)
    );
    // `parent` sits at the documented offset, for memcmp scans.
    let data = f.account(&remix).unwrap().data;
    let at = Track::PARENT_OFFSET;
    assert_eq!(&data[at..at + 32], original.as_ref());
}

#[test]
fn a_derivative_needs_its_parents_licence_mint_and_a_short_chain() {
    let (mut f, _gov) = governed();
    let artist = new_artist(&mut f, "nova");
    let remixer = new_artist(&mut f, "remixer");
    let (original, mint) = register(&mut f, &artist, [61u8; 32]);

    // In another payment mint.
    let other_authority = f.keypair();
    let other = f.create_mint(&other_authority, 6);
    assert_error(
        derive(&mut f, &remixer, &other, [62u8; 32], &original),
        RegistryError::ParentPaymentMintMismatch,
    );

    // A chain of four derivatives below the original, and no fifth.
    let mut parent = original;
    for level in 1..=4u8 {
        let hash = [62 + level; 32];
        derive(&mut f, &remixer, &mint, hash, &parent).expect("within the bound");
        parent = pda::track(&hash).0;
        assert_eq!(f.state::<Track>(&parent).depth, level);
    }
    assert_error(
        derive(&mut f, &remixer, &mint, [70u8; 32], &parent),
        RegistryError::DerivativeChainTooDeep,
    );
    assert!(f.account(&pda::track(&[70u8; 32]).0).is_none());

    // Terms that do not allow derivatives.
    let mut terms = terms(1_000);
    terms.allow_derivative = false;
    terms.derivative_share_bps = 0;
    f.send(
        &[ix::update_terms(
            &artist.pubkey(),
            &original,
            UpdateTermsArgs {
                terms,
                metadata_uri: None,
            },
        )],
        &[&artist],
    )
    .expect("no more derivatives");
    assert_error(
        derive(&mut f, &remixer, &mint, [71u8; 32], &original),
        RegistryError::DerivativeNotAllowed,
    );

    // A retired parent.
    f.send(&[ix::retire_track(&artist.pubkey(), &original)], &[&artist])
        .expect("retire");
    assert_error(
        derive(&mut f, &remixer, &mint, [72u8; 32], &original),
        RegistryError::TrackRetired,
    );
}
