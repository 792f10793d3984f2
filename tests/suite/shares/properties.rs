//! Conservation through the real program over random sequences of stakes,
//! unstakes, deposits, claims, closes and time.

use encore_sdk::royalty_shares::constants::ACC_SCALE;
use encore_sdk::royalty_shares::errors::RoyaltyError;
use encore_sdk::royalty_shares::math::Accrual;
use proptest::prelude::*;

use super::*;

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

/// Claims for `holder` and checks the outcome against the SDK's quote
/// taken just before: exactly the quote when it is positive, else the
/// royalty program's `NothingToClaim`. Returns what was paid.
fn claim_quoted(w: &mut World, holder: &Keypair) -> Result<u64, TestCaseError> {
    let quoted = w.pending(&holder.pubkey());
    match w.claim(holder) {
        Ok(got) => {
            prop_assert_eq!(got, quoted);
            prop_assert!(got > 0, "a claim of nothing succeeded");
            Ok(got)
        }
        Err(e) => {
            prop_assert_eq!(quoted, 0, "a quoted claim failed: {:?}", e);
            prop_assert_eq!(e.custom_code(), Some(RoyaltyError::NothingToClaim.into()));
            prop_assert_eq!(e.raised_by(), Some(encore_sdk::royalty_shares::ID));
            Ok(0)
        }
    }
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
        // Distribution opened every holder's position.
        let (mut w, holders) = shared_world(&[4_000, 3_500, 2_500]);
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
                    let got = claim_quoted(&mut w, &holders[h])?;
                    claimed += got;
                    earned[h] += got;
                }
                Op::Close(h) => {
                    let holder = &holders[h];
                    let staked = w.position(&holder.pubkey()).stake.staked;
                    if staked > 0 {
                        w.unstake(holder, staked).expect("unstake all");
                    }
                    let got = claim_quoted(&mut w, holder)?;
                    claimed += got;
                    earned[h] += got;
                    let (_, stakes) = scaled_books(&mut w, &holders);
                    let fraction = stakes[h].1;
                    prop_assert!(fraction < ACC_SCALE);
                    let payer = w.position(&holder.pubkey()).payer;
                    let close = ix::close_position(&holder.pubkey(), &w.track, &payer);
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
