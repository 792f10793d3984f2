//! Plays per (listener, track), checked against a plain count.

use std::collections::BTreeMap;

use encore_sdk::settle::aggregate::aggregate;
use encore_sdk::settle::ingest::{self, Play};
use encore_sdk::settle::rules::{apply, Rules};

use super::epoch::{generate, EpochSpec};
use super::T0;

#[test]
fn pairs_count_every_accepted_play_once() {
    let epoch = generate(EpochSpec::small(80, 30, 8_000, 5));
    let mut log = ingest::parse(&epoch.csv()).unwrap();
    apply(&Rules::default(), &mut log.plays);
    let mut expected: BTreeMap<(u32, u32), u32> = BTreeMap::new();
    for p in &log.plays {
        *expected.entry((p.listener, p.track)).or_default() += 1;
    }
    let agg = aggregate(log.plays.clone(), log.tracks.len());
    let got: BTreeMap<(u32, u32), u32> = agg
        .pairs
        .iter()
        .map(|p| ((p.listener, p.track), p.plays))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(agg.events.len(), log.plays.len());
    assert!(
        agg.events.windows(2).all(|w| w[0] < w[1]),
        "canonical order"
    );
    for pair in &agg.pairs {
        let events = &agg.events[pair.first_event as usize..][..pair.plays as usize];
        assert!(events
            .iter()
            .all(|e| e.listener == pair.listener && e.track == pair.track));
    }
    assert_eq!(
        agg.listeners,
        expected
            .keys()
            .map(|k| k.0)
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    );
}

#[test]
fn a_pair_over_u16_plays_splits_into_several_entries() {
    // 70,000 plays of 30 seconds, back to back, 2,880 a day: one pair.
    let plays: Vec<Play> = (0..70_000)
        .map(|i| Play {
            listener: 0,
            track: 0,
            timestamp: T0 + 30 * i64::from(i),
            seconds: 30,
        })
        .collect();
    let agg = aggregate(plays, 1);
    assert_eq!(
        agg.pairs.iter().map(|p| p.plays).collect::<Vec<_>>(),
        vec![65_535, 4_465]
    );
    assert_eq!(agg.pairs[1].first_event, 65_535);
    assert_eq!(
        agg.distinct_pairs, 1,
        "two entries, one listener-track pair"
    );
}
