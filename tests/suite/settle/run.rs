//! Full runs on the in-process chain: every debit and credit against an
//! independent calculation, skipped plays, ledgers opened and refreshed,
//! both encodings, reruns and refusals.

use std::collections::BTreeMap;

use anchor_lang::prelude::Pubkey;
use encore_sdk::instructions::registry as reg_ix;
use encore_sdk::settle::{
    self, ingest, runner::RunError, EncodingChoice, Plan, PlanConfig, RunConfig, RunOptions,
    RunReport, Skip,
};
use encore_sdk::stream_escrow::state::{Listener, SettlerState, TrackLedger};
use encore_sdk::track_registry::instructions::UpdateTermsArgs;
use encore_sdk::{escrow, pda, EncoreClient};
use solana_signer::Signer;

use super::chain::{terms, Chain, ChainSpec, SETTLER_FEE_BPS};
use super::epoch::EpochSpec;
use super::{csv, mapped};

pub fn run_config(chain: &Chain, dir: &std::path::Path, encoding: EncodingChoice) -> RunConfig {
    RunConfig {
        payment_mint: chain.mint,
        plan: PlanConfig {
            encoding,
            ..PlanConfig::default()
        },
        open_fee_bps: 0,
        checkpoint: dir.join("epoch.checkpoint.json"),
    }
}

pub fn settle_log(chain: &Chain, log: &[u8], config: &RunConfig) -> Result<RunReport, RunError> {
    settle::run(
        &chain.client,
        &chain.settler,
        log,
        config,
        RunOptions::default(),
    )
}

fn state<T: anchor_lang::AccountDeserialize>(chain: &Chain, key: &Pubkey) -> T {
    let account = chain.client.get_account(key).unwrap().expect("account");
    T::try_deserialize(&mut account.data.as_slice()).unwrap()
}

/// Replays the plan's batches with the program's rules, from the deposits
/// and current prices: what every listener and ledger must hold after.
struct Expected {
    balance: BTreeMap<Pubkey, u64>,
    listener_plays: BTreeMap<Pubkey, u64>,
    owed: BTreeMap<Pubkey, u64>,
    ledger_plays: BTreeMap<Pubkey, u64>,
    fees: u64,
    paid: u64,
    unpaid: u64,
}

fn expected(
    plan: &Plan,
    deposits: &BTreeMap<Pubkey, u64>,
    prices: &BTreeMap<Pubkey, u64>,
) -> Expected {
    let mut e = Expected {
        balance: deposits.clone(),
        listener_plays: BTreeMap::new(),
        owed: BTreeMap::new(),
        ledger_plays: BTreeMap::new(),
        fees: 0,
        paid: 0,
        unpaid: 0,
    };
    for batch in &plan.batches {
        for entry in &batch.entries {
            let wallet = plan.listeners[batch.listeners[usize::from(entry.listener)] as usize];
            let track = plan.tracks[batch.tracks[usize::from(entry.track)] as usize];
            let price = prices[&track];
            let balance = e.balance.get_mut(&wallet).unwrap();
            let plays = u64::from(entry.plays);
            let paid = plays.min(*balance / price);
            let amount = paid * price;
            let fee = amount * u64::from(SETTLER_FEE_BPS) / 10_000;
            *balance -= amount;
            *e.listener_plays.entry(wallet).or_default() += paid;
            *e.owed.entry(track).or_default() += amount - fee;
            *e.ledger_plays.entry(track).or_default() += paid;
            e.fees += fee;
            e.paid += paid;
            e.unpaid += plays - paid;
        }
    }
    e
}

