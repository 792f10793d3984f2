//! Crashes between a batch landing and its checkpoint, at several points,
//! then a rerun: every listener and ledger account must match a clean run
//! on a fresh chain byte for byte (no double debit, no lost play).

use encore_sdk::settle::checkpoint::Checkpoint;
use encore_sdk::settle::{self, EncodingChoice, RunError, RunOptions};
use encore_sdk::{pda, EncoreClient};
use solana_signer::Signer;

use super::chain::{Chain, ChainSpec};
use super::epoch::EpochSpec;
use super::run::{run_config, settle_log};
use super::{csv, mapped};

const LISTENERS: usize = 120;
const TRACKS: usize = 40;

fn spec() -> ChainSpec {
    // Two listeners run short, so the order batches land in matters too.
    let mut balances = vec![Some(400_000_000u64); LISTENERS];
    balances[3] = Some(60_000);
    balances[17] = Some(9_000);
    let prices = (0..TRACKS as u64).map(|t| 40 + 97 * t).collect();
    let mut spec = ChainSpec::new(prices, balances);
    spec.open_ledgers = TRACKS / 2;
    spec
}

fn log(chain: &Chain) -> Vec<u8> {
    let spec = EpochSpec::small(LISTENERS, TRACKS, 20_000, 31);
    csv(&mapped(spec, &chain.wallets(), &chain.tracks))
}

type Snapshot = Vec<(
    anchor_lang::prelude::Pubkey,
    Option<solana_account::Account>,
)>;

/// A clean run's final accounts and its batch count.
fn clean(encoding: EncodingChoice) -> (Snapshot, u64) {
    let dir = tempfile::tempdir().unwrap();
    let chain = Chain::new(&spec());
    let report = settle_log(
        &chain,
        &log(&chain),
        &run_config(&chain, dir.path(), encoding),
    )
    .unwrap();
    assert!(report.complete);
    (chain.snapshot(), report.batches_planned)
}

fn crash(chain: &Chain, log: &[u8], config: &settle::RunConfig, seq: u64) {
    let result = settle::run(
        &chain.client,
        &chain.settler,
        log,
        config,
        RunOptions {
            crash_after_send: Some(seq),
            ..RunOptions::default()
        },
    );
    assert!(
        matches!(result, Err(RunError::Interrupted(s)) if s == seq),
        "{result:?}"
    );
    // The batch landed; the checkpoint does not know yet.
    let state =
        encore_sdk::escrow::settler_state(&chain.client, &chain.settler.pubkey(), &chain.mint)
            .unwrap()
            .unwrap();
    assert_eq!(state.last_seq, seq);
    let checkpoint = Checkpoint::load(&config.checkpoint).unwrap().unwrap();
    assert!(checkpoint.confirmed_seq < seq);
}

#[test]
fn a_crash_after_any_send_then_a_rerun_ends_as_a_clean_run() {
    for encoding in [EncodingChoice::LookupTables, EncodingChoice::Legacy] {
        let (expected, batches) = clean(encoding);
        assert!(batches >= 4, "{batches} batches");
        let points = [1, batches / 2, batches - 1, batches];
        for seq in points {
            let dir = tempfile::tempdir().unwrap();
            let chain = Chain::new(&spec());
            let log = log(&chain);
            let config = run_config(&chain, dir.path(), encoding);
            crash(&chain, &log, &config, seq);
            let report = settle_log(&chain, &log, &config).expect("resume");
            assert!(report.resumed && report.complete);
            assert_eq!(
                report.resumed_from_seq,
                seq + 1,
                "{encoding:?} crash at {seq} of {batches}: {report:?}"
            );
            assert_eq!(report.batches_sent, batches - seq);
            assert_eq!(
                chain.snapshot(),
                expected,
                "{encoding:?}: crash after batch {seq}"
            );
            let checkpoint = Checkpoint::load(&config.checkpoint).unwrap().unwrap();
            assert_eq!(checkpoint.confirmed_seq, batches);
        }
    }
}

#[test]
fn repeated_crashes_and_a_lost_checkpoint_still_converge() {
    let (expected, batches) = clean(EncodingChoice::LookupTables);
    let dir = tempfile::tempdir().unwrap();
    let chain = Chain::new(&spec());
    let log = log(&chain);
    let config = run_config(&chain, dir.path(), EncodingChoice::LookupTables);
    crash(&chain, &log, &config, 2);
    // The checkpoint as first written, before any table or batch: a crash
    // that lost every later write.
    let mut initial = Checkpoint::load(&config.checkpoint).unwrap().unwrap();
    initial.lookup_tables.clear();
    initial.confirmed_seq = initial.first_seq - 1;
    crash(&chain, &log, &config, 3);
    initial.save(&config.checkpoint).unwrap();
    crash(&chain, &log, &config, batches - 1);
    let report = settle_log(&chain, &log, &config).expect("resume");
    assert_eq!(report.batches_sent, 1);
    assert!(report.complete);
    assert_eq!(chain.snapshot(), expected);
    // Nothing is paid twice: every planned play is either paid or unpaid once.
    let settler = pda::settler_state(&chain.settler.pubkey(), &chain.mint).0;
    assert!(chain.client.get_account(&settler).unwrap().is_some());
    assert_eq!(
        report.plays_paid + report.plays_unpaid,
        report.plan.plays_planned
    );
}
