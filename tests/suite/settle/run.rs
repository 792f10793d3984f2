//! Full runs on the in-process chain: every debit and credit against an
//! independent calculation, skipped plays, ledgers opened and refreshed,
//! both encodings, reruns and refusals.

use std::collections::BTreeMap;

use anchor_lang::prelude::Pubkey;
use encore_sdk::instructions::registry as reg_ix;
use encore_sdk::settle::{
    self, ingest, EncodingChoice, Plan, PlanConfig, RunConfig, RunError, RunOptions, RunReport,
    Skip,
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
        in_flight: 8,
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

/// A track's price and whether it earns, over time: what the artist set
/// and when, as the test knows it (not read from any ledger).
#[derive(Clone, Debug)]
struct Schedule {
    /// (from, price, earning), oldest first; the first from the beginning.
    points: Vec<(i64, u64, bool)>,
}

impl Schedule {
    fn fixed(price: u64) -> Self {
        Self {
            points: vec![(i64::MIN, price, true)],
        }
    }

    fn at(&self, time: i64) -> (u64, bool) {
        let p = self.points.iter().rev().find(|p| p.0 <= time).unwrap();
        (p.1, p.2)
    }
}

/// What every listener and ledger must hold after settling `plan` in
/// order, from the deposits, each play priced by its own start time.
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
    schedules: &BTreeMap<Pubkey, Schedule>,
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
        for part in &batch.parts {
            let wallet = plan.listeners[part.listener as usize];
            for entry in &part.entries {
                let track = plan.tracks[batch.tracks[usize::from(entry.track)] as usize];
                let events = plan.aggregate.events_of(entry.pair as usize);
                // One price for the entry's plays, or the plan split wrongly.
                let terms: Vec<(u64, bool)> = events
                    .iter()
                    .map(|p| schedules[&track].at(p.timestamp))
                    .collect();
                assert!(
                    terms.windows(2).all(|w| w[0] == w[1]),
                    "an entry spans a change"
                );
                let (price, earning) = terms[0];
                assert!(earning, "the plan charges a play of a paused track");
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
    }
    e
}

#[test]
fn every_play_is_charged_at_the_price_of_its_time() {
    let dir = tempfile::tempdir().unwrap();
    // Mid-epoch, track 3 is paused, track 4 rises and track 1 is cut; track
    // 5 has no ledger yet; listener 8 is poor, 9 has no account.
    let prices = vec![1_000, 2_500, 700, 400, 1_200, 90];
    let mut balances = vec![Some(50_000_000u64); 10];
    balances[8] = Some(30_000);
    balances[9] = None;
    let mut spec = ChainSpec::new(prices.clone(), balances.clone());
    spec.open_ledgers = 5;
    let chain = Chain::new(&spec);
    let events = mapped(
        EpochSpec::small(30, 18, 4_000, 17),
        &chain.wallets(),
        &chain.tracks,
    );
    let log = csv(&events);

    let changed_at = super::T0 + 10 * 86_400;
    let notice = encore_sdk::native::local_params(&Pubkey::default()).withdrawal_notice_secs;
    chain.set_time(changed_at);
    let artist = chain.artist.pubkey();
    chain.change_track(3, reg_ix::pause_track(&artist, &chain.tracks[3]));
    for (t, price) in [(4, 1_500), (1, 2_000)] {
        let update = reg_ix::update_terms(
            &artist,
            &chain.tracks[t],
            UpdateTermsArgs {
                terms: terms(price),
                metadata_uri: None,
            },
        );
        chain.change_track(t, update);
    }
    let mut schedules: BTreeMap<Pubkey, Schedule> = chain
        .tracks
        .iter()
        .zip(&prices)
        .map(|(t, p)| (*t, Schedule::fixed(*p)))
        .collect();
    schedules
        .get_mut(&chain.tracks[3])
        .unwrap()
        .points
        .push((changed_at, 400, false));
    schedules
        .get_mut(&chain.tracks[4])
        .unwrap()
        .points
        .push((changed_at + notice, 1_500, true));
    schedules
        .get_mut(&chain.tracks[1])
        .unwrap()
        .points
        .push((changed_at, 2_000, true));

    chain.after_epoch();
    let mut config = run_config(&chain, dir.path(), EncodingChoice::Auto);
    config.in_flight = 1;
    // The plan the run will make: the log against the chain as it is now.
    let parsed = ingest::parse(&log).unwrap();
    let accounts = settle::tx::PlanAccounts::derive(
        &parsed.listeners,
        &parsed.tracks,
        &chain.settler.pubkey(),
        &chain.mint,
    );
    let read = settle::prepare::read_view(&chain.client, &parsed, &accounts).unwrap();
    let plan = settle::plan(parsed.clone(), &read.view, 1, &config.plan);
    let report = settle_log(&chain, &log, &config).expect("run");
    assert!(report.complete && !report.resumed, "{report:?}");
    assert!(report.ledger_transactions >= 1, "ledger 5 opened");
    assert_eq!(report.batches_landed, plan.batches.len() as u64);

    // What the model skips: the account-less listener, and track 3 after its pause.
    let mut accepted = parsed.plays.clone();
    settle::rules::apply(&config.plan.rules, &mut accepted);
    let no_account = accepted
        .iter()
        .filter(|p| parsed.listeners[p.listener as usize] == chain.wallets()[9])
        .count() as u64;
    let paused = accepted
        .iter()
        .filter(|p| {
            parsed.listeners[p.listener as usize] != chain.wallets()[9]
                && parsed.tracks[p.track as usize] == chain.tracks[3]
                && p.timestamp >= changed_at
        })
        .count() as u64;
    assert!(no_account > 0 && paused > 0);
    assert_eq!(
        report.plan.skipped.get(&Skip::NoListenerAccount),
        Some(&no_account)
    );
    assert_eq!(report.plan.skipped.get(&Skip::TrackPaused), Some(&paused));
    assert_eq!(
        report.plan.plays_planned,
        accepted.len() as u64 - no_account - paused
    );

    let deposits: BTreeMap<Pubkey, u64> = chain
        .wallets()
        .into_iter()
        .zip(&balances)
        .filter_map(|(w, b)| b.map(|b| (w, b)))
        .collect();
    let want = expected(&plan, &deposits, &schedules);
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
        assert!(!listener.window.open, "listener {i} left a window open");
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
            }
            None => assert_eq!(owed, 0, "track {t} earned without a ledger"),
        }
    }
    let settler: SettlerState = state(
        &chain,
        &pda::settler_state(&chain.settler.pubkey(), &chain.mint).0,
    );
    assert_eq!(settler.fees_owed, want.fees);
    assert_eq!(settler.batches, plan.batches.len() as u64);
    assert!(escrow::books(&chain.client, &chain.mint)
        .unwrap()
        .conserved());

    // Running the finished log again sends nothing and changes nothing.
    let before = chain.snapshot();
    let again = settle_log(&chain, &log, &config).expect("rerun");
    assert!(again.resumed && again.complete);
    assert_eq!(again.batches_sent, 0);
    // Settled now: every planned play, and the paused track's plays, which
    // the listeners' windows passed over.
    assert_eq!(
        again.plays_already_settled,
        want.paid + want.unpaid + paused
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
        chain.after_epoch();
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
    chain.after_epoch();
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
    chain.after_epoch();
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
