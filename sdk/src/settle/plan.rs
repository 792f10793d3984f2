//! The settlement plan: a pure, deterministic function of the play log,
//! the chain as read before planning ([`ChainView`]), the first batch
//! number and the config.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::aggregate::{Aggregate, Pair};
use super::audit::{audit_roots, leaves};
use super::cost::{ComputeModel, TxShape, CONTINUE_HEADER_BYTES, OPEN_HEADER_BYTES};
use super::ingest::PlayLog;
use super::merkle::{self, Hash, Proof};
use super::pack::{pack, Capacity, PackedBatch};
use super::rules::{apply, Rejections, Rules};
pub use super::skip::Skip;
use super::tables::{batch_tables, table_map};
use super::view::ChainView;
use super::windows::{cut, Window};
use crate::Pubkey;

/// Addresses one setup transaction adds to a lookup table (the first one
/// also creates it); checked against real transactions in the tests.
pub const ADDRESSES_PER_EXTEND: usize = 30;
/// The base fee of one signature.
pub const LAMPORTS_PER_SIGNATURE: u64 = 5_000;

/// How settle transactions name their accounts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// Legacy messages, every key inline: no setup, about 27 accounts a transaction.
    #[default]
    Legacy,
    /// v0 messages reading listeners and ledgers from address lookup tables
    /// created first: up to 58 accounts a transaction.
    LookupTables,
}

/// Which encoding to plan with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EncodingChoice {
    /// The one needing fewer transactions in total, setup included.
    #[default]
    Auto,
    Legacy,
    LookupTables,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanConfig {
    pub rules: Rules,
    pub compute: ComputeModel,
    pub encoding: EncodingChoice,
    /// Listener lookup tables per packing group (see [`super::tables`]).
    pub group_tables: u32,
}

impl Default for PlanConfig {
    fn default() -> Self {
        Self {
            rules: Rules::default(),
            compute: ComputeModel::default(),
            encoding: EncodingChoice::Auto,
            group_tables: 2,
        }
    }
}

/// One entry of a part; `pair` indexes [`Aggregate::pairs`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlannedEntry {
    /// The entry's index in its window.
    pub index: u8,
    /// Index into the batch's tracks.
    pub track: u8,
    pub plays: u16,
    pub pair: u32,
}

/// How a part names its window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartKind {
    /// Opens the listener's next window.
    Open { first: i64, last: i64, entries: u16 },
    /// Continues the window open on chain, whose parts carry `tag`.
    Continue { tag: u8 },
}

/// One listener's part of a batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedPart {
    /// Index into [`Plan::listeners`].
    pub listener: u32,
    /// Index into [`Plan::windows`].
    pub window: u32,
    pub kind: PartKind,
    pub entries: Vec<PlannedEntry>,
}

/// One settle transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
    pub seq: u64,
    /// Windows' times are u32 offsets from this.
    pub base_time: i64,
    /// The listener of each part, in part order (indices into [`Plan::listeners`]).
    pub listeners: Vec<u32>,
    /// Indices into [`Plan::tracks`], in the order entries name them.
    pub tracks: Vec<u32>,
    pub parts: Vec<PlannedPart>,
    /// Lookup tables read, ascending (empty for legacy).
    pub tables: Vec<u32>,
    pub audit_root: Hash,
    pub shape: TxShape,
    /// Batches (indices into [`Plan::batches`]) that must land first: the
    /// one opening a window this batch continues, and every batch of a
    /// listener's previous window before this batch opens its next.
    pub after: Vec<u32>,
}

impl Batch {
    pub fn plays(&self) -> u64 {
        self.entries().map(|e| u64::from(e.plays)).sum()
    }

    pub fn entries(&self) -> impl Iterator<Item = &PlannedEntry> {
        self.parts.iter().flat_map(|p| p.entries.iter())
    }

