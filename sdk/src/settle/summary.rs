//! A plan's figures, and the invariants every plan holds.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::cost::{MAX_ACCOUNT_LOCKS, MAX_TX_BYTES};
use super::plan::{setup_transactions, Batch, Encoding, PartKind, Plan, LAMPORTS_PER_SIGNATURE};
use super::rules::Rejections;
use super::skip::Skip;
use super::tables::TABLE_CAPACITY;
use crate::Pubkey;

/// The figures `encore settle plan` prints.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanSummary {
    pub plays_in: u64,
    pub plays_accepted: u64,
    pub rejected: Rejections,
    /// Accepted plays left out, by reason (found against the chain).
    pub skipped: BTreeMap<Skip, u64>,
    pub plays_planned: u64,
    pub listeners: usize,
    pub tracks: usize,
    /// Distinct listener-track pairs planned (a pair split over windows is
    /// several settle entries but one pair).
    pub pairs: usize,
    /// Settlement windows planned, and how many continue one open on chain.
    pub windows: usize,
    pub windows_resumed: usize,
    /// Settle entries, and parts (a listener's share of a batch).
    pub entries: usize,
    pub parts: usize,
    pub encoding: Encoding,
    pub transactions: usize,
    pub setup_transactions: usize,
    pub lookup_tables: usize,
    pub lookup_addresses: usize,
    pub first_seq: u64,
    pub last_seq: u64,
    pub fixed_accounts_per_tx: usize,
    pub max_tx_bytes: usize,
    pub max_account_locks: usize,
    pub max_entries_per_tx: usize,
    pub max_compute_units: u64,
    pub lower_bound: usize,
    /// `transactions / lower_bound`.
    pub ratio: f64,
    pub fees_lamports: u64,
    pub events_per_second: f64,
    pub plan_millis: f64,
}

impl Plan {
    /// `max(ceil((listeners + tracks) / 60), ceil(pairs / 250))`: 60 account
    /// slots beside 4 fixed keys, 250 entries of 4 bytes in about 1,000
    /// bytes; `pairs` are distinct listener-track pairs (the reference
    /// formula's, whatever the entry encoding splits).
    pub fn lower_bound(&self) -> usize {
        (self.aggregate.listeners + self.aggregate.tracks)
            .div_ceil(60)
            .max(self.aggregate.distinct_pairs.div_ceil(250))
    }

    pub fn setup_transactions(&self) -> usize {
        setup_transactions(&self.tables)
    }

    pub fn last_seq(&self) -> u64 {
        self.first_seq + self.batches.len() as u64 - 1
    }

    pub fn plays_planned(&self) -> u64 {
        self.aggregate.events.len() as u64
    }

    /// `Σ plays × price`, in base units, with `prices` by track and
    /// `default_price` for the rest: what the plan charges if every listener can pay.
    pub fn expected_amount(&self, prices: &BTreeMap<Pubkey, u64>, default_price: u64) -> u128 {
        self.aggregate
            .pairs
            .iter()
            .map(|p| {
                let price = prices
                    .get(&self.tracks[p.track as usize])
                    .copied()
                    .unwrap_or(default_price);
                u128::from(p.plays) * u128::from(price)
            })
            .sum()
    }

