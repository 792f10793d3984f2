//! The settlement bench: a power-law epoch of 10,000 listeners, 2,000 tracks
//! and 1,000,000 plays (see `suite/settle/epoch.rs`), planned and then
//! settled on the in-process chain.
//!
//! `cargo bench -p encore-tests --bench settlement` (release mode). Prints:
//! plan throughput (ingest + rules + aggregate + pack + audit roots, from
//! the log's bytes), settle transactions against the reference lower bound,
//! setup transactions, signature fees per 1M plays, and the time to settle
//! the whole epoch on LiteSVM. `-- --plan-only` skips the chain.
//!
//! The fee figure counts every transaction the settlement runner sends on a
//! chain where nothing of it exists yet: the settler's state in the mint,
//! the ledgers of the tracks the batches use, the lookup tables, and the
//! batches. The on-chain run checks the ledger count against what it sent.

#[path = "../suite/settle/epoch.rs"]
mod epoch;
// The settlement tests' chain; the bench uses only part of it.
#[allow(dead_code)]
#[path = "../suite/settle/chain.rs"]
mod chain;

/// The chain's clock at the start (`chain` reads it from the crate root, as
/// the settlement tests define it).
const T0: i64 = epoch::EPOCH_START;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chain::{Chain, ChainSpec};
use encore_sdk::settle::cost::ComputeModel;
use encore_sdk::settle::pack::Capacity;
use encore_sdk::settle::runner::Stage;
use encore_sdk::settle::{
    self, ingest, EncodingChoice, Exclusions, PlanConfig, RunConfig, RunOptions,
};
use encore_sdk::Pubkey;
use epoch::{generate, EpochSpec, SyntheticEpoch};
use solana_signer::Signer;

const PRICE: u64 = 1_000;
/// Each listener's escrow deposit: enough for every play in the epoch.
const DEPOSIT: u64 = 100_000_000;
/// The runner opens the settler's state in the payment mint: one transaction.
const SETTLER_STATE_TRANSACTIONS: usize = 1;

fn main() {
    let plan_only = std::env::args().any(|a| a == "--plan-only");
    let spec = EpochSpec::bench();
    let started = Instant::now();
    let epoch = generate(spec);
    let csv = epoch.csv();
    println!(
        "epoch: {} listeners, {} tracks, {} plays ({:.1} MB of CSV), generated in {:.2?}",
        spec.listeners,
        spec.tracks,
        spec.plays,
        csv.len() as f64 / 1e6,
        started.elapsed()
    );

    // Plan throughput: best and median of five runs from the CSV bytes.
    let config = PlanConfig::default();
    let mut times = Vec::new();
    let mut plan = None;
    for _ in 0..5 {
        let t = Instant::now();
        let log = ingest::parse(&csv).expect("parse");
        let p = settle::plan(log, &Exclusions::default(), 1, &config);
        times.push(t.elapsed());
        plan = Some(p);
    }
    let plan = plan.expect("planned");
    settle::check(&plan).expect("plan invariants");
    times.sort();
    let summary = plan.summary(times[2]);
    let per_second = |d: Duration| spec.plays as f64 / d.as_secs_f64();
    let json = epoch.json_lines();
    let t = Instant::now();
    let json_plan = settle::plan(
        ingest::parse(&json).expect("parse"),
        &Exclusions::default(),
        1,
        &config,
    );
    let json_time = t.elapsed();
    assert_eq!(
        json_plan.digest(),
        plan.digest(),
        "CSV and JSON lines plan alike"
    );

    let settler = chain::seeded(6, 0).pubkey();
    let (ledgers_used, ledger_transactions) = ledger_setup(&plan, &settler);
    let table_transactions = summary.setup_transactions;
    let setup = SETTLER_STATE_TRANSACTIONS + ledger_transactions + table_transactions;
    let total = summary.transactions + setup;
    let fees_sol = total as f64 * 5_000.0 / 1e9 * (1_000_000.0 / summary.plays_in as f64);
    let legacy = settle::plan(
        ingest::parse(&csv).expect("parse"),
        &Exclusions::default(),
        1,
        &PlanConfig {
            encoding: EncodingChoice::Legacy,
            ..config
        },
    );
    let one_per_listener = one_listener_per_transaction(&plan);
    let first_fit = first_fit(&plan);

    println!();
    println!("plan ({} runs, release):", times.len());
    println!(
        "  throughput           {:.2} M events/s median ({:.0} ms), best {:.2} M/s; JSON lines {:.2} M/s",
        per_second(times[2]) / 1e6,
        times[2].as_secs_f64() * 1e3,
        per_second(times[0]) / 1e6,
        per_second(json_time) / 1e6
    );
    println!(
        "  plays                {} in, {} accepted; rejected {} duplicate, {} too short, {} overlapping, {} daily cap",
        summary.plays_in,
        summary.plays_accepted,
        summary.rejected.duplicate,
        summary.rejected.too_short,
        summary.rejected.overlapping,
        summary.rejected.daily_cap
    );
    println!(
        "  pairs                {} (listeners {}, tracks {})",
        summary.pairs, summary.listeners, summary.tracks
    );
    println!(
        "  settle transactions  {} vs lower bound {}: {:.2}x ({:?})",
        summary.transactions, summary.lower_bound, summary.ratio, summary.encoding
    );
    println!(
        "  baselines            one listener per transaction {} ({:.2}x), first fit {} ({:.2}x), \
         greedy without tables {} ({:.2}x)",
        one_per_listener,
        one_per_listener as f64 / summary.lower_bound as f64,
        first_fit,
        first_fit as f64 / summary.lower_bound as f64,
        legacy.batches.len(),
        legacy.batches.len() as f64 / summary.lower_bound as f64
    );
    println!(
        "  setup transactions   {setup}: {SETTLER_STATE_TRANSACTIONS} settler state + {ledger_transactions} \
         ledger openings ({ledgers_used} tracks) + {table_transactions} lookup-table \
         ({} tables, {} addresses)",
        summary.lookup_tables, summary.lookup_addresses
    );
    println!(
        "  largest transaction  {} bytes, {} account locks, {} entries, ~{} CU modelled",
        summary.max_tx_bytes,
        summary.max_account_locks,
        summary.max_entries_per_tx,
        summary.max_compute_units
    );
    println!(
        "  fees per 1M plays    {:.4} SOL ({} signatures = {} settle + {} setup, at 5,000 lamports; \
         one transaction per play: 5 SOL)",
        fees_sol, total, summary.transactions, setup
    );
    println!(
        "  table rent           {:.3} SOL deposit, refundable by deactivating and closing the tables \
         ({} more transactions, not in the fee figure)",
        table_rent_sol(&plan),
        2 * summary.lookup_tables
    );

    if plan_only {
        return;
    }
    settle_on_chain(&epoch, ledger_transactions);
}

