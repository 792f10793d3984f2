//! How a part's spec becomes a part of a batch, given what the model
//! knows: continuing the settler's open window, or opening one at times
//! where something changes (the listener's cap, period or withdrawal, the
//! tracks' terms), exactly there or a second either side.

use super::model::PartPlan;
use super::regime::period_end;
use super::world::World;
use super::{PartSpec, DAY};
use crate::escrow::NOTICE;

impl World {
    /// The earliest play time worth settling for listener `l`.
    fn earliest(&self, l: usize) -> i64 {
        (self.m.listeners[l].settled_through + 1).max(self.genesis - 5 * DAY)
    }

    /// Where listener `l`'s regime changes: its period's ends, a pending
    /// cap, a withdrawal's notice end.
    fn own_edges(&self, l: usize) -> Vec<i64> {
        let listener = &self.m.listeners[l];
        let (lo, now) = (self.earliest(l), self.m.now);
        let mut own = vec![
            period_end(listener.period_start, listener.period, lo),
            period_end(listener.period_start, listener.period, now),
        ];
        for p in &listener.pending {
            own.push(p.at);
            own.push(period_end(p.at, p.period, now));
        }
        if let Some(w) = &listener.withdrawal {
            own.push(w.available_at);
        }
        own
    }

    /// Times worth settling at for listener `l` and `tracks`: just after
    /// its mark, now, and each side of every change that splits windows.
    /// Returns the changes themselves (the listener's own first), then
    /// every such time.
    fn times(&self, l: usize, tracks: &[(usize, u16)]) -> (Vec<i64>, Vec<i64>, Vec<i64>) {
        let now = self.m.now;
        let lo = self.earliest(l);
        let own = self.own_edges(l);
        let mut edges = own.clone();
        for (t, _) in tracks {
            edges.extend(
                self.m.tracks[*t]
                    .points(NOTICE)
                    .iter()
                    .map(|p| p.0)
                    .filter(|f| *f > i64::MIN),
            );
        }
        let around = |at: &[i64], extra: &[i64]| {
            let mut times: Vec<i64> = extra.to_vec();
            for e in at {
                times.extend([e - 1, *e, e + 1]);
            }
            times.retain(|t| (lo..=now).contains(t));
            times.sort_unstable();
            times.dedup();
            times
        };
        let all = around(&edges, &[lo, lo + 1, now - 1, now]);
        let own = around(&own, &[]);
        edges.retain(|t| (lo..=now).contains(t));
        (edges, own, all)
    }

    /// The part `spec` becomes for settler `s`, given the model's state;
    /// `None` to leave this listener out of the batch.
    pub(super) fn plan(&self, s: usize, spec: &PartSpec) -> Option<PartPlan> {
        let l = spec.listener;
        let listener = &self.m.listeners[l];
        let tag = (listener.windows_opened & 0x7f) as u8;
        match listener.window.as_ref().filter(|w| w.open) {
            Some(w) if w.settler == s => {
                let remaining: Vec<u8> = (0..w.done.len())
                    .filter(|i| !w.done[*i])
                    .map(|i| i as u8)
                    .collect();
                let k = 1 + usize::from(spec.count) % remaining.len();
                let skip = usize::from(spec.first) % remaining.len();
                let entries = remaining
                    .iter()
                    .cycle()
                    .skip(skip)
                    .take(k)
                    .map(|i| {
                        let (t, plays) = w.plan[usize::from(*i)];
                        (*i, t, plays)
                    })
                    .collect();
                Some(PartPlan {
                    listener: l,
                    open: None,
                    tag,
                    entries,
                    plan: Vec::new(),
                })
            }
            Some(_) if !spec.force => None,
            Some(_) if spec.span.is_multiple_of(2) => Some(PartPlan {
                // Continuing another settler's window.
                listener: l,
                open: None,
                tag,
                entries: vec![(0, spec.tracks[0].0, spec.tracks[0].1)],
                plan: Vec::new(),
            }),
            _ => {
                let mark = listener.settled_through;
                if spec.force && !listener.window_open() && mark >= self.genesis - 5 * DAY {
                    // The plays at the mark again, by either settler.
                    return Some(self.open_plan(l, spec, mark, mark));
                }
                if !spec.force && mark >= self.m.now {
                    return None;
                }
                let (edges, own, times) = self.times(l, &spec.tracks);
                let now = self.m.now;
                // Half the windows start at or beside a change of the
                // listener's own (cap, period, withdrawal).
                let from = if spec.first.is_multiple_of(2) && !own.is_empty() {
                    &own
                } else {
                    &times
                };
                let first = if from.is_empty() {
                    listener.settled_through + 1
                } else {
                    from[usize::from(spec.first / 2) % from.len()]
                };
                // Some windows straddle one of those changes by a second.
                let straddled = self
                    .own_edges(l)
                    .into_iter()
                    .filter(|e| *e > self.earliest(l) && *e <= now)
                    .nth(usize::from(spec.count) % 2);
                if let Some(edge) = straddled.filter(|_| spec.straddle) {
                    return Some(self.open_plan(l, spec, edge - 1, edge));
                }
                let later: Vec<i64> = times.iter().copied().filter(|t| *t >= first).collect();
                let later_edges: Vec<i64> = edges.iter().copied().filter(|t| *t >= first).collect();
                let last = match spec.span {
                    255 => now + 1,
                    n if n.is_multiple_of(3) || later.is_empty() => first,
                    n if n % 3 == 1 => (first + i64::from(n)).min(now).max(first),
                    n if n.is_multiple_of(2) && !later_edges.is_empty() => {
                        later_edges[usize::from(n) % later_edges.len()]
                    }
                    n => later[usize::from(n) % later.len()],
                };
                Some(self.open_plan(l, spec, first, last))
            }
        }
    }

    /// A part opening listener `l`'s window `[first, last]` of `spec`'s
    /// tracks, settling some of its entries at once.
    fn open_plan(&self, l: usize, spec: &PartSpec, first: i64, last: i64) -> PartPlan {
        let n = spec.tracks.len();
        let k = 1 + usize::from(spec.count) % n;
        let entries = (0..n)
            .cycle()
            .skip(usize::from(spec.span) % n)
            .take(k)
            .map(|i| (i as u8, spec.tracks[i].0, spec.tracks[i].1))
            .collect();
        PartPlan {
            listener: l,
            open: Some((first, last, n as u16)),
            tag: 0,
            entries,
            plan: spec.tracks.clone(),
        }
    }
}
