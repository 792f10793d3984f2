//! The settlement bench: a power-law epoch of 10,000 listeners, 2,000 tracks
//! and 1,000,000 plays (see `suite/settle/epoch.rs`), planned, then settled
//! on the in-process chain and over a real JSON-RPC node.
//!
//! `cargo bench -p encore-tests --bench settlement` (optimised). Prints:
//! - plan throughput (ingest + rules + windows + pack + audit roots, from
//!   the log's bytes), settle transactions against the reference lower
//!   bound, setup transactions and signature fees per 1M plays;
//! - the epoch settled on LiteSVM (programs run natively), every
//!   transaction actually sent measured (bytes, account locks) and every
//!   listener's payment checked against an independent replay of the log;
//! - the epoch settled over JSON-RPC on the embedded local node (`encore
//!   localnet`'s), pipelined: batches per second and the time for the
//!   whole epoch after set-up, checked against the same replay.
//!
//! `-- --plan-only` stops after planning; `-- --no-rpc` skips the node;
//! `-- --rpc-only` skips the in-process run.

#[path = "../suite/settle/epoch.rs"]
mod epoch;
// The settlement tests' chain; the bench uses only part of it.
#[allow(dead_code)]
#[path = "../suite/settle/chain.rs"]
mod chain;

/// The in-process chain's clock at the start (`chain` reads it from the
/// crate root, as the settlement tests define it).
const T0: i64 = epoch::EPOCH_START;

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anchor_lang::prelude::{Clock, Pubkey};
use chain::{seeded, Chain, ChainSpec, SETTLER_FEE_BPS};
use encore_sdk::client::{EncoreClient, MemcmpFilter, Submitted};
use encore_sdk::settle::cost::{ComputeModel, MAX_ACCOUNT_LOCKS, MAX_TX_BYTES};
use encore_sdk::settle::pack::Capacity;
use encore_sdk::settle::{
    self, ingest, ChainView, EncodingChoice, PlanConfig, RunConfig, RunOptions, RunReport, Stage,
};
use encore_sdk::{escrow, pda};
use epoch::{generate, EpochSpec, SyntheticEpoch};
use solana_account::Account;
use solana_hash::Hash;
use solana_signature::Signature;
use solana_signer::Signer;
use solana_transaction::versioned::VersionedTransaction;
use solana_transaction::Transaction;

const PRICE: u64 = 1_000;
/// Each listener's escrow deposit: enough for every play in the epoch,
/// except every 97th listener's, which runs short.
const DEPOSIT: u64 = 100_000_000;
const SHORT_DEPOSIT: u64 = 7 * PRICE + 500;
/// The runner opens the settler's state in the payment mint: one transaction.
const SETTLER_STATE_TRANSACTIONS: usize = 1;

fn deposit(listener: usize) -> u64 {
    if listener % 97 == 13 {
        SHORT_DEPOSIT
    } else {
        DEPOSIT
    }
}

