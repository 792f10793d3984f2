//! `encore settle` and `encore escrow`, driven in-process.

use encore_sdk::{token, EncoreClient};
use serde_json::Value;
use solana_keypair::Keypair;
use solana_signer::Signer;

use super::chain::{Chain, ChainSpec, SOL};
use super::epoch::{generate, EpochSpec};
use super::{csv, mapped};

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
        let path = self.keypair_file(keypair);
        let mut full = vec!["encore", "-k", path.as_str()];
        full.extend_from_slice(args);
        let mut out = Vec::new();
        encore_cli::run_with_client(&full, &self.chain.client, &mut out)
            .map_err(|e| encore_cli::error::report(&e))?;
        Ok(String::from_utf8(out).unwrap())
    }

    fn json(&self, keypair: &Keypair, args: &[&str]) -> Value {
        let mut full = args.to_vec();
        full.extend_from_slice(&["--output", "json"]);
        let text = self
            .run(keypair, &full)
            .unwrap_or_else(|e| panic!("encore {args:?} failed: {e:?}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
    }

    fn fail(&self, keypair: &Keypair, args: &[&str]) -> (String, String) {
        match self.run(keypair, args) {
            Ok(out) => panic!("encore {args:?} succeeded: {out}"),
            Err(report) => report,
        }
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

    let capped = cli.json(
        &wallet,
        &[
            "escrow", "cap", "--mint", &mint, "--amount", "1", "--period", "1d",
        ],
    );
    assert_eq!(base(&capped["cap_per_period"]), 1_000_000);
    assert_eq!(capped["cap_period_secs"], 86_400);
    let (_, hint) = cli.fail(
        &wallet,
        &[
            "escrow", "cap", "--mint", &mint, "--amount", "1", "--period", "5m",
        ],
    );
    assert!(hint.contains("1h and 365d"), "{hint}");
    let uncapped = cli.json(&wallet, &["escrow", "cap", "--mint", &mint, "--none"]);
    assert!(uncapped["cap_per_period"].is_null());

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
        "resumed_from_seq",
        "last_seq",
        "plays_paid",
        "plays_unpaid",
        "amount",
    ] {
        assert!(!report[field].is_null(), "{field} missing: {report}");
    }
    assert_eq!(report["complete"], true);
    assert_eq!(report["resumed_from_seq"], 1);
    assert_eq!(report["plays_unpaid"], 0);
    assert_eq!(report["payment_mint"], chain.mint.to_string());
    let batches = report["batches_sent"].as_u64().unwrap();
    assert_eq!(report["last_seq"].as_u64().unwrap(), batches);
    assert_eq!(report["amount_ui"]["base_units"], report["amount"]);

    let status = cli.json(settler, &["settle", "status", "--plays", &plays]);
    assert_eq!(status["last_seq"].as_u64().unwrap(), batches);
    assert_eq!(status["checkpoint"]["complete"], true);
    assert_eq!(status["checkpoint"]["remaining"], 0);
    assert_eq!(status["lifetime_plays"], report["plays_paid"]);
    let mint = chain.mint.to_string();
    let bare = cli.json(settler, &["settle", "status", "--mint", &mint]);
    assert!(bare["checkpoint"].is_null());
    assert_eq!(bare["last_seq"], status["last_seq"]);

    let again = cli.json(settler, &["settle", "run", "--plays", &plays]);
    assert_eq!(again["batches_sent"], 0);
    assert_eq!(again["resumed"], true);

    let stranger = Keypair::new();
    chain.client.airdrop(&stranger.pubkey(), SOL).unwrap();
    let other = cli.file("other.csv", &csv(&events[..100]));
    let (error, hint) = cli.fail(&stranger, &["settle", "run", "--plays", &other]);
    assert!(error.contains("not approved"), "{error}");
    assert!(hint.contains("gov settler approve"), "{hint}");
}
