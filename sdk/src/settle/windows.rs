//! Cutting each listener's accepted plays into settlement windows.
//!
//! A window is a span `[first, last]` of one listener's play start times
//! and the plays in it, counted per track (its entries, in track order).
//! The program settles a window's entries exactly once, over as many
//! batches as packing needs, and then marks the listener settled through
//! `last`; so a window must hold every chargeable play of its span, and
//! plays are cut into windows in time order:
//! - at most 256 entries, and at most 65,535 plays of a track, a window;
//! - no window spans a change of what its plays cost: a change of a
//!   track's terms, a lowered cap or a withdrawal taking effect, the end of
//!   a cap period (the program refuses such a window, so each play is
//!   charged under the terms of its own time);
//! - plays with the same start time stay together.
//!
//! What cannot be planned is counted by reason instead: plays at or before
//! the listener's settled-through time (already settled), in another
//! settler's open window, after the chain's clock, of a track paused or
//! retired at the time or whose price is no longer on its ledger.

use std::collections::BTreeMap;

use track_registry::state::TrackStatus;

use super::aggregate::Pair;
use super::ingest::Play;
use super::skip::Skip;
use super::view::{ChainView, ListenerView, OpenWindow, TrackView};
use stream_escrow::constants::WINDOW_MAX_ENTRIES;

/// One entry of a window: a track and where its plays are in the events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WindowEntry {
    pub track: u32,
    pub plays: u32,
    pub first_event: u32,
    /// Settled on chain already (a resumed window's).
    pub done: bool,
}

/// A window to settle: new, or one this settler has open on chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Window {
    pub listener: u32,
    pub first: i64,
    pub last: i64,
    /// 0 for a listener's first window in this plan, 1 for its next, ...
    pub round: u32,
    /// The tag the window's later parts carry once it is open.
    pub tag: u8,
    /// Open on chain already: every part continues it.
    pub resumed: bool,
    /// In track order; an entry's index in the window is its position.
    pub entries: Vec<WindowEntry>,
}

/// The accepted plays cut into windows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Windowing {
    /// The plays to settle, in (listener, track, timestamp, seconds) order.
    pub events: Vec<Play>,
    pub windows: Vec<Window>,
    pub skipped: BTreeMap<Skip, u64>,
    /// Listeners whose open window (this settler's) the log does not
    /// reproduce: closing it lets the rest of their plays settle.
    pub mismatched: Vec<u32>,
}

impl Windowing {
    /// The packer's pairs of `round`: one per unsettled entry, in (listener,
    /// track) order, each naming its window and index.
    pub fn pairs(&self, round: u32) -> Vec<Pair> {
        let mut out = Vec::new();
        for (w, window) in self.windows.iter().enumerate() {
            if window.round != round {
                continue;
            }
            for (index, e) in window.entries.iter().enumerate() {
                if e.done {
                    continue;
                }
                out.push(Pair {
                    listener: window.listener,
                    track: e.track,
                    plays: e.plays,
                    first_event: e.first_event,
                    window: w as u32,
                    index: index as u8,
                });
            }
        }
        out
    }

    pub fn rounds(&self) -> u32 {
        self.windows.iter().map(|w| w.round + 1).max().unwrap_or(0)
    }
}

fn count(skipped: &mut BTreeMap<Skip, u64>, reason: Skip, n: u64) {
    if n > 0 {
        *skipped.entry(reason).or_insert(0) += n;
    }
}

/// Why a play of an active listener cannot be charged, if it cannot.
fn track_skip(track: &TrackView, time: i64) -> Option<Skip> {
    match track {
        TrackView::Unknown => Some(Skip::UnknownTrack),
        TrackView::OtherMint => Some(Skip::OtherMint),
        TrackView::Terms(_) => match track.terms_at(time) {
            None => Some(Skip::PriceUnknown),
            Some(t) => match t.status {
                TrackStatus::Active => None,
                TrackStatus::Paused => Some(Skip::TrackPaused),
                TrackStatus::Retired => Some(Skip::TrackRetired),
            },
        },
    }
}