// The allocator `encore` itself uses (cli/src/main.rs): the embedded node
// is measured as `encore localnet` runs it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let plan_only = std::env::args().any(|a| a == "--plan-only");
    let no_rpc = std::env::args().any(|a| a == "--no-rpc");
    let rpc_only = std::env::args().any(|a| a == "--rpc-only");
    // The native runtime logs every instruction at debug level; the bench
    // would time the printing. RUST_LOG brings it back.
    if std::env::var_os("RUST_LOG").is_none() {
        log::set_max_level(log::LevelFilter::Warn);
    }
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

    // Plan throughput: best and median of five runs from the CSV bytes,
    // against a chain that has settled nothing.
    let config = PlanConfig::default();
    let plan_once = |bytes: &[u8], config: &PlanConfig| {
        let log = ingest::parse(bytes).expect("parse");
        let view = ChainView::offline(log.listeners.len(), &[], log.tracks.len());
        settle::plan(log, &view, 1, config)
    };
    let mut times = Vec::new();
    let mut plan = None;
    for _ in 0..5 {
        let t = Instant::now();
        let p = plan_once(&csv, &config);
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
    let json_plan = plan_once(&json, &config);
    let json_time = t.elapsed();
    assert_eq!(
        json_plan.batches, plan.batches,
        "CSV and JSON lines plan alike"
    );

    let settler = seeded(6, 0).pubkey();
    let (ledgers_used, ledger_transactions) = ledger_setup(&plan, &settler);
    let table_transactions = summary.setup_transactions;
    let setup = SETTLER_STATE_TRANSACTIONS + ledger_transactions + table_transactions;
    let total = summary.transactions + setup;
    let fees_sol = total as f64 * 5_000.0 / 1e9 * (1_000_000.0 / summary.plays_in as f64);
    let legacy = plan_once(
        &csv,
        &PlanConfig {
            encoding: EncodingChoice::Legacy,
            ..config
        },
    );
    let one_per_listener = one_listener_per_transaction(&plan);
    let first_fit = first_fit(&plan);

    println!();
    println!("plan ({} runs, optimised):", times.len());
    println!(
        "  throughput           {:.2} M plays/s median ({:.0} ms), best {:.2} M/s; JSON lines {:.2} M/s",
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
        "  pairs                {} (listeners {}, tracks {}), {} windows, {} entries in {} parts",
        summary.pairs,
        summary.listeners,
        summary.tracks,
        summary.windows,
        summary.entries,
        summary.parts
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
    assert!(
        summary.ratio <= 3.0,
        "packing target: within 3x of the lower bound"
    );
    assert!(
        fees_sol <= 0.025,
        "fee target: at most 0.025 SOL per 1M plays"
    );

    receipts_cost();
    if plan_only {
        return;
    }
    if !rpc_only {
        settle_in_process(&epoch, ledger_transactions);
    }
    if !no_rpc {
        settle_over_rpc(&epoch);
    }
}

/// What listener receipts cost on chain: nothing in a settle batch (its
/// instruction and accounts carry no receipt), and in a dispute the
/// transactions that open and answer it, measured as sent.
fn receipts_cost() {
    use anchor_lang::solana_program::instruction::Instruction;
    use encore_sdk::instructions::escrow::{self as ix, DisputeParties};
    use encore_sdk::receipts::{self, Receipt};
    use encore_sdk::stream_escrow::instructions::OpenDisputeArgs;
    use solana_keypair::Keypair;
    use solana_transaction::Transaction;

    let settler = seeded(6, 0);
    let listener = Keypair::new();
    let watcher = Keypair::new();
    let mint = Pubkey::new_unique();
    let listener_account = pda::listener(&mint, &listener.pubkey()).0;
    let measure = |ixs: &[Instruction], payer: &Pubkey| {
        let tx = VersionedTransaction::from(Transaction::new_with_payer(ixs, Some(payer)));
        (
            settle::tx::transaction_size(&tx.message),
            settle::tx::account_locks(&tx.message),
        )
    };
    let settle_ix = ix::settle(
        &settler.pubkey(),
        &mint,
        &[],
        &[],
        encore_sdk::escrow::SettleArgs {
            seq: 1,
            audit_root: [0; 32],
            base_time: 0,
            parts: Vec::new(),
        },
    );
    let open_args = OpenDisputeArgs {
        settler: settler.pubkey(),
        epoch: 0,
        number: 0,
        signed_total: 0,
    };
    let open = [
        encore_sdk::token::create_associated_idempotent(
            &watcher.pubkey(),
            &watcher.pubkey(),
            &mint,
        ),
        ix::open_dispute(&watcher.pubkey(), &listener_account, &mint, open_args),
    ];
    let parties = DisputeParties {
        dispute: pda::dispute(&listener_account, &settler.pubkey(), 0, 0).0,
        listener: listener_account,
        payment_mint: mint,
        settler: settler.pubkey(),
        disputer: watcher.pubkey(),
    };
    let signed = receipts::sign(
        Receipt {
            listener: listener.pubkey(),
            payment_mint: mint,
            settler: settler.pubkey(),
            epoch: 0,
            total: 1,
            through: 0,
        },
        &listener,
    );
    let answer = ix::answer_dispute(&parties, &signed);
    let (open_bytes, open_locks) = measure(&open, &watcher.pubkey());
    let (answer_bytes, answer_locks) = measure(&answer, &settler.pubkey());
    println!();
    println!("listener receipts:");
    println!(
        "  in a settle batch    0 bytes, 0 accounts (the settle instruction has {} fixed accounts, as before receipts)",
        settle_ix.accounts.len() + 1
    );
    println!(
        "  dispute opened       {open_bytes} bytes, {open_locks} account locks (with the watcher's reward account)"
    );
    println!(
        "  dispute answered     {answer_bytes} bytes, {answer_locks} account locks; the receipt is {} bytes \
         signed, {} bytes in the ed25519 check",
        encore_sdk::receipts::RECEIPT_LEN,
        answer[0].data.len()
    );
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

/// Plays each listener must pay for: the log after the fraud rules, as
/// this bench reads them (written here, independently of the SDK's rules):
/// exact duplicates out, under 30 s out, a play starting before the
/// previous counted one ended less 10 s out, at most 3,000 a UTC day.
fn accepted_per_listener(events: &[(u32, u32, i64, u32)]) -> BTreeMap<u32, u64> {
    let mut by_listener: BTreeMap<u32, Vec<(i64, u32, u32)>> = BTreeMap::new();
    for (l, t, ts, s) in events {
        by_listener.entry(*l).or_default().push((*ts, *t, *s));
    }
    let mut out = BTreeMap::new();
    for (l, mut plays) in by_listener {
        plays.sort();
        plays.dedup();
        let mut busy_until = i64::MIN;
        let mut day = (i64::MIN, 0u32);
        let mut n = 0u64;
        for (ts, _, s) in plays {
            if s < 30 || ts < busy_until {
                continue;
            }
            let d = ts.div_euclid(86_400);
            if d != day.0 {
                day = (d, 0);
            }
            if day.1 >= 3_000 {
                continue;
            }
            day.1 += 1;
            busy_until = ts + i64::from(s) - 10;
            n += 1;
        }
        out.insert(l, n);
    }
    out
}

/// What the chain must hold after the epoch: with one price, whichever
/// order plays settle in, listener `l` pays for `min(accepted, deposit /
/// price)` plays.
fn check_against_replay(
    client: &dyn EncoreClient,
    mint: &Pubkey,
    epoch: &SyntheticEpoch,
    wallets: &[Pubkey],
    report: &RunReport,
) {
    let accepted = accepted_per_listener(&epoch.events);
    let (mut paid, mut unpaid) = (0u64, 0u64);
    let mut listener_keys = Vec::new();
    let mut expected = Vec::new();
    for (l, wallet) in wallets.iter().enumerate() {
        let plays = accepted.get(&(l as u32)).copied().unwrap_or(0);
        let affordable = deposit(l) / PRICE;
        let p = plays.min(affordable);
        paid += p;
        unpaid += plays - p;
        listener_keys.push(pda::listener(mint, wallet).0);
        expected.push((deposit(l) - p * PRICE, p));
    }
    let accounts = client
        .get_multiple_accounts(&listener_keys)
        .expect("listeners");
    for (l, (account, want)) in accounts.iter().zip(&expected).enumerate() {
        let listener: encore_sdk::stream_escrow::state::Listener =
            anchor_lang::AccountDeserialize::try_deserialize(
                &mut account.as_ref().expect("listener").data.as_slice(),
            )
            .expect("decode");
        assert_eq!(
            (listener.balance, listener.lifetime_plays),
            *want,
            "listener {l}: balance and plays against the replay"
        );
        assert!(!listener.window.open, "listener {l} left a window open");
    }
    assert_eq!(report.plays_paid, paid, "plays paid against the replay");
    assert_eq!(
        report.plays_unpaid, unpaid,
        "plays unpaid against the replay"
    );
    assert_eq!(report.amount, paid * PRICE, "amount against the replay");
    // The settler's fee is split off each entry, rounded down.
    let entries = report.plan.entries as u64;
    let exact = report.amount * u64::from(SETTLER_FEE_BPS) / 10_000;
    assert!(report.settler_fees <= exact && report.settler_fees + entries >= exact);
    assert!(escrow::books(client, mint).expect("books").conserved());
    println!(
        "  replay               {paid} plays paid, {unpaid} unpaid (short listeners): every \
         listener's balance and plays as the log says"
    );
}

/// A client that measures every transaction it is handed: serialized size
/// and account locks, checked against the packet and lock limits.
struct Measured<'a> {
    inner: &'a dyn EncoreClient,
    sizes: Mutex<Vec<(usize, usize)>>,
}

impl Measured<'_> {
    fn record(&self, tx: &VersionedTransaction) {
        let size = bincode_size(tx);
        let locks = settle::tx::account_locks(&tx.message);
        assert!(size <= MAX_TX_BYTES, "a {size}-byte transaction was sent");
        assert!(
            locks <= MAX_ACCOUNT_LOCKS,
            "a transaction with {locks} locks was sent"
        );
        self.sizes.lock().unwrap().push((size, locks));
    }
}

