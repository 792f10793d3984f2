//! `encore settle` and `encore escrow`, driven in-process.

use anchor_lang::prelude::Pubkey;
use encore_sdk::settle::PlanConfig;
use encore_sdk::track_registry::state::TrackStatus;
use encore_sdk::{accounts, escrow, token, EncoreClient};
use serde_json::Value;
use solana_keypair::Keypair;
use solana_signer::Signer;

use super::chain::{Chain, ChainSpec, SOL};
use super::epoch::{generate, EpochSpec};
use super::{csv, key, mapped, plan_of, T0};
use crate::support::cli::{fail_cli, json_cli, run_cli};

struct Cli<'a> {
    chain: &'a Chain,
    dir: tempfile::TempDir,
}

impl<'a> Cli<'a> {
    fn new(chain: &'a Chain) -> Self {
        Self {
            chain,
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn file(&self, name: &str, contents: &[u8]) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, contents).unwrap();
        path.to_string_lossy().into_owned()
    }

    fn keypair_file(&self, keypair: &Keypair) -> String {
        let bytes = serde_json::to_vec(&keypair.to_bytes().to_vec()).unwrap();
        self.file(&format!("{}.json", keypair.pubkey()), &bytes)
    }

    fn run(&self, keypair: &Keypair, args: &[&str]) -> Result<String, (String, String)> {
        run_cli(&self.chain.client, &self.keypair_file(keypair), args)
    }

    fn json(&self, keypair: &Keypair, args: &[&str]) -> Value {
        json_cli(&self.chain.client, &self.keypair_file(keypair), args)
    }

    fn fail(&self, keypair: &Keypair, args: &[&str]) -> (String, String) {
        fail_cli(&self.chain.client, &self.keypair_file(keypair), args)
    }
}

fn base(value: &Value) -> u64 {
    value["base_units"].as_u64().unwrap()
}

#[test]
fn settle_plan_prints_its_figures_offline() {
    let chain = Chain::new(&ChainSpec::new(vec![], vec![]));
    let cli = Cli::new(&chain);
    let epoch = generate(EpochSpec {
        bots: 2,
        ..EpochSpec::small(400, 90, 20_000, 6)
    });
    let plays = cli.file("plays.csv", &epoch.csv());
    let prices: String = epoch
        .tracks
        .iter()
        .enumerate()
        .map(|(i, t)| format!("{t},{}\n", 10 + i))
        .collect();
    let prices_file = cli.file("prices.csv", format!("track,price\n{prices}").as_bytes());
    let nobody = Keypair::new();
    let plan = cli.json(
        &nobody,
        &[
            "settle",
            "plan",
            "--plays",
            &plays,
            "--prices",
            &prices_file,
        ],
    );
    for field in [
        "plays_in",
        "plays_accepted",
        "rejected",
        "listeners",
        "tracks",
        "pairs",
        "transactions",
        "setup_transactions",
        "fixed_accounts_per_tx",
        "max_tx_bytes",
        "max_account_locks",
        "lower_bound",
        "events_per_second",
        "expected_amount",
    ] {
        assert!(!plan[field].is_null(), "{field} missing: {plan}");
    }
    let rejected = &plan["rejected"];
    let total: u64 = ["duplicate", "too_short", "overlapping", "daily_cap"]
        .iter()
        .map(|k| rejected[*k].as_u64().unwrap())
        .sum();
    assert_eq!(plan["plays_in"], 20_000);
    assert_eq!(plan["plays_accepted"].as_u64().unwrap(), 20_000 - total);
    assert_eq!(rejected["duplicate"], 200);
    assert!(plan["max_tx_bytes"].as_u64().unwrap() <= 1_232);
    assert!(plan["max_account_locks"].as_u64().unwrap() <= 64);
    let (transactions, lower_bound) = (
        plan["transactions"].as_u64().unwrap(),
        plan["lower_bound"].as_u64().unwrap(),
    );
    assert!(transactions >= lower_bound && transactions <= 3 * lower_bound);
    assert!(plan["events_per_second"].as_f64().unwrap() > 0.0);
    assert_eq!(plan["priced_tracks"], 90);

    // The same log as JSON lines, with the default price, forced to legacy.
    let jsonl = cli.file("plays.jsonl", &epoch.json_lines());
    let legacy = cli.json(
        &nobody,
        &["settle", "plan", "--plays", &jsonl, "--encoding", "legacy"],
    );
    assert_eq!(legacy["pairs"], plan["pairs"]);
    assert_eq!(legacy["setup_transactions"], 0);
    assert_eq!(
        legacy["expected_amount"].as_u64().unwrap(),
        plan["plays_accepted"].as_u64().unwrap()
    );
    let display = cli
        .run(&nobody, &["settle", "plan", "--plays", &plays])
        .unwrap();
    assert!(display.contains("Lower bound"), "{display}");

    let bad = cli.file(
        "bad.csv",
        b"listener,track,timestamp,seconds_played\nx,y,1,40\n",
    );
    let (error, hint) = cli.fail(&nobody, &["settle", "plan", "--plays", &bad]);
    assert!(error.contains("line 2"), "{error}");
    assert!(hint.contains("listener wallet"), "{hint}");
}

