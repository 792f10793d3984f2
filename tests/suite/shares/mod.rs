//! royalty_shares: exact splits, fixed supply, time-weighted accrual, exits
//! while paused, and conservation over random sequences, through the real program.

mod cli;

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::program_pack::Pack;
use anchor_spl::token::spl_token;
use encore_sdk::governance::instructions::SetPauseArgs;
use encore_sdk::governance::state::PauseArea;
use encore_sdk::instructions::{gov as gov_ix, registry as reg_ix, shares as ix};
use encore_sdk::pda;
use encore_sdk::royalty_shares::constants::{ACC_SCALE, TOTAL_SUPPLY};
use encore_sdk::royalty_shares::errors::RoyaltyError;
use encore_sdk::royalty_shares::math::{Accrual, Split};
use encore_sdk::royalty_shares::state::{Position, RoyaltyConfig};
use encore_sdk::track_registry::state::Track;
use proptest::prelude::*;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::gov::{governed, Gov};
use crate::registry::new_artist;
use crate::support::fixture::{assert_anchor_error, assert_error, Fixture};

const DAY: i64 = 86_400;
const RELEASE: i64 = 7 * DAY;

/// A governed deployment with one registered track.
pub struct World {
    pub f: Fixture,
    pub gov: Gov,
    pub artist: Keypair,
    pub track: Pubkey,
    pub payment_mint: Pubkey,
    pub mint_authority: Keypair,
}

pub fn world() -> World {
    let (mut f, gov) = governed();
    let artist = new_artist(&mut f, "royal");
    let mint_authority = f.keypair();
    let payment_mint = f.create_mint(&mint_authority, 6);
    let hash = [21u8; 32];
    f.send(
        &[reg_ix::register_track(
            &artist.pubkey(),
            &payment_mint,
            crate::registry::track_args(hash),
        )],
        &[&artist],
    )
    .expect("register");
    World {
        f,
        gov,
        artist,
        track: pda::track(&hash).0,
        payment_mint,
        mint_authority,
    }
}

fn splits(recipients: &[&Keypair], bps: &[u16]) -> Vec<Split> {
    recipients
        .iter()
        .zip(bps)
        .map(|(r, b)| Split {
            recipient: r.pubkey(),
            bps: *b,
        })
        .collect()
}

impl World {
    fn create(&mut self, splits: Vec<Split>) -> crate::support::fixture::TxResult {
        let ixn = ix::create_shares(
            &self.artist.pubkey(),
            &self.track,
            &self.payment_mint,
            splits,
        );
        let artist = self.artist.insecure_clone();
        self.f.send(&[ixn], &[&artist])
    }

    fn distribute(&mut self, recipients: &[Pubkey]) {
        let payer = self.f.payer().pubkey();
        for chunk in recipients.chunks(ix::DISTRIBUTE_BATCH) {
            self.f
                .send(&ix::distribute_shares(&payer, &self.track, chunk), &[])
                .expect("distribute");
        }
    }

    fn share_mint(&self) -> Pubkey {
        pda::share_mint(&self.track).0
    }

    fn shares_of(&mut self, owner: &Pubkey) -> u64 {
        let ata = encore_sdk::token::associated_address(owner, &self.share_mint());
        self.f.token_balance(&ata)
    }

    fn payment_account(&mut self, owner: &Pubkey) -> Pubkey {
        let mint = self.payment_mint;
        self.f.ata(owner, &mint)
    }

    fn royalty(&mut self) -> RoyaltyConfig {
        let address = pda::royalty(&self.track).0;
        self.f.state(&address)
    }

    fn position(&mut self, owner: &Pubkey) -> Position {
        let address = pda::position(&self.track, owner).0;
        self.f.state(&address)
    }

    /// Funds `who` with payment tokens and deposits `amount` as revenue.
    fn deposit(&mut self, who: &Keypair, amount: u64) {
        let source = self.payment_account(&who.pubkey());
        let (mint, authority) = (self.payment_mint, self.mint_authority.insecure_clone());
        self.f.mint_to(&mint, &authority, &source, amount);
        let ixn = ix::deposit_revenue(&who.pubkey(), &self.track, &source, amount);
        self.f.send(&[ixn], &[who]).expect("deposit revenue");
    }

