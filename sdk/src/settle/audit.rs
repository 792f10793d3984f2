//! Audit roots: the sha256 Merkle root of the raw play events a batch
//! settles, in entry order.

use super::aggregate::Aggregate;
use super::merkle::{self, Hash};
use crate::Pubkey;

/// The leaves of the events of `pairs` (indices into the aggregate's
/// pairs), in order.
pub fn leaves(
    aggregate: &Aggregate,
    pairs: &[u32],
    listeners: &[Pubkey],
    tracks: &[Pubkey],
) -> Vec<Hash> {
    let mut out = Vec::new();
    for &i in pairs {
        for e in aggregate.events_of(i as usize) {
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

/// The audit root of each batch, given as its pairs, hashed on two threads
/// (the result does not depend on how the work is split).
pub fn audit_roots<B: AsRef<[u32]> + Sync>(
    aggregate: &Aggregate,
    batches: &[B],
    listeners: &[Pubkey],
    tracks: &[Pubkey],
) -> Vec<Hash> {
    let root_of = |b: &B| merkle::root(&leaves(aggregate, b.as_ref(), listeners, tracks));
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
