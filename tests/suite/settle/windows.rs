//! Cutting plays into settlement windows, checked against what the program
//! accepts, written out here: every chargeable play in exactly one window,
//! windows in time order after what is settled, none across a change of
//! its tracks' terms, its listener's cap or withdrawal, or a cap period's
//! end; what cannot be charged counted by reason.

use std::collections::BTreeMap;

use encore_sdk::settle::ingest::Play;
use encore_sdk::settle::view::{ChainView, ListenerView, OpenWindow, TrackView};
use encore_sdk::settle::windows::cut;
use encore_sdk::settle::Skip;
use encore_sdk::stream_escrow::state::{CapChange, Listener, SettleWindow, TermsPoint};
use encore_sdk::track_registry::state::TrackStatus;
use encore_sdk::Pubkey;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const T: i64 = 1_800_000_000;
const DAY: i64 = 86_400;

fn point(from: i64, price: u64, status: TrackStatus) -> TermsPoint {
    TermsPoint {
        from,
        price,
        status,
    }
}

/// A listener record as the program keeps it.
fn listener(
    period_start: i64,
    period: i64,
    pending_at: &[i64],
    withdrawal_at: i64,
    settled: i64,
) -> Listener {
    let mut cap_changes = [CapChange::default(); 4];
    for (slot, at) in cap_changes.iter_mut().zip(pending_at) {
        *slot = CapChange {
            at: *at,
            cap: 5,
            period_secs: DAY,
        };
    }
    Listener {
        wallet: Pubkey::default(),
        payment_mint: Pubkey::default(),
        balance: 1,
        cap_per_period: u64::MAX,
        cap_period_secs: period,
        period_start,
        spent_this_period: 0,
        cap_changes,
        cap_change_count: pending_at.len() as u8,
        withdrawal_amount: u64::from(withdrawal_at != 0),
        withdrawal_requested_at: if withdrawal_at == 0 {
            0
        } else {
            withdrawal_at - 1
        },
        withdrawal_available_at: withdrawal_at,
        settled_through: settled,
        windows_opened: 3,
        window: SettleWindow::default(),
        lifetime_spent: 0,
        lifetime_plays: 0,
        bump: 0,
        receipt_key: Pubkey::default(),
        revoked_key: Pubkey::default(),
        revoked_at: 0,
        tab_epoch: 0,
        tabs: Default::default(),
        lifetime_refunded: 0,
    }
}

/// When what listener `l` may be charged changes after `first`, as the
/// program decides it (`Listener::open_window`), written out.
fn listener_boundaries(l: &Listener, first: i64, last: i64) -> bool {
    let crosses = |at: i64| at != 0 && first < at && at <= last;
    let changes = &l.cap_changes[..usize::from(l.cap_change_count)];
    if changes.iter().any(|c| crosses(c.at)) || crosses(l.withdrawal_available_at) {
        return true;
    }
    // The cap in force at `first`: the last change by then, or the cap.
    let mut in_force = (l.period_start, l.cap_period_secs);
    for c in changes {
        if c.at <= first {
            in_force = (c.at, c.period_secs);
        }
    }
    let (start, period) = in_force;
    let elapsed = (first - start).max(0);
    let end = start + (elapsed / period + 1) * period;
    last >= end
}

