//! A deterministic synthetic epoch with power-law listening, shared by the
//! settle tests and the settlement bench (`tests/benches/settlement.rs`).
//!
//! The model, seeded so every run produces the same log:
//! - listener activity follows a power law: listener `i` gets a share of the
//!   plays proportional to `(i + 10)^-0.8` (the busiest about 60 times the median);
//! - track popularity is Zipf with exponent 1 over the catalogue;
//! - listeners replay: each play repeats a track from the listener's own
//!   history with probability 1/2 (weighted by past plays), otherwise picks
//!   from the global popularity;
//! - tracks last 2 to 5 minutes; 80 % of plays run to the end, the rest are
//!   skipped after 5 seconds to the full length;
//! - each listener listens in sessions of 3-30 back-to-back plays spread over
//!   a 30-day epoch;
//! - noise for the fraud rules: 1 % of lines are exact duplicates, and
//!   `bots` listeners start a new full-length play every 15 seconds.
#![allow(dead_code)]

use encore_sdk::Pubkey;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

pub const EPOCH_START: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z
pub const EPOCH_SECS: i64 = 30 * 86_400;

#[derive(Clone, Copy, Debug)]
pub struct EpochSpec {
    pub listeners: usize,
    pub tracks: usize,
    /// Lines in the log, duplicates included.
    pub plays: usize,
    pub bots: usize,
    pub seed: u64,
}

impl EpochSpec {
    /// The bench's epoch: 10,000 listeners, 2,000 tracks, 1,000,000 plays.
    pub fn bench() -> Self {
        Self {
            listeners: 10_000,
            tracks: 2_000,
            plays: 1_000_000,
            bots: 20,
            seed: 2_026,
        }
    }

    pub fn small(listeners: usize, tracks: usize, plays: usize, seed: u64) -> Self {
        Self {
            listeners,
            tracks,
            plays,
            bots: 0,
            seed,
        }
    }
}

/// A play: listener index, track index, timestamp, seconds played.
pub type Event = (u32, u32, i64, u32);

pub struct SyntheticEpoch {
    pub listeners: Vec<Pubkey>,
    pub tracks: Vec<Pubkey>,
    /// In log order (by timestamp).
    pub events: Vec<Event>,
}

/// Samples an index with probability proportional to its weight.
struct Weighted {
    cumulative: Vec<f64>,
}

impl Weighted {
    fn new(weights: impl Iterator<Item = f64>) -> Self {
        let mut total = 0.0;
        let cumulative = weights
            .map(|w| {
                total += w;
                total
            })
            .collect();
        Self { cumulative }
    }

    fn sample(&self, rng: &mut StdRng) -> usize {
        let total = *self.cumulative.last().unwrap_or(&0.0);
        let x = rng.gen::<f64>() * total;
        self.cumulative
            .partition_point(|c| *c <= x)
            .min(self.cumulative.len() - 1)
    }
}