/// Cuts `plays` (accepted, grouped by listener in time order, as the rules
/// leave them) into windows against `view`.
pub fn cut(plays: &[Play], view: &ChainView) -> Windowing {
    let mut out = Windowing::default();
    let mut kept: Vec<Play> = Vec::with_capacity(plays.len());
    // (listener, first, last, round, tag, the open window and its tracks)
    type Resumed = Option<(OpenWindow, Vec<u32>)>;
    let mut spans: Vec<(u32, i64, i64, u32, u8, Resumed)> = Vec::new();
    // Per-track play counts of the window being cut, reset after each.
    let tracks = view.tracks.len();
    let mut counts: Vec<u32> = vec![0; tracks];
    let mut chargeable: Vec<Play> = Vec::new();
    let mut start = 0;
    while start < plays.len() {
        let listener = plays[start].listener;
        let mut end = start + 1;
        while end < plays.len() && plays[end].listener == listener {
            end += 1;
        }
        let run = &plays[start..end];
        start = end;
        let Some(Some(lv)) = view.listeners.get(listener as usize) else {
            count(&mut out.skipped, Skip::NoListenerAccount, run.len() as u64);
            continue;
        };
        chargeable.clear();
        let kept_from = kept.len();
        for p in run {
            let reason = if p.timestamp <= lv.settled_through {
                Some(Skip::AlreadySettled)
            } else if p.timestamp > view.now {
                Some(Skip::NotYetPlayed)
            } else {
                match &lv.window {
                    Some(w) if !w.mine && p.timestamp <= w.last => Some(Skip::SettlingElsewhere),
                    Some(w) if !w.mine => Some(Skip::ListenerBusy),
                    Some(w) if p.timestamp < w.first => Some(Skip::AlreadySettled),
                    _ => track_skip(&view.tracks[p.track as usize], p.timestamp),
                }
            };
            match reason {
                Some(r) => count(&mut out.skipped, r, 1),
                None => chargeable.push(*p),
            }
        }
        let mut rest: &[Play] = &chargeable;
        let mut round = 0;
        let mut tag = lv.windows_opened;
        if let Some(w) = lv.window.as_ref().filter(|w| w.mine) {
            let inside = rest.partition_point(|p| p.timestamp <= w.last);
            let (ours, after) = rest.split_at(inside);
            let mut tracks: Vec<u32> = ours.iter().map(|p| p.track).collect();
            tracks.sort_unstable();
            tracks.dedup();
            if tracks.len() != usize::from(w.entries) {
                out.mismatched.push(listener);
                count(&mut out.skipped, Skip::WindowMismatch, ours.len() as u64);
                count(&mut out.skipped, Skip::ListenerBusy, after.len() as u64);
                continue;
            }
            for (index, t) in tracks.iter().enumerate() {
                let plays = ours.iter().filter(|p| p.track == *t);
                if w.is_done(index) {
                    count(&mut out.skipped, Skip::AlreadySettled, plays.count() as u64);
                } else {
                    kept.extend(plays);
                }
            }
            spans.push((
                listener,
                w.first,
                w.last,
                0,
                w.tag,
                Some((w.clone(), tracks)),
            ));
            rest = after;
            round = 1;
        }
        for window in cut_listener(rest, lv, &view.tracks, &mut counts, &mut out.skipped) {
            tag = tag.wrapping_add(1);
            let (first, last) = (window[0].timestamp, window[window.len() - 1].timestamp);
            spans.push((listener, first, last, round, (tag & 0x7f) as u8, None));
            kept.extend_from_slice(window);
            round += 1;
        }
        // The listener's plays in canonical order (listeners come in order).
        kept[kept_from..].sort_unstable_by_key(|p| (p.track, p.timestamp, p.seconds));
    }
    for (listener, first, last, round, tag, open) in spans {
        let lo = kept.partition_point(|p| p.listener < listener);
        let hi = kept.partition_point(|p| p.listener <= listener);
        let mut entries = Vec::new();
        let mut i = lo;
        while i < hi {
            let track = kept[i].track;
            let mut j = i;
            while j < hi && kept[j].track == track {
                j += 1;
            }
            let slice = &kept[i..j];
            let a = slice.partition_point(|p| p.timestamp < first);
            let b = slice.partition_point(|p| p.timestamp <= last);
            if b > a {
                entries.push(WindowEntry {
                    track,
                    plays: (b - a) as u32,
                    first_event: (i + a) as u32,
                    done: false,
                });
            }
            i = j;
        }
        let resumed = open.is_some();
        if let Some((w, tracks)) = &open {
            // Entries settled already have no events left: put them back in
            // their places so indices match the chain's.
            entries = resume_entries(entries, w, tracks);
        }
        if entries.iter().all(|e| e.done) {
            continue;
        }
        out.windows.push(Window {
            listener,
            first,
            last,
            round,
            tag,
            resumed,
            entries,
        });
    }
    out.events = kept;
    out
}

/// A resumed window's entries in chain order: every track of its
/// chargeable plays (`tracks`, ascending), settled ones marked done.
fn resume_entries(
    pending: Vec<WindowEntry>,
    window: &OpenWindow,
    tracks: &[u32],
) -> Vec<WindowEntry> {
    tracks
        .iter()
        .enumerate()
        .map(|(index, t)| match pending.iter().find(|e| e.track == *t) {
            Some(e) if !window.is_done(index) => *e,
            _ => WindowEntry {
                track: *t,
                plays: 0,
                first_event: 0,
                done: true,
            },
        })
        .collect()
}

/// One listener's chargeable plays (time order) cut into windows.
fn cut_listener<'a>(
    plays: &'a [Play],
    listener: &ListenerView,
    tracks: &[TrackView],
    counts: &mut [u32],
    skipped: &mut BTreeMap<Skip, u64>,
) -> Vec<&'a [Play]> {
    let mut windows = Vec::new();
    let mut i = 0;
    while i < plays.len() {
        let first = plays[i].timestamp;
        let mut limit = listener.next_change(first);
        let mut distinct = 0usize;
        let mut j = i;
        while j < plays.len() {
            let p = plays[j];
            if p.timestamp >= limit {
                break;
            }
            let count = counts[p.track as usize];
            if count == 0 {
                let change = tracks[p.track as usize].next_change(first);
                if distinct >= WINDOW_MAX_ENTRIES || p.timestamp >= change {
                    break;
                }
                limit = limit.min(change);
                distinct += 1;
            } else if count >= u32::from(u16::MAX) {
                break;
            }
            counts[p.track as usize] = count + 1;
            j += 1;
        }
        for p in &plays[i..j] {
            counts[p.track as usize] = 0;
        }
        // Never split plays that start at the same time.
        if j < plays.len() && j > i && plays[j].timestamp == plays[j - 1].timestamp {
            let same = plays[j].timestamp;
            let back = plays[i..j].partition_point(|p| p.timestamp < same) + i;
            if back > i {
                j = back;
            } else {
                let n = plays[j..]
                    .iter()
                    .take_while(|p| p.timestamp == same)
                    .count();
                count(skipped, Skip::Simultaneous, n as u64);
                windows.push(&plays[i..j]);
                i = j + n;
                continue;
            }
        }
        if j == i {
            // Cannot happen: a window always takes its first play.
            j = i + 1;
        }
        windows.push(&plays[i..j]);
        i = j;
    }
    windows
}