fn bincode_size(tx: &VersionedTransaction) -> usize {
    settle::tx::transaction_size(&tx.message)
}

impl EncoreClient for Measured<'_> {
    fn get_account(&self, address: &Pubkey) -> encore_sdk::Result<Option<Account>> {
        self.inner.get_account(address)
    }
    fn get_multiple_accounts(
        &self,
        addresses: &[Pubkey],
    ) -> encore_sdk::Result<Vec<Option<Account>>> {
        self.inner.get_multiple_accounts(addresses)
    }
    fn get_program_accounts(
        &self,
        program: &Pubkey,
        filters: &[MemcmpFilter],
    ) -> encore_sdk::Result<Vec<(Pubkey, Account)>> {
        self.inner.get_program_accounts(program, filters)
    }
    fn latest_blockhash(&self) -> encore_sdk::Result<Hash> {
        self.inner.latest_blockhash()
    }
    fn send_transaction(&self, transaction: &Transaction) -> encore_sdk::Result<Signature> {
        self.record(&VersionedTransaction::from(transaction.clone()));
        self.inner.send_transaction(transaction)
    }
    fn send_versioned_transaction(
        &self,
        transaction: &VersionedTransaction,
    ) -> encore_sdk::Result<Signature> {
        self.record(transaction);
        self.inner.send_versioned_transaction(transaction)
    }
    fn submit(&self, transaction: &VersionedTransaction) -> encore_sdk::Result<Submitted> {
        self.record(transaction);
        self.inner.submit(transaction)
    }
    fn signature_statuses(
        &self,
        signatures: &[Signature],
    ) -> encore_sdk::Result<Vec<Option<Result<(), solana_transaction_error::TransactionError>>>>
    {
        self.inner.signature_statuses(signatures)
    }
    fn clock(&self) -> encore_sdk::Result<Clock> {
        self.inner.clock()
    }
    fn airdrop(&self, to: &Pubkey, lamports: u64) -> encore_sdk::Result<()> {
        self.inner.airdrop(to, lamports)
    }
    fn wait_for_slot(&self, slot: u64) -> encore_sdk::Result<()> {
        self.inner.wait_for_slot(slot)
    }
}

