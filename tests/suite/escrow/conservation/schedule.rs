//! A track in the model: its registry terms and its ledger's schedule.
//!
//! Written differently from the program on purpose. The program keeps a
//! list of points and rewrites it at each sync; the model keeps every sync
//! `(s_k, v_k)` and prices a play at `t` in closed form: with `j` the
//! latest sync whose rise has landed (`s_j + notice <= t`, the opening
//! counting as landed), the price is the lowest `v_k` of syncs `k >= j`
//! made by `t`; the status is the latest sync's by `t`. Its points are
//! where that function changes, less the oldest beyond eight.

use encore_sdk::track_registry::state::TrackStatus;

pub const POINTS_KEPT: usize = 8;

#[derive(Clone, Debug)]
pub struct MTrack {
    pub registry_price: u64,
    pub registry_status: TrackStatus,
    pub registry_version: u32,
    /// Every sync: (time, price, status); the ledger's opening first, at i64::MIN.
    pub syncs: Vec<(i64, u64, TrackStatus)>,
    /// The `from` of the oldest point kept: older plays are unpriced.
    pub floor: i64,
    pub ledger_version: u32,
    pub synced_at: i64,
    pub owed: u64,
    pub lifetime_earned: u64,
    pub lifetime_plays: u64,
    pub lifetime_collected: u64,
}

impl MTrack {
    pub fn new(price: u64) -> Self {
        Self {
            registry_price: price,
            registry_status: TrackStatus::Active,
            registry_version: 1,
            syncs: vec![(i64::MIN, price, TrackStatus::Active)],
            floor: i64::MIN,
            ledger_version: 1,
            synced_at: 0,
            owed: 0,
            lifetime_earned: 0,
            lifetime_plays: 0,
            lifetime_collected: 0,
        }
    }

    /// The schedule in closed form, ignoring what the ledger forgot.
    fn schedule(&self, t: i64, notice: i64) -> (u64, TrackStatus) {
        let landed = (1..self.syncs.len())
            .filter(|k| i128::from(self.syncs[*k].0) + i128::from(notice) <= i128::from(t))
            .max()
            .unwrap_or(0);
        let price = self.syncs[landed..]
            .iter()
            .filter(|s| s.0 <= t)
            .map(|s| s.1)
            .min()
            .expect("the landed sync is by t");
        let status = self
            .syncs
            .iter()
            .rev()
            .find(|s| s.0 <= t)
            .expect("the opening is by any time")
            .2;
        (price, status)
    }

    /// The price and status of a play at `t`; `None` before the oldest point kept.
    pub fn terms_at(&self, t: i64, notice: i64) -> Option<(u64, TrackStatus)> {
        (t >= self.floor).then(|| self.schedule(t, notice))
    }

    /// Where the schedule changes, from the floor on: the ledger's points.
    pub fn points(&self, notice: i64) -> Vec<(i64, u64, TrackStatus)> {
        let mut times: Vec<i64> = vec![self.floor];
        for s in &self.syncs[1..] {
            times.push(s.0);
            times.push(s.0 + notice);
        }
        times.retain(|t| *t >= self.floor);
        times.sort_unstable();
        times.dedup();
        let mut points: Vec<(i64, u64, TrackStatus)> = Vec::new();
        for t in times {
            let (price, status) = self.schedule(t, notice);
            match points.last() {
                Some(p) if p.1 == price && p.2 == status => {}
                _ => points.push((t, price, status)),
            }
        }
        points
    }

    /// Whether the terms change for plays in `(first, last]`.
    pub fn spans_change(&self, first: i64, last: i64, notice: i64) -> bool {
        self.points(notice)
            .iter()
            .any(|p| first < p.0 && p.0 <= last)
    }

    /// Records the registry's current terms, as of `now`.
    pub fn sync(&mut self, now: i64, notice: i64) {
        self.syncs
            .push((now, self.registry_price, self.registry_status));
        let points = self.points(notice);
        if points.len() > POINTS_KEPT {
            self.floor = points[points.len() - POINTS_KEPT].0;
        }
        self.ledger_version = self.registry_version;
        self.synced_at = now;
    }
}
