//! Crashes after any batch lands, lost checkpoints, and a second settler
//! given the same log: every listener and ledger ends exactly as after one
//! clean run on a fresh chain, because the chain, not the runner, decides
//! what is settled.

use encore_sdk::instructions::{escrow as ix, gov as gov_ix};
use encore_sdk::settle::{self, EncodingChoice, RunError, RunOptions};
use encore_sdk::stream_escrow::state::SettlerState;
use encore_sdk::{pda, EncoreClient};
use solana_signer::Signer;

use super::chain::{minted_bond, seeded, Chain, ChainSpec, SETTLER_BOND, SETTLER_FEE_BPS};
use super::epoch::EpochSpec;
use super::run::{run_config, settle_log};
use super::{csv, mapped};

const LISTENERS: usize = 80;
const TRACKS: usize = 30;

fn spec() -> ChainSpec {
    // Everyone can pay: which plays a short listener pays for depends on
    // the order batches land in, which a crash changes (tested elsewhere).
    let balances = vec![Some(400_000_000u64); LISTENERS];
    let prices = (0..TRACKS as u64).map(|t| 40 + 97 * t).collect();
    let mut spec = ChainSpec::new(prices, balances);
    spec.open_ledgers = TRACKS / 2;
    spec
}

fn fresh() -> Chain {
    let chain = Chain::new(&spec());
    chain.after_epoch();
    chain
}

fn log(chain: &Chain) -> Vec<u8> {
    let spec = EpochSpec::small(LISTENERS, TRACKS, 8_000, 31);
    csv(&mapped(spec, &chain.wallets(), &chain.tracks))
}

/// Each listener's balance, plays, spending and settled-through time, each
/// ledger's owed amount, plays and earnings, and the vault.
type Books = Vec<(u64, u64, u128, i64)>;

fn decode<T: anchor_lang::AccountDeserialize>(
    chain: &Chain,
    key: &anchor_lang::prelude::Pubkey,
) -> T {
    let account = chain.client.get_account(key).unwrap().expect("account");
    T::try_deserialize(&mut account.data.as_slice()).unwrap()
}

/// The books of every listener and ledger, then what the settler earned
/// (its batch numbers may differ between runs).
fn settled(chain: &Chain) -> (Books, (u64, u64, u128)) {
    let mut books = Vec::new();
    for i in 0..chain.listeners.len() {
        let l: encore_sdk::stream_escrow::state::Listener =
            decode(chain, &chain.listener_account(i));
        assert!(!l.window.open, "listener {i} left with a window open");
        books.push((
            l.balance,
            l.lifetime_plays,
            l.lifetime_spent,
            l.settled_through,
        ));
    }
    for t in 0..chain.tracks.len() {
        let key = chain.ledger_account(t);
        if chain.client.get_account(&key).unwrap().is_some() {
            let l: encore_sdk::stream_escrow::state::TrackLedger = decode(chain, &key);
            books.push((l.owed, l.lifetime_plays, l.lifetime_earned, 0));
        }
    }
    let vault =
        encore_sdk::token::balance(&chain.client, &pda::escrow_vault(&chain.mint).0).unwrap();
    books.push((vault, 0, 0, 0));
    let s: SettlerState = decode(
        chain,
        &pda::settler_state(&chain.settler.pubkey(), &chain.mint).0,
    );
    (books, (s.fees_owed, s.lifetime_plays, s.lifetime_amount))
}

/// Asserts two books agree, naming the first row that does not.
#[track_caller]
fn same(got: &Books, want: &Books, what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: row count");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert_eq!(g, w, "{what}: row {i}");
    }
}

/// A clean run's result and its batch count.
fn clean(encoding: EncodingChoice) -> ((Books, (u64, u64, u128)), u64) {
    let dir = tempfile::tempdir().unwrap();
    let chain = fresh();
    let report = settle_log(
        &chain,
        &log(&chain),
        &run_config(&chain, dir.path(), encoding),
    )
    .unwrap();
    assert!(report.complete && report.batches_failed == 0, "{report:?}");
    (settled(&chain), report.batches_planned)
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
    // The batch landed before the crash.
    let state =
        encore_sdk::escrow::settler_state(&chain.client, &chain.settler.pubkey(), &chain.mint)
            .unwrap()
            .unwrap();
    assert!(state.has_landed(seq));
}

#[test]
fn a_crash_after_any_send_then_a_rerun_ends_as_a_clean_run() {
    for encoding in [EncodingChoice::LookupTables, EncodingChoice::Legacy] {
        let (expected, batches) = clean(encoding);
        assert!(batches >= 4, "{batches} batches");
        for seq in [1, batches / 2, batches] {
            let dir = tempfile::tempdir().unwrap();
            let chain = fresh();
            let log = log(&chain);
            let config = run_config(&chain, dir.path(), encoding);
            crash(&chain, &log, &config, seq);
            let report = settle_log(&chain, &log, &config).expect("resume");
            assert!(report.resumed && report.complete, "{report:?}");
            assert!(report.plays_already_settled > 0);
            assert_eq!(
                report.first_seq,
                seq + 1,
                "numbers continue after the highest landed"
            );
            let got = settled(&chain);
            let what = format!("{encoding:?}: crash after batch {seq} of {batches}");
            same(&got.0, &expected.0, &what);
            assert_eq!(got.1, expected.1, "{what}");
        }
    }
}

