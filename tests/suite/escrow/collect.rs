//! From ledger to rights holders: collect through harvest, fees, and claims;
//! and the way out for a track retired before it had shares.

use anchor_lang::prelude::Pubkey;
use encore_sdk::instructions::{escrow as ix, shares as shares_ix};
use encore_sdk::pda;
use encore_sdk::royalty_shares::errors::RoyaltyError;
use encore_sdk::royalty_shares::math::Split;
use encore_sdk::royalty_shares::state::RoyaltyConfig;
use encore_sdk::stream_escrow::errors::EscrowError;
use encore_sdk::stream_escrow::events::EarningsCollected;
use solana_signer::Signer;

use super::{open, Stream};
use crate::support::fixture::assert_error;

const DAY: i64 = 86_400;

impl Stream {
    /// Gives track `t` royalty shares held by its artist, who stakes them all.
    pub fn shares_for_artist(&mut self, t: usize) {
        let artist = self.artist.insecure_clone();
        let (track, mint) = (self.tracks[t], self.mint);
        let split = vec![Split {
            recipient: artist.pubkey(),
            bps: 10_000,
        }];
        let payer = self.f.payer().pubkey();
        self.f.next_slot();
        self.f
            .send(
                &[shares_ix::create_shares(
                    &artist.pubkey(),
                    &track,
                    &mint,
                    split,
                )],
                &[&artist],
            )
            .expect("create shares");
        // Distribution stakes the artist's whole allocation.
        self.f
            .send(
                &[shares_ix::distribute_shares(
                    &payer,
                    &track,
                    &[artist.pubkey()],
                )],
                &[],
            )
            .expect("distribute");
    }

    pub fn treasury_account(&mut self) -> Pubkey {
        let (treasury, mint) = (self.gov.treasury.pubkey(), self.mint);
        self.f.ata(&treasury, &mint)
    }
}

#[test]
fn harvest_pays_owed_earnings_into_the_vault_less_the_protocol_fee() {
    let mut s = Stream::new(&[1_000]);
    let l = s.add_listener(100_000);
    s.settle_plays(1, &[(l, &[(0, 50)])]).expect("settle");
    let owed = s.ledger(0).owed;
    assert_eq!(owed, 50_000 - 500);
    s.shares_for_artist(0);
    let treasury = s.treasury_account();
    let (track, mint) = (s.tracks[0], s.mint);

    s.f.send(&[shares_ix::harvest(&track, &mint, &treasury)], &[])
        .expect("harvest");
    // 3 % protocol fee, rounded down, to the treasury; the rest to the vault.
    let protocol_fee = owed * 300 / 10_000;
    assert_eq!(s.f.token_balance(&treasury), protocol_fee);
    let revenue_vault = pda::revenue_vault(&track).0;
    assert_eq!(s.f.token_balance(&revenue_vault), owed - protocol_fee);
    assert_eq!(s.ledger(0).owed, 0);
    assert_eq!(s.ledger(0).lifetime_collected, u128::from(owed));
    let royalty: RoyaltyConfig = s.f.state(&pda::royalty(&track).0);
    assert_eq!(royalty.total_deposited, owed - protocol_fee);
    assert_eq!(royalty.accrual.unreleased, owed - protocol_fee);
    s.assert_conserved();

    // The artist, the only staker, receives it all over the release period.
    s.f.warp_seconds(7 * DAY);
    let artist = s.artist.insecure_clone();
    let dest = s.f.ata(&artist.pubkey(), &mint);
    s.f.send(
        &[shares_ix::claim(&artist.pubkey(), &track, &dest)],
        &[&artist],
    )
    .expect("claim");
    assert_eq!(s.f.token_balance(&dest), owed - protocol_fee);

    // Nothing new: harvest and collect both say so by name.
    assert_error(
        s.f.send(&[shares_ix::harvest(&track, &mint, &treasury)], &[]),
        RoyaltyError::NothingToHarvest,
    );
    assert_error(
        s.f.send(&[ix::collect(&track, &mint, &treasury)], &[]),
        EscrowError::NothingToCollect,
    );
}

#[test]
fn collect_pays_only_the_tracks_vault_and_the_real_treasury() {
    let mut s = Stream::new(&[1_000, 1_000]);
    let l = s.add_listener(100_000);
    s.settle_plays(1, &[(l, &[(0, 5), (1, 5)])])
        .expect("settle");
    s.shares_for_artist(0);
    s.shares_for_artist(1);
    let treasury = s.treasury_account();
    let (t0, t1, mint) = (s.tracks[0], s.tracks[1], s.mint);

    // Track 0's earnings aimed at track 1's vault.
    let mut ixn = ix::collect(&t0, &mint, &treasury);
    ixn.accounts[3].pubkey = pda::revenue_vault(&t1).0;
    assert_error(s.f.send(&[ixn], &[]), EscrowError::WrongRevenueVault);
    // A stranger's account posing as the treasury's.
    let stranger = s.f.keypair();
    let fake = s.f.ata(&stranger.pubkey(), &mint);
    assert_error(
        s.f.send(&[ix::collect(&t0, &mint, &fake)], &[]),
        EscrowError::WrongTreasuryAccount,
    );
    assert_eq!(s.ledger(0).owed, 4_950);

    // Anyone may collect directly; the next harvest still accounts for it.
    s.f.send(&[ix::collect(&t0, &mint, &treasury)], &[])
        .expect("direct collect");
    s.f.send(&[shares_ix::harvest(&t0, &mint, &treasury)], &[])
        .expect("harvest sweeps it");
    let royalty: RoyaltyConfig = s.f.state(&pda::royalty(&t0).0);
    assert_eq!(royalty.total_deposited, 4_950 - 4_950 * 300 / 10_000);
    s.assert_conserved();
}

