//! Counting accepted plays per (listener, track).

use super::ingest::Play;

/// One listener-track pair: `plays` events at `events[first_event..][..plays]`.
/// A pair with more than `u16::MAX` plays (one settle entry's most) is
/// split into several of these, one settle entry each, with the same
/// listener and track; [`Aggregate::distinct_pairs`] counts it once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pair {
    pub listener: u32,
    pub track: u32,
    pub plays: u32,
    pub first_event: u32,
}

/// The accepted events in canonical order (listener, track, timestamp,
/// seconds) and their pairs in (listener, track) order: the settle entries
/// to pack, so a split pair appears as several.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Aggregate {
    pub events: Vec<Play>,
    pub pairs: Vec<Pair>,
    /// Distinct listeners and tracks with at least one pair.
    pub listeners: usize,
    pub tracks: usize,
    /// Distinct (listener, track) pairs: `pairs.len()` less the splits.
    pub distinct_pairs: usize,
}

/// `plays` must be grouped by listener (as [`super::rules::apply`] leaves
/// them); each listener's plays are then ordered by track, which is cheaper
/// than one global sort.
pub fn aggregate(mut plays: Vec<Play>, track_count: usize) -> Aggregate {
    let mut pairs = Vec::new();
    let mut start = 0;
    let mut listeners = 0;
    let mut distinct_pairs = 0;
    let mut track_seen = vec![false; track_count];
    while start < plays.len() {
        let listener = plays[start].listener;
        let mut end = start + 1;
        while end < plays.len() && plays[end].listener == listener {
            end += 1;
        }
        let run = &mut plays[start..end];
        run.sort_unstable();
        listeners += 1;
        let mut i = 0;
        while i < run.len() {
            let track = run[i].track;
            let mut j = i + 1;
            while j < run.len() && run[j].track == track {
                j += 1;
            }
            if let Some(seen) = track_seen.get_mut(track as usize) {
                *seen = true;
            }
            distinct_pairs += 1;
            // An entry counts at most u16::MAX plays: longer runs split.
            let mut from = i;
            while from < j {
                let to = j.min(from + usize::from(u16::MAX));
                pairs.push(Pair {
                    listener,
                    track,
                    plays: (to - from) as u32,
                    first_event: (start + from) as u32,
                });
                from = to;
            }
            i = j;
        }
        start = end;
    }
    Aggregate {
        events: plays,
        pairs,
        listeners,
        tracks: track_seen.iter().filter(|s| **s).count(),
        distinct_pairs,
    }
}