    pub fn summary(&self, elapsed: std::time::Duration) -> PlanSummary {
        let transactions = self.batches.len();
        let setup = self.setup_transactions();
        let lower_bound = self.lower_bound();
        let max = |f: &dyn Fn(&Batch) -> usize| self.batches.iter().map(f).max().unwrap_or(0);
        let seconds = elapsed.as_secs_f64();
        PlanSummary {
            plays_in: self.plays_in,
            plays_accepted: self.plays_in - self.rejected.total(),
            rejected: self.rejected,
            skipped: self.skipped.clone(),
            plays_planned: self.plays_planned(),
            listeners: self.aggregate.listeners,
            tracks: self.aggregate.tracks,
            pairs: self.aggregate.distinct_pairs,
            windows: self.windows.len(),
            windows_resumed: self.windows.iter().filter(|w| w.resumed).count(),
            entries: self.aggregate.pairs.len(),
            parts: self.batches.iter().map(|b| b.parts.len()).sum(),
            encoding: self.encoding,
            transactions,
            setup_transactions: setup,
            lookup_tables: self.tables.len(),
            lookup_addresses: self.tables.iter().map(Vec::len).sum(),
            first_seq: self.first_seq,
            last_seq: if transactions == 0 {
                self.first_seq.saturating_sub(1)
            } else {
                self.last_seq()
            },
            fixed_accounts_per_tx: max(&|b| b.shape.locks() - b.shape.accounts),
            max_tx_bytes: max(&|b| b.shape.size()),
            max_account_locks: max(&|b| b.shape.locks()),
            max_entries_per_tx: max(&|b| b.entry_count()),
            max_compute_units: self
                .batches
                .iter()
                .map(|b| {
                    self.config
                        .compute
                        .estimate(b.shape.accounts, b.entry_count())
                })
                .max()
                .unwrap_or(0),
            lower_bound,
            ratio: if lower_bound == 0 {
                0.0
            } else {
                transactions as f64 / lower_bound as f64
            },
            fees_lamports: (transactions + setup) as u64 * LAMPORTS_PER_SIGNATURE,
            events_per_second: if seconds > 0.0 {
                self.plays_in as f64 / seconds
            } else {
                0.0
            },
            plan_millis: seconds * 1_000.0,
        }
    }
}

/// Checks the invariants every plan must hold: numbering, limits, every
/// entry settled once by a part of its own window, each listener once per
/// batch, windows opened before they are continued, dependencies backward.
pub fn check(plan: &Plan) -> Result<(), String> {
    let mut settled = vec![false; plan.aggregate.pairs.len()];
    let mut opened = vec![false; plan.windows.len()];
    for (i, b) in plan.batches.iter().enumerate() {
        if b.seq != plan.first_seq + i as u64 {
            return Err(format!("batch {i} has seq {}", b.seq));
        }
        if b.shape.size() > MAX_TX_BYTES || b.shape.locks() > MAX_ACCOUNT_LOCKS {
            return Err(format!("batch {} breaks a limit: {:?}", b.seq, b.shape));
        }
        if b.parts.is_empty() || b.tables.iter().any(|t| *t as usize >= plan.tables.len()) {
            return Err(format!("batch {} is empty or reads a missing table", b.seq));
        }
        if b.after.iter().any(|a| *a as usize >= i) {
            return Err(format!("batch {} waits for a later batch", b.seq));
        }
        let mut listeners = b.listeners.clone();
        listeners.sort_unstable();
        listeners.dedup();
        if listeners.len() != b.parts.len() {
            return Err(format!("batch {} names a listener twice", b.seq));
        }
        for part in &b.parts {
            let window = &plan.windows[part.window as usize];
            match part.kind {
                PartKind::Open {
                    first,
                    last,
                    entries,
                } => {
                    if window.resumed
                        || std::mem::replace(&mut opened[part.window as usize], true)
                        || (first, last, usize::from(entries))
                            != (window.first, window.last, window.entries.len())
                    {
                        return Err(format!(
                            "batch {} opens window {} wrongly",
                            b.seq, part.window
                        ));
                    }
                }
                PartKind::Continue { tag } => {
                    if tag != window.tag || !(window.resumed || opened[part.window as usize]) {
                        return Err(format!(
                            "batch {} continues window {} wrongly",
                            b.seq, part.window
                        ));
                    }
                }
            }
            for e in &part.entries {
                let p = plan.aggregate.pairs[e.pair as usize];
                if p.window != part.window
                    || p.listener != part.listener
                    || p.index != e.index
                    || b.tracks.get(usize::from(e.track)) != Some(&p.track)
                    || u32::from(e.plays) != p.plays
                    || std::mem::replace(&mut settled[e.pair as usize], true)
                {
                    return Err(format!("batch {} has a wrong entry {e:?}", b.seq));
                }
            }
        }
    }
    if settled.iter().any(|s| !s) {
        return Err("an entry is settled by no batch".into());
    }
    if plan.tables.iter().any(|t| t.len() > TABLE_CAPACITY) {
        return Err("a lookup table is over capacity".into());
    }
    Ok(())
}