#[test]
fn windows_hold_every_chargeable_play_once_and_never_span_a_change() {
    let mut rng = StdRng::seed_from_u64(7);
    let tracks = 40u32;
    let listeners = 60u32;
    // Track terms: some change price mid-way, some are paused, one is
    // retired, one knows no price before T + 2 days.
    let mut views = Vec::new();
    for t in 0..tracks {
        let mut points = vec![point(i64::MIN, 10 + u64::from(t), TrackStatus::Active)];
        match t % 7 {
            1 => points.push(point(
                T + rng.gen_range(0..10 * DAY),
                99,
                TrackStatus::Active,
            )),
            2 => points.push(point(
                T + rng.gen_range(0..10 * DAY),
                10,
                TrackStatus::Paused,
            )),
            3 => {
                points.push(point(T + 3 * DAY, 10, TrackStatus::Paused));
                points.push(point(T + 5 * DAY, 10, TrackStatus::Active));
            }
            4 if t == 4 => points.push(point(T + 6 * DAY, 10, TrackStatus::Retired)),
            5 if t == 5 => points = vec![point(T + 2 * DAY, 10, TrackStatus::Active)],
            _ => {}
        }
        views.push(TrackView::Terms(points));
    }
    let mut records = Vec::new();
    for l in 0..listeners {
        let period = [DAY, 3 * DAY, 30 * DAY][l as usize % 3];
        // Up to two cap changes, in time order.
        let mut pending = Vec::new();
        if l % 4 == 1 {
            pending.push(T + rng.gen_range(0..5 * DAY));
        }
        if l % 8 == 1 {
            pending.push(T + rng.gen_range(5 * DAY..10 * DAY));
        }
        let withdrawal = if l % 5 == 2 {
            T + rng.gen_range(0..10 * DAY)
        } else {
            0
        };
        let settled = if l % 6 == 3 { T + DAY } else { 0 };
        records.push(listener(
            T - rng.gen_range(0..DAY),
            period,
            &pending,
            withdrawal,
            settled,
        ));
    }
    let now = T + 9 * DAY;
    let view = ChainView {
        now,
        listeners: records
            .iter()
            .enumerate()
            .map(|(i, r)| (i % 17 != 16).then(|| ListenerView::of(r, &Pubkey::default())))
            .collect(),
        tracks: views.clone(),
    };
    // Each listener listens back to back over ten days (some plays after `now`).
    let mut plays = Vec::new();
    for l in 0..listeners {
        let mut at = T + rng.gen_range(0..3_600);
        for _ in 0..rng.gen_range(50..400) {
            plays.push(Play {
                listener: l,
                track: rng.gen_range(0..tracks),
                timestamp: at,
                seconds: 180,
            });
            at += 180 + rng.gen_range(0..4 * 3_600);
        }
    }
    plays.sort_by_key(|p| (p.listener, p.timestamp, p.track, p.seconds));
    let w = cut(&plays, &view);

    // Independently: why each play cannot be charged, if it cannot.
    let mut expected: BTreeMap<Skip, u64> = BTreeMap::new();
    let mut chargeable: BTreeMap<u32, Vec<Play>> = BTreeMap::new();
    for p in &plays {
        let l = p.listener as usize;
        let reason = if view.listeners[l].is_none() {
            Some(Skip::NoListenerAccount)
        } else if p.timestamp <= records[l].settled_through {
            Some(Skip::AlreadySettled)
        } else if p.timestamp > now {
            Some(Skip::NotYetPlayed)
        } else {
            match views[p.track as usize].terms_at(p.timestamp) {
                None => Some(Skip::PriceUnknown),
                Some(t) if t.status == TrackStatus::Paused => Some(Skip::TrackPaused),
                Some(t) if t.status == TrackStatus::Retired => Some(Skip::TrackRetired),
                Some(_) => None,
            }
        };
        match reason {
            Some(r) => *expected.entry(r).or_default() += 1,
            None => chargeable.entry(p.listener).or_default().push(*p),
        }
    }
    for reason in [
        Skip::NoListenerAccount,
        Skip::AlreadySettled,
        Skip::NotYetPlayed,
        Skip::PriceUnknown,
        Skip::TrackPaused,
        Skip::TrackRetired,
    ] {
        assert!(
            expected.get(&reason).copied().unwrap_or(0) > 0,
            "the test meets {reason:?}"
        );
    }
    assert_eq!(w.skipped, expected);

    // Every chargeable play in exactly one window of its listener.
    let mut windows_of: BTreeMap<u32, Vec<&encore_sdk::settle::windows::Window>> = BTreeMap::new();
    for window in &w.windows {
        windows_of.entry(window.listener).or_default().push(window);
    }
    let mut splits = 0;
    for (l, plays) in &chargeable {
        let windows = &windows_of[l];
        let record = &records[*l as usize];
        let mut last = record.settled_through;
        for (round, window) in windows.iter().enumerate() {
            assert_eq!(window.round as usize, round);
            assert!(
                window.first > last,
                "listener {l}: windows in time order after what is settled"
            );
            assert!(window.first <= window.last && window.last <= now);
            assert!(!window.resumed && window.entries.len() <= 256);
            assert!(
                !listener_boundaries(record, window.first, window.last),
                "listener {l}: a window spans a change of the listener's"
            );
            let mut in_window: BTreeMap<u32, u32> = BTreeMap::new();
            for p in mine_in(plays, window.first, window.last) {
                *in_window.entry(p.track).or_default() += 1;
            }
            let entries: BTreeMap<u32, u32> =
                window.entries.iter().map(|e| (e.track, e.plays)).collect();
            assert_eq!(
                entries, in_window,
                "listener {l}: a window holds exactly its span's plays"
            );
            assert!(
                window.entries.windows(2).all(|e| e[0].track < e[1].track),
                "entries in track order"
            );
            for e in &window.entries {
                let points = match &views[e.track as usize] {
                    TrackView::Terms(p) => p,
                    _ => unreachable!(),
                };
                assert!(
                    !points
                        .iter()
                        .any(|p| window.first < p.from && p.from <= window.last),
                    "listener {l}: a window spans a change of track {}'s terms",
                    e.track
                );
                for ev in &w.events[e.first_event as usize..][..e.plays as usize] {
                    assert!(
                        ev.listener == *l
                            && ev.track == e.track
                            && ev.timestamp >= window.first
                            && ev.timestamp <= window.last
                    );
                }
            }
            last = window.last;
        }
        splits += windows.len() - 1;
        let covered: usize = windows
            .iter()
            .flat_map(|w| w.entries.iter())
            .map(|e| e.plays as usize)
            .sum();
        assert_eq!(
            covered,
            chargeable[l].len(),
            "listener {l}: every play once"
        );
    }
    assert!(
        splits > listeners as usize,
        "the test meets many changes ({splits} splits)"
    );
    let _ = OpenWindow::is_done;
}

