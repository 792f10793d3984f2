//! Revenue at the edges of u64 and of governance's release period: every
//! payment token there can be released and claimed to the unit (expected
//! values from a model of the accumulator written here), revenue that would
//! overflow the books refused with `MathOverflow` leaving them untouched,
//! and the shortest and longest release periods released on the second.

use encore_sdk::governance::state::ParamChange;
use encore_sdk::royalty_shares::errors::RoyaltyError;

use super::*;
use crate::gov::{execute, propose, TIMELOCK};
use crate::support::fixture::assert_error;

const MAX: u128 = u64::MAX as u128;
/// Reward per staked unit is kept × 10^12 (docs/ARCHITECTURE.md).
const SCALE: u128 = 1_000_000_000_000;

/// The accumulator as documented: each release adds
/// `(released × 10^12 + carry) / staked` per staked unit and carries the
/// remainder; a position earns `staked × Δacc` and is paid whole units.
#[derive(Default)]
struct Accumulator {
    acc: u128,
    carry: u128,
}

impl Accumulator {
    fn release(&mut self, amount: u128, staked: u128) {
        let numerator = amount * SCALE + self.carry;
        self.acc += numerator / staked;
        self.carry = numerator % staked;
    }
}

/// Governance's release period set to `secs` through the timelock.
fn set_release_period(w: &mut World, secs: i64) {
    let change = ParamChange::ReleasePeriodSecs(secs);
    let id = propose(&mut w.f, &w.gov, change);
    w.f.warp_seconds(TIMELOCK);
    execute(&mut w.f, id, &change).expect("execute");
}

#[test]
fn every_payment_token_there_can_be_reaches_stakers_to_the_unit() {
    let (mut w, holders) = shared_world(&[5_000, 5_000]);
    let (a, b) = (&holders[0], &holders[1]);
    w.open_and_stake(a, 1);
    w.open_and_stake(b, 2);
    let tipper = w.f.keypair();
    w.deposit(&tipper, u64::MAX);
    let supply = encore_sdk::token::mint_info(&w.f, &w.payment_mint)
        .unwrap()
        .supply;
    assert_eq!(supply, u64::MAX);

    // Half the period: floor(MAX × (R/2) / R) is released, and the holder
    // of one staked unit in three takes its share of it.
    let mut model = Accumulator::default();
    w.f.warp_seconds(RELEASE / 2);
    let first = MAX * (RELEASE as u128 / 2) / RELEASE as u128;
    assert_eq!(first, MAX / 2);
    model.release(first, 3);
    let a_first = model.acc / SCALE;
    assert_eq!(u128::from(w.pending(&a.pubkey())), a_first);
    assert_eq!(u128::from(w.claim(a).unwrap()), a_first);

    // The rest after the period; each position keeps its fraction of a unit.
    w.f.warp_seconds(RELEASE);
    model.release(MAX - first, 3);
    let a_rest = (model.acc - a_first * SCALE) / SCALE;
    let b_all = 2 * model.acc / SCALE;
    assert_eq!(u128::from(w.claim(a).unwrap()), a_rest);
    assert_eq!(u128::from(w.claim(b).unwrap()), b_all);
    let claimed = a_first + a_rest + b_all;
    let royalty = w.royalty();
    assert_eq!(u128::from(royalty.total_claimed), claimed);
    assert_eq!(royalty.total_deposited, u64::MAX);
    assert_eq!(royalty.accrual.unreleased, 0);
    assert_eq!(royalty.accrual.acc_per_share, model.acc);
    assert_eq!(royalty.accrual.carry_scaled, model.carry);
    let vault = royalty.revenue_vault;
    assert_eq!(u128::from(w.f.token_balance(&vault)), MAX - claimed);
    // What stays behind is dust: fractions of a unit and the carry.
    let fractions = (model.acc - (a_first + a_rest) * SCALE) + (2 * model.acc - b_all * SCALE);
    assert_eq!((MAX - claimed) * SCALE, fractions + model.carry);
    assert!(MAX - claimed < 3);
}

