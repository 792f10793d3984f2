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
    let ixs = [ix::distribute_shares(
        &payer,
        &w.track,
        &[stranger.pubkey()],
    )];
    assert_error(w.f.send(&ixs, &[]), RoyaltyError::UnknownRecipientAccount);
    assert!(!w.royalty().distribution_complete);
}

/// Distribution stakes every allocation in its holder's position (opened
/// for it, the payer paying the rent): the shares earn at once, none sit
/// in wallets, and the vault holds exactly the staked supply.
#[test]
fn distribution_stakes_every_allocation_in_a_position() {
    let (mut w, holders) = staked_world(&[7_000, 3_000]);
    for (h, amount) in holders.iter().zip([700_000_000_000u64, 300_000_000_000]) {
        let position = w.position(&h.pubkey());
        assert_eq!(position.stake.staked, amount);
        assert_eq!(position.owner, h.pubkey());
        assert_eq!(position.payer, w.f.payer().pubkey());
        assert_eq!(w.shares_of(&h.pubkey()), 0);
    }
    let royalty = w.royalty();
    assert_eq!(royalty.accrual.total_staked, TOTAL_SUPPLY);
    let vault = royalty.share_vault;
    assert_eq!(w.f.token_balance(&vault), TOTAL_SUPPLY);
}

/// A recipient whose position exists already (opened by anyone) has its
/// allocation added to it; one whose position address someone sent
/// lamports to (to make a plain account creation fail) still gets one.
#[test]
fn distribution_tops_up_existing_positions_and_survives_prefunded_addresses() {
    let mut w = world();
    let (a, b) = (w.f.keypair(), w.f.keypair());
    w.create(splits(&[&a, &b], &[5_000, 5_000]))
        .expect("create");
    let sponsor = w.f.keypair();
    let open = ix::open_position(&sponsor.pubkey(), &a.pubkey(), &w.track);
    w.f.send(&[open], &[&sponsor]).expect("open early");
    let b_position = pda::position(&w.track, &b.pubkey()).0;
    let transfer = anchor_lang::solana_program::system_instruction::transfer(
        &w.f.payer().pubkey(),
        &b_position,
        1_000_000,
    );
    w.f.send(&[transfer], &[]).expect("prefund");
    w.distribute(&[a.pubkey(), b.pubkey()]);
    let pa = w.position(&a.pubkey());
    assert_eq!(
        (pa.stake.staked, pa.payer),
        (500_000_000_000, sponsor.pubkey())
    );
    let pb = w.position(&b.pubkey());
    assert_eq!(pb.stake.staked, 500_000_000_000);
    assert!(w.royalty().distribution_complete);
}

/// Nothing is released before the last allocation is out: an early
/// recipient cannot take revenue that belongs to holders still waiting.
/// 10 USDC arrives with only A's 50 % distributed; a period later A has
/// nothing to claim. Once B's half is out, the period runs: A and B take
/// 5 each.
#[test]
fn revenue_waits_for_the_whole_distribution() {
    let mut w = world();
    let (a, b) = (w.f.keypair(), w.f.keypair());
    w.create(splits(&[&a, &b], &[5_000, 5_000]))
        .expect("create");
    w.distribute(&[a.pubkey()]);
    assert!(!w.royalty().distribution_complete);
    let tipper = w.f.keypair();
    w.deposit(&tipper, 10_000_000);
    w.f.warp_seconds(RELEASE);
    assert_error(w.claim(&a), RoyaltyError::NothingToClaim);
    w.distribute(&[b.pubkey()]);
    w.f.warp_seconds(RELEASE);
    assert_eq!(w.claim(&a).unwrap(), 5_000_000);
    assert_eq!(w.claim(&b).unwrap(), 5_000_000);
}

/// The first-staker case, by hand: the collaborators' 60/40 is staked from
/// distribution, 10 USDC of revenue arrives, and a buyer stakes one share
/// (of the 1,000,000) it got from the second collaborator. Over the period
/// the buyer earns its one-millionth, 10 base units, not the lump a lone
/// first staker used to take; the collaborators keep 6 and 3.99999.
#[test]
fn a_tiny_first_staker_takes_only_its_share() {
    let (mut w, holders) = staked_world(&[6_000, 4_000]);
    let (a, b) = (&holders[0], &holders[1]);
    let tipper = w.f.keypair();
    w.deposit(&tipper, 10_000_000);
    let buyer = w.f.keypair();
    let mint = w.share_mint();
    w.f.ata(&b.pubkey(), &mint);
    w.unstake(b, 1_000_000).expect("unstake one share");
    let to = w.f.ata(&buyer.pubkey(), &mint);
    let give = crate::pool::transfer_ix(b, &mint, &to, 1_000_000);
    w.f.send(&[give], &[b]).expect("give");
    w.open_and_stake(&buyer, 1_000_000);
    w.f.warp_seconds(RELEASE);
    assert_eq!(w.claim(&buyer).unwrap(), 10);
    assert_eq!(w.claim(a).unwrap(), 6_000_000);
    assert_eq!(w.claim(b).unwrap(), 3_999_990);
}