pub fn generate(spec: EpochSpec) -> SyntheticEpoch {
    let mut rng = StdRng::seed_from_u64(spec.seed);
    let listeners: Vec<Pubkey> = (0..spec.listeners)
        .map(|_| Pubkey::new_from_array(rng.gen()))
        .collect();
    let tracks: Vec<Pubkey> = (0..spec.tracks)
        .map(|_| Pubkey::new_from_array(rng.gen()))
        .collect();
    let lengths: Vec<u32> = (0..spec.tracks).map(|_| rng.gen_range(120..=300)).collect();
    let popularity = Weighted::new((0..spec.tracks).map(|r| 1.0 / (r as f64 + 1.0)));

    let duplicates = spec.plays / 100;
    let genuine = spec.plays - duplicates;
    // Plays per listener, proportional to the activity weights, at least one each.
    let weights: Vec<f64> = (0..spec.listeners)
        .map(|i| (i as f64 + 10.0).powf(-0.8))
        .collect();
    let total_weight: f64 = weights.iter().sum();
    let mut counts: Vec<usize> = weights
        .iter()
        .map(|w| ((w / total_weight) * genuine as f64).floor().max(1.0) as usize)
        .collect();
    let mut assigned: usize = counts.iter().sum();
    let mut i = 0;
    while assigned < genuine {
        counts[i % spec.listeners] += 1;
        assigned += 1;
        i += 1;
    }
    while assigned > genuine {
        let j = i % spec.listeners;
        if counts[j] > 1 {
            counts[j] -= 1;
            assigned -= 1;
        }
        i += 1;
    }
    let bots: Vec<bool> = {
        let mut b = vec![false; spec.listeners];
        for _ in 0..spec.bots.min(spec.listeners) {
            let at = rng.gen_range(0..spec.listeners);
            b[at] = true;
        }
        b
    };

    let mut events: Vec<Event> = Vec::with_capacity(spec.plays);
    let mut history: Vec<u32> = Vec::new();
    for (listener, count) in counts.iter().copied().enumerate() {
        history.clear();
        let mut plays: Vec<(u32, u32)> = Vec::with_capacity(count);
        for _ in 0..count {
            let track = if !history.is_empty() && rng.gen_bool(0.5) {
                history[rng.gen_range(0..history.len())]
            } else {
                popularity.sample(&mut rng) as u32
            };
            history.push(track);
            let length = lengths[track as usize];
            let seconds = if rng.gen_bool(0.8) {
                length
            } else {
                rng.gen_range(5..=length)
            };
            plays.push((track, seconds));
        }
        let listening: i64 = plays.iter().map(|p| i64::from(p.1)).sum();
        let sessions = count.div_ceil(16).max(1) as i64;
        let average_gap = ((EPOCH_SECS - listening) / sessions).max(60);
        let mut t = EPOCH_START + rng.gen_range(0..average_gap);
        let mut left_in_session = rng.gen_range(3..=30);
        for (track, seconds) in plays {
            events.push((listener as u32, track, t, seconds));
            t += if bots[listener] {
                15
            } else {
                i64::from(seconds) + rng.gen_range(0..=3)
            };
            left_in_session -= 1;
            if left_in_session == 0 {
                left_in_session = rng.gen_range(3..=30);
                t += rng.gen_range(average_gap / 2..=average_gap * 3 / 2);
            }
        }
    }
    for _ in 0..duplicates {
        let copy = events[rng.gen_range(0..genuine)];
        events.push(copy);
    }
    events.sort_by_key(|e| (e.2, e.0, e.1, e.3));
    SyntheticEpoch {
        listeners,
        tracks,
        events,
    }
}

impl SyntheticEpoch {
    /// The log as CSV with a header.
    pub fn csv(&self) -> Vec<u8> {
        use std::io::Write;
        let names = |keys: &[Pubkey]| keys.iter().map(|k| k.to_string()).collect::<Vec<_>>();
        let (listeners, tracks) = (names(&self.listeners), names(&self.tracks));
        let mut out = Vec::with_capacity(self.events.len() * 105);
        out.extend_from_slice(b"listener,track,timestamp,seconds_played\n");
        for (l, t, ts, s) in &self.events {
            let _ = writeln!(
                out,
                "{},{},{ts},{s}",
                listeners[*l as usize], tracks[*t as usize]
            );
        }
        out
    }

    /// The log as JSON lines.
    pub fn json_lines(&self) -> Vec<u8> {
        use std::io::Write;
        let mut out = Vec::with_capacity(self.events.len() * 160);
        for (l, t, ts, s) in &self.events {
            let _ = writeln!(
                out,
                "{{\"listener\":\"{}\",\"track\":\"{}\",\"timestamp\":{ts},\"seconds_played\":{s}}}",
                self.listeners[*l as usize], self.tracks[*t as usize]
            );
        }
        out
    }

    /// Events with their addresses.
    pub fn keyed(&self) -> Vec<(Pubkey, Pubkey, i64, u32)> {
        self.events
            .iter()
            .map(|(l, t, ts, s)| {
                (
                    self.listeners[*l as usize],
                    self.tracks[*t as usize],
                    *ts,
                    *s,
                )
            })
            .collect()
    }
}