fn mine_in(plays: &[Play], first: i64, last: i64) -> impl Iterator<Item = &Play> {
    plays
        .iter()
        .filter(move |p| p.timestamp >= first && p.timestamp <= last)
}

#[test]
fn a_window_open_on_chain_is_continued_with_the_chains_indices() {
    let track = |t: u32| t;
    // Listener 0 has a window of ours open over [T, T + 1000] with three
    // tracks (2, 5, 9), entry 1 (track 5) settled; listener 1's open window
    // is another settler's; listener 2's window does not match the log.
    let mut ours = listener(T - DAY, 30 * DAY, &[], 0, T - 1);
    ours.window = SettleWindow {
        open: true,
        settler: Pubkey::new_from_array([1; 32]),
        first: T,
        last: T + 1_000,
        entries: 3,
        settled: 1,
        opened_at: T + 2_000,
        done: {
            let mut d = [0u8; 32];
            d[0] = 0b010;
            d
        },
    };
    let mut theirs = ours.clone();
    theirs.window.settler = Pubkey::new_from_array([2; 32]);
    let mut mismatched = ours.clone();
    mismatched.window.entries = 2;
    let me = Pubkey::new_from_array([1; 32]);
    let view = ChainView {
        now: T + 10_000,
        listeners: [&ours, &theirs, &mismatched]
            .iter()
            .map(|l| Some(ListenerView::of(l, &me)))
            .collect(),
        tracks: (0..10).map(|_| TrackView::fixed(10)).collect(),
    };
    let mut plays = Vec::new();
    for l in 0..3u32 {
        for (i, t) in [2, 5, 9, 5, 2].iter().enumerate() {
            plays.push(Play {
                listener: l,
                track: track(*t),
                timestamp: T + 200 * i as i64,
                seconds: 180,
            });
        }
        // After the window: two more plays.
        for i in 0..2 {
            plays.push(Play {
                listener: l,
                track: 7,
                timestamp: T + 3_000 + 200 * i,
                seconds: 180,
            });
        }
    }
    let w = cut(&plays, &view);
    // Listener 0: the open window continued (tag of window 3), entry 1 done,
    // then a new window (round 1, tag 4) for the later plays.
    let l0: Vec<_> = w.windows.iter().filter(|w| w.listener == 0).collect();
    assert_eq!(l0.len(), 2);
    assert!(l0[0].resumed && l0[0].round == 0 && l0[0].tag == 3);
    assert_eq!(
        l0[0]
            .entries
            .iter()
            .map(|e| (e.track, e.plays, e.done))
            .collect::<Vec<_>>(),
        vec![(2, 2, false), (5, 0, true), (9, 1, false)]
    );
    assert!(!l0[1].resumed && l0[1].round == 1 && l0[1].tag == 4);
    assert_eq!((l0[1].first, l0[1].last), (T + 3_000, T + 3_200));
    // Listener 1: nothing of ours; its plays wait or are someone else's.
    assert!(w.windows.iter().all(|w| w.listener != 1));
    // Listener 2: reported, to be closed.
    assert_eq!(w.mismatched, vec![2]);
    assert_eq!(
        w.skipped[&Skip::AlreadySettled],
        2,
        "listener 0's settled entry"
    );
    assert_eq!(w.skipped[&Skip::SettlingElsewhere], 5);
    assert_eq!(w.skipped[&Skip::ListenerBusy], 2 + 2);
    assert_eq!(w.skipped[&Skip::WindowMismatch], 5);
}
