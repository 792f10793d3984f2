//! The settle entries to pack: one per (window, track), with their events.

use super::ingest::Play;

/// One settle entry: `plays` events of `listener` on `track` at
/// `events[first_event..][..plays]`, entry `index` of window `window`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pair {
    pub listener: u32,
    pub track: u32,
    pub plays: u32,
    pub first_event: u32,
    pub window: u32,
    pub index: u8,
}

/// The plays to settle in canonical order (listener, track, timestamp,
/// seconds) and every unsettled entry, round after round (see
/// [`super::windows`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Aggregate {
    pub events: Vec<Play>,
    pub pairs: Vec<Pair>,
    /// Distinct listeners and tracks with at least one entry.
    pub listeners: usize,
    pub tracks: usize,
    /// Distinct (listener, track) pairs among the entries: the reference
    /// lower bound's count, however windows split them.
    pub distinct_pairs: usize,
}

impl Aggregate {
    /// Counts what `pairs` (over `events`) cover.
    pub fn new(
        events: Vec<Play>,
        pairs: Vec<Pair>,
        listener_count: usize,
        track_count: usize,
    ) -> Self {
        let mut listener_seen = vec![false; listener_count];
        let mut track_seen = vec![false; track_count];
        let mut keys: Vec<(u32, u32)> = Vec::with_capacity(pairs.len());
        for p in &pairs {
            listener_seen[p.listener as usize] = true;
            track_seen[p.track as usize] = true;
            keys.push((p.listener, p.track));
        }
        keys.sort_unstable();
        keys.dedup();
        Self {
            events,
            distinct_pairs: keys.len(),
            listeners: listener_seen.iter().filter(|s| **s).count(),
            tracks: track_seen.iter().filter(|s| **s).count(),
            pairs,
        }
    }

    /// The events of pair `i`.
    pub fn events_of(&self, i: usize) -> &[Play] {
        let p = self.pairs[i];
        &self.events[p.first_event as usize..][..p.plays as usize]
    }
}