    pub fn entry_count(&self) -> usize {
        self.parts.iter().map(|p| p.entries.len()).sum()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub config: PlanConfig,
    pub listeners: Vec<Pubkey>,
    pub tracks: Vec<Pubkey>,
    pub plays_in: u64,
    pub rejected: Rejections,
    /// Accepted plays left out, by reason.
    pub skipped: BTreeMap<Skip, u64>,
    pub aggregate: Aggregate,
    pub windows: Vec<Window>,
    /// Listeners whose open window (this settler's) the log does not reproduce.
    pub mismatched: Vec<u32>,
    pub encoding: Encoding,
    pub first_seq: u64,
    pub batches: Vec<Batch>,
    /// Each lookup table's accounts: listener `l` is `l`, track `t` is
    /// `listeners.len() + t`. Laid out from every accepted play, whatever is
    /// settled already, so every run of one log reads the same tables.
    pub tables: Vec<Vec<u32>>,
    /// For each pair, the index of the batch settling it.
    pub pair_batch: Vec<u32>,
}

/// Plans settlement of `log` against `view`: fraud rules, windows, packing
/// and audit roots. The first batch gets `first_seq`.
pub fn plan(log: PlayLog, view: &ChainView, first_seq: u64, config: &PlanConfig) -> Plan {
    let PlayLog {
        listeners,
        tracks,
        mut plays,
    } = log;
    let plays_in = plays.len() as u64;
    let rejected = apply(&config.rules, &mut plays);
    let windowing = cut(&plays, view);
    let rounds = windowing.rounds();
    let mut pairs: Vec<Pair> = Vec::new();
    let mut round_ranges = Vec::with_capacity(rounds as usize);
    for r in 0..rounds {
        let start = pairs.len();
        pairs.extend(windowing.pairs(r));
        round_ranges.push(start..pairs.len());
    }
    let aggregate = Aggregate::new(windowing.events, pairs, listeners.len(), tracks.len());
    let windows = windowing.windows;

    // Tables are laid out over every accepted (listener, track) pair (the
    // rules leave plays grouped by listener).
    let mut all_pairs: Vec<Pair> = Vec::new();
    let mut tracks_of: Vec<u32> = Vec::new();
    let mut start = 0;
    while start < plays.len() {
        let listener = plays[start].listener;
        let end = start + plays[start..].partition_point(|p| p.listener == listener);
        tracks_of.clear();
        tracks_of.extend(plays[start..end].iter().map(|p| p.track));
        tracks_of.sort_unstable();
        tracks_of.dedup();
        all_pairs.extend(tracks_of.iter().map(|t| Pair {
            listener,
            track: *t,
            plays: 1,
            first_event: 0,
            window: 0,
            index: 0,
        }));
        start = end;
    }

    let packing = Packing {
        aggregate: &aggregate,
        windows: &windows,
        rounds: &round_ranges,
        listeners: listeners.len(),
        tracks: tracks.len(),
        config,
    };
    let (encoding, packed, layout_tables) = packing.choose(&all_pairs);
    let pair_lists: Vec<&[u32]> = packed.iter().map(|(b, _)| b.pairs.as_slice()).collect();
    let roots = audit_roots(&aggregate, &pair_lists, &listeners, &tracks);

    let mut pair_batch = vec![u32::MAX; aggregate.pairs.len()];
    let mut opener: Vec<Option<u32>> = vec![None; windows.len()];
    let mut window_batches: Vec<Vec<u32>> = vec![Vec::new(); windows.len()];
    // The window each listener had before the current one, for ordering.
    let mut previous_window: BTreeMap<u32, u32> = BTreeMap::new();
    let mut last_window: BTreeMap<u32, u32> = BTreeMap::new();
    for (w, window) in windows.iter().enumerate() {
        if let Some(prev) = last_window.insert(window.listener, w as u32) {
            previous_window.insert(w as u32, prev);
        }
    }
    let mut batches = Vec::with_capacity(packed.len());
    for (i, ((batch, tables), audit_root)) in packed.into_iter().zip(roots).enumerate() {
        let i = i as u32;
        let mut after = Vec::new();
        let mut parts: Vec<PlannedPart> = Vec::with_capacity(batch.listeners.len());
        for &p in &batch.pairs {
            pair_batch[p as usize] = i;
            let pair = aggregate.pairs[p as usize];
            let entry = PlannedEntry {
                index: pair.index,
                track: batch.tracks.binary_search(&pair.track).unwrap_or(0) as u8,
                plays: pair.plays as u16,
                pair: p,
            };
            match parts.last_mut() {
                Some(part) if part.listener == pair.listener => part.entries.push(entry),
                _ => {
                    let w = pair.window as usize;
                    let window = &windows[w];
                    let kind = if window.resumed || opener[w].is_some() {
                        if let Some(o) = opener[w] {
                            after.push(o);
                        }
                        PartKind::Continue { tag: window.tag }
                    } else {
                        opener[w] = Some(i);
                        if let Some(prev) = previous_window.get(&pair.window) {
                            after.extend(window_batches[*prev as usize].iter().copied());
                        }
                        PartKind::Open {
                            first: window.first,
                            last: window.last,
                            entries: window.entries.len() as u16,
                        }
                    };
                    window_batches[w].push(i);
                    parts.push(PlannedPart {
                        listener: pair.listener,
                        window: pair.window,
                        kind,
                        entries: vec![entry],
                    });
                }
            }
        }
        after.sort_unstable();
        after.dedup();
        let base_time = parts
            .iter()
            .filter_map(|p| match p.kind {
                PartKind::Open { first, .. } => Some(first),
                PartKind::Continue { .. } => None,
            })
            .min()
            .unwrap_or(0);
        let header_bytes = parts
            .iter()
            .map(|p| match p.kind {
                PartKind::Open { .. } => OPEN_HEADER_BYTES,
                PartKind::Continue { .. } => CONTINUE_HEADER_BYTES,
            })
            .sum();
        let entries: usize = parts.iter().map(|p| p.entries.len()).sum();
        let accounts = batch.listeners.len() + batch.tracks.len();
        let lookup = (encoding == Encoding::LookupTables).then_some(tables.len());
        let shape = TxShape::settle(accounts, entries, header_bytes, lookup, &config.compute);
        batches.push(Batch {
            seq: first_seq + u64::from(i),
            base_time,
            listeners: parts.iter().map(|p| p.listener).collect(),
            tracks: batch.tracks,
            parts,
            tables,
            audit_root,
            shape,
            after,
        });
    }
    let mut skipped = windowing.skipped;
    skipped.retain(|_, n| *n > 0);
    Plan {
        config: *config,
        listeners,
        tracks,
        plays_in,
        rejected,
        skipped,
        aggregate,
        windows,
        mismatched: windowing.mismatched,
        encoding,
        first_seq,
        batches,
        tables: layout_tables,
        pair_batch,
    }
}

/// Packing a plan's rounds, with or without lookup tables.
struct Packing<'a> {
    aggregate: &'a Aggregate,
    windows: &'a [Window],
    rounds: &'a [std::ops::Range<usize>],
    listeners: usize,
    tracks: usize,
    config: &'a PlanConfig,
}