/// `settle plan --output json` of `events`.
fn plan_json(cli: &Cli, name: &str, events: &[(Pubkey, Pubkey, i64, u32)]) -> Value {
    let plays = cli.file(name, &csv(events));
    cli.json(&Keypair::new(), &["settle", "plan", "--plays", &plays])
}

#[test]
fn settle_plan_lower_bound_is_the_reference_formula() {
    let chain = Chain::new(&ChainSpec::new(vec![], vec![]));
    let cli = Cli::new(&chain);

    // 130 listeners, one play each of one of 2 tracks: account slots bind.
    // max(ceil((130 + 2) / 60), ceil(130 / 250)) = max(3, 1) = 3.
    let slots: Vec<_> = (0..130u32)
        .map(|l| (key(l), key(1_000 + l % 2), T0 + i64::from(l), 200))
        .collect();
    let plan = plan_json(&cli, "slots.csv", &slots);
    assert_eq!(
        (plan["listeners"].clone(), plan["tracks"].clone()),
        (130.into(), 2.into())
    );
    assert_eq!(plan["pairs"], 130);
    assert_eq!(plan["lower_bound"], 3);
    assert!(plan["transactions"].as_u64().unwrap() >= 3);

    // 20 listeners each playing 40 tracks once, back to back: entries bind,
    // and 60 accounts fill exactly one transaction's slots.
    // max(ceil((20 + 40) / 60), ceil(800 / 250)) = max(1, 4) = 4.
    let entries: Vec<_> = (0..20u32)
        .flat_map(|l| {
            (0..40u32).map(move |t| (key(l), key(1_000 + t), T0 + 200 * i64::from(t), 200))
        })
        .collect();
    let plan = plan_json(&cli, "entries.csv", &entries);
    assert_eq!(
        (plan["listeners"].clone(), plan["tracks"].clone()),
        (20.into(), 40.into())
    );
    assert_eq!(plan["pairs"], 800);
    assert_eq!(plan["lower_bound"], 4);
    assert!(plan["transactions"].as_u64().unwrap() >= 4);
}

#[test]
fn settle_plan_counts_a_pair_split_over_entries_once() {
    let chain = Chain::new(&ChainSpec::new(vec![], vec![]));
    let cli = Cli::new(&chain);
    // 10 listeners x 25 tracks, one play each, except that listener 0 plays
    // track 0 65,536 times (30 s back to back, 2,880 a day: every rule
    // passes), one more than a settle entry holds.
    const LONG: u32 = 65_536;
    let mut events: Vec<_> = (0..LONG)
        .map(|i| (key(0), key(1_000), T0 + 30 * i64::from(i), 30))
        .collect();
    let after = T0 + 30 * i64::from(LONG);
    for l in 0..10u32 {
        for t in (0..25u32).filter(|t| l > 0 || *t > 0) {
            events.push((key(l), key(1_000 + t), after + 200 * i64::from(t), 200));
        }
    }
    let plan = plan_json(&cli, "long.csv", &events);
    assert_eq!(plan["plays_accepted"], u64::from(LONG) + 249);
    // 250 distinct pairs, packed as 251 entries.
    assert_eq!(plan["pairs"], 250);
    // max(ceil((10 + 25) / 60), ceil(250 / 250)) = 1; counting the split
    // entry as a pair would make it 2.
    assert_eq!(plan["lower_bound"], 1);
    let sdk_plan = plan_of(&csv(&events), &PlanConfig::default());
    assert_eq!(sdk_plan.aggregate.pairs.len(), 251);
    assert_eq!(sdk_plan.aggregate.distinct_pairs, 250);
    assert_eq!(sdk_plan.lower_bound(), 1);
    // Listener 0 (the smallest address) settles its 25 pairs in 26 entries.
    let entries: Vec<u16> = sdk_plan
        .batches
        .iter()
        .flat_map(|b| b.entries())
        .filter(|e| sdk_plan.aggregate.pairs[e.pair as usize].listener == 0)
        .map(|e| e.plays)
        .collect();
    assert_eq!(entries.len(), 26);
    assert!(entries.contains(&u16::MAX), "{entries:?}");
    assert_eq!(
        entries.iter().map(|p| u64::from(*p)).sum::<u64>(),
        u64::from(LONG) + 24
    );
}