    fn open_and_stake(&mut self, who: &Keypair, amount: u64) {
        let source = encore_sdk::token::associated_address(&who.pubkey(), &self.share_mint());
        let ixs = [
            ix::open_position(&who.pubkey(), &who.pubkey(), &self.track),
            ix::stake(&who.pubkey(), &self.track, &source, amount),
        ];
        self.f.send(&ixs, &[who]).expect("open and stake");
    }

    fn stake(&mut self, who: &Keypair, amount: u64) -> crate::support::fixture::TxResult {
        let source = encore_sdk::token::associated_address(&who.pubkey(), &self.share_mint());
        let ixn = ix::stake(&who.pubkey(), &self.track, &source, amount);
        self.f.send(&[ixn], &[who])
    }

    fn unstake(&mut self, who: &Keypair, amount: u64) -> crate::support::fixture::TxResult {
        let dest = encore_sdk::token::associated_address(&who.pubkey(), &self.share_mint());
        let ixn = ix::unstake(&who.pubkey(), &self.track, &dest, amount);
        self.f.send(&[ixn], &[who])
    }

    /// Claims and returns what arrived in `who`'s payment account.
    fn claim(&mut self, who: &Keypair) -> crate::support::fixture::TxResult<u64> {
        let dest = self.payment_account(&who.pubkey());
        let before = self.f.token_balance(&dest);
        let ixn = ix::claim(&who.pubkey(), &self.track, &dest);
        self.f.send(&[ixn], &[who])?;
        Ok(self.f.token_balance(&dest) - before)
    }

    /// What the SDK says `who` can claim right now.
    fn pending(&mut self, who: &Pubkey) -> u64 {
        let now = self.f.now();
        let position = self.position(who);
        let royalty = self.royalty();
        encore_sdk::shares::pending_rewards(&position, &royalty, now).expect("pending")
    }

    fn pause_registry(&mut self, paused: bool) {
        let authority = self.gov.authority.insecure_clone();
        let ixn = gov_ix::set_pause(
            &authority.pubkey(),
            SetPauseArgs::only(PauseArea::Registry, paused),
        );
        self.f.send(&[ixn], &[&authority]).expect("set pause");
    }
}

/// A world whose track's shares are split between `n` fresh holders.
pub(crate) fn shared_world(bps: &[u16]) -> (World, Vec<Keypair>) {
    let mut w = world();
    let holders: Vec<Keypair> = bps.iter().map(|_| w.f.keypair()).collect();
    let refs: Vec<&Keypair> = holders.iter().collect();
    w.create(splits(&refs, bps)).expect("create shares");
    let keys: Vec<Pubkey> = holders.iter().map(|h| h.pubkey()).collect();
    w.distribute(&keys);
    (w, holders)
}

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
    assert_eq!(amounts.iter().sum::<u64>(), TOTAL_SUPPLY);
    assert_eq!(
        amounts,
        encore_sdk::royalty_shares::math::split_amounts(TOTAL_SUPPLY, &bps).unwrap()
    );

    // Sixteen recipients, the most a split may have, in two distribution batches.
    let mut bps16 = vec![625u16; 16];
    bps16[0] = 626;
    bps16[15] = 624;
    let (mut w, holders) = shared_world(&bps16);
    let total: u64 = holders.iter().map(|h| w.shares_of(&h.pubkey())).sum();
    assert_eq!(total, TOTAL_SUPPLY);
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

#[test]
fn revenue_is_released_linearly_to_stakers() {
    let (mut w, holders) = shared_world(&[10_000]);
    let holder = &holders[0];
    w.open_and_stake(holder, 1_000_000);
    let tipper = w.f.keypair();
    w.deposit(&tipper, 7_000_000);
    assert_eq!(w.royalty().accrual.unreleased, 7_000_000);

    w.f.warp_seconds(RELEASE / 2);
    let quoted = w.pending(&holder.pubkey());
    assert_eq!(quoted, 3_500_000);
    assert_eq!(
        w.claim(holder).unwrap(),
        quoted,
        "claim pays exactly the SDK quote"
    );

    w.f.warp_seconds(RELEASE);
    assert_eq!(w.claim(holder).unwrap(), 3_500_000);
    let royalty = w.royalty();
    assert_eq!(royalty.total_claimed, 7_000_000);
    assert_eq!(royalty.accrual.unreleased, 0);
    let vault = royalty.revenue_vault;
    assert_eq!(w.f.token_balance(&vault), 0);
    assert_error(w.claim(holder), RoyaltyError::NothingToClaim);
}