impl Packing<'_> {
    /// Packs every round in order (a listener's later window only after its
    /// earlier one); pair indices are global.
    fn pack(&self, capacity: &Capacity, map: Option<&super::pack::TableMap>) -> Vec<PackedBatch> {
        let mut out = Vec::new();
        for range in self.rounds {
            let pairs = &self.aggregate.pairs[range.clone()];
            let mut resumed = vec![false; self.listeners];
            for p in pairs {
                resumed[p.listener as usize] = self.windows[p.window as usize].resumed;
            }
            for mut b in pack(pairs, self.listeners, self.tracks, capacity, map, &resumed) {
                for p in b.pairs.iter_mut() {
                    *p += range.start as u32;
                }
                out.push(b);
            }
        }
        out
    }

    /// Packs with lookup tables and, unless it cannot win, without; keeps
    /// the one with fewer transactions in total (setup included), legacy on
    /// a tie. Returns the encoding, the batches with the tables each reads,
    /// and the tables.
    #[allow(clippy::type_complexity)]
    fn choose(
        &self,
        all_pairs: &[Pair],
    ) -> (Encoding, Vec<(PackedBatch, Vec<u32>)>, Vec<Vec<u32>>) {
        let config = self.config;
        let legacy = || {
            let capacity = Capacity::new(false, &config.compute);
            let batches = self.pack(&capacity, None);
            (
                Encoding::Legacy,
                batches.into_iter().map(|b| (b, Vec::new())).collect(),
                Vec::new(),
            )
        };
        if config.encoding == EncodingChoice::Legacy || self.aggregate.pairs.is_empty() {
            return legacy();
        }
        let capacity = Capacity::new(true, &config.compute);
        let (map, layout) = table_map(all_pairs, self.listeners, self.tracks, config.group_tables);
        let batches = self.pack(&capacity, Some(&map));
        let with_ids: Vec<(PackedBatch, Vec<u32>)> = batches
            .into_iter()
            .map(|b| {
                let ids = batch_tables(&map, &b);
                (b, ids)
            })
            .collect();
        let with_tables = (Encoding::LookupTables, with_ids, layout.tables);
        if config.encoding == EncodingChoice::LookupTables {
            return with_tables;
        }
        let total = with_tables.1.len() + setup_transactions(&with_tables.2);
        if legacy_lower_bound(self.aggregate, &config.compute) >= total {
            return with_tables;
        }
        let without = legacy();
        if without.1.len() <= total {
            without
        } else {
            with_tables
        }
    }
}

