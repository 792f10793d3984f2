//! Settlement off chain: ingestion, fraud rules, aggregation, packing
//! within the transaction limits, audit proofs, and runs on the in-process
//! chain, including crashes between a batch landing and its checkpoint.

pub(crate) mod chain;
mod cli;
pub mod epoch;
mod ingest;
mod merkle;
mod packing;
mod resume;
mod rpc;
mod rules;
mod run;
mod windows;

use anchor_lang::prelude::Pubkey;
use encore_sdk::settle::{ingest as sdk_ingest, plan, ChainView, Plan, PlanConfig};

pub const T0: i64 = epoch::EPOCH_START;

/// A log as CSV with a header.
pub fn csv(events: &[(Pubkey, Pubkey, i64, u32)]) -> Vec<u8> {
    let mut out = b"listener,track,timestamp,seconds_played\n".to_vec();
    for (l, t, ts, s) in events {
        out.extend_from_slice(format!("{l},{t},{ts},{s}\n").as_bytes());
    }
    out
}

/// The plan of a log against a chain that settled nothing yet (every
/// track at 1 a play), from batch number 1.
pub fn plan_of(log: &[u8], config: &PlanConfig) -> Plan {
    let log = sdk_ingest::parse(log).expect("parse");
    let view = ChainView::offline(log.listeners.len(), &[], log.tracks.len());
    plan(log, &view, 1, config)
}

/// A synthetic epoch's events with the listeners and tracks replaced by
/// `wallets[i % len]` and `tracks[j % len]`.
pub fn mapped(
    spec: epoch::EpochSpec,
    wallets: &[Pubkey],
    tracks: &[Pubkey],
) -> Vec<(Pubkey, Pubkey, i64, u32)> {
    let e = epoch::generate(spec);
    e.events
        .iter()
        .map(|(l, t, ts, s)| {
            (
                wallets[*l as usize % wallets.len()],
                tracks[*t as usize % tracks.len()],
                *ts,
                *s,
            )
        })
        .collect()
}

/// A key from a small number, for offline tests.
pub fn key(n: u32) -> Pubkey {
    let mut bytes = [7u8; 32];
    bytes[..4].copy_from_slice(&n.to_le_bytes());
    Pubkey::new_from_array(bytes)
}