#[test]
fn a_late_staker_earns_only_for_the_time_staked() {
    let (mut w, holders) = shared_world(&[5_000, 5_000]);
    let (patient, sniper) = (&holders[0], &holders[1]);
    w.open_and_stake(patient, 1_000_000);
    // The sniper stakes just before the revenue lands and leaves a minute later.
    w.open_and_stake(sniper, 1_000_000);
    let tipper = w.f.keypair();
    w.deposit(&tipper, 7 * 86_400_000);
    w.f.warp_seconds(60);
    w.unstake(sniper, 1_000_000).expect("unstake");
    let sniper_take = w.claim(sniper).unwrap();
    // 1,000 units a second released, half of it to the sniper for 60 seconds.
    assert_eq!(sniper_take, 30_000);

    w.f.warp_seconds(RELEASE);
    let patient_take = w.claim(patient).unwrap();
    assert_eq!(patient_take + sniper_take, 7 * 86_400_000);
}

#[test]
fn revenue_that_arrives_with_nobody_staked_waits_for_stakers() {
    let (mut w, holders) = shared_world(&[10_000]);
    let tipper = w.f.keypair();
    w.deposit(&tipper, 1_000_000);
    w.f.warp_seconds(30 * DAY);
    let royalty = w.royalty();
    assert_eq!(royalty.accrual.unreleased, 1_000_000);

    let holder = &holders[0];
    w.open_and_stake(holder, 1_000);
    w.f.warp_seconds(RELEASE);
    let got = w.claim(holder).unwrap();
    assert_eq!(got, 1_000_000, "the whole deposit reaches the first staker");
}

#[test]
fn unstake_and_claim_work_while_paused_but_staking_does_not() {
    let (mut w, holders) = shared_world(&[10_000]);
    let holder = &holders[0];
    w.open_and_stake(holder, 10);
    let tipper = w.f.keypair();
    w.deposit(&tipper, 1_000);
    w.f.warp_seconds(DAY);
    w.pause_registry(true);
    assert_error(w.stake(holder, 1), RoyaltyError::Paused);
    assert!(w.claim(holder).unwrap() > 0);
    w.unstake(holder, 10).expect("unstake while paused");
    assert_eq!(w.shares_of(&holder.pubkey()), TOTAL_SUPPLY);
}

#[test]
fn stake_accounts_are_checked_by_name() {
    let (mut w, holders) = shared_world(&[6_000, 4_000]);
    let (a, b) = (&holders[0], &holders[1]);
    w.open_and_stake(a, 100);
    assert_error(w.unstake(a, 101), RoyaltyError::UnstakeExceedsStake);
    assert_error(w.unstake(a, 0), RoyaltyError::ZeroAmount);
    assert_error(w.stake(a, 0), RoyaltyError::ZeroAmount);

    // A payment-token account where share tokens belong, and the reverse.
    let payment = w.payment_account(&a.pubkey());
    let ixn = ix::stake(&a.pubkey(), &w.track, &payment, 1);
    assert_error(w.f.send(&[ixn], &[a]), RoyaltyError::WrongMint);
    let shares = encore_sdk::token::associated_address(&a.pubkey(), &w.share_mint());
    let ixn = ix::claim(&a.pubkey(), &w.track, &shares);
    assert_error(w.f.send(&[ixn], &[a]), RoyaltyError::WrongMint);
    let tipper = w.f.keypair();
    let wrong_source = w.f.ata(&tipper.pubkey(), &w.share_mint());
    let ixn = ix::deposit_revenue(&tipper.pubkey(), &w.track, &wrong_source, 5);
    assert_error(w.f.send(&[ixn], &[&tipper]), RoyaltyError::WrongMint);
    let ixn = ix::deposit_revenue(&tipper.pubkey(), &w.track, &payment, 0);
    assert_error(w.f.send(&[ixn], &[&tipper]), RoyaltyError::ZeroAmount);

    // B cannot move A's stake: the position is derived from the signer.
    let b_dest = encore_sdk::token::associated_address(&b.pubkey(), &w.share_mint());
    let mut ixn = ix::unstake(&b.pubkey(), &w.track, &b_dest, 100);
    ixn.accounts[2].pubkey = pda::position(&w.track, &a.pubkey()).0;
    assert_anchor_error(
        w.f.send(&[ixn], &[b]),
        &encore_sdk::royalty_shares::ID,
        anchor_lang::error::ErrorCode::ConstraintSeeds,
    );
    assert_eq!(w.position(&a.pubkey()).stake.staked, 100);
}