/// The epoch's log on `wallets` and `tracks`, its times moved by `shift`.
fn log_on(epoch: &SyntheticEpoch, wallets: &[Pubkey], tracks: &[Pubkey], shift: i64) -> Vec<u8> {
    let mut log = b"listener,track,timestamp,seconds_played\n".to_vec();
    for (l, tr, ts, s) in &epoch.events {
        log.extend_from_slice(
            format!(
                "{},{},{},{s}\n",
                wallets[*l as usize],
                tracks[*tr as usize],
                ts + shift
            )
            .as_bytes(),
        );
    }
    log
}

fn print_report(report: &RunReport, elapsed: Duration, sizes: &[(usize, usize)]) {
    let settle_sizes: Vec<usize> = sizes.iter().map(|s| s.0).collect();
    let biggest = settle_sizes.iter().max().copied().unwrap_or(0);
    let most_locks = sizes.iter().map(|s| s.1).max().unwrap_or(0);
    println!(
        "  settled              {} batches landed ({} passes, {} refused, {} resent) + {} ledger + {} \
         lookup-table transactions in {:.1} s (planning {:.2} s included)",
        report.batches_landed,
        report.passes,
        report.batches_failed,
        report.resends,
        report.ledger_transactions,
        report.setup_transactions,
        elapsed.as_secs_f64(),
        report.plan.plan_millis / 1e3
    );
    println!(
        "  sent                 {} transactions measured: largest {biggest} bytes, most {most_locks} \
         account locks (limits {MAX_TX_BYTES}, {MAX_ACCOUNT_LOCKS})",
        sizes.len()
    );
    println!(
        "  throughput           {:.1} batches/s while sending",
        report.batches_per_second
    );
}

