//! The registry's numbers at their limits: prices across the whole u64
//! range (0 refused, 1 and u64::MAX stored exactly), and the u32 counters
//! (a track's terms version, a profile's track count) refused with
//! `MathOverflow` one step past their maximum, with nothing changed, and
//! accepted on the step that reaches it.

use encore_sdk::track_registry::errors::RegistryError;
use encore_sdk::track_registry::instructions::UpdateTermsArgs;
use encore_sdk::track_registry::state::{Artist, Track};

use super::*;
use crate::gov::governed;
use crate::support::fixture::assert_error;

fn priced(price: u64) -> UpdateTermsArgs {
    UpdateTermsArgs {
        terms: terms(price),
        metadata_uri: None,
    }
}

#[test]
fn prices_span_the_whole_u64_range() {
    let (mut f, _gov) = governed();
    let artist = new_artist(&mut f, "pricey");
    let a = artist.pubkey();
    let mint_authority = f.keypair();
    let mint = f.create_mint(&mint_authority, 6);
    for (hash, price) in [([0x71; 32], u64::MAX), ([0x72; 32], 1)] {
        let mut args = track_args(hash);
        args.terms.price_per_play = price;
        try_register(&mut f, &artist, &mint, args).expect("register");
        let track: Track = f.state(&pda::track(&hash).0);
        assert_eq!(track.terms.price_per_play, price);
    }
    let mut free = track_args([0x73; 32]);
    free.terms.price_per_play = 0;
    assert_error(
        try_register(&mut f, &artist, &mint, free),
        RegistryError::InvalidPrice,
    );
    assert!(f.account(&pda::track(&[0x73; 32]).0).is_none());

    // Terms move between the extremes; zero is refused and changes nothing.
    let track = pda::track(&[0x72; 32]).0;
    for (price, version) in [(u64::MAX, 2), (1, 3), (u64::MAX - 1, 4)] {
        f.send(&[ix::update_terms(&a, &track, priced(price))], &[&artist])
            .expect("update terms");
        let t: Track = f.state(&track);
        assert_eq!((t.terms.price_per_play, t.terms_version), (price, version));
    }
    let before = f.account(&track);
    assert_error(
        f.send(&[ix::update_terms(&a, &track, priced(0))], &[&artist]),
        RegistryError::InvalidPrice,
    );
    assert_eq!(f.account(&track), before);
    assert_eq!(f.state::<Artist>(&pda::artist(&a).0).track_count, 2);
}

#[test]
fn the_registry_counters_stop_by_name_at_u32_max() {
    let (mut f, _gov) = governed();
    let artist = new_artist(&mut f, "prolific");
    let a = artist.pubkey();
    let (track, mint) = register(&mut f, &artist, [0x74; 32]);

    // The terms version: the update reaching u32::MAX lands, the next is refused.
    let mut t: Track = f.state(&track);
    t.terms_version = u32::MAX - 1;
    f.set_state(&track, &t);
    f.send(&[ix::update_terms(&a, &track, priced(5))], &[&artist])
        .expect("the last version");
    assert_eq!(f.state::<Track>(&track).terms_version, u32::MAX);
    let before = f.account(&track);
    assert_error(
        f.send(&[ix::update_terms(&a, &track, priced(6))], &[&artist]),
        RegistryError::MathOverflow,
    );
    assert_eq!(f.account(&track), before);

    // A profile's track count: registration reaching u32::MAX lands, the
    // next creates no track.
    let profile = pda::artist(&a).0;
    let mut p: Artist = f.state(&profile);
    p.track_count = u32::MAX - 1;
    f.set_state(&profile, &p);
    try_register(&mut f, &artist, &mint, track_args([0x75; 32])).expect("the last track");
    assert_eq!(f.state::<Artist>(&profile).track_count, u32::MAX);
    let before = f.account(&profile);
    assert_error(
        try_register(&mut f, &artist, &mint, track_args([0x76; 32])),
        RegistryError::MathOverflow,
    );
    assert_eq!(f.account(&profile), before);
    assert!(f.account(&pda::track(&[0x76; 32]).0).is_none());

    // A transfer into the full profile is refused too; the seller keeps the track.
    let seller = new_artist(&mut f, "seller");
    let (sold, _) = register(&mut f, &seller, [0x77; 32]);
    f.send(
        &[ix::propose_transfer(&seller.pubkey(), &sold, Some(a))],
        &[&seller],
    )
    .expect("propose");
    let seller_profile = pda::artist(&seller.pubkey()).0;
    let before = (
        f.account(&sold),
        f.account(&seller_profile),
        f.account(&profile),
    );
    let accept = ix::accept_transfer(&a, &sold, &seller_profile);
    assert_error(f.send(&[accept], &[&artist]), RegistryError::MathOverflow);
    assert_eq!(
        (
            f.account(&sold),
            f.account(&seller_profile),
            f.account(&profile)
        ),
        before
    );
}
