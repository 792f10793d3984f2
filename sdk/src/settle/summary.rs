//! A plan's figures, and the invariants every plan holds.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::cost::{MAX_ACCOUNT_LOCKS, MAX_TX_BYTES};
use super::plan::{setup_transactions, Batch, Encoding, Plan, Skip, LAMPORTS_PER_SIGNATURE};
use super::rules::Rejections;
use super::tables::TABLE_CAPACITY;
use crate::Pubkey;

/// The figures `encore settle plan` prints.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanSummary {
    pub plays_in: u64,
    pub plays_accepted: u64,
    pub rejected: Rejections,
    /// Accepted plays that cannot be paid (exclusions found on chain).
    pub skipped: BTreeMap<Skip, u64>,
    pub plays_planned: u64,
    pub listeners: usize,
    pub tracks: usize,
    /// Distinct listener-track pairs accepted (a pair over 65,535 plays is
    /// several settle entries but one pair).
    pub pairs: usize,
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
            max_entries_per_tx: max(&|b| b.entries.len()),
            max_compute_units: self
                .batches
                .iter()
                .map(|b| {
                    self.config
                        .compute
                        .estimate(b.shape.accounts, b.entries.len())
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

/// Checks the invariants every plan must hold; used by tests and the runner.
pub fn check(plan: &Plan) -> Result<(), String> {
    let mut settled = vec![false; plan.aggregate.pairs.len()];
    for (i, b) in plan.batches.iter().enumerate() {
        if b.seq != plan.first_seq + i as u64 {
            return Err(format!("batch {i} has seq {}", b.seq));
        }
        if b.shape.size() > MAX_TX_BYTES || b.shape.locks() > MAX_ACCOUNT_LOCKS {
            return Err(format!("batch {} breaks a limit: {:?}", b.seq, b.shape));
        }
        if b.entries.is_empty() || b.tables.iter().any(|t| *t as usize >= plan.tables.len()) {
            return Err(format!("batch {} is empty or reads a missing table", b.seq));
        }
        for e in &b.entries {
            let p = plan.aggregate.pairs[e.pair as usize];
            if b.listeners.get(usize::from(e.listener)) != Some(&p.listener)
                || b.tracks.get(usize::from(e.track)) != Some(&p.track)
                || u32::from(e.plays) != p.plays
                || std::mem::replace(&mut settled[e.pair as usize], true)
            {
                return Err(format!("batch {} has a wrong entry {e:?}", b.seq));
            }
        }
    }
    if settled.iter().any(|s| !s) {
        return Err("a pair is settled by no batch".into());
    }
    if plan.tables.iter().any(|t| t.len() > TABLE_CAPACITY) {
        return Err("a lookup table is over capacity".into());
    }
    Ok(())
}