/// No legacy packing can use fewer transactions: every account needs a
/// slot, and `n` accounts carry at most `min(entries that fit, n²/4)` pairs.
fn legacy_lower_bound(aggregate: &Aggregate, compute: &ComputeModel) -> usize {
    let capacity = Capacity::new(false, compute);
    let max_accounts = capacity.max_accounts().max(1);
    let densest = (1..=max_accounts)
        .map(|n| capacity.entries(n, 0).min(n * n / 4))
        .max()
        .unwrap_or(1)
        .max(1);
    (aggregate.listeners + aggregate.tracks)
        .div_ceil(max_accounts)
        .max(aggregate.pairs.len().div_ceil(densest))
}

/// Create-and-extend transactions for `tables`.
pub fn setup_transactions(tables: &[Vec<u32>]) -> usize {
    tables
        .iter()
        .map(|t| t.len().div_ceil(ADDRESSES_PER_EXTEND).max(1))
        .sum()
}

impl Plan {
    /// What a table account id names: `Ok(listener index)` or `Err(track index)`.
    pub fn table_account(&self, account: u32) -> Result<u32, u32> {
        let listeners = self.listeners.len() as u32;
        if account < listeners {
            Ok(account)
        } else {
            Err(account - listeners)
        }
    }

    /// Batches in an order that respects every `after`, for senders that
    /// go one at a time.
    pub fn is_ordered(&self) -> bool {
        self.batches
            .iter()
            .enumerate()
            .all(|(i, b)| b.after.iter().all(|a| (*a as usize) < i))
    }
}

/// Where an event was settled, and the proof that it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventProof {
    pub seq: u64,
    pub audit_root: Hash,
    pub leaf: Hash,
    pub proof: Proof,
}

impl Plan {
    /// The batch that settles a play event and the Merkle proof against
    /// its audit root; `None` if this plan does not settle the event.
    pub fn prove(
        &self,
        listener: &Pubkey,
        track: &Pubkey,
        timestamp: i64,
        seconds: u32,
    ) -> Option<EventProof> {
        let l = self.listeners.binary_search(listener).ok()? as u32;
        let t = self.tracks.binary_search(track).ok()? as u32;
        let target = super::ingest::Play {
            listener: l,
            track: t,
            timestamp,
            seconds,
        };
        let event = self.aggregate.events.binary_search(&target).ok()? as u32;
        let pair = self
            .aggregate
            .pairs
            .iter()
            .position(|p| p.first_event <= event && event < p.first_event + p.plays)?;
        let batch = &self.batches[*self.pair_batch.get(pair)? as usize];
        let pair_ids: Vec<u32> = batch.entries().map(|e| e.pair).collect();
        let mut index = 0usize;
        for &p in &pair_ids {
            if p as usize == pair {
                index += (event - self.aggregate.pairs[pair].first_event) as usize;
                break;
            }
            index += self.aggregate.pairs[p as usize].plays as usize;
        }
        let leaves = leaves(&self.aggregate, &pair_ids, &self.listeners, &self.tracks);
        let proof = merkle::prove(&leaves, index)?;
        Some(EventProof {
            seq: batch.seq,
            audit_root: batch.audit_root,
            leaf: leaves[index],
            proof,
        })
    }
}
