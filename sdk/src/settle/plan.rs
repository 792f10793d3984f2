//! The settlement plan: a pure, deterministic function of the play log, the
//! accounts known to be unpayable, the first batch sequence and the config.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::aggregate::{aggregate, Aggregate};
use super::audit::audit_roots;
use super::cost::{ComputeModel, TxShape};
use super::ingest::{Play, PlayLog};
use super::merkle::Hash;
use super::pack::{pack, Capacity, PackedBatch};
use super::rules::{apply, Rejections, Rules};
use super::tables::{batch_tables, table_map};
use crate::Pubkey;

/// Addresses one setup transaction adds to a lookup table (the first one
/// also creates it); checked against real transactions in the tests.
pub const ADDRESSES_PER_EXTEND: usize = 30;
/// The base fee of one signature.
pub const LAMPORTS_PER_SIGNATURE: u64 = 5_000;

/// How settle transactions name their accounts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// Legacy messages, every key inline: no setup, about 27 accounts a transaction.
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
    /// Listener lookup tables per packing window (see [`super::tables`]).
    pub window_tables: u32,
}

impl Default for PlanConfig {
    fn default() -> Self {
        Self {
            rules: Rules::default(),
            compute: ComputeModel::default(),
            encoding: EncodingChoice::Auto,
            window_tables: 2,
        }
    }
}

/// Why accepted plays cannot be paid, found on chain before planning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Skip {
    /// The listener has no escrow account in the payment mint.
    NoListenerAccount,
    /// The track is not a registered track.
    UnknownTrack,
    /// The track is paid in another mint than this settlement's.
    OtherMint,
    TrackPaused,
    TrackRetired,
}

/// Listeners and tracks whose plays are skipped, with the reason.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Exclusions {
    pub listeners: BTreeMap<Pubkey, Skip>,
    pub tracks: BTreeMap<Pubkey, Skip>,
}

/// One entry of a batch; `pair` indexes [`Aggregate::pairs`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlannedEntry {
    pub listener: u8,
    pub track: u8,
    pub plays: u16,
    pub pair: u32,
}

/// One settle transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
    pub seq: u64,
    /// Listener and track indices into [`Plan::listeners`] / [`Plan::tracks`].
    pub listeners: Vec<u32>,
    pub tracks: Vec<u32>,
    pub entries: Vec<PlannedEntry>,
    /// Lookup tables read, ascending (empty for legacy).
    pub tables: Vec<u32>,
    pub audit_root: Hash,
    pub shape: TxShape,
}