#[test]
fn settlers_claim_their_fees() {
    let mut s = Stream::new(&[1_000]);
    let l = s.add_listener(100_000);
    s.settle_plays(1, &[(l, &[(0, 30)])]).expect("settle");
    let settler = s.settler.insecure_clone();
    let mint = s.mint;
    let dest = s.f.ata(&settler.pubkey(), &mint);
    s.f.send(
        &[ix::claim_settler_fees(&settler.pubkey(), &mint, &dest)],
        &[&settler],
    )
    .expect("claim fees");
    assert_eq!(s.f.token_balance(&dest), 300);
    assert_eq!(s.settler_state().fees_owed, 0);
    assert_error(
        s.f.send(
            &[ix::claim_settler_fees(&settler.pubkey(), &mint, &dest)],
            &[&settler],
        ),
        EscrowError::NothingToClaim,
    );
    s.assert_conserved();
}

#[test]
fn a_retired_tracks_earnings_go_to_its_authority_when_it_has_no_shares() {
    let mut s = Stream::new(&[1_000, 1_000]);
    let l = s.add_listener(100_000);
    let t0 = s.f.now();
    s.settle_parts(
        1,
        &[open(l, t0 - 50, t0 - 50, 2, &[(0, 0, 10), (1, 1, 10)])],
    )
    .expect("plays of both");
    let (track0, track1, mint) = (s.tracks[0], s.tracks[1], s.mint);
    let artist = s.artist.insecure_clone();
    let payout = s.f.ata(&artist.pubkey(), &mint);
    let treasury = s.treasury_account();

    assert_error(
        s.f.send(
            &[ix::collect_unshared(
                &track1, None, &mint, &payout, &treasury,
            )],
            &[],
        ),
        EscrowError::TrackNotRetired,
    );
    s.shares_for_artist(1);
    s.retire_track(1).expect("retire the shared track");
    assert_error(
        s.f.send(
            &[ix::collect_unshared(
                &track1, None, &mint, &payout, &treasury,
            )],
            &[],
        ),
        EscrowError::TrackHasShares,
    );
    // A retired track with shares is collected into its revenue vault.
    s.f.send(&[shares_ix::harvest(&track1, &mint, &treasury)], &[])
        .expect("harvest");
    assert_eq!(
        s.f.token_balance(&pda::revenue_vault(&track1).0),
        9_900 - 297
    );

    s.f.warp_seconds(10);
    let retired_at = s.f.now();
    s.retire_track(0).expect("retire");
    let e1 = s
        .settle_events(
            2,
            &[open(l, retired_at - 1, retired_at - 1, 1, &[(0, 0, 5)])],
        )
        .expect("before retirement");
    assert_eq!((e1.plays_paid, e1.plays_track_retired), (5, 0));
    let e2 = s
        .settle_events(3, &[open(l, retired_at, retired_at, 1, &[(0, 0, 5)])])
        .expect("after retirement");
    assert_eq!(
        (e2.plays_paid, e2.plays_track_retired, e2.amount),
        (0, 5, 0)
    );
    let owed = 9_900 + 4_950;
    assert_eq!(s.ledger(0).owed, owed);

    let before = s.snapshot();
    let stranger = s.f.keypair();
    let strangers = s.f.ata(&stranger.pubkey(), &mint);
    assert_error(
        s.f.send(
            &[ix::collect_unshared(
                &track0, None, &mint, &strangers, &treasury,
            )],
            &[],
        ),
        EscrowError::WrongPayoutAccount,
    );
    let other_authority = s.f.keypair();
    let other_mint = s.f.create_mint(&other_authority, 6);
    let artists_other = s.f.ata(&artist.pubkey(), &other_mint);
    assert_error(
        s.f.send(
            &[ix::collect_unshared(
                &track0,
                None,
                &mint,
                &artists_other,
                &treasury,
            )],
            &[],
        ),
        EscrowError::WrongPayoutAccount,
    );
    assert_error(
        s.f.send(
            &[ix::collect_unshared(
                &track0, None, &mint, &payout, &strangers,
            )],
            &[],
        ),
        EscrowError::WrongTreasuryAccount,
    );
    let mut wrong_track = ix::collect_unshared(&track0, None, &mint, &payout, &treasury);
    wrong_track.accounts[1].pubkey = track1;
    assert_error(s.f.send(&[wrong_track], &[]), EscrowError::WrongTrack);
    s.assert_unchanged(&before);

    // Anyone may send it; the authority is paid, less the 3 % protocol fee.
    let treasury_before = s.f.token_balance(&treasury);
    let payer = s.f.payer().insecure_clone();
    let events: Vec<EarningsCollected> =
        s.f.send_for_events(
            &payer,
            &[ix::collect_unshared(
                &track0, None, &mint, &payout, &treasury,
            )],
            &[],
        )
        .expect("collect unshared");
    // 3 % of 14,850 is 445.5: the fee rounds down.
    let (fee, paid) = (445, 14_405);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].track, track0);
    assert_eq!(events[0].destination, payout);
    assert_eq!(
        (
            events[0].owed,
            events[0].protocol_fee,
            events[0].paid_to_vault
        ),
        (owed, fee, paid)
    );
    assert_eq!(s.f.token_balance(&payout), paid);
    assert_eq!(s.f.token_balance(&treasury), treasury_before + fee);
    let ledger = s.ledger(0);
    assert_eq!(
        (ledger.owed, ledger.lifetime_collected),
        (0, u128::from(owed))
    );
    assert_error(
        s.f.send(
            &[ix::collect_unshared(
                &track0, None, &mint, &payout, &treasury,
            )],
            &[],
        ),
        EscrowError::NothingToCollect,
    );
    s.assert_conserved();
}

