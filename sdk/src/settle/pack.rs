//! Packing listener-track pairs into settle batches.
//!
//! A batch is a set of listeners and a set of tracks; it settles every pair
//! it picks among them, one 4-byte entry each, and pays one account slot per
//! listener and per track. Slots (64 locks less the fixed keys) and bytes
//! (1,232 less the fixed part, 4 per entry) are the two budgets, so a batch
//! is cheapest when its listeners share tracks: a dense block of the
//! listener × track matrix.
//!
//! The greedy grows one batch at a time, like peeling a dense subgraph in
//! reverse:
//! 1. Seed with the listener holding the most unsettled pairs.
//! 2. Repeatedly add the listener or track that brings the most new entries
//!    for its one slot: a track brings its pairs with the batch's listeners,
//!    a listener its pairs with the batch's tracks. Ties go to the node with
//!    more unsettled pairs overall (popular tracks, heavy listeners), which
//!    pulls the clusters of listeners sharing popular tracks together.
//! 3. When nothing connects, seed again in the same batch while slots last.
//! 4. Stop when slots or bytes run out; settle every picked pair that fits.
//!
//! A listener's pairs with tracks outside the batch stay for later batches,
//! so a listener (or track) may appear in several batches. A listener costs
//! a part header besides its slot: 11 bytes in the batch that opens its
//! window, 2 in later ones (and in every batch for a window already open
//! on chain), which the greedy charges against the batch's bytes. Listener gains
//! from very popular tracks are counted over a bounded number of their
//! heaviest unsettled listeners ([`CANDIDATES_PER_TRACK`]), which keeps the
//! work per batch bounded; the entries counted are always exact. Every step
//! is deterministic (ties broken by index), so the same pairs give the same
//! batches.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::aggregate::Pair;
use super::candidates::{Graph, Side};
pub use super::cost::{Capacity, MAX_TABLES_PER_TX};
use super::cost::{CONTINUE_HEADER_BYTES, ENTRY_BYTES, OPEN_HEADER_BYTES};

/// How many of a track's unsettled listeners (heaviest first) a track
/// addition makes candidates.
pub const CANDIDATES_PER_TRACK: usize = 32;

/// One packed batch: listener and track indices (ascending) and the indices
/// of the pairs it settles (ascending, so in (listener, track) order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PackedBatch {
    pub listeners: Vec<u32>,
    pub tracks: Vec<u32>,
    pub pairs: Vec<u32>,
}

/// Where each account sits when batches read them from lookup tables, and
/// the groups that keep a batch's listeners within a few tables.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableMap {
    pub listener_table: Vec<u32>,
    pub track_table: Vec<u32>,
    /// A batch's listeners all come from one group; groups are settled in order.
    pub listener_group: Vec<u32>,
    pub groups: u32,
    pub tables: u32,
}

/// The packer's state across batches.
struct Packer<'a> {
    pairs: &'a [Pair],
    /// Per listener: its settlement window is open already (on chain, or
    /// by an earlier batch of this plan), so its parts continue it.
    opened: Vec<bool>,
    graph: Graph,
    capacity: &'a Capacity,
    tables: Option<&'a TableMap>,
    done: Vec<bool>,
    listener_left: Vec<u32>,
    track_left: Vec<u32>,
    track_cursor: Vec<u32>,
    listeners: Side,
    tracks: Side,
    blocked_l: Vec<u32>,
    blocked_t: Vec<u32>,
}

/// The batch being grown.
#[derive(Default)]
struct Growing {
    id: u32,
    group: u32,
    listeners: Vec<u32>,
    tracks: Vec<u32>,
    tables: Vec<u32>,
    entries: usize,
    header_bytes: usize,
}

impl Growing {
    fn accounts(&self) -> usize {
        self.listeners.len() + self.tracks.len()
    }
}

enum Node {
    Listener(u32),
    Track(u32),
}