impl Batch {
    pub fn plays(&self) -> u64 {
        self.entries.iter().map(|e| u64::from(e.plays)).sum()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub config: PlanConfig,
    pub listeners: Vec<Pubkey>,
    pub tracks: Vec<Pubkey>,
    pub plays_in: u64,
    pub rejected: Rejections,
    pub skipped: BTreeMap<Skip, u64>,
    pub aggregate: Aggregate,
    pub encoding: Encoding,
    pub first_seq: u64,
    pub batches: Vec<Batch>,
    /// Each lookup table's accounts: listener `l` is `l`, track `t` is
    /// `listeners.len() + t`.
    pub tables: Vec<Vec<u32>>,
    /// For each pair, the index of the batch settling it.
    pub pair_batch: Vec<u32>,
}

/// Plans settlement of `log`: fraud rules, exclusions, aggregation, packing
/// and audit roots. The first batch gets `first_seq`.
pub fn plan(log: PlayLog, exclusions: &Exclusions, first_seq: u64, config: &PlanConfig) -> Plan {
    let PlayLog {
        listeners,
        tracks,
        mut plays,
    } = log;
    let plays_in = plays.len() as u64;
    let rejected = apply(&config.rules, &mut plays);
    let skipped = exclude(&mut plays, &listeners, &tracks, exclusions);
    let aggregate = aggregate(plays, tracks.len());

    let (encoding, packed, tables, batch_table_ids) =
        choose_packing(&aggregate, listeners.len(), tracks.len(), config);
    let roots = audit_roots(&aggregate, &packed, &listeners, &tracks);
    let mut pair_batch = vec![u32::MAX; aggregate.pairs.len()];
    let batches = packed
        .into_iter()
        .zip(roots)
        .zip(batch_table_ids)
        .enumerate()
        .map(|(i, ((batch, audit_root), tables))| {
            for p in &batch.pairs {
                pair_batch[*p as usize] = i as u32;
            }
            to_batch(
                &aggregate,
                batch,
                first_seq + i as u64,
                audit_root,
                tables,
                encoding,
                &config.compute,
            )
        })
        .collect();
    Plan {
        config: *config,
        listeners,
        tracks,
        plays_in,
        rejected,
        skipped,
        aggregate,
        encoding,
        first_seq,
        batches,
        tables,
        pair_batch,
    }
}

fn exclude(
    plays: &mut Vec<Play>,
    listeners: &[Pubkey],
    tracks: &[Pubkey],
    exclusions: &Exclusions,
) -> BTreeMap<Skip, u64> {
    let mut skipped = BTreeMap::new();
    if exclusions.listeners.is_empty() && exclusions.tracks.is_empty() {
        return skipped;
    }
    let listener_skip: Vec<Option<Skip>> = listeners
        .iter()
        .map(|k| exclusions.listeners.get(k).copied())
        .collect();
    let track_skip: Vec<Option<Skip>> = tracks
        .iter()
        .map(|k| exclusions.tracks.get(k).copied())
        .collect();
    plays.retain(|p| {
        let skip = listener_skip[p.listener as usize].or(track_skip[p.track as usize]);
        if let Some(reason) = skip {
            *skipped.entry(reason).or_insert(0) += 1;
        }
        skip.is_none()
    });
    skipped
}

type Packing = (Encoding, Vec<PackedBatch>, Vec<Vec<u32>>, Vec<Vec<u32>>);

/// Packs with lookup tables and, unless it cannot win, without; keeps the
/// one with fewer transactions in total (setup included), legacy on a tie.
fn choose_packing(
    aggregate: &Aggregate,
    listeners: usize,
    tracks: usize,
    config: &PlanConfig,
) -> Packing {
    let pairs = &aggregate.pairs;
    let legacy = || {
        let capacity = Capacity::new(false, &config.compute);
        let batches = pack(pairs, listeners, tracks, &capacity, None);
        let n = batches.len();
        (Encoding::Legacy, batches, Vec::new(), vec![Vec::new(); n])
    };
    if config.encoding == EncodingChoice::Legacy || pairs.is_empty() {
        return legacy();
    }
    let capacity = Capacity::new(true, &config.compute);
    let (map, layout) = table_map(pairs, listeners, tracks, config.window_tables);
    let batches = pack(pairs, listeners, tracks, &capacity, Some(&map));
    let ids: Vec<Vec<u32>> = batches.iter().map(|b| batch_tables(&map, b)).collect();
    let with_tables = (Encoding::LookupTables, batches, layout.tables, ids);
    if config.encoding == EncodingChoice::LookupTables {
        return with_tables;
    }
    let total = with_tables.1.len() + setup_transactions(&with_tables.2);
    if legacy_lower_bound(aggregate, &config.compute) >= total {
        return with_tables;
    }
    let without = legacy();
    if without.1.len() <= total {
        without
    } else {
        with_tables
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

fn to_batch(
    aggregate: &Aggregate,
    packed: PackedBatch,
    seq: u64,
    audit_root: Hash,
    tables: Vec<u32>,
    encoding: Encoding,
    compute: &ComputeModel,
) -> Batch {
    let entries = packed
        .pairs
        .iter()
        .map(|i| {
            let pair = aggregate.pairs[*i as usize];
            PlannedEntry {
                listener: packed.listeners.binary_search(&pair.listener).unwrap_or(0) as u8,
                track: packed.tracks.binary_search(&pair.track).unwrap_or(0) as u8,
                plays: pair.plays as u16,
                pair: *i,
            }
        })
        .collect::<Vec<_>>();
    let accounts = packed.listeners.len() + packed.tracks.len();
    let lookup = (encoding == Encoding::LookupTables).then_some(tables.len());
    let shape = TxShape::settle(accounts, entries.len(), lookup, compute);
    Batch {
        seq,
        listeners: packed.listeners,
        tracks: packed.tracks,
        entries,
        tables,
        audit_root,
        shape,
    }
}

impl Plan {
    /// A digest of everything the chain will see, to check that a rebuilt
    /// plan is the one a checkpoint was made for.
    pub fn digest(&self) -> Hash {
        let mut h = Sha256::new();
        h.update(self.first_seq.to_le_bytes());
        h.update([self.encoding as u8]);
        for b in &self.batches {
            h.update(b.seq.to_le_bytes());
            h.update(b.audit_root);
            for l in &b.listeners {
                h.update(self.listeners[*l as usize]);
            }
            for t in &b.tracks {
                h.update(self.tracks[*t as usize]);
            }
            for e in &b.entries {
                h.update([e.listener, e.track]);
                h.update(e.plays.to_le_bytes());
            }
            for t in &b.tables {
                h.update(t.to_le_bytes());
            }
        }
        for table in &self.tables {
            h.update((table.len() as u32).to_le_bytes());
            for a in table {
                h.update(a.to_le_bytes());
            }
        }
        h.finalize().into()
    }

    /// What a table account id names: `Ok(listener index)` or `Err(track index)`.
    pub fn table_account(&self, account: u32) -> Result<u32, u32> {
        let listeners = self.listeners.len() as u32;
        if account < listeners {
            Ok(account)
        } else {
            Err(account - listeners)
        }
    }
}
