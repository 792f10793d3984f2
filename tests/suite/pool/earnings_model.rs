//! The share reserve's earnings over random sequences of revenue deposits
//! (dust included), warps, swaps, LP deposits and withdrawals and a
//! staker's stake changes, against an independent model written here:
//! revenue released linearly over each deposit's own period, split by
//! stake over every interval, the pool's part split among LPs by LP units
//! over the same intervals. Checked: each deposit is out by its deadline,
//! each LP's net earnings are its stake × time share within the documented
//! rounding, and every base unit is accounted for exactly.

use encore_sdk::pool::SwapDirection;
use proptest::prelude::*;
use solana_keypair::Keypair;
use solana_signer::Signer;

use super::*;
use crate::shares::RELEASE;

#[derive(Clone, Debug)]
enum Op {
    /// Revenue deposited (any size down to one unit).
    Revenue(u64),
    /// One unit of revenue every second, this many times.
    DustEverySecond(u32),
    /// The staker claims.
    Claim,
    Warp(i64),
    /// A trader sells this many shares or quote units.
    Swap(SwapDirection, u64),
    /// LP `i` deposits this per mille of the LP supply.
    Deposit(usize, u16),
    /// LP `i` withdraws this per mille of what it holds.
    Withdraw(usize, u16),
    /// The staker moves its stake to this many shares.
    Restake(u64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        prop_oneof![1..10u64, 1..50_000_000u64].prop_map(Op::Revenue),
        (1..40u32).prop_map(Op::DustEverySecond),
        Just(Op::Claim),
        (1..RELEASE / 3).prop_map(Op::Warp),
        (
            prop_oneof![
                Just(SwapDirection::SellShares),
                Just(SwapDirection::SellQuote)
            ],
            1..5_000_000_000u64
        )
            .prop_map(|(d, a)| Op::Swap(d, a)),
        (0..3usize, 1..600u16).prop_map(|(i, p)| Op::Deposit(i, p)),
        (0..3usize, 1..=1_000u16).prop_map(|(i, p)| Op::Withdraw(i, p)),
        (1..300_000_000_000u64).prop_map(Op::Restake),
    ]
}

/// The model, from the documented schedule: a deposit at `t` is released
/// linearly from `t` until its end, which is `t + P`, unless a deposit
/// still being released ends within `P / 8` before that, whose end it then
/// shares (released a little sooner, never later).
struct Model {
    /// `(amount, start, end)` of every deposit.
    deposits: Vec<(f64, i64, i64)>,
    /// Model earnings of the pool, of each LP (the creator and two more)
    /// and of the staker.
    pool: f64,
    lps: [f64; 3],
    staker: f64,
}

impl Model {
    fn deposit(&mut self, amount: u64, at: i64) {
        let deadline = at + RELEASE;
        let grain = RELEASE / 8;
        let end = self
            .deposits
            .iter()
            .map(|&(_, _, end)| end)
            .filter(|&end| end > at && end <= deadline && end > deadline - grain)
            .max()
            .unwrap_or(deadline);
        self.deposits.push((amount as f64, at, end));
    }

    fn released_between(&self, from: i64, to: i64) -> f64 {
        self.deposits
            .iter()
            .map(|&(amount, start, end)| {
                let (a, b) = (from.max(start), to.min(end));
                if b > a {
                    amount * (b - a) as f64 / (end - start) as f64
                } else {
                    0.0
                }
            })
            .sum()
    }
}

/// The state each interval's split reads: stakes and LP units.
struct Stakes {
    reserve: u64,
    staker: u64,
    lp: [u64; 3],
    lp_supply: u64,
}

fn stakes(pw: &mut PoolWorld, lps: &[Keypair; 3], staker: &Keypair) -> Stakes {
    let pool = pw.pool();
    let lp = [0, 1, 2].map(|i| pw.balances(&lps[i].pubkey()).2);
    Stakes {
        reserve: pool.reserve_share,
        staker: pw.w.position(&staker.pubkey()).stake.staked,
        lp,
        lp_supply: pool.lp_supply,
    }
}