#[test]
fn empty_positions_close_and_return_rent_to_their_payer() {
    let (mut w, holders) = shared_world(&[10_000]);
    let holder = &holders[0];
    let sponsor = w.f.keypair();
    let open = ix::open_position(&sponsor.pubkey(), &holder.pubkey(), &w.track);
    w.f.send(&[open], &[&sponsor]).expect("sponsored open");
    w.stake(holder, 50).expect("stake");
    let position = pda::position(&w.track, &holder.pubkey()).0;
    let rent = w.f.lamports(&position);

    let close = ix::close_position(&holder.pubkey(), &w.track, &sponsor.pubkey());
    assert_error(
        w.f.send(std::slice::from_ref(&close), &[holder]),
        RoyaltyError::PositionNotEmpty,
    );
    w.unstake(holder, 50).expect("unstake");
    let before = w.f.lamports(&sponsor.pubkey());
    w.f.send(&[close], &[holder]).expect("close");
    assert!(w.f.account(&position).is_none());
    assert_eq!(w.f.lamports(&sponsor.pubkey()), before + rent);
}

#[derive(Clone, Debug)]
enum Op {
    Stake(usize, u64),
    Unstake(usize, u64),
    Deposit(u64),
    Claim(usize),
    /// Unstake everything, claim, close the position and open it again.
    Close(usize),
    Warp(i64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..3usize, 1..1_000_000u64).prop_map(|(h, a)| Op::Stake(h, a)),
        (0..3usize, 1..1_000_000u64).prop_map(|(h, a)| Op::Unstake(h, a)),
        (1..50_000_000u64).prop_map(Op::Deposit),
        (0..3usize).prop_map(Op::Claim),
        (0..3usize).prop_map(Op::Close),
        (1..3 * DAY).prop_map(Op::Warp),
    ]
}