impl Packer<'_> {
    fn group(&self, l: u32) -> u32 {
        self.tables.map_or(0, |m| m.listener_group[l as usize])
    }

    fn table_of(&self, node: &Node) -> Option<u32> {
        let map = self.tables?;
        Some(match node {
            Node::Listener(l) => map.listener_table[*l as usize],
            Node::Track(t) => map.track_table[*t as usize],
        })
    }

    fn header(&self, l: u32) -> usize {
        if self.opened[l as usize] {
            CONTINUE_HEADER_BYTES
        } else {
            OPEN_HEADER_BYTES
        }
    }

    /// Entries `batch` may still take if it adds `node`.
    fn room(&self, batch: &Growing, node: &Node) -> usize {
        let new_table = self
            .table_of(node)
            .is_some_and(|t| !batch.tables.contains(&t));
        let k = batch.tables.len() + usize::from(new_table);
        let header = match node {
            Node::Listener(l) => self.header(*l),
            Node::Track(_) => 0,
        };
        let used = batch.header_bytes + header + ENTRY_BYTES * batch.entries;
        let n = batch.accounts() + 1;
        let mut room = self.capacity.bytes(n, k).saturating_sub(used) / ENTRY_BYTES;
        while room > 0
            && !self
                .capacity
                .fits(n, k, batch.entries + room, batch.header_bytes + header)
        {
            room -= 1;
        }
        room
    }

    fn note_table(&self, batch: &mut Growing, node: &Node) {
        if let Some(t) = self.table_of(node) {
            if !batch.tables.contains(&t) {
                batch.tables.push(t);
            }
        }
    }

    /// Adds listener `l`: its pairs with batch tracks become entries, its
    /// other tracks become candidates.
    fn add_listener(&mut self, batch: &mut Growing, l: u32) {
        self.note_table(batch, &Node::Listener(l));
        self.listeners.member[l as usize] = batch.id;
        batch.listeners.push(l);
        batch.header_bytes += self.header(l);
        for i in self.graph.listener_pairs(l) {
            if self.done[i] {
                continue;
            }
            let t = self.pairs[i].track;
            if self.tracks.is_member(t, batch.id) {
                batch.entries += 1;
            } else {
                self.tracks.bump(t, batch.id);
            }
        }
    }

    /// Adds track `t`: its pairs with batch listeners become entries, a
    /// bounded number of its other listeners in the group become candidates.
    fn add_track(&mut self, batch: &mut Growing, t: u32) {
        self.note_table(batch, &Node::Track(t));
        self.tracks.member[t as usize] = batch.id;
        batch.tracks.push(t);
        batch.entries += usize::from(self.tracks.gain(t, batch.id));
        let end = self.graph.track_start[t as usize + 1] as usize;
        let mut cursor = self.track_cursor[t as usize] as usize;
        while cursor < end && self.done[self.graph.by_track[cursor] as usize] {
            cursor += 1;
        }
        self.track_cursor[t as usize] = cursor as u32;
        let mut seen = 0;
        for &i in &self.graph.by_track[cursor..end] {
            if seen >= CANDIDATES_PER_TRACK {
                break;
            }
            if self.done[i as usize] {
                continue;
            }
            let l = self.pairs[i as usize].listener;
            let w = self.group(l);
            if w < batch.group {
                continue;
            }
            if w > batch.group {
                break;
            }
            seen += 1;
            if !self.listeners.is_member(l, batch.id) {
                self.listeners.bump(l, batch.id);
            }
        }
    }

    /// Grows one batch from `seed` until slots or bytes run out.
    fn grow(&mut self, batch: &mut Growing, seeds: &mut Seeds) {
        let max_accounts = self.capacity.max_accounts();
        loop {
            if batch.accounts() >= max_accounts {
                return;
            }
            let k = batch.tables.len();
            if !self.capacity.fits(
                batch.accounts() + 1,
                k.max(1),
                batch.entries + 1,
                batch.header_bytes,
            ) {
                return;
            }
            let best_l = self
                .listeners
                .best(batch.id, &self.listener_left, &self.blocked_l);
            let best_t = self
                .tracks
                .best(batch.id, &self.track_left, &self.blocked_t);
            let node = match (best_l, best_t) {
                (None, None) => {
                    // Nothing connects: seed again if a track can follow.
                    if batch.accounts() + 2 > max_accounts {
                        return;
                    }
                    match seeds.next(self, batch) {
                        Some(l) if self.room(batch, &Node::Listener(l)) > 0 => Node::Listener(l),
                        Some(l) => {
                            seeds
                                .heap
                                .push((self.listener_left[l as usize], Reverse(l)));
                            return;
                        }
                        None => return,
                    }
                }
                (Some((l, _)), None) => Node::Listener(l),
                (None, Some((t, _))) => Node::Track(t),
                (Some((l, gl)), Some((t, gt))) => {
                    if (gt, self.track_left[t as usize]) > (gl, self.listener_left[l as usize]) {
                        Node::Track(t)
                    } else {
                        Node::Listener(l)
                    }
                }
            };
            if self.room(batch, &node) == 0 {
                // Only its table would not fit: try the next candidate.
                match node {
                    Node::Listener(l) => self.blocked_l[l as usize] = batch.id,
                    Node::Track(t) => self.blocked_t[t as usize] = batch.id,
                }
                continue;
            }
            match node {
                Node::Listener(l) => self.add_listener(batch, l),
                Node::Track(t) => self.add_track(batch, t),
            }
        }
    }

    /// The batch's pairs: every unsettled pair among its listeners and
    /// tracks, trimmed to what fits; accounts left without an entry drop out.
    fn finish(&mut self, batch: &Growing) -> PackedBatch {
        let mut chosen: Vec<u32> = Vec::new();
        for &l in &batch.listeners {
            for i in self.graph.listener_pairs(l) {
                if !self.done[i] && self.tracks.is_member(self.pairs[i].track, batch.id) {
                    chosen.push(i as u32);
                }
            }
        }
        chosen.sort_unstable();
        let packed = loop {
            let mut listeners: Vec<u32> = chosen
                .iter()
                .map(|i| self.pairs[*i as usize].listener)
                .collect();
            let mut tracks: Vec<u32> = chosen
                .iter()
                .map(|i| self.pairs[*i as usize].track)
                .collect();
            listeners.dedup();
            tracks.sort_unstable();
            tracks.dedup();
            let tables = self.tables.map_or(0, |map| {
                let mut ids: Vec<u32> = listeners
                    .iter()
                    .map(|l| map.listener_table[*l as usize])
                    .chain(tracks.iter().map(|t| map.track_table[*t as usize]))
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                ids.len()
            });
            let headers: usize = listeners.iter().map(|l| self.header(*l)).sum();
            let accounts = listeners.len() + tracks.len();
            if self.capacity.fits(accounts, tables, chosen.len(), headers) {
                break PackedBatch {
                    listeners,
                    tracks,
                    pairs: chosen,
                };
            }
            // Down to what the bytes allow with these accounts, then one
            // at a time (dropping pairs may drop accounts and headers).
            let room = self
                .capacity
                .bytes(accounts, tables)
                .saturating_sub(headers)
                / ENTRY_BYTES;
            let keep = room.min(chosen.len() - 1);
            chosen.truncate(keep);
        };
        for &i in &packed.pairs {
            let p = self.pairs[i as usize];
            self.done[i as usize] = true;
            self.listener_left[p.listener as usize] -= 1;
            self.track_left[p.track as usize] -= 1;
        }
        for &l in &packed.listeners {
            self.opened[l as usize] = true;
        }
        packed
    }
}

