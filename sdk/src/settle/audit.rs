//! Audit roots of a plan's batches, and proofs that a play was settled.

use super::aggregate::Aggregate;
use super::ingest::Play;
use super::merkle::{self, Hash, Proof};
use super::pack::PackedBatch;
use super::plan::Plan;
use crate::Pubkey;

/// The leaves of a batch's events, in canonical order.
pub(super) fn leaves(
    aggregate: &Aggregate,
    pairs: &[u32],
    listeners: &[Pubkey],
    tracks: &[Pubkey],
) -> Vec<Hash> {
    let mut out = Vec::new();
    for &i in pairs {
        let pair = aggregate.pairs[i as usize];
        let events = &aggregate.events[pair.first_event as usize..][..pair.plays as usize];
        for e in events {
            out.push(merkle::leaf(
                &listeners[e.listener as usize],
                &tracks[e.track as usize],
                e.timestamp,
                e.seconds,
            ));
        }
    }
    out
}

/// Every batch's audit root, hashed on two threads (the result does not
/// depend on how the work is split).
pub(super) fn audit_roots(
    aggregate: &Aggregate,
    batches: &[PackedBatch],
    listeners: &[Pubkey],
    tracks: &[Pubkey],
) -> Vec<Hash> {
    let root_of = |b: &PackedBatch| merkle::root(&leaves(aggregate, &b.pairs, listeners, tracks));
    let half = batches.len() / 2;
    if half < 8 {
        return batches.iter().map(root_of).collect();
    }
    let (first, second) = batches.split_at(half);
    std::thread::scope(|scope| {
        let other = scope.spawn(|| second.iter().map(root_of).collect::<Vec<_>>());
        let mut roots: Vec<Hash> = first.iter().map(root_of).collect();
        match other.join() {
            Ok(rest) => roots.extend(rest),
            Err(_) => roots.extend(second.iter().map(root_of)),
        }
        roots
    })
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
    /// The batch that settled a play event and the Merkle proof against
    /// its audit root; `None` if the event was not settled by this plan.
    pub fn prove(
        &self,
        listener: &Pubkey,
        track: &Pubkey,
        timestamp: i64,
        seconds: u32,
    ) -> Option<EventProof> {
        let l = self.listeners.binary_search(listener).ok()? as u32;
        let t = self.tracks.binary_search(track).ok()? as u32;
        let target = Play {
            listener: l,
            track: t,
            timestamp,
            seconds,
        };
        let event = self.aggregate.events.binary_search(&target).ok()? as u32;
        let pairs = &self.aggregate.pairs;
        // The pair whose event range holds `event` (pairs are in event order).
        let pair = pairs
            .partition_point(|p| p.first_event <= event)
            .checked_sub(1)?;
        let batch = &self.batches[*self.pair_batch.get(pair)? as usize];
        let mut index = 0usize;
        for e in &batch.entries {
            if e.pair as usize == pair {
                index += (event - pairs[pair].first_event) as usize;
                break;
            }
            index += usize::from(e.plays);
        }
        let pair_ids: Vec<u32> = batch.entries.iter().map(|e| e.pair).collect();
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