/// The ledgers the batches use (`open_ledger` for each: the bench's chain
/// has none open) and the transactions the runner packs them into.
fn ledger_setup(plan: &settle::Plan, settler: &Pubkey) -> (usize, usize) {
    let used: std::collections::BTreeSet<u32> = plan
        .batches
        .iter()
        .flat_map(|b| b.tracks.iter().copied())
        .collect();
    let tracks: Vec<Pubkey> = used.iter().map(|t| plan.tracks[*t as usize]).collect();
    (
        tracks.len(),
        settle::tx::ledger_setup(settler, &tracks, &[]).len(),
    )
}

/// Transactions if every transaction held one listener and as many of its
/// tracks as fit (with lookup tables): the naive packing.
fn one_listener_per_transaction(plan: &settle::Plan) -> usize {
    let capacity = Capacity::new(true, &ComputeModel::default());
    let mut degree: BTreeMap<u32, usize> = BTreeMap::new();
    for p in &plan.aggregate.pairs {
        *degree.entry(p.listener).or_default() += 1;
    }
    let per_tx = (1..=capacity.max_accounts() - 1)
        .filter(|k| capacity.entries(1 + k, 2) >= *k)
        .max()
        .unwrap_or(1);
    degree.values().map(|d| d.div_ceil(per_tx)).sum()
}

/// Transactions of a plain first fit: listeners in address order, each
/// with all its pairs, into the current transaction while its accounts and
/// entries fit (a listener too big for one is split).
fn first_fit(plan: &settle::Plan) -> usize {
    let capacity = Capacity::new(true, &ComputeModel::default());
    let max = capacity.max_accounts();
    let mut count = 0;
    let (mut tracks, mut listeners, mut entries) = (std::collections::BTreeSet::new(), 0, 0);
    let pairs = &plan.aggregate.pairs;
    let mut i = 0;
    while i < pairs.len() {
        let l = pairs[i].listener;
        let mut j = i;
        while j < pairs.len() && pairs[j].listener == l {
            j += 1;
        }
        let new_tracks = pairs[i..j]
            .iter()
            .filter(|p| !tracks.contains(&p.track))
            .count();
        let fits = listeners + 1 + tracks.len() + new_tracks <= max
            && entries + (j - i) <= capacity.entries(listeners + 1 + tracks.len() + new_tracks, 2);
        if !fits && listeners > 0 {
            count += 1;
            tracks.clear();
            (listeners, entries) = (0, 0);
            continue;
        }
        // Alone in a transaction: as many of its pairs as fit, then the rest.
        listeners += 1;
        for p in &pairs[i..j] {
            if listeners + tracks.len() + 1 > max
                || entries + 1 > capacity.entries(listeners + tracks.len() + 1, 2)
            {
                count += 1;
                tracks.clear();
                (listeners, entries) = (1, 0);
            }
            tracks.insert(p.track);
            entries += 1;
        }
        i = j;
    }
    count + usize::from(listeners > 0)
}