impl Stream {
    /// Governance changes the protocol fee to `bps` through its timelock.
    fn set_protocol_fee(&mut self, bps: u16) {
        use encore_sdk::governance::state::ParamChange;
        let change = ParamChange::ProtocolFeeBps(bps);
        let id = crate::gov::propose(&mut self.f, &self.gov, change);
        self.f.warp_seconds(crate::gov::TIMELOCK);
        crate::gov::execute(&mut self.f, id, &change).expect("execute the fee change");
    }
}

/// A fee change applies to plays settled after it: revenue settled before
/// pays the fee in force when it was settled, however late it is collected.
#[test]
fn the_protocol_fee_is_the_one_in_force_when_the_plays_were_settled() {
    let mut s = Stream::new(&[1_000]);
    let l = s.add_listener(1_000_000);
    // 7 plays under 3 %: 7,000 less the settler's 1 % = 6,930 owed.
    s.settle_plays(1, &[(l, &[(0, 7)])]).expect("settle at 3 %");
    s.set_protocol_fee(1_000);
    // 9 plays under 10 %: 9,000 less 1 % = 8,910 owed.
    s.settle_plays(2, &[(l, &[(0, 9)])])
        .expect("settle at 10 %");
    let ledger = s.ledger(0);
    assert_eq!(ledger.owed, 6_930 + 8_910);
    s.shares_for_artist(0);
    let treasury = s.treasury_account();
    let (track, mint) = (s.tracks[0], s.mint);
    s.f.send(&[ix::collect(&track, &mint, &treasury)], &[])
        .expect("collect");
    // floor(6,930 × 3 %) = 207 and floor(8,910 × 10 %) = 891; collected
    // under 10 % alone it would have been 1,584.
    assert_eq!(s.f.token_balance(&treasury), 207 + 891);
    let revenue_vault = pda::revenue_vault(&track).0;
    assert_eq!(s.f.token_balance(&revenue_vault), 6_930 + 8_910 - 207 - 891);
    assert!(s.ledger(0).owed_by_fee.iter().all(|p| p.owed == 0));
    s.assert_conserved();
}

/// More fee changes between two collections than the ledger keeps apart:
/// the oldest join the lowest fee kept, so nothing pays more than the fee
/// it was settled under.
#[test]
fn more_fee_changes_than_slots_never_charge_more_than_the_fee_at_settlement() {
    let mut s = Stream::new(&[1_000]);
    let l = s.add_listener(10_000_000);
    // 10 plays (9,900 owed) under each fee in turn.
    let fees = [300u16, 500, 100, 700, 200];
    for (i, fee) in fees.iter().enumerate() {
        if *fee != 300 {
            s.set_protocol_fee(*fee);
        }
        s.settle_plays(i as u64 + 1, &[(l, &[(0, 10)])])
            .expect("settle");
    }
    // Four slots: 3 %, 5 %, 1 %, 7 %; the fifth (2 %) joins the lowest
    // slot, 1 %, which stays at 1 %.
    let slots: Vec<(u16, u64)> = s
        .ledger(0)
        .owed_by_fee
        .iter()
        .map(|p| (p.fee_bps, p.owed))
        .collect();
    assert_eq!(
        slots,
        vec![(300, 9_900), (500, 9_900), (100, 19_800), (700, 9_900)]
    );
    s.shares_for_artist(0);
    let treasury = s.treasury_account();
    let (track, mint) = (s.tracks[0], s.mint);
    s.f.send(&[ix::collect(&track, &mint, &treasury)], &[])
        .expect("collect");
    // 297 + 495 + 198 + 693.
    assert_eq!(s.f.token_balance(&treasury), 297 + 495 + 198 + 693);
    s.assert_conserved();
}
