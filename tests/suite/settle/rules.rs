//! Every fraud rule, counted, and the guarantee that back-to-back listening
//! is never rejected.

use encore_sdk::settle::ingest::Play;
use encore_sdk::settle::rules::{apply, Rejections, Rules};
use proptest::prelude::*;

use super::T0;

fn play(listener: u32, track: u32, timestamp: i64, seconds: u32) -> Play {
    Play {
        listener,
        track,
        timestamp,
        seconds,
    }
}

fn run(rules: &Rules, plays: &[Play]) -> (Vec<Play>, Rejections) {
    let mut kept = plays.to_vec();
    let rejected = apply(rules, &mut kept);
    (kept, rejected)
}

#[test]
fn defaults_are_documented_values() {
    let rules = Rules::default();
    assert_eq!(rules.min_seconds, 30);
    assert_eq!(rules.overlap_tolerance_secs, 10);
    assert_eq!(rules.max_plays_per_day, 3_000);
}

#[test]
fn a_play_counts_from_thirty_seconds() {
    let (kept, rejected) = run(
        &Rules::default(),
        &[
            play(0, 0, T0, 29),
            play(0, 1, T0 + 100, 30),
            play(1, 0, T0, 0),
        ],
    );
    assert_eq!(kept, vec![play(0, 1, T0 + 100, 30)]);
    assert_eq!(
        rejected,
        Rejections {
            too_short: 2,
            ..Rejections::default()
        }
    );
    let lenient = Rules {
        min_seconds: 10,
        ..Rules::default()
    };
    assert_eq!(run(&lenient, &[play(0, 0, T0, 29)]).1.total(), 0);
}

#[test]
fn exact_duplicates_are_dropped_once_each() {
    let p = play(3, 4, T0, 200);
    let (kept, rejected) = run(&Rules::default(), &[p, p, p, play(3, 4, T0 + 200, 200)]);
    assert_eq!(kept.len(), 2);
    assert_eq!(rejected.duplicate, 2);
    // Same start, other length: not a copy, but the same person cannot start it twice.
    let (_, rejected) = run(&Rules::default(), &[p, play(3, 4, T0, 199)]);
    assert_eq!((rejected.duplicate, rejected.overlapping), (0, 1));
}

#[test]
fn overlapping_plays_beyond_the_tolerance_are_rejected() {
    let rules = Rules::default();
    // A 200-second play: the next may start from T0 + 190.
    let (kept, rejected) = run(
        &rules,
        &[
            play(0, 0, T0, 200),
            play(0, 1, T0 + 60, 200),  // half way through: rejected
            play(0, 2, T0 + 189, 200), // 11 s early: rejected
            play(0, 3, T0 + 190, 200), // 10 s early (crossfade): counts
            play(1, 0, T0 + 60, 200),  // another listener: counts
        ],
    );
    assert_eq!(rejected.overlapping, 2);
    assert_eq!(kept.len(), 3);
    // A bot starting a full-length play every 15 seconds: one in 13 counts.
    let bot: Vec<Play> = (0..130)
        .map(|i| play(9, i % 7, T0 + 15 * i64::from(i), 200))
        .collect();
    let (kept, rejected) = run(&rules, &bot);
    assert_eq!(kept.len(), 10);
    assert_eq!(rejected.overlapping, 120);
}

#[test]
fn the_daily_cap_bounds_plays_squeezed_into_the_tolerance() {
    // 30-second plays every 20 seconds (within the 10 s tolerance), all day.
    let day_start = T0 - T0.rem_euclid(86_400);
    let plays: Vec<Play> = (0..3_100)
        .map(|i| play(5, i % 50, day_start + 20 * i64::from(i), 30))
        .collect();
    let (kept, rejected) = run(&Rules::default(), &plays);
    assert_eq!(kept.len(), 3_000);
    assert_eq!(rejected.daily_cap, 100);
    // The next UTC day starts a new count.
    let mut next_day = plays.clone();
    next_day.push(play(5, 0, day_start + 86_400 + 30, 30));
    assert_eq!(run(&Rules::default(), &next_day).0.len(), 3_001);
    let capped = Rules {
        max_plays_per_day: 10,
        ..Rules::default()
    };
    assert_eq!(run(&capped, &plays).1.daily_cap, 3_090);
}

#[test]
fn counts_add_up_and_survive_any_line_order() {
    let epoch = super::epoch::generate(super::epoch::EpochSpec {
        bots: 3,
        ..super::epoch::EpochSpec::small(60, 20, 5_000, 11)
    });
    let log = encore_sdk::settle::ingest::parse(&epoch.csv()).unwrap();
    let (kept, rejected) = run(&Rules::default(), &log.plays);
    assert_eq!(kept.len() as u64 + rejected.total(), 5_000);
    assert_eq!(rejected.duplicate, 50, "1 % of lines are copies");
    assert!(rejected.too_short > 0 && rejected.overlapping > 0);
    let mut reversed = log.plays.clone();
    reversed.reverse();
    assert_eq!(run(&Rules::default(), &reversed), (kept, rejected));
}

proptest! {
    /// Whole songs back to back, with pauses or up to 10 s of crossfade,
    /// are never rejected.
    #[test]
    fn back_to_back_listening_is_never_rejected(
        songs in prop::collection::vec((30u32..900, 0i64..600, 0i64..=10), 1..400)
    ) {
        let mut t = T0;
        let plays: Vec<Play> = songs
            .iter()
            .enumerate()
            .map(|(i, (length, pause, crossfade))| {
                let p = play(1, i as u32 % 17, t, *length);
                t += i64::from(*length) + pause - crossfade;
                p
            })
            .collect();
        let (kept, rejected) = run(&Rules::default(), &plays);
        prop_assert_eq!(rejected.total(), 0);
        prop_assert_eq!(kept.len(), plays.len());
    }
}