#[test]
fn track_changes_apply_to_plays_from_their_time_on() {
    let chain = Chain::new(&ChainSpec {
        open_ledgers: 3,
        ..ChainSpec::new(vec![100, 200, 300, 400], vec![Some(1_000_000)])
    });
    let cli = Cli::new(&chain);
    let artist = &chain.artist;
    let track = |t: usize| chain.tracks[t].to_string();
    let ledger = |t: usize| {
        escrow::ledger(&chain.client, &chain.tracks[t])
            .unwrap()
            .expect("ledger")
    };
    let notice = encore_sdk::native::local_params(&Pubkey::default()).withdrawal_notice_secs;

    // Two plays of track 0 before it is paused, three after; two of track 1.
    let paused_at = T0 + 10_000;
    chain.set_time(paused_at);
    let paused = cli.json(artist, &["track", "pause", &track(0)]);
    assert_eq!(paused["status"], "paused");
    assert_eq!(paused["ledger_synced"], true);
    assert_eq!(paused["terms_effective_at"], paused_at);
    assert_eq!(
        ledger(0).terms_at(paused_at - 1).unwrap().status,
        TrackStatus::Active
    );
    assert_eq!(
        ledger(0).terms_at(paused_at).unwrap().status,
        TrackStatus::Paused
    );
    let listener = chain.listeners[0].pubkey();
    let mut events = vec![
        (listener, chain.tracks[0], T0 + 100, 200),
        (listener, chain.tracks[0], T0 + 400, 200),
    ];
    events.extend((0..5).map(|i| {
        let t = if i < 3 { 0 } else { 1 };
        (
            listener,
            chain.tracks[t],
            paused_at + 200 * i64::from(i),
            200,
        )
    }));
    chain.set_time(paused_at + 5_000);
    let plays = cli.file("paused.csv", &csv(&events));
    // The pause stops no batch: its later plays are reported, the rest paid.
    let report = cli.json(&chain.settler, &["settle", "run", "--plays", &plays]);
    assert_eq!(report["complete"], true, "{report}");
    assert_eq!(report["plan"]["skipped"]["track_paused"], 3);
    assert_eq!(report["plays_paid"], 4);
    assert_eq!(ledger(0).lifetime_plays, 2);
    assert_eq!(ledger(1).lifetime_plays, 2);
    let l = escrow::listener(&chain.client, &chain.mint, &listener)
        .unwrap()
        .unwrap();
    assert_eq!(l.balance, 1_000_000 - 2 * 100 - 2 * 200);

    let resumed = cli.json(artist, &["track", "resume", &track(0)]);
    assert_eq!(resumed["ledger_synced"], true);
    assert_eq!(
        ledger(0).terms_at(paused_at + 5_000).unwrap().status,
        TrackStatus::Active
    );

    // A rise waits out the notice; the CLI says when it applies.
    let now = paused_at + 5_000;
    let repriced = cli.json(
        artist,
        &[
            "track",
            "update-terms",
            &track(1),
            "--price-base-units",
            "250",
        ],
    );
    assert_eq!(repriced["ledger_synced"], true);
    assert_eq!(repriced["terms_effective_at"], now + notice);
    let human = cli
        .run(
            artist,
            &[
                "track",
                "update-terms",
                &track(1),
                "--price-base-units",
                "260",
            ],
        )
        .unwrap();
    assert!(human.contains("charged the new terms"), "{human}");
    let synced = ledger(1);
    assert_eq!(synced.terms_at(now).unwrap().price, 200);
    assert_eq!(synced.terms_at(now + notice - 1).unwrap().price, 200);
    assert_eq!(synced.terms_at(now + notice).unwrap().price, 260);
    assert_eq!(
        synced.terms_version,
        accounts::track(&chain.client, &chain.tracks[1])
            .unwrap()
            .terms_version
    );
    // A cut applies at once.
    let cut = cli.json(
        artist,
        &[
            "track",
            "update-terms",
            &track(2),
            "--price-base-units",
            "150",
        ],
    );
    assert_eq!(cut["terms_effective_at"], now);
    assert_eq!(ledger(2).terms_at(now).unwrap().price, 150);

    let retired = cli.json(artist, &["track", "retire", &track(2)]);
    assert_eq!(retired["ledger_synced"], true);
    assert_eq!(
        ledger(2).terms_at(now).unwrap().status,
        TrackStatus::Retired
    );

    // A track without a ledger (registered by another client): the change goes alone.
    let human = cli.run(artist, &["track", "pause", &track(3)]).unwrap();
    assert!(human.contains("none yet"), "{human}");
    assert!(escrow::ledger(&chain.client, &chain.tracks[3])
        .unwrap()
        .is_none());
}