#[test]
fn a_run_pays_every_pair_as_an_independent_replay_says() {
    let dir = tempfile::tempdir().unwrap();
    // Track 3 is paused, track 4's terms change after its ledger opened,
    // track 5 has no ledger yet; listener 8 is poor, 9 has no account.
    let prices = vec![1_000, 2_500, 700, 400, 1_200, 90];
    let mut balances = vec![Some(50_000_000u64); 10];
    balances[8] = Some(30_000);
    balances[9] = None;
    let mut spec = ChainSpec::new(prices.clone(), balances.clone());
    spec.open_ledgers = 5;
    let chain = Chain::new(&spec);
    let artist = &chain.artist;
    let pause = reg_ix::pause_track(&artist.pubkey(), &chain.tracks[3]);
    let update = reg_ix::update_terms(
        &artist.pubkey(),
        &chain.tracks[4],
        UpdateTermsArgs {
            terms: terms(1_500),
            metadata_uri: None,
        },
    );
    chain
        .client
        .send_instructions(&[pause, update], artist, &[])
        .unwrap();

    let events = mapped(
        EpochSpec::small(30, 18, 4_000, 17),
        &chain.wallets(),
        &chain.tracks,
    );
    let log = csv(&events);
    let config = run_config(&chain, dir.path(), EncodingChoice::Auto);
    let report = settle_log(&chain, &log, &config).expect("run");

    // The plan the runner made, rebuilt with the exclusions it recorded.
    let checkpoint = settle::checkpoint::Checkpoint::load(&config.checkpoint)
        .unwrap()
        .unwrap();
    let exclusions = checkpoint.exclusions().unwrap();
    assert_eq!(
        exclusions.listeners.get(&chain.wallets()[9]),
        Some(&Skip::NoListenerAccount)
    );
    assert_eq!(
        exclusions.tracks.get(&chain.tracks[3]),
        Some(&Skip::TrackPaused)
    );
    assert_eq!(exclusions.listeners.len() + exclusions.tracks.len(), 2);
    let plan = settle::plan(ingest::parse(&log).unwrap(), &exclusions, 1, &config.plan);
    assert_eq!(report.batches_planned, plan.batches.len() as u64);
    assert_eq!(report.batches_sent, plan.batches.len() as u64);
    assert!(report.complete && !report.resumed);
    assert_eq!(report.last_seq, plan.batches.len() as u64);
    assert!(
        report.ledger_transactions >= 1,
        "ledger 5 opened, 4 refreshed"
    );

    let skipped_listener = plan
        .skipped
        .get(&Skip::NoListenerAccount)
        .copied()
        .unwrap_or(0);
    let skipped_track = plan.skipped.get(&Skip::TrackPaused).copied().unwrap_or(0);
    assert!(skipped_listener > 0 && skipped_track > 0);
    assert_eq!(
        plan.plays_planned() + skipped_listener + skipped_track + plan.rejected.total(),
        4_000
    );

    let deposits: BTreeMap<Pubkey, u64> = chain
        .wallets()
        .into_iter()
        .zip(&balances)
        .filter_map(|(w, b)| b.map(|b| (w, b)))
        .collect();
    let mut current = prices.clone();
    current[4] = 1_500; // synced before settling
    let price_of: BTreeMap<Pubkey, u64> = chain.tracks.iter().copied().zip(current).collect();
    let want = expected(&plan, &deposits, &price_of);
    assert!(want.unpaid > 0, "the poor listener runs out");
    assert_eq!(report.plays_paid, want.paid);
    assert_eq!(report.plays_unpaid, want.unpaid);
    assert_eq!(report.settler_fees, want.fees);

    for (i, wallet) in chain.wallets().iter().enumerate() {
        let key = pda::listener(&chain.mint, wallet).0;
        if balances[i].is_none() {
            assert!(chain.client.get_account(&key).unwrap().is_none());
            continue;
        }
        let listener: Listener = state(&chain, &key);
        assert_eq!(
            listener.balance, want.balance[wallet],
            "listener {i} balance"
        );
        assert_eq!(
            listener.lifetime_plays,
            want.listener_plays.get(wallet).copied().unwrap_or(0)
        );
    }
    for (t, track) in chain.tracks.iter().enumerate() {
        let ledger: Option<TrackLedger> = chain
            .client
            .get_account(&pda::ledger(track).0)
            .unwrap()
            .map(|a| {
                anchor_lang::AccountDeserialize::try_deserialize(&mut a.data.as_slice()).unwrap()
            });
        let owed = want.owed.get(track).copied().unwrap_or(0);
        match ledger {
            Some(l) => {
                assert_eq!(l.owed, owed, "track {t} owed");
                assert_eq!(
                    l.lifetime_plays,
                    want.ledger_plays.get(track).copied().unwrap_or(0)
                );
                if t == 4 {
                    assert_eq!(l.price_per_play, 1_500, "refreshed before settling");
                }
            }
            None => assert_eq!(owed, 0, "track {t} earned without a ledger"),
        }
    }
    let settler: SettlerState = state(
        &chain,
        &pda::settler_state(&chain.settler.pubkey(), &chain.mint).0,
    );
    assert_eq!(settler.fees_owed, want.fees);
    assert_eq!(
        settler.last_audit_root,
        plan.batches.last().unwrap().audit_root
    );
    assert!(escrow::books(&chain.client, &chain.mint)
        .unwrap()
        .conserved());

    // Running the finished log again sends nothing and changes nothing.
    let before = chain.snapshot();
    let again = settle_log(&chain, &log, &config).expect("rerun");
    assert!(again.resumed && again.complete);
    assert_eq!(again.batches_sent, 0);
    assert_eq!(
        (again.plays_paid, again.amount),
        (report.plays_paid, report.amount)
    );
    assert_eq!(chain.snapshot(), before);
}

