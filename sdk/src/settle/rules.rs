//! Fraud rules: which plays of a log count.
//!
//! Applied in this order, each rejected play counted under the first rule it
//! fails (defaults in brackets, all configurable through [`Rules`]):
//! 1. `duplicate`: an exact copy (same listener, track, timestamp and
//!    seconds) of a play already seen; a client retrying an upload.
//! 2. `too_short`: listened to for less than `min_seconds` [30].
//! 3. `overlapping`: a listener is one person. Taking a listener's plays in
//!    time order, a play counts only if it starts no earlier than
//!    `T + S − overlap_tolerance_secs` [10], where `T` and `S` are the start
//!    and length of the listener's previous counted play. Someone playing
//!    full songs back to back starts each one as the last ends, so is never
//!    rejected; the tolerance absorbs clock skew, rounding and crossfade.
//!    Plays that overlap beyond it are more audio than one person can hear.
//! 4. `daily_cap`: at most `max_plays_per_day` [3,000] counted plays per
//!    listener per UTC day. Back-to-back plays of at least 30 seconds fit
//!    2,880 times into a day, so no real listener reaches the cap; it bounds
//!    what a client can gain by systematically using the overlap tolerance.

use serde::{Deserialize, Serialize};

use super::ingest::Play;

const DAY_SECS: i64 = 86_400;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    pub min_seconds: u32,
    pub overlap_tolerance_secs: u32,
    pub max_plays_per_day: u32,
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            min_seconds: 30,
            overlap_tolerance_secs: 10,
            max_plays_per_day: 3_000,
        }
    }
}

/// Rejected plays, by rule.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejections {
    pub duplicate: u64,
    pub too_short: u64,
    pub overlapping: u64,
    pub daily_cap: u64,
}

impl Rejections {
    pub fn total(&self) -> u64 {
        self.duplicate + self.too_short + self.overlapping + self.daily_cap
    }
}

/// Keeps the plays that pass every rule, grouped by listener in time order
/// (listener, timestamp, track, seconds), and counts the others.
pub fn apply(rules: &Rules, plays: &mut Vec<Play>) -> Rejections {
    plays.sort_unstable_by_key(|p| (p.listener, p.timestamp, p.track, p.seconds));
    let mut rejected = Rejections::default();
    let tolerance = i64::from(rules.overlap_tolerance_secs);
    let mut kept = 0usize;
    let mut previous: Option<Play> = None;
    // Per listener: when the last counted play lets the next one start, and
    // how many counted plays fall in the current day.
    let mut listener = u32::MAX;
    let mut busy_until = i64::MIN;
    let (mut day, mut day_count) = (i64::MIN, 0u32);
    for i in 0..plays.len() {
        let play = plays[i];
        if previous == Some(play) {
            rejected.duplicate += 1;
            continue;
        }
        previous = Some(play);
        if play.seconds < rules.min_seconds {
            rejected.too_short += 1;
            continue;
        }
        if play.listener != listener {
            listener = play.listener;
            busy_until = i64::MIN;
            day = i64::MIN;
        }
        if play.timestamp < busy_until {
            rejected.overlapping += 1;
            continue;
        }
        let play_day = play.timestamp.div_euclid(DAY_SECS);
        if play_day != day {
            day = play_day;
            day_count = 0;
        }
        if day_count >= rules.max_plays_per_day {
            rejected.daily_cap += 1;
            continue;
        }
        day_count += 1;
        busy_until = play
            .timestamp
            .saturating_add(i64::from(play.seconds))
            .saturating_sub(tolerance);
        plays[kept] = play;
        kept += 1;
    }
    plays.truncate(kept);
    rejected
}