#[test]
fn escrow_open_deposit_cap_withdraw_and_show() {
    let chain = Chain::new(&ChainSpec::new(vec![100], vec![]));
    let cli = Cli::new(&chain);
    let mint = chain.mint.to_string();
    let wallet = Keypair::new();
    chain.client.airdrop(&wallet.pubkey(), 2 * SOL).unwrap();
    let ata = token::associated_address(&wallet.pubkey(), &chain.mint);
    chain
        .client
        .send_instructions(
            &[
                token::create_associated_idempotent(
                    &wallet.pubkey(),
                    &wallet.pubkey(),
                    &chain.mint,
                ),
                token::mint_to(&chain.mint, &ata, &chain.payer.pubkey(), 3_000_000).unwrap(),
            ],
            &wallet,
            &[&chain.payer],
        )
        .unwrap();

    let opened = cli.json(
        &wallet,
        &["escrow", "open", "--mint", &mint, "--deposit", "1.5"],
    );
    assert_eq!(base(&opened["balance"]), 1_500_000);
    assert_eq!(opened["balance"]["ui"], "1.5");
    assert!(opened["cap_per_period"].is_null());
    let (error, hint) = cli.fail(&wallet, &["escrow", "open", "--mint", &mint]);
    assert!(error.contains("already has"), "{error}");
    assert!(hint.contains("escrow deposit"), "{hint}");

    let deposited = cli.json(
        &wallet,
        &["escrow", "deposit", "--mint", &mint, "--amount", "0.5"],
    );
    assert_eq!(base(&deposited["balance"]), 2_000_000);
    let (error, _) = cli.fail(
        &wallet,
        &["escrow", "deposit", "--mint", &mint, "--amount", "5"],
    );
    assert!(error.contains("less than"), "{error}");

    // Lowering the cap waits out the notice: plays made until then keep
    // the cap they were made under.
    let now = chain.client.clock().unwrap().unix_timestamp;
    let capped = cli.json(
        &wallet,
        &[
            "escrow", "cap", "--mint", &mint, "--amount", "1", "--period", "1d",
        ],
    );
    assert!(
        capped["cap_per_period"].is_null(),
        "still uncapped: {capped}"
    );
    assert_eq!(capped["cap_changes"].as_array().map(Vec::len), Some(1));
    let pending = &capped["cap_changes"][0];
    assert_eq!(base(&pending["cap_per_period"]), 1_000_000);
    assert_eq!(pending["cap_period_secs"], 86_400);
    assert_eq!(pending["effective_at"], now + 2 * 86_400);
    let human = cli
        .run(&wallet, &["escrow", "show", "--mint", &mint])
        .unwrap();
    assert!(human.contains("for plays from"), "{human}");
    let (_, hint) = cli.fail(
        &wallet,
        &[
            "escrow", "cap", "--mint", &mint, "--amount", "1", "--period", "5m",
        ],
    );
    assert!(hint.contains("1h and 365d"), "{hint}");
    // Lifting it is a raise: at once, and the pending change is dropped.
    let uncapped = cli.json(&wallet, &["escrow", "cap", "--mint", &mint, "--none"]);
    assert!(uncapped["cap_per_period"].is_null());
    assert_eq!(uncapped["cap_changes"], serde_json::json!([]));

    let requested = cli.json(
        &wallet,
        &["escrow", "withdraw", "--mint", &mint, "--amount", "0.75"],
    );
    let withdrawal = &requested["withdrawal"];
    assert_eq!(base(&withdrawal["amount"]), 750_000);
    assert_eq!(
        withdrawal["available_at"].as_i64().unwrap() - withdrawal["requested_at"].as_i64().unwrap(),
        2 * 86_400
    );
    let (error, hint) = cli.fail(
        &wallet,
        &["escrow", "withdraw", "--mint", &mint, "--complete"],
    );
    assert!(error.contains("WithdrawalNotReady"), "{error}");
    assert!(hint.contains("escrow show"), "{hint}");
    chain.client.warp_seconds(2 * 86_400);
    let done = cli.json(
        &wallet,
        &["escrow", "withdraw", "--mint", &mint, "--complete"],
    );
    assert_eq!(base(&done["balance"]), 1_250_000);
    assert!(done["withdrawal"].is_null());
    assert_eq!(
        token::balance(&chain.client, &ata).unwrap(),
        3_000_000 - 2_000_000 + 750_000
    );

    cli.json(
        &wallet,
        &["escrow", "withdraw", "--mint", &mint, "--amount", "0.1"],
    );
    let cancelled = cli.json(
        &wallet,
        &["escrow", "withdraw", "--mint", &mint, "--cancel"],
    );
    assert!(cancelled["withdrawal"].is_null());
    let (error, hint) = cli.fail(
        &wallet,
        &["escrow", "withdraw", "--mint", &mint, "--cancel"],
    );
    assert!(error.contains("NoWithdrawalRequest"), "{error}");
    assert!(hint.contains("--amount"), "{hint}");

    let shown = cli.json(&wallet, &["escrow", "show", "--mint", &mint]);
    assert_eq!(base(&shown["balance"]), 1_250_000);
    let all = cli.json(&wallet, &["escrow", "show"]);
    assert_eq!(all.as_array().unwrap().len(), 1);
    let stranger = Keypair::new();
    let (error, hint) = cli.fail(&stranger, &["escrow", "show", "--mint", &mint]);
    assert!(error.contains("no listener balance"), "{error}");
    assert!(hint.contains("escrow open"), "{hint}");
}