#[test]
fn repeated_crashes_and_lost_checkpoints_still_converge() {
    let (expected, batches) = clean(EncodingChoice::LookupTables);
    let dir = tempfile::tempdir().unwrap();
    let chain = fresh();
    let log = log(&chain);
    let config = run_config(&chain, dir.path(), EncodingChoice::LookupTables);
    crash(&chain, &log, &config, 2);
    std::fs::remove_file(&config.checkpoint).unwrap();
    // A new run plans from the chain: its batch numbers start after 2.
    crash(&chain, &log, &config, 3);
    std::fs::remove_file(&config.checkpoint).unwrap();
    crash(&chain, &log, &config, batches / 2);
    let report = settle_log(&chain, &log, &config).expect("resume");
    assert!(report.complete);
    let got = settled(&chain);
    same(&got.0, &expected.0, "after crashes and lost checkpoints");
    assert_eq!(got.1, expected.1);
    // Every play was charged once: the settler's lifetime plays are the
    // clean run's, whatever each run reported.
    assert_eq!(
        report.plays_paid + report.plays_already_settled,
        report.plan.plays_accepted
            - report
                .plan
                .skipped
                .get(&settle::Skip::NoListenerAccount)
                .copied()
                .unwrap_or(0)
    );
}

#[test]
fn a_second_settler_with_the_same_log_charges_nothing_twice() {
    let (expected, _) = clean(EncodingChoice::Auto);
    let dir = tempfile::tempdir().unwrap();
    let chain = fresh();
    let log = log(&chain);
    // A second approved settler in the same mint.
    let second = seeded(6, 1);
    let council = seeded(1, 0);
    chain
        .client
        .airdrop(&second.pubkey(), 100_000_000_000)
        .unwrap();
    chain
        .client
        .send_instructions(
            &[gov_ix::register_settler(&second.pubkey(), &chain.mint)],
            &second,
            &[],
        )
        .unwrap();
    let payer = chain.payer.insecure_clone();
    chain
        .client
        .send_instructions(
            &minted_bond(&payer.pubkey(), &second.pubkey(), &chain.mint, SETTLER_BOND),
            &second,
            &[&payer],
        )
        .unwrap();
    chain
        .client
        .send_instructions(
            &[gov_ix::approve_settler(
                &council.pubkey(),
                &second.pubkey(),
                0,
            )],
            &council,
            &[],
        )
        .unwrap();
    chain
        .client
        .send_instructions(
            &[ix::open_settler(
                &second.pubkey(),
                &chain.mint,
                SETTLER_FEE_BPS,
            )],
            &second,
            &[],
        )
        .unwrap();

    // The first settler stops half way; the second settles the whole log;
    // the first then finishes.
    let first_config = run_config(&chain, dir.path(), EncodingChoice::Auto);
    let (_, batches) = clean(EncodingChoice::Auto);
    crash(&chain, &log, &first_config, batches / 2);
    let mut second_config = run_config(&chain, dir.path(), EncodingChoice::Auto);
    second_config.checkpoint = dir.path().join("second.checkpoint.json");
    let by_second = settle::run(
        &chain.client,
        &second,
        &log,
        &second_config,
        RunOptions::default(),
    )
    .unwrap();
    assert!(
        by_second.complete && by_second.plays_already_settled > 0,
        "{by_second:?}"
    );
    // What it leaves the first settler is its own open windows, which the
    // second could not touch (nor anything after them).
    assert!(
        by_second
            .left
            .contains_key(&settle::Skip::SettlingElsewhere),
        "{by_second:?}"
    );
    let rest = settle_log(&chain, &log, &first_config).unwrap();
    assert!(rest.complete && rest.batches_failed == 0, "{rest:?}");
    let again = settle::run(
        &chain.client,
        &second,
        &log,
        &second_config,
        RunOptions::default(),
    )
    .unwrap();
    assert!(again.complete, "{again:?}");

    // Listeners and ledgers end as after one clean run (the fees split
    // between the two settlers).
    let (books, _) = settled(&chain);
    same(&books, &expected.0, "two settlers");
    let fees = |settler: &solana_keypair::Keypair| {
        let s: SettlerState = anchor_lang::AccountDeserialize::try_deserialize(
            &mut chain
                .client
                .get_account(&pda::settler_state(&settler.pubkey(), &chain.mint).0)
                .unwrap()
                .unwrap()
                .data
                .as_slice(),
        )
        .unwrap();
        (s.fees_owed, s.lifetime_plays, s.lifetime_amount)
    };
    let (a, b) = (fees(&chain.settler), fees(&second));
    assert_eq!((a.0 + b.0, a.1 + b.1, a.2 + b.2), expected.1);
    assert!(a.1 > 0 && b.1 > 0, "both settlers settled some plays");
}