/// What the chain holds for a track at its clock, brought up to `now` as
/// the program would: the accrual, and each position's earnings × scale.
fn scaled_books(w: &mut World, holders: &[Keypair]) -> (Accrual, Vec<(u64, u128)>) {
    let royalty = w.royalty();
    let mut accrual = royalty.accrual;
    accrual.update(w.f.now()).unwrap();
    let stakes = holders
        .iter()
        .map(|h| {
            let mut stake = w.position(&h.pubkey()).stake;
            stake.settle(accrual.acc_per_share).unwrap();
            (stake.staked, stake.earned_scaled)
        })
        .collect();
    (accrual, stakes)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// Through the real program, over random stake/unstake/deposit/claim/
    /// close/time sequences: value is conserved exactly, in the program's
    /// scaled units (Σ claimed + Σ claimable + unreleased + counted dust =
    /// Σ deposited, the dust being each position's fraction of a unit plus
    /// the accrual's carry); the vault holds exactly what is not claimed;
    /// every claim pays exactly the SDK's quote; and no holder ever earns
    /// more than its stake × time share of what was released.
    #[test]
    fn revenue_is_conserved_over_random_sequences(ops in prop::collection::vec(op(), 1..20)) {
        let (mut w, holders) = shared_world(&[4_000, 3_500, 2_500]);
        for h in &holders {
            let open = ix::open_position(&h.pubkey(), &h.pubkey(), &w.track);
            w.f.send(&[open], &[h]).expect("open");
        }
        let tipper = w.f.keypair();
        let mut deposited = 0u64;
        let mut claimed = 0u64;
        let mut earned = [0u64; 3];
        let mut ideal = [0f64; 3];
        let mut released_so_far = 0u64;
        let mut handed_back = 0f64;
        for op in ops {
            match op {
                Op::Stake(h, a) => {
                    let balance = w.shares_of(&holders[h].pubkey());
                    if balance > 0 {
                        w.stake(&holders[h], a.min(balance)).expect("stake");
                    }
                }
                Op::Unstake(h, a) => {
                    let staked = w.position(&holders[h].pubkey()).stake.staked;
                    if staked > 0 {
                        w.unstake(&holders[h], a.min(staked)).expect("unstake");
                    }
                }
                Op::Deposit(a) => {
                    w.deposit(&tipper, a);
                    deposited += a;
                }
                Op::Claim(h) => {
                    let quoted = w.pending(&holders[h].pubkey());
                    match w.claim(&holders[h]) {
                        Ok(got) => {
                            prop_assert_eq!(got, quoted);
                            claimed += got;
                            earned[h] += got;
                        }
                        Err(e) => {
                            prop_assert_eq!(quoted, 0);
                            prop_assert_eq!(e.custom_code(), Some(RoyaltyError::NothingToClaim.into()));
                            prop_assert_eq!(e.raised_by(), Some(encore_sdk::royalty_shares::ID));
                        }
                    }
                }
                Op::Close(h) => {
                    let holder = &holders[h];
                    let staked = w.position(&holder.pubkey()).stake.staked;
                    if staked > 0 {
                        w.unstake(holder, staked).expect("unstake all");
                    }
                    if let Ok(got) = w.claim(holder) {
                        claimed += got;
                        earned[h] += got;
                    }
                    let (_, stakes) = scaled_books(&mut w, &holders);
                    let fraction = stakes[h].1;
                    prop_assert!(fraction < ACC_SCALE);
                    let close = ix::close_position(&holder.pubkey(), &w.track, &holder.pubkey());
                    w.f.send(&[close], &[holder]).expect("close");
                    handed_back += fraction as f64 / ACC_SCALE as f64;
                    let open = ix::open_position(&holder.pubkey(), &holder.pubkey(), &w.track);
                    w.f.send(&[open], &[holder]).expect("reopen");
                }
                Op::Warp(s) => w.f.warp_seconds(s),
            }
            // Only warps release revenue, and stakes stand still during one:
            // credit each holder its stake-weighted share of the release.
            let (accrual, stakes) = scaled_books(&mut w, &holders);
            let released_now = deposited - accrual.unreleased;
            let released = released_now - released_so_far;
            released_so_far = released_now;
            if accrual.total_staked > 0 && (released > 0 || handed_back > 0.0) {
                let shared = released as f64 + handed_back;
                handed_back = 0.0;
                for (i, (staked, _)) in stakes.iter().enumerate() {
                    ideal[i] += shared * *staked as f64 / accrual.total_staked as f64;
                }
            }
            let royalty = w.royalty();
            prop_assert_eq!(royalty.total_deposited, deposited);
            prop_assert_eq!(royalty.total_claimed, claimed);
            let vault = royalty.revenue_vault;
            prop_assert_eq!(w.f.token_balance(&vault), deposited - claimed);

            let (accrual, stakes) = scaled_books(&mut w, &holders);
            let held: u128 = stakes.iter().map(|(_, e)| e).sum();
            prop_assert_eq!(
                u128::from(deposited) * ACC_SCALE,
                u128::from(claimed + accrual.unreleased) * ACC_SCALE + held + accrual.carry_scaled,
                "value created or lost"
            );
            let claimable: u64 = holders.iter().map(|h| w.pending(&h.pubkey())).sum();
            let fractions: u128 = stakes.iter().map(|(_, e)| e % ACC_SCALE).sum();
            prop_assert_eq!(u128::from(claimable) * ACC_SCALE + fractions, held);
            prop_assert!(fractions + accrual.carry_scaled < 7 * ACC_SCALE, "dust above a few units");
            for (i, h) in holders.iter().enumerate() {
                let total = earned[i] + w.pending(&h.pubkey());
                prop_assert!(total as f64 <= ideal[i] + 1.0 + ideal[i] * 1e-9,
                    "holder {} earned {} > its share {}", i, total, ideal[i]);
            }
        }
    }
}