#[test]
fn lookup_tables_and_legacy_transactions_settle_to_the_same_balances() {
    let spec = ChainSpec::new(vec![300, 1_100, 50, 700], vec![Some(900_000_000); 24]);
    let events = |chain: &Chain| {
        mapped(
            EpochSpec::small(24, 4, 3_000, 5),
            &chain.wallets(),
            &chain.tracks,
        )
    };
    let mut snapshots = Vec::new();
    for encoding in [EncodingChoice::Legacy, EncodingChoice::LookupTables] {
        let dir = tempfile::tempdir().unwrap();
        let chain = Chain::new(&spec);
        let report = settle_log(
            &chain,
            &csv(&events(&chain)),
            &run_config(&chain, dir.path(), encoding),
        )
        .expect("run");
        assert!(report.complete);
        assert_eq!(report.plays_unpaid, 0);
        if encoding == EncodingChoice::LookupTables {
            assert!(report.setup_transactions >= 1);
            assert_eq!(report.plan.encoding, settle::Encoding::LookupTables);
        }
        assert!(escrow::books(&chain.client, &chain.mint)
            .unwrap()
            .conserved());
        // Listener and ledger accounts only: batch numbering differs.
        let mut snapshot = chain.snapshot();
        snapshot.truncate(snapshot.len() - 2);
        snapshots.push(snapshot);
    }
    assert_eq!(snapshots[0], snapshots[1]);
}

#[test]
fn a_checkpoint_belongs_to_one_play_log() {
    let dir = tempfile::tempdir().unwrap();
    let chain = Chain::new(&ChainSpec::new(vec![100, 200], vec![Some(10_000_000); 4]));
    let events = mapped(
        EpochSpec::small(4, 2, 300, 1),
        &chain.wallets(),
        &chain.tracks,
    );
    let config = run_config(&chain, dir.path(), EncodingChoice::Auto);
    settle::run(
        &chain.client,
        &chain.settler,
        &csv(&events),
        &config,
        RunOptions {
            crash_after_send: Some(1),
            ..RunOptions::default()
        },
    )
    .unwrap_err();
    let other = csv(&events[..200]);
    match settle_log(&chain, &other, &config) {
        Err(RunError::Checkpoint(message)) => {
            assert!(message.contains("another play log"), "{message}")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn an_unapproved_settler_is_refused_before_anything_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let mut spec = ChainSpec::new(vec![100], vec![Some(1_000_000)]);
    spec.approve_settler = false;
    let chain = Chain::new(&spec);
    let events = mapped(
        EpochSpec::small(1, 1, 20, 1),
        &chain.wallets(),
        &chain.tracks,
    );
    match settle_log(
        &chain,
        &csv(&events),
        &run_config(&chain, dir.path(), EncodingChoice::Auto),
    ) {
        Err(RunError::NotApproved(wallet)) => assert_eq!(wallet, chain.settler.pubkey()),
        other => panic!("expected NotApproved, got {other:?}"),
    }
}