#[test]
fn settle_run_and_status_through_the_cli() {
    let chain = Chain::new(&ChainSpec::new(
        vec![500, 1_500, 20],
        vec![Some(100_000_000); 6],
    ));
    chain.after_epoch();
    let cli = Cli::new(&chain);
    let events = mapped(
        EpochSpec::small(6, 3, 900, 12),
        &chain.wallets(),
        &chain.tracks,
    );
    let plays = cli.file("epoch.csv", &csv(&events));
    let settler = &chain.settler;
    // Mint inferred from the tracks; checkpoint next to the log.
    let report = cli.json(settler, &["settle", "run", "--plays", &plays]);
    for field in [
        "batches_sent",
        "batches_landed",
        "first_seq",
        "last_seq",
        "plays_paid",
        "plays_unpaid",
        "plays_already_settled",
        "amount",
        "batches_per_second",
    ] {
        assert!(!report[field].is_null(), "{field} missing: {report}");
    }
    assert_eq!(report["complete"], true);
    assert_eq!(report["first_seq"], 1);
    assert_eq!(report["plays_unpaid"], 0);
    assert_eq!(report["plays_already_settled"], 0);
    assert_eq!(report["payment_mint"], chain.mint.to_string());
    let batches = report["batches_landed"].as_u64().unwrap();
    assert_eq!(report["last_seq"].as_u64().unwrap(), batches);
    assert_eq!(report["amount_ui"]["base_units"], report["amount"]);

    let status = cli.json(settler, &["settle", "status", "--plays", &plays]);
    assert_eq!(status["highest_seq"].as_u64().unwrap(), batches);
    assert_eq!(status["batches"].as_u64().unwrap(), batches);
    assert_eq!(status["log"]["complete"], true);
    assert_eq!(status["log"]["plays_pending"], 0);
    assert_eq!(status["log"]["plays_settled"], report["plays_paid"]);
    assert_eq!(status["lifetime_plays"], report["plays_paid"]);
    let mint = chain.mint.to_string();
    let bare = cli.json(settler, &["settle", "status", "--mint", &mint]);
    assert!(bare["log"].is_null());
    assert_eq!(bare["highest_seq"], status["highest_seq"]);

    let again = cli.json(settler, &["settle", "run", "--plays", &plays]);
    assert_eq!(again["batches_sent"], 0);
    assert_eq!(again["resumed"], true);
    assert_eq!(again["plays_already_settled"], report["plays_paid"]);

    let stranger = Keypair::new();
    chain.client.airdrop(&stranger.pubkey(), SOL).unwrap();
    let other = cli.file("other.csv", &csv(&events[..100]));
    let (error, hint) = cli.fail(&stranger, &["settle", "run", "--plays", &other]);
    assert!(error.contains("not approved"), "{error}");
    assert!(hint.contains("gov settler approve"), "{hint}");
}

