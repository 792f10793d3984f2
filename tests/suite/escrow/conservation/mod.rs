//! The escrow's books over random sequences, through the real programs,
//! step by step against an independent model (model.rs, regime.rs,
//! schedule.rs): deposits; settle batches of either settler opening and
//! continuing windows at and beside every change (plans.rs); price rises
//! and cuts, pauses, resumes and retirements (synced at once or later); cap changes;
//! withdrawal requests, cancels and completions; window closes; fee
//! claims; harvests; clock warps (world.rs). After every step every amount
//! matches the model exactly, the vault holds Σ balances + Σ owed +
//! Σ settler fees, no listener is charged beyond its balance or cap, and
//! no play is charged twice (compare.rs).

mod compare;
mod model;
mod plans;
mod regime;
mod schedule;
mod world;

use proptest::prelude::*;

use super::NOTICE;
use world::World;

const DAY: i64 = 86_400;
const PRICES: [u64; 3] = [700, 1_300, 2_900];
const NEW_PRICES: [u64; 6] = [300, 700, 1_000, 1_300, 2_900, 5_000];
const CAPS: [Option<u64>; 5] = [None, Some(0), Some(2_000), Some(10_000), Some(40_000)];
const PERIODS: [i64; 4] = [3_599, 3_600, DAY, 30 * DAY];
const WARPS: [i64; 8] = [1, 59, 3_599, 3_600, DAY, NOTICE - 1, NOTICE, NOTICE + 1];
const OTHER_SETTLER_FEE_BPS: u16 = 150;

/// One listener's part of a batch, before the model's state decides
/// whether it opens or continues a window and at which times.
#[derive(Clone, Debug)]
struct PartSpec {
    listener: usize,
    first: u16,
    span: u8,
    /// The window's entries: (track, plays).
    tracks: Vec<(usize, u16)>,
    count: u8,
    /// Sent even where it must fail (another settler's window open).
    force: bool,
    /// Straddles a change of the listener's regime by one second.
    straddle: bool,
}

#[derive(Clone, Debug)]
enum Op {
    Deposit(usize, u64),
    Settle(usize, Vec<PartSpec>),
    /// The settler's last batch number again.
    Replay(usize),
    Price(usize, usize, bool),
    /// Pause an active track, resume a paused one.
    Status(usize, bool),
    /// Retire a track for good (its later plays are reported, not charged).
    Retire(usize, bool),
    Sync(usize),
    Cap(usize, usize, usize),
    /// Asks for (balance × n / 200): sometimes nothing, sometimes too much.
    Request(usize, u8),
    Cancel(usize),
    Withdraw(usize),
    /// 0 and 1: a settler; 2: a stranger.
    Close(usize, u8),
    Claim(usize),
    Collect(usize),
    Warp(i64),
}

fn part() -> impl Strategy<Value = PartSpec> {
    let tracks = (
        prop::sample::subsequence(vec![0usize, 1, 2], 1..=3),
        prop::collection::vec(1..25u16, 3),
    )
        .prop_map(|(ts, plays)| ts.into_iter().zip(plays).collect::<Vec<_>>())
        .prop_shuffle();
    (
        0..4usize,
        any::<u16>(),
        any::<u8>(),
        tracks,
        any::<u8>(),
        prop::bool::weighted(0.1),
        prop::bool::weighted(0.1),
    )
        .prop_map(
            |(listener, first, span, tracks, count, force, straddle)| PartSpec {
                listener,
                first,
                span,
                tracks,
                count,
                force,
                straddle,
            },
        )
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..4usize, 1..100_000u64).prop_map(|(l, a)| Op::Deposit(l, a)),
        12 => (0..2usize, prop::collection::vec(part(), 1..=2)).prop_map(|(s, p)| Op::Settle(s, p)),
        1 => (0..2usize).prop_map(Op::Replay),
        2 => (0..3usize, 0..NEW_PRICES.len(), prop::bool::weighted(0.8))
            .prop_map(|(t, p, sync)| Op::Price(t, p, sync)),
        1 => (0..3usize, prop::bool::weighted(0.8)).prop_map(|(t, sync)| Op::Status(t, sync)),
        1 => (0..3usize, prop::bool::weighted(0.8)).prop_map(|(t, sync)| Op::Retire(t, sync)),
        1 => (0..3usize).prop_map(Op::Sync),
        2 => (0..4usize, 0..CAPS.len(), 0..PERIODS.len()).prop_map(|(l, c, p)| Op::Cap(l, c, p)),
        2 => (0..4usize, any::<u8>()).prop_map(|(l, n)| Op::Request(l, n)),
        1 => (0..4usize).prop_map(Op::Cancel),
        2 => (0..4usize).prop_map(Op::Withdraw),
        1 => (0..4usize, 0..3u8).prop_map(|(l, c)| Op::Close(l, c)),
        1 => (0..2usize).prop_map(Op::Claim),
        1 => (0..3usize).prop_map(Op::Collect),
        4 => prop_oneof![(0..WARPS.len()).prop_map(|i| WARPS[i]), 1..3 * DAY].prop_map(Op::Warp),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 40,
        max_shrink_iters: 200,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_amount_follows_the_model_and_the_vault_holds_what_it_owes(
        balances in prop::collection::vec(0..150_000u64, 4),
        caps in prop::collection::vec((0..CAPS.len(), 1..PERIODS.len()), 4),
        ops in prop::collection::vec(op(), 1..=30),
    ) {
        let mut w = World::new(&balances, &caps);
        w.compare()?;
        for op in &ops {
            w.step(op)?;
        }
    }
}