#[test]
fn revenue_that_would_overflow_the_books_is_refused_by_name() {
    let (mut w, holders) = shared_world(&[10_000]);
    let holder = &holders[0];
    w.open_and_stake(holder, 1);
    let tipper = w.f.keypair();
    w.deposit(&tipper, u64::MAX);
    let royalty_address = pda::royalty(&w.track).0;
    let vault = w.royalty().revenue_vault;

    // Nothing released yet: one more unit would take `unreleased` past
    // u64::MAX. The overflow is named before any token moves, so even a
    // depositor holding nothing gets `MathOverflow` rather than a token error.
    let stranger = w.f.keypair();
    let empty = w.payment_account(&stranger.pubkey());
    let before = (w.f.account(&royalty_address), w.f.token_balance(&vault));
    for amount in [1, u64::MAX] {
        let ixn = ix::deposit_revenue(&tipper.pubkey(), &w.track, &empty, amount);
        assert_error(w.f.send(&[ixn], &[&tipper]), RoyaltyError::MathOverflow);
        assert_eq!(
            (w.f.account(&royalty_address), w.f.token_balance(&vault)),
            before
        );
    }

    // Everything claimed, the lifetime counter sits at u64::MAX: the books
    // cannot count one more unit of revenue, so the program refuses it.
    w.f.warp_seconds(RELEASE);
    assert_eq!(w.claim(holder).unwrap(), u64::MAX);
    let royalty = w.royalty();
    assert_eq!(
        (royalty.total_deposited, royalty.total_claimed),
        (u64::MAX, u64::MAX)
    );
    let paid = w.payment_account(&holder.pubkey());
    let before = (w.f.account(&royalty_address), w.f.token_balance(&paid));
    let ixn = ix::deposit_revenue(&holder.pubkey(), &w.track, &paid, 1);
    assert_error(w.f.send(&[ixn], &[holder]), RoyaltyError::MathOverflow);
    assert_eq!(
        (w.f.account(&royalty_address), w.f.token_balance(&paid)),
        before
    );
    assert_eq!(w.f.token_balance(&vault), 0);
}

#[test]
fn the_shortest_and_longest_release_periods_release_on_the_second() {
    let (mut w, holders) = shared_world(&[10_000]);
    let holder = &holders[0];
    w.open_and_stake(holder, 1);
    let tipper = w.f.keypair();

    // One day, the shortest period: nothing at once, half at half a day,
    // the rest at a day.
    set_release_period(&mut w, DAY);
    w.deposit(&tipper, 1_000);
    assert_eq!(w.pending(&holder.pubkey()), 0);
    assert_error(w.claim(holder), RoyaltyError::NothingToClaim);
    w.f.warp_seconds(DAY / 2);
    assert_eq!(w.claim(holder).unwrap(), 500);
    w.f.warp_seconds(DAY / 2);
    assert_eq!(w.claim(holder).unwrap(), 500);

    // Ninety days, the longest, over the rest of u64: one second before the
    // end all but floor-rounded (P - 1) / P of it, the remainder on the last.
    let period = 90 * DAY;
    set_release_period(&mut w, period);
    let amount = u64::MAX - 1_000;
    w.deposit(&tipper, amount);
    assert_eq!(w.royalty().accrual.release_end, w.f.now() + period);
    w.f.warp_seconds(period - 1);
    let early = u128::from(amount) * (period as u128 - 1) / period as u128;
    assert_eq!(u128::from(w.claim(holder).unwrap()), early);
    w.f.warp_seconds(1);
    assert_eq!(
        u128::from(w.claim(holder).unwrap()),
        u128::from(amount) - early
    );
    let royalty = w.royalty();
    assert_eq!(royalty.accrual.unreleased, 0);
    assert_eq!(royalty.total_claimed, u64::MAX);
    assert_error(w.claim(holder), RoyaltyError::NothingToClaim);
}