/// `encore settle reclaim`: only once the run is complete; deactivates the
/// run's lookup tables, waits out the cool-down, then closes them and pays
/// their rent back to the settler. Idempotent at every step.
#[test]
fn settle_reclaim_returns_the_lookup_table_rent() {
    use encore_sdk::settle::reclaim::deactivation_slot;
    use encore_sdk::settle::{self, checkpoint, EncodingChoice, RunConfig, RunError, RunOptions};

    // Enough pairs for several batches, so a run can stop halfway.
    let chain = Chain::new(&ChainSpec::new(
        vec![500, 1_500, 20, 700, 90, 300, 40, 60],
        vec![Some(100_000_000); 80],
    ));
    chain.after_epoch();
    let cli = Cli::new(&chain);
    let events = mapped(
        EpochSpec::small(80, 8, 6_000, 3),
        &chain.wallets(),
        &chain.tracks,
    );
    let log = csv(&events);
    let plays = cli.file("epoch.csv", &log);
    let settler = &chain.settler;
    let path = checkpoint::default_path(std::path::Path::new(&plays));

    // A run forced onto lookup tables, stopped after its first batch.
    let config = RunConfig {
        payment_mint: chain.mint,
        plan: PlanConfig {
            encoding: EncodingChoice::LookupTables,
            ..PlanConfig::default()
        },
        open_fee_bps: 0,
        checkpoint: path.clone(),
        in_flight: 4,
    };
    let options = RunOptions {
        crash_after_send: Some(1),
        ..RunOptions::default()
    };
    let stopped = settle::run(&chain.client, settler, &log, &config, options);
    assert!(
        matches!(stopped, Err(RunError::Interrupted(1))),
        "{stopped:?}"
    );
    let tables: Vec<Pubkey> = checkpoint::Checkpoint::load(&path)
        .unwrap()
        .expect("checkpoint")
        .lookup_tables
        .iter()
        .map(|r| r.address.parse().unwrap())
        .collect();
    assert!(!tables.is_empty());
    let left = cli.json(settler, &["settle", "status", "--plays", &plays]);
    assert!(
        left["log"]["batches_pending"].as_u64().unwrap() >= 1,
        "{left}"
    );
    let (error, hint) = cli.fail(settler, &["settle", "reclaim", "--plays", &plays]);
    assert!(error.contains("not complete"), "{error}");
    assert!(hint.contains("encore settle run"), "{hint}");
    for table in &tables {
        let account = chain.client.get_account(table).unwrap().expect("table");
        assert_eq!(deactivation_slot(&account.data), Some(u64::MAX));
    }

    let finished = cli.json(settler, &["settle", "run", "--plays", &plays]);
    assert_eq!(finished["complete"], true);
    let stranger = Keypair::new();
    chain.client.airdrop(&stranger.pubkey(), SOL).unwrap();
    let (error, _) = cli.fail(&stranger, &["settle", "reclaim", "--plays", &plays]);
    assert!(error.contains("belong to settler"), "{error}");

    // Step one: deactivation, in one transaction for all tables.
    let n = tables.len();
    let first = cli.json(settler, &["settle", "reclaim", "--plays", &plays]);
    assert_eq!(
        (
            &first["deactivated"],
            &first["closed"],
            &first["transactions"]
        ),
        (&n.into(), &0.into(), &1.into())
    );
    let rent: u64 = tables
        .iter()
        .map(|t| {
            let account = chain.client.get_account(t).unwrap().expect("table");
            assert_ne!(deactivation_slot(&account.data), Some(u64::MAX));
            account.lamports
        })
        .sum();
    let waiting = cli.json(settler, &["settle", "reclaim", "--plays", &plays]);
    assert_eq!(
        (&waiting["waiting"], &waiting["transactions"]),
        (&n.into(), &0.into())
    );

    // The cool-down: the deactivation slot leaves the 512 recent slot hashes.
    for _ in 0..=512 {
        let slot = chain.client.clock().unwrap().slot;
        chain.client.wait_for_slot(slot).unwrap();
    }
    let before = chain.client.balance(&settler.pubkey()).unwrap();
    let closed = cli.json(settler, &["settle", "reclaim", "--plays", &plays]);
    assert_eq!(
        (&closed["closed"], &closed["lamports_returned"]),
        (&n.into(), &rent.into())
    );
    let fees = 5_000 * closed["transactions"].as_u64().unwrap();
    assert_eq!(
        chain.client.balance(&settler.pubkey()).unwrap(),
        before + rent - fees
    );
    for table in &tables {
        assert!(chain.client.get_account(table).unwrap().is_none());
    }
    let done = cli.json(settler, &["settle", "reclaim", "--plays", &plays]);
    assert_eq!(
        (&done["gone"], &done["transactions"]),
        (&n.into(), &0.into())
    );
    let human = cli
        .run(settler, &["settle", "reclaim", "--plays", &plays])
        .unwrap();
    assert!(
        human.contains("Every lookup table of the run is closed"),
        "{human}"
    );
}