/// Registers the epoch's tracks and funds its listeners on LiteSVM (the
/// settlement tests' chain), then settles the whole epoch with the runner.
fn settle_in_process(epoch: &SyntheticEpoch, expected_ledger_transactions: usize) {
    println!();
    println!("settlement on the in-process chain (LiteSVM, programs run natively):");
    let t = Instant::now();
    // No ledgers and no settler state yet: the run opens them, as the fee
    // figure counts.
    let chain = Chain::new(&ChainSpec {
        open_settler: false,
        ..ChainSpec::new(
            vec![PRICE; epoch.tracks.len()],
            (0..epoch.listeners.len())
                .map(|l| Some(deposit(l)))
                .collect(),
        )
    });
    chain.after_epoch();
    // Setting up the chain may install a logger; quiet it again.
    if std::env::var_os("RUST_LOG").is_none() {
        log::set_max_level(log::LevelFilter::Warn);
    }
    let (mint, settler) = (chain.mint, &chain.settler);
    let (tracks, wallets) = (&chain.tracks, chain.wallets());
    println!(
        "  chain setup          {:.1} s ({} tracks registered, {} listeners funded)",
        t.elapsed().as_secs_f64(),
        tracks.len(),
        wallets.len()
    );
    let log = log_on(epoch, &wallets, tracks, 0);
    let dir = tempfile::tempdir().expect("tempdir");
    let config = RunConfig {
        payment_mint: mint,
        plan: PlanConfig::default(),
        open_fee_bps: SETTLER_FEE_BPS,
        checkpoint: dir.path().join("bench.checkpoint.json"),
        in_flight: 32,
    };
    let client = Measured {
        inner: &chain.client,
        sizes: Mutex::new(Vec::new()),
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
        &client,
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
    assert!(report.complete, "{report:?}");
    assert_eq!(
        report.ledger_transactions as usize, expected_ledger_transactions,
        "the fee figure's ledger openings are what the run sent"
    );
    print_report(&report, elapsed, &client.sizes.lock().unwrap());
    for (name, (first, last)) in &stages {
        println!(
            "    {name:<18} {:.1} s",
            last.duration_since(*first).as_secs_f64()
        );
    }
    check_against_replay(&chain.client, &mint, epoch, &wallets, &report);
}

/// The same epoch over JSON-RPC: the embedded local node, set up directly
/// in its state (not timed), then settled by the runner as `encore settle
/// run` does, pipelined.
fn settle_over_rpc(epoch: &SyntheticEpoch) {
    use encore_sdk::localnet::{Localnet, LocalnetConfig};
    println!();
    println!("settlement over JSON-RPC (the embedded local node, as `encore localnet` serves it):");
    let t = Instant::now();
    let council = seeded(1, 0);
    let net = Localnet::start(LocalnetConfig {
        upgrade_authority: Some(council.pubkey()),
        ..LocalnetConfig::default()
    })
    .expect("start the local node");
    let direct = setup::Direct(&net);
    if std::env::var_os("RUST_LOG").is_none() {
        log::set_max_level(log::LevelFilter::Warn);
    }
    let now = direct.clock().expect("clock").unix_timestamp;
    let setup = setup::build(
        &direct,
        &council,
        epoch.tracks.len(),
        epoch.listeners.len(),
        deposit,
        PRICE,
    );
    // The epoch ends an hour ago.
    let end = epoch.events.iter().map(|e| e.2).max().unwrap_or(T0);
    let log = log_on(epoch, &setup.wallets, &setup.tracks, now - 3_600 - end);
    println!(
        "  node setup           {:.1} s ({} tracks, {} listeners, directly in its state; not timed)",
        t.elapsed().as_secs_f64(),
        setup.tracks.len(),
        setup.wallets.len()
    );
    let rpc = net.client();
    let client = Measured {
        inner: &rpc,
        sizes: Mutex::new(Vec::new()),
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let config = RunConfig {
        payment_mint: setup.mint,
        plan: PlanConfig::default(),
        open_fee_bps: SETTLER_FEE_BPS,
        checkpoint: dir.path().join("rpc.checkpoint.json"),
        in_flight: 64,
    };
    let mut batches_started: Option<Instant> = None;
    let mut on_progress = |stage: Stage, _: u64, _: u64| {
        if stage == Stage::Batches && batches_started.is_none() {
            batches_started = Some(Instant::now());
        }
    };
    let t = Instant::now();
    let report = settle::run(
        &client,
        &setup.settler,
        &log,
        &config,
        RunOptions {
            progress: Some(&mut on_progress),
            ..RunOptions::default()
        },
    )
    .expect("settle the epoch over RPC");
    let elapsed = t.elapsed();
    assert!(report.complete, "{report:?}");
    print_report(&report, elapsed, &client.sizes.lock().unwrap());
    if let Some(start) = batches_started {
        println!(
            "  after set-up         {:.1} s from the first batch to the last confirmation (ledgers \
             and lookup tables before it: {:.1} s)",
            start.elapsed().as_secs_f64(),
            elapsed.as_secs_f64() - start.elapsed().as_secs_f64()
        );
    }
    check_against_replay(&rpc, &setup.mint, epoch, &setup.wallets, &report);
    net.stop().expect("stop the node");
}

/// Building a chain directly in the local node's state, for the bench.
mod setup {
    use super::*;
    use encore_sdk::instructions::{escrow as ix, gov as gov_ix, registry as reg_ix};
    use encore_sdk::localnet::Localnet;
    use encore_sdk::token;
    use encore_sdk::track_registry::instructions::{CreateArtistArgs, RegisterTrackArgs};
    use solana_keypair::Keypair;

    /// The node's state, driven in-process (transactions processed at once).
    pub struct Direct<'a>(pub &'a Localnet);

    impl EncoreClient for Direct<'_> {
        fn get_account(&self, address: &Pubkey) -> encore_sdk::Result<Option<Account>> {
            let a = *address;
            Ok(self.0.with_svm(move |svm| svm.inner.svm.get_account(&a)))
        }
        fn get_program_accounts(
            &self,
            _: &Pubkey,
            _: &[MemcmpFilter],
        ) -> encore_sdk::Result<Vec<(Pubkey, Account)>> {
            Ok(Vec::new())
        }
        fn latest_blockhash(&self) -> encore_sdk::Result<Hash> {
            Ok(self.0.with_svm(|svm| svm.inner.svm.latest_blockhash()))
        }
        fn send_transaction(&self, transaction: &Transaction) -> encore_sdk::Result<Signature> {
            let tx = transaction.clone();
            let result = self.0.with_svm(move |svm| {
                let r = svm.inner.svm.send_transaction(tx).map_err(|f| f.err);
                svm.inner.svm.expire_blockhash();
                r.map(|m| m.signature)
            });
            result.map_err(encore_sdk::SdkError::Transaction)
        }
        fn clock(&self) -> encore_sdk::Result<Clock> {
            Ok(self.0.with_svm(|svm| svm.inner.svm.get_sysvar::<Clock>()))
        }
        fn airdrop(&self, to: &Pubkey, lamports: u64) -> encore_sdk::Result<()> {
            let to = *to;
            self.0
                .with_svm(move |svm| {
                    svm.inner
                        .svm
                        .airdrop(&to, lamports)
                        .map(|_| ())
                        .map_err(|f| f.err)
                })
                .map_err(encore_sdk::SdkError::Transaction)
        }
    }

    pub struct Setup {
        pub mint: Pubkey,
        pub tracks: Vec<Pubkey>,
        pub wallets: Vec<Pubkey>,
        pub settler: Keypair,
    }

    /// Governance, a mint, `tracks` tracks at `price` (ledgers opened at
    /// registration), `listeners` funded listeners, an approved settler.
    pub fn build(
        client: &Direct,
        council: &Keypair,
        tracks: usize,
        listeners: usize,
        deposit: fn(usize) -> u64,
        price: u64,
    ) -> Setup {
        let treasury = seeded(2, 0);
        let init = gov_ix::initialize(
            &council.pubkey(),
            encore_sdk::native::local_params(&treasury.pubkey()),
        );
        client
            .send_instructions(&[init], council, &[])
            .expect("governance");
        let payer = seeded(3, 0);
        client
            .airdrop(&payer.pubkey(), 10_000 * 1_000_000_000)
            .expect("airdrop");
        let mint = seeded(4, 0);
        let ixs = token::create_mint(
            &payer.pubkey(),
            &mint.pubkey(),
            &payer.pubkey(),
            6,
            token::mint_rent(),
        )
        .expect("mint");
        client
            .send_instructions(&ixs, &payer, &[&mint])
            .expect("create mint");
        let mint = mint.pubkey();
        client
            .send_instructions(&[ix::init_escrow(&payer.pubkey(), &mint)], &payer, &[])
            .expect("init escrow");
        let artist = seeded(5, 0);
        client
            .airdrop(&artist.pubkey(), 1_000 * 1_000_000_000)
            .expect("airdrop");
        let create = reg_ix::create_artist(
            &artist.pubkey(),
            CreateArtistArgs {
                handle: "benched".into(),
                display_name: "Benched".into(),
                metadata_uri: String::new(),
            },
        );
        client
            .send_instructions(&[create], &artist, &[])
            .expect("artist");
        let mut track_keys = Vec::with_capacity(tracks);
        for i in 0..tracks {
            let mut hash = [0u8; 32];
            hash[..4].copy_from_slice(&(i as u32 + 1).to_le_bytes());
            hash[31] = 0xb0;
            let register = reg_ix::register_track_with_ledger(
                &artist.pubkey(),
                &mint,
                RegisterTrackArgs {
                    content_hash: hash,
                    isrc: None,
                    metadata_uri: String::new(),
                    terms: chain::terms(price),
                },
            );
            client
                .send_instructions(&register, &artist, &[])
                .expect("register track");
            track_keys.push(pda::track(&hash).0);
        }
        let mut wallets = Vec::with_capacity(listeners);
        for l in 0..listeners {
            let wallet = seeded(7, l as u32);
            let w = wallet.pubkey();
            let source = token::associated_address(&w, &mint);
            let ixs = vec![
                solana_system_interface::instruction::transfer(&payer.pubkey(), &w, 10_000_000),
                token::create_associated_idempotent(&payer.pubkey(), &w, &mint),
                token::mint_to(&mint, &source, &payer.pubkey(), deposit(l)).expect("mint to"),
                ix::open_listener(&w, &mint),
                ix::deposit(&w, &mint, &source, deposit(l)),
            ];
            client
                .send_instructions(&ixs, &payer, &[&wallet])
                .expect("listener");
            wallets.push(w);
        }
        let settler = seeded(6, 0);
        client
            .airdrop(&settler.pubkey(), 1_000 * 1_000_000_000)
            .expect("airdrop");
        client
            .send_instructions(
                &[gov_ix::register_settler(&settler.pubkey(), &mint)],
                &settler,
                &[],
            )
            .expect("register settler");
        // Bonded in the payment mint for more than every listener holds.
        client
            .send_instructions(
                &chain::minted_bond(
                    &payer.pubkey(),
                    &settler.pubkey(),
                    &mint,
                    chain::SETTLER_BOND,
                ),
                &settler,
                &[&payer],
            )
            .expect("post bond");
        client
            .send_instructions(
                &[gov_ix::approve_settler(
                    &council.pubkey(),
                    &settler.pubkey(),
                    0,
                )],
                council,
                &[],
            )
            .expect("approve settler");
        Setup {
            mint,
            tracks: track_keys,
            wallets,
            settler,
        }
    }
}
