//! Issuing shares: exact splits of the fixed supply, the frozen mint, and
//! every rejection of `create_shares` and `distribute_shares` by name.

use anchor_lang::solana_program::program_pack::Pack;
use anchor_spl::token::spl_token;
use encore_sdk::royalty_shares::constants::TOTAL_SUPPLY;
use encore_sdk::royalty_shares::errors::RoyaltyError;
use encore_sdk::track_registry::state::Track;

use super::*;
use crate::support::fixture::assert_error;

#[test]
fn shares_are_minted_exactly_by_bps_and_the_supply_is_frozen() {
    let (mut w, holders) = shared_world(&[5_000, 3_000, 2_000]);
    let amounts: Vec<u64> = holders.iter().map(|h| w.shares_of(&h.pubkey())).collect();
    assert_eq!(
        amounts,
        vec![500_000_000_000, 300_000_000_000, 200_000_000_000]
    );

    let mint_account = w.f.account(&w.share_mint()).unwrap();
    let mint = spl_token::state::Mint::unpack(&mint_account.data).unwrap();
    assert_eq!(mint.supply, TOTAL_SUPPLY);
    assert_eq!(mint.decimals, 6);
    assert!(mint.mint_authority.is_none(), "mint authority must be gone");

    let royalty = w.royalty();
    assert!(royalty.distribution_complete);
    assert_eq!(royalty.payment_mint, w.payment_mint);
    let track: Track = w.f.state(&w.track);
    assert_eq!(track.share_mint, Some(w.share_mint()));

    // Distributing again mints nothing more.
    let keys: Vec<Pubkey> = holders.iter().map(|h| h.pubkey()).collect();
    w.distribute(&keys);
    assert_eq!(w.shares_of(&holders[0].pubkey()), 500_000_000_000);
}

#[test]
fn uneven_splits_sum_to_the_supply_with_a_fixed_tie_break() {
    let bps = [3_333, 3_333, 3_334];
    let (mut w, holders) = shared_world(&bps);
    let amounts: Vec<u64> = holders.iter().map(|h| w.shares_of(&h.pubkey())).collect();
    // 10^12 × bps / 10,000 is whole for every bps, so the fixed supply
    // never leaves a remainder for the tie break to hand out.
    assert_eq!(
        amounts,
        vec![333_300_000_000, 333_300_000_000, 333_400_000_000]
    );

    // Sixteen recipients, the most a split may have, in two distribution batches.
    let mut bps16 = vec![625u16; 16];
    bps16[0] = 626;
    bps16[15] = 624;
    let (mut w, holders) = shared_world(&bps16);
    let amounts: Vec<u64> = holders.iter().map(|h| w.shares_of(&h.pubkey())).collect();
    let mut expected = vec![62_500_000_000u64; 16];
    (expected[0], expected[15]) = (62_600_000_000, 62_400_000_000);
    assert_eq!(amounts, expected);
    assert_eq!(amounts.iter().sum::<u64>(), TOTAL_SUPPLY);
    assert!(w.royalty().distribution_complete);
}

#[test]
fn bad_splits_are_rejected_by_name() {
    let mut w = world();
    let a = w.f.keypair();
    let b = w.f.keypair();
    let many: Vec<Keypair> = (0..17).map(|_| Keypair::new()).collect();
    let many_refs: Vec<&Keypair> = many.iter().collect();
    let mut many_bps = vec![588u16; 17];
    many_bps[0] = 592;
    let cases = vec![
        (
            splits(&[&a, &b], &[5_000, 4_999]),
            RoyaltyError::InvalidSplitTotal,
        ),
        (
            splits(&[&a, &b], &[5_000, 5_001]),
            RoyaltyError::InvalidSplitTotal,
        ),
        (
            splits(&[&a, &a], &[5_000, 5_000]),
            RoyaltyError::DuplicateRecipient,
        ),
        (splits(&[&a, &b], &[10_000, 0]), RoyaltyError::ZeroBps),
        (
            splits(&many_refs, &many_bps),
            RoyaltyError::InvalidRecipientCount,
        ),
        (Vec::new(), RoyaltyError::InvalidRecipientCount),
    ];
    for (s, expected) in cases {
        assert_error(w.create(s), expected);
    }
    assert!(w.f.account(&pda::royalty(&w.track).0).is_none());
    assert_eq!(w.f.state::<Track>(&w.track).share_mint, None);
}

#[test]
fn only_the_track_authority_creates_shares_and_only_once() {
    let mut w = world();
    let a = w.f.keypair();
    let intruder = w.f.keypair();
    let s = splits(&[&a], &[10_000]);
    let ixn = ix::create_shares(&intruder.pubkey(), &w.track, &w.payment_mint, s.clone());
    assert_error(
        w.f.send(&[ixn], &[&intruder]),
        RoyaltyError::NotTrackAuthority,
    );

    let other_authority = w.f.keypair();
    let other_mint = w.f.create_mint(&other_authority, 6);
    let ixn = ix::create_shares(&w.artist.pubkey(), &w.track, &other_mint, s.clone());
    let artist = w.artist.insecure_clone();
    assert_error(w.f.send(&[ixn], &[&artist]), RoyaltyError::WrongPaymentMint);

    w.create(s.clone()).expect("first create");
    assert_error(w.create(s.clone()), RoyaltyError::SharesAlreadyCreated);
    // Also once distribution has removed the mint authority.
    w.distribute(&[a.pubkey()]);
    assert!(w.royalty().distribution_complete);
    assert_error(w.create(s), RoyaltyError::SharesAlreadyCreated);
}

#[test]
fn retired_tracks_and_a_paused_registry_get_no_new_shares() {
    let mut w = world();
    let a = w.f.keypair();
    w.pause_registry(true);
    assert_error(w.create(splits(&[&a], &[10_000])), RoyaltyError::Paused);
    w.pause_registry(false);
    let artist = w.artist.insecure_clone();
    w.f.send(
        &[reg_ix::retire_track(&artist.pubkey(), &w.track)],
        &[&artist],
    )
    .expect("retire");
    assert_error(
        w.create(splits(&[&a], &[10_000])),
        RoyaltyError::TrackRetired,
    );
}

#[test]
fn distribution_rejects_accounts_that_are_not_recipients() {
    let mut w = world();
    let a = w.f.keypair();
    let stranger = w.f.keypair();
    w.create(splits(&[&a], &[10_000])).expect("create");
    let payer = w.f.payer().pubkey();
    let ixs = ix::distribute_shares(&payer, &w.track, &[stranger.pubkey()]);
    assert_error(w.f.send(&ixs, &[]), RoyaltyError::UnknownRecipientAccount);
    assert!(!w.royalty().distribution_complete);
}