/// Seeds of the current group: the listener with the most unsettled pairs first.
struct Seeds {
    heap: BinaryHeap<(u32, Reverse<u32>)>,
}

impl Seeds {
    fn next(&mut self, packer: &Packer, batch: &Growing) -> Option<u32> {
        while let Some((n, Reverse(l))) = self.heap.pop() {
            let left = packer.listener_left[l as usize];
            if left == 0 || packer.listeners.is_member(l, batch.id) {
                continue;
            }
            if left != n {
                self.heap.push((left, Reverse(l)));
                continue;
            }
            return Some(l);
        }
        None
    }
}

/// Packs `pairs` (sorted by listener, then track; each listener's pairs one
/// settlement window's) into batches. `resumed[l]`: listener `l`'s window
/// is open on chain already. With a [`TableMap`], batches stay within one listener
/// group and pay for every table they reference.
pub fn pack(
    pairs: &[Pair],
    listener_count: usize,
    track_count: usize,
    capacity: &Capacity,
    tables: Option<&TableMap>,
    resumed: &[bool],
) -> Vec<PackedBatch> {
    if pairs.is_empty() || capacity.max_accounts() < 2 {
        return Vec::new();
    }
    let group = |l: u32| tables.map_or(0, |m| m.listener_group[l as usize]);
    let graph = Graph::new(pairs, listener_count, track_count, &group);
    let listener_left: Vec<u32> = (0..listener_count as u32)
        .map(|l| graph.listener_pairs(l).len() as u32)
        .collect();
    let track_left: Vec<u32> = (0..track_count)
        .map(|t| graph.track_start[t + 1] - graph.track_start[t])
        .collect();
    let track_cursor = graph.track_start[..track_count].to_vec();
    let max_accounts = capacity.max_accounts();
    let mut packer = Packer {
        pairs,
        opened: (0..listener_count)
            .map(|l| resumed.get(l).copied().unwrap_or(false))
            .collect(),
        graph,
        capacity,
        tables,
        done: vec![false; pairs.len()],
        listener_left,
        track_left,
        track_cursor,
        listeners: Side::new(listener_count, max_accounts),
        tracks: Side::new(track_count, max_accounts),
        blocked_l: vec![u32::MAX; listener_count],
        blocked_t: vec![u32::MAX; track_count],
    };
    let groups = tables.map_or(1, |m| m.groups.max(1));
    let mut by_group: Vec<Vec<(u32, Reverse<u32>)>> = vec![Vec::new(); groups as usize];
    for (l, left) in packer.listener_left.iter().enumerate() {
        if *left > 0 {
            by_group[group(l as u32) as usize].push((*left, Reverse(l as u32)));
        }
    }
    let mut batches = Vec::new();
    let mut id = 0u32;
    for (w, heap) in by_group.into_iter().enumerate() {
        let mut seeds = Seeds {
            heap: BinaryHeap::from(heap),
        };
        loop {
            packer.listeners.reset();
            packer.tracks.reset();
            let mut batch = Growing {
                id,
                group: w as u32,
                ..Growing::default()
            };
            let Some(seed) = seeds.next(&packer, &batch) else {
                break;
            };
            packer.add_listener(&mut batch, seed);
            packer.grow(&mut batch, &mut seeds);
            let packed = packer.finish(&batch);
            for &l in &batch.listeners {
                let left = packer.listener_left[l as usize];
                if left > 0 {
                    seeds.heap.push((left, Reverse(l)));
                }
            }
            id += 1;
            if packed.pairs.is_empty() {
                break;
            }
            batches.push(packed);
        }
    }
    batches
}
