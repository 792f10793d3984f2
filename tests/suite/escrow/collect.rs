//! From ledger to rights holders: collect through harvest, fees, and claims.

use anchor_lang::prelude::Pubkey;
use encore_sdk::instructions::{escrow as ix, shares as shares_ix};
use encore_sdk::pda;
use encore_sdk::royalty_shares::errors::RoyaltyError;
use encore_sdk::royalty_shares::math::Split;
use encore_sdk::royalty_shares::state::RoyaltyConfig;
use encore_sdk::stream_escrow::errors::EscrowError;
use solana_signer::Signer;

use super::Stream;
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
        self.f
            .send(
                &shares_ix::distribute_shares(&payer, &track, &[artist.pubkey()]),
                &[],
            )
            .expect("distribute");
        let shares =
            encore_sdk::token::associated_address(&artist.pubkey(), &pda::share_mint(&track).0);
        self.f
            .send(
                &[
                    shares_ix::open_position(&artist.pubkey(), &artist.pubkey(), &track),
                    shares_ix::stake(&artist.pubkey(), &track, &shares, 1_000_000),
                ],
                &[&artist],
            )
            .expect("stake");
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
    assert_eq!(s.ledger(0).lifetime_collected, owed);
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