/// `(earnings_in, earnings_out)` of one LP instruction, from the pool's
/// books before and after it: what the sync collected is the change of
/// `earned_total`, the rest of the change of `earnings` is the LP's.
fn earnings_flow(before: &Pool, after: &Pool) -> (u64, u64) {
    let synced = after.earned_total - before.earned_total;
    let held = i128::from(after.earnings) - i128::from(before.earnings) - i128::from(synced);
    if held >= 0 {
        (held as u64, 0)
    } else {
        (0, (-held) as u64)
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, ..ProptestConfig::default() })]

    #[test]
    fn lps_earn_their_stake_times_time_share(ops in prop::collection::vec(op(), 1..24)) {
        let mut pw = opened();
        let creator = pw.creator.insecure_clone();
        let staker = pw.investor.insecure_clone();
        pw.w.open_and_stake(&staker, 100_000_000_000);
        let lps = [
            creator.insecure_clone(),
            pw.trader(50_000_000_000, 1_000_000_000_000),
            pw.trader(50_000_000_000, 1_000_000_000_000),
        ];
        let trader = pw.trader(0, 1_000_000_000_000);
        let tipper = pw.w.f.keypair();
        let mut model = Model { deposits: Vec::new(), pool: 0.0, lps: [0.0; 3], staker: 0.0 };
        let mut staker_claimed = 0u64;
        let mut net = [0i128; 3];
        let mut ops_of = [0u32; 3];
        let mut deposited = 0u64;
        let mut now = pw.w.f.now();
        let mut intervals = 0u32;

        // Credits the model with what was released since `now`, at the
        // stakes in force over that interval.
        let advance = |pw: &mut PoolWorld, model: &mut Model, now: &mut i64| {
            let to = pw.w.f.now();
            let s = stakes(pw, &lps, &staker);
            let released = model.released_between(*now, to);
            let total = (s.reserve + s.staker) as f64;
            let pool_part = released * s.reserve as f64 / total;
            model.pool += pool_part;
            model.staker += released * s.staker as f64 / total;
            for i in 0..3 {
                model.lps[i] += pool_part * s.lp[i] as f64 / s.lp_supply as f64;
            }
            *now = to;
        };

        for op in ops {
            match op {
                Op::Revenue(amount) => {
                    pw.w.deposit(&tipper, amount);
                    deposited += amount;
                    model.deposit(amount, pw.w.f.now());
                }
                Op::DustEverySecond(times) => {
                    for _ in 0..times {
                        pw.w.f.warp_seconds(1);
                        advance(&mut pw, &mut model, &mut now);
                        pw.w.deposit(&tipper, 1);
                        deposited += 1;
                        model.deposit(1, pw.w.f.now());
                    }
                    intervals += times;
                }
                Op::Claim => {
                    if pw.w.pending(&staker.pubkey()) > 0 {
                        staker_claimed += pw.w.claim(&staker).expect("claim");
                    }
                }
                Op::Warp(seconds) => {
                    pw.w.f.warp_seconds(seconds);
                    advance(&mut pw, &mut model, &mut now);
                    intervals += 1;
                }
                Op::Swap(direction, amount) => {
                    let who = trader.insecure_clone();
                    if direction == SwapDirection::SellShares {
                        let investor = pw.investor.insecure_clone();
                        let held = pw.balances(&investor.pubkey()).0;
                        if held < amount { continue; }
                        pw.give_shares(&investor, &who.pubkey(), amount);
                    }
                    let _ = pw.swap_in(&who, amount, 1, direction);
                }
                Op::Deposit(i, per_mille) => {
                    let supply = pw.pool().lp_supply;
                    let lp = supply * u64::from(per_mille) / 1_000;
                    if lp == 0 { continue; }
                    let before = pw.pool();
                    if pw.deposit(&lps[i], lp, u64::MAX, u64::MAX).is_ok() {
                        let (paid, _) = earnings_flow(&before, &pw.pool());
                        net[i] -= i128::from(paid);
                        ops_of[i] += 1;
                    }
                }
                Op::Withdraw(i, per_mille) => {
                    let held = pw.balances(&lps[i].pubkey()).2;
                    let lp = held * u64::from(per_mille) / 1_000;
                    if lp == 0 { continue; }
                    let before = pw.pool();
                    pw.withdraw(&lps[i], lp, 0, 0).expect("withdraw");
                    let (_, got) = earnings_flow(&before, &pw.pool());
                    net[i] += i128::from(got);
                    ops_of[i] += 1;
                }
                Op::Restake(target) => {
                    let staked = pw.w.position(&staker.pubkey()).stake.staked;
                    let held = pw.balances(&staker.pubkey()).0;
                    let target = target.min(staked + held);
                    let result = if target > staked {
                        pw.w.stake(&staker, target - staked)
                    } else if target < staked {
                        pw.w.unstake(&staker, staked - target)
                    } else {
                        Ok(())
                    };
                    result.expect("restake");
                }
            }
            pw.assert_books();
        }

        // A period after the last deposit, everything is released.
        pw.w.f.warp_seconds(RELEASE + 1);
        intervals += 1;
        advance(&mut pw, &mut model, &mut now);

        // Every LP leaves; each one's net earnings are its share.
        for i in 0..3 {
            let held = pw.balances(&lps[i].pubkey()).2;
            if held > 0 {
                let before = pw.pool();
                pw.withdraw(&lps[i], held, 0, 0).expect("final withdraw");
                let (_, got) = earnings_flow(&before, &pw.pool());
                net[i] += i128::from(got);
                ops_of[i] += 1;
            }
        }
        // (Each withdrawal brought the accrual up to date: every deposit is
        // out by its deadline.)
        let royalty = pw.w.royalty();
        prop_assert_eq!(royalty.accrual.unreleased, 0);
        prop_assert_eq!(royalty.total_deposited, deposited);
        let pool = pw.pool();
        // Documented rounding: a sync leaves under one unit in the
        // position, each release step floors under one unit (made up by the
        // deadline), each deposit and withdrawal rounds by at most one unit
        // in the pool's favour.
        let slack = 3.0 + f64::from(intervals) + f64::from(ops_of.iter().sum::<u32>());
        prop_assert!(
            (pool.earned_total as f64 - model.pool).abs() <= slack,
            "pool earned {} vs model {}", pool.earned_total, model.pool
        );
        for (i, (got, owed)) in net.iter().zip(model.lps).enumerate() {
            prop_assert!(
                (*got as f64 - owed).abs() <= slack,
                "LP {} netted {} vs model {}", i, got, owed
            );
        }
        // Exact: what the reserve earned is what the LPs took out net,
        // plus what stays with the locked minimum.
        prop_assert_eq!(
            i128::from(pool.earned_total),
            net.iter().sum::<i128>() + i128::from(pool.earnings)
        );
        // The staker's part, claimed now, is its stake × time share too.
        if pw.w.pending(&staker.pubkey()) > 0 {
            staker_claimed += pw.w.claim(&staker).expect("claim");
        }
        prop_assert!(
            (staker_claimed as f64 - model.staker).abs() <= slack,
            "staker claimed {} vs model {}", staker_claimed, model.staker
        );
        // The vault keeps only the fractions of a unit still in the
        // accumulator and the two positions.
        let royalty = pw.w.royalty();
        let vault = pw.w.f.token_balance(&royalty.revenue_vault);
        prop_assert_eq!(vault, royalty.total_deposited - royalty.total_claimed);
        prop_assert!(vault <= 3, "vault keeps {}", vault);
    }
}