fn table_rent_sol(plan: &settle::Plan) -> f64 {
    let rent = anchor_lang::prelude::Rent::default();
    plan.tables
        .iter()
        .map(|t| rent.minimum_balance(56 + 32 * t.len()) as f64 / 1e9)
        .sum()
}

/// Registers the epoch's tracks and funds its listeners on LiteSVM (the
/// settlement tests' chain), then settles the whole epoch with the runner.
fn settle_on_chain(epoch: &SyntheticEpoch, expected_ledger_transactions: usize) {
    println!();
    println!("settlement on the in-process chain (LiteSVM, programs run natively):");
    // The native runtime logs every instruction at debug level; the bench
    // would time the printing. RUST_LOG brings it back.
    if std::env::var_os("RUST_LOG").is_none() {
        log::set_max_level(log::LevelFilter::Warn);
    }
    let t = Instant::now();
    // No ledgers and no settler state yet: the run opens them, as the fee
    // figure counts.
    let chain = Chain::new(&ChainSpec {
        open_settler: false,
        ..ChainSpec::new(
            vec![PRICE; epoch.tracks.len()],
            vec![Some(DEPOSIT); epoch.listeners.len()],
        )
    });
    let (client, mint, settler) = (&chain.client, chain.mint, &chain.settler);
    let (tracks, wallets) = (&chain.tracks, chain.wallets());
    println!(
        "  chain setup          {:.1} s ({} tracks registered, {} listeners funded)",
        t.elapsed().as_secs_f64(),
        tracks.len(),
        wallets.len()
    );

    // The same epoch, on the chain's keys.
    let mut log = b"listener,track,timestamp,seconds_played\n".to_vec();
    for (l, tr, ts, s) in &epoch.events {
        log.extend_from_slice(
            format!(
                "{},{},{ts},{s}\n",
                wallets[*l as usize], tracks[*tr as usize]
            )
            .as_bytes(),
        );
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let config = RunConfig {
        payment_mint: mint,
        plan: PlanConfig::default(),
        open_fee_bps: 0,
        checkpoint: dir.path().join("bench.checkpoint.json"),
    };
    let mut stages: BTreeMap<&'static str, (Instant, Instant)> = BTreeMap::new();
    let mut on_progress = |stage: Stage, _: u64, _: u64| {
        let name = match stage {
            Stage::Ledgers => "ledgers",
            Stage::LookupTables => "lookup tables",
            Stage::Batches => "batches",
        };
        let now = Instant::now();
        stages.entry(name).or_insert((now, now)).1 = now;
    };
    let t = Instant::now();
    let report = settle::run(
        client,
        settler,
        &log,
        &config,
        RunOptions {
            progress: Some(&mut on_progress),
            ..RunOptions::default()
        },
    )
    .expect("settle the epoch");
    let elapsed = t.elapsed();
    assert!(report.complete);
    assert_eq!(
        report.ledger_transactions as usize, expected_ledger_transactions,
        "the fee figure's ledger openings are what the run sent"
    );
    assert!(encore_sdk::escrow::books(client, &mint)
        .expect("books")
        .conserved());
    println!(
        "  settled              {} batches + {} ledger + {} lookup-table transactions in {:.1} s \
         (planning {:.2} s included)",
        report.batches_sent,
        report.ledger_transactions,
        report.setup_transactions,
        elapsed.as_secs_f64(),
        report.plan.plan_millis / 1e3
    );
    for (name, (first, last)) in &stages {
        println!(
            "    {name:<18} {:.1} s",
            last.duration_since(*first).as_secs_f64()
        );
    }
    println!(
        "  paid                 {} plays ({} unpaid), {} base units, {:.2}x lower bound",
        report.plays_paid, report.plays_unpaid, report.amount, report.plan.ratio
    );
}
