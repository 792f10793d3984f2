//! Revenue to stakers: linear release, time-weighted shares, revenue that
//! waits for stakers, exits while paused, account checks, closing positions.

use encore_sdk::royalty_shares::constants::TOTAL_SUPPLY;
use encore_sdk::royalty_shares::errors::RoyaltyError;

use super::*;
use crate::support::fixture::{assert_anchor_error, assert_error};

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
    // A day of a seven-day release of 1,000 units: floor(1,000 / 7).
    assert_eq!(w.claim(holder).unwrap(), 142);
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
    // Distribution opened the position, paid by the fixture's payer: the
    // empty position closes, its rent back to that payer.
    let payer = w.f.payer().pubkey();
    let close = ix::close_position(&holder.pubkey(), &w.track, &payer);
    w.f.send(&[close], &[holder])
        .expect("close the distributed position");
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

/// The dust-griefing attack: 7,000,000 deposited, then a griefer deposits
/// one base unit every hour for the whole release period. Each deposit
/// keeps its own schedule, so the holder has the 7,000,000 in full at the
/// end of the period (one period after it arrived), plus whatever of the
/// dust is due; under a schedule restarted by every deposit, 168 restarts
/// would have left about 37 % of it (e^-1) unreleased.
#[test]
fn dust_deposited_every_hour_does_not_delay_the_release() {
    let (mut w, holders) = shared_world(&[10_000]);
    let holder = &holders[0];
    w.open_and_stake(holder, 1_000_000);
    let tipper = w.f.keypair();
    let griefer = w.f.keypair();
    w.deposit(&tipper, 7_000_000);
    let hours = RELEASE / 3_600;
    for _ in 0..hours {
        w.f.warp_seconds(3_600);
        w.deposit(&griefer, 1);
    }
    // One release period after the 7,000,000 arrived: all of it is out,
    // and of the 168 units of dust, each released linearly from its own
    // arrival, the first (168 - k) hours of the k-th: at most 167 units.
    let paid = w.claim(holder).unwrap();
    assert!(paid >= 7_000_000, "paid {paid}");
    assert!(paid < 7_000_000 + 168, "paid {paid}");
    // The dust is out one period after the last of it arrived.
    w.f.warp_seconds(RELEASE);
    let rest = w.claim(holder).unwrap();
    assert_eq!(paid + rest, 7_000_000 + 168);
    assert_eq!(w.royalty().accrual.unreleased, 0);
}

/// `stake_above`: what the source holds beyond `keep` (in a swap's
/// transaction, what it bought) is staked; nothing above it is ZeroAmount.
#[test]
fn stake_above_stakes_only_what_arrived() {
    let (mut w, holders) = shared_world(&[10_000]);
    let holder = &holders[0];
    let h = holder.pubkey();
    let source = encore_sdk::token::associated_address(&h, &w.share_mint());
    let held = w.shares_of(&h);
    w.f.send(
        &[ix::stake_above(&h, &w.track, &source, held - 250)],
        &[holder],
    )
    .expect("stake what is above");
    assert_eq!(w.position(&h).stake.staked, 250);
    assert_eq!(w.shares_of(&h), held - 250);
    assert_error(
        w.f.send(
            &[ix::stake_above(&h, &w.track, &source, held - 250)],
            &[holder],
        ),
        RoyaltyError::ZeroAmount,
    );
    assert_eq!(w.position(&h).stake.staked, 250);
}
