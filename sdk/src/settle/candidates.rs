//! The packer's bookkeeping: candidate gains in bucket queues, and the pair
//! graph's adjacency in the orders the greedy walks it.

use std::cmp::Reverse;

use super::aggregate::Pair;

/// Gains of one side (listeners or tracks) within the batch being grown,
/// with a bucket queue to find the best candidate.
pub(super) struct Side {
    pub(super) stamp: Vec<u32>,
    pub(super) gain: Vec<u16>,
    pub(super) member: Vec<u32>,
    buckets: Vec<Vec<u32>>,
    top: usize,
}

impl Side {
    pub(super) fn new(len: usize, max_gain: usize) -> Self {
        Self {
            stamp: vec![u32::MAX; len],
            gain: vec![0; len],
            member: vec![u32::MAX; len],
            buckets: vec![Vec::new(); max_gain + 2],
            top: 0,
        }
    }

    pub(super) fn reset(&mut self) {
        for bucket in &mut self.buckets {
            bucket.clear();
        }
        self.top = 0;
    }

    pub(super) fn gain(&self, id: u32, batch: u32) -> u16 {
        if self.stamp[id as usize] == batch {
            self.gain[id as usize]
        } else {
            0
        }
    }

    pub(super) fn is_member(&self, id: u32, batch: u32) -> bool {
        self.member[id as usize] == batch
    }

    pub(super) fn bump(&mut self, id: u32, batch: u32) {
        let i = id as usize;
        if self.stamp[i] != batch {
            self.stamp[i] = batch;
            self.gain[i] = 0;
        }
        self.gain[i] = self.gain[i].saturating_add(1);
        let g = usize::from(self.gain[i]).min(self.buckets.len() - 1);
        self.buckets[g].push(id);
        self.top = self.top.max(g);
    }

    /// The best candidate by (gain, weight, lowest id), skipping stale and
    /// blocked entries; looks at the whole top bucket to break ties.
    pub(super) fn best(
        &mut self,
        batch: u32,
        weight: &[u32],
        blocked: &[u32],
    ) -> Option<(u32, u16)> {
        while self.top > 0 {
            let g = self.top;
            let mut bucket = std::mem::take(&mut self.buckets[g]);
            bucket.retain(|id| {
                !self.is_member(*id, batch)
                    && blocked[*id as usize] != batch
                    && usize::from(self.gain(*id, batch)) >= g
            });
            bucket.sort_unstable();
            bucket.dedup();
            let best = bucket
                .iter()
                .copied()
                .max_by_key(|id| (weight[*id as usize], Reverse(*id)));
            self.buckets[g] = bucket;
            if let Some(id) = best {
                return Some((id, self.gain(id, batch)));
            }
            self.top -= 1;
        }
        None
    }
}

/// Adjacency of the pair graph, in the orders the greedy walks it.
pub(super) struct Graph {
    /// Pair indices by listener (pairs are sorted by listener already).
    pub(super) listener_start: Vec<u32>,
    /// Pair indices by track: by group, then heaviest listener first.
    pub(super) track_start: Vec<u32>,
    pub(super) by_track: Vec<u32>,
}

impl Graph {
    pub(super) fn new(
        pairs: &[Pair],
        listeners: usize,
        tracks: usize,
        group: &dyn Fn(u32) -> u32,
    ) -> Self {
        let mut listener_start = vec![0u32; listeners + 1];
        let mut track_start = vec![0u32; tracks + 1];
        for p in pairs {
            listener_start[p.listener as usize + 1] += 1;
            track_start[p.track as usize + 1] += 1;
        }
        for i in 0..listeners {
            listener_start[i + 1] += listener_start[i];
        }
        for i in 0..tracks {
            track_start[i + 1] += track_start[i];
        }
        let degree = |l: u32| listener_start[l as usize + 1] - listener_start[l as usize];
        let mut by_track: Vec<u32> = (0..pairs.len() as u32).collect();
        by_track.sort_unstable_by_key(|i| {
            let p = &pairs[*i as usize];
            (
                p.track,
                group(p.listener),
                Reverse(degree(p.listener)),
                p.listener,
            )
        });
        Self {
            listener_start,
            track_start,
            by_track,
        }
    }

    pub(super) fn listener_pairs(&self, l: u32) -> std::ops::Range<usize> {
        self.listener_start[l as usize] as usize..self.listener_start[l as usize + 1] as usize
    }
}