/// `encore escrow collect`: a track retired before it had shares can never
/// get a revenue vault, so its settled earnings go to its authority; a
/// live track without shares waits; a track with nothing owed says so.
#[test]
fn a_retired_track_without_shares_is_paid_to_its_authority() {
    let chain = Chain::new(&ChainSpec {
        open_ledgers: 2,
        ..ChainSpec::new(vec![700, 300], vec![Some(1_000_000)])
    });
    let cli = Cli::new(&chain);
    let listener = chain.listeners[0].pubkey();
    let events: Vec<_> = (0..6)
        .map(|i| (listener, chain.tracks[i % 2], T0 + 400 * i as i64, 200))
        .collect();
    chain.set_time(T0 + 10_000);
    let plays = cli.file("plays.csv", &csv(&events));
    let report = cli.json(&chain.settler, &["settle", "run", "--plays", &plays]);
    assert_eq!(report["plays_paid"], 6);
    // 3 plays at 700, less the settler's 1 % (rounded down per entry).
    let owed = 3 * 700 - 3 * 700 / 100;
    assert_eq!(
        escrow::ledger(&chain.client, &chain.tracks[0])
            .unwrap()
            .unwrap()
            .owed,
        owed
    );

    let anyone = Keypair::new();
    chain.client.airdrop(&anyone.pubkey(), SOL).unwrap();
    let (error, hint) = cli.fail(
        &anyone,
        &["escrow", "collect", "--track", &chain.tracks[0].to_string()],
    );
    assert!(error.contains("no royalty shares yet"), "{error}");
    assert!(hint.contains("shares create"), "{hint}");

    cli.json(
        &chain.artist,
        &["track", "retire", &chain.tracks[0].to_string()],
    );
    let collected = cli.json(
        &anyone,
        &["escrow", "collect", "--track", &chain.tracks[0].to_string()],
    );
    assert_eq!(collected["paid_to"], "authority");
    assert_eq!(base(&collected["owed"]), owed);
    let fee_bps = encore_sdk::native::local_params(&Pubkey::default()).protocol_fee_bps;
    let fee = owed * u64::from(fee_bps) / 10_000;
    let authority_tokens = token::associated_address(&chain.artist.pubkey(), &chain.mint);
    assert_eq!(
        token::balance(&chain.client, &authority_tokens).unwrap(),
        owed - fee
    );
    assert_eq!(
        escrow::ledger(&chain.client, &chain.tracks[0])
            .unwrap()
            .unwrap()
            .owed,
        0
    );
    let (error, _) = cli.fail(
        &anyone,
        &["escrow", "collect", "--track", &chain.tracks[0].to_string()],
    );
    assert!(error.contains("nothing owed"), "{error}");
    assert!(escrow::books(&chain.client, &chain.mint)
        .unwrap()
        .conserved());
}
