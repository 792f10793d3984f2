//! Escrow and settlement through the binary: listeners open and fund their
//! balances, a settler registered and approved through `encore migrate` runs
//! `encore settle run`; a run killed (SIGKILL) after its first batches and
//! rerun leaves exactly the state of a run that was never interrupted.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::system_instruction;
use anchor_lang::AccountDeserialize;
use encore_sdk::client::EncoreClient;
use encore_sdk::instructions::escrow as ix;
use encore_sdk::instructions::registry as reg_ix;
use encore_sdk::stream_escrow::state::{Listener, SettlerState, TrackLedger};
use encore_sdk::track_registry::instructions::RegisterTrackArgs;
use encore_sdk::{escrow, pda, token};
use serde_json::Value;
use solana_keypair::Keypair;
use solana_signer::Signer;

use super::{register_args, E2e, Wallet, BIN};
use crate::settle::chain::{seeded, terms};

const USDC: u64 = 1_000_000;
const TRACKS: u32 = 12;
const LISTENERS: u32 = 24;
/// Listeners opened through `encore escrow open`; the rest through the SDK.
const BY_BINARY: u32 = 2;

/// A localnet ready to settle: governance, a payment mint, twelve tracks, an
/// approved settler and funded listeners. Every key comes from a seed, so
/// two worlds hold the same accounts at the same addresses.
struct World {
    e2e: E2e,
    settler: Wallet,
    mint: Pubkey,
    tracks: Vec<Pubkey>,
    listeners: Vec<Pubkey>,
    plays: String,
}

impl World {
    fn new() -> Self {
        let e2e = E2e::start_with(seeded(1, 0));
        let payer = e2e.adopt("payer", seeded(3, 0));
        let mint = e2e.mint_at(&payer, seeded(4, 0), 6);
        let mint_arg = mint.to_string();

        // The settler registers itself; `encore migrate` initializes
        // governance, then approves it.
        let settler = e2e.adopt("settler", seeded(6, 0));
        let settler_arg = settler.pubkey().to_string();
        let first = e2e.json(&e2e.authority, &["migrate", "--settler", &settler_arg]);
        assert_eq!(first["governance"], "initialized");
        assert_eq!(first["settlers"][0]["status"], "not_registered");
        e2e.json(
            &settler,
            &["gov", "settler", "register", "--bond-mint", &mint_arg],
        );
        let second = e2e.json(&e2e.authority, &["migrate", "--settler", &settler_arg]);
        assert_eq!(second["settlers"][0]["status"], "approved");

        let artist = e2e.adopt("artist", seeded(5, 0));
        e2e.json(&artist, &["artist", "create", "--handle", "settled"]);
        // One track through `encore track register`, the rest in bulk.
        let audio = e2e.file("track0.wav", b"master 0");
        let first = e2e.json(&artist, &register_args(&audio, "0.001", &mint_arg, &[]));
        let mut tracks = vec![super::key(&first["track"])];
        let mut bulk = Vec::new();
        for t in 1..TRACKS {
            let mut content_hash = [0u8; 32];
            content_hash[..4].copy_from_slice(&t.to_le_bytes());
            content_hash[31] = 0xe2;
            let register = reg_ix::register_track(
                &artist.pubkey(),
                &mint,
                RegisterTrackArgs {
                    content_hash,
                    isrc: None,
                    metadata_uri: String::new(),
                    terms: terms(1_000 * u64::from(t + 1)),
                },
            );
            bulk.push((vec![register], &artist.keypair, vec![]));
            tracks.push(pda::track(&content_hash).0);
        }
        e2e.send_all(&bulk);

        // Two listeners through `encore escrow open`, the rest in bulk,
        // funded by the payer.
        let deposit = |i: u32| 20 * USDC + u64::from(i) * USDC / 10;
        let mut listeners = Vec::new();
        for i in 0..BY_BINARY {
            let wallet = e2e.adopt(&format!("listener{i}"), seeded(7, i));
            e2e.mint_to(&payer, &mint, &wallet.pubkey(), deposit(i));
            let amount = token::ui_amount(deposit(i), 6);
            let opened = e2e.json(
                &wallet,
                &["escrow", "open", "--mint", &mint_arg, "--deposit", &amount],
            );
            assert_eq!(opened["balance"]["base_units"], deposit(i));
            listeners.push(wallet.pubkey());
        }
        let wallets: Vec<Keypair> = (BY_BINARY..LISTENERS).map(|i| seeded(7, i)).collect();
        let p = payer.pubkey();
        let bulk: Vec<_> = wallets
            .iter()
            .zip(BY_BINARY..)
            .map(|(wallet, i)| {
                let w = wallet.pubkey();
                let source = token::associated_address(&w, &mint);
                let ixs = vec![
                    system_instruction::transfer(&p, &w, 100_000_000),
                    token::create_associated_idempotent(&p, &w, &mint),
                    token::mint_to(&mint, &source, &p, deposit(i)).unwrap(),
                    ix::open_listener(&w, &mint),
                    ix::deposit(&w, &mint, &source, deposit(i)),
                ];
                (ixs, &payer.keypair, vec![wallet])
            })
            .collect();
        e2e.send_all(&bulk);
        listeners.extend(wallets.iter().map(|w| w.pubkey()));

        let plays = e2e.file("plays.csv", &play_log(&listeners, &tracks));
        Self {
            e2e,
            settler,
            mint,
            tracks,
            listeners,
            plays,
        }
    }

    /// The `settle run` arguments, checkpoint beside the play log.
    fn run_args(&self) -> Vec<String> {
        [
            "settle",
            "run",
            "--plays",
            &self.plays,
            "--mint",
            &self.mint.to_string(),
            "--fee-bps",
            "100",
            "--encoding",
            "legacy",
        ]
        .map(String::from)
        .to_vec()
    }

    fn settle(&self) -> Value {
        let args = self.run_args();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        self.e2e.json(&self.settler, &args)
    }

    fn last_seq(&self) -> u64 {
        self.state::<SettlerState>(&pda::settler_state(&self.settler.pubkey(), &self.mint).0)
            .map_or(0, |s| s.last_seq)
    }

    fn state<T: AccountDeserialize>(&self, key: &Pubkey) -> Option<T> {
        self.e2e
            .client
            .get_account(key)
            .unwrap()
            .map(|a| T::try_deserialize(&mut a.data.as_slice()).unwrap())
    }

    /// What settlement decides: balances, plays, owed amounts, fees, the
    /// sequence and the last audit root (timestamps left out).
    fn settled(&self) -> Vec<String> {
        let mut out = Vec::new();
        for wallet in &self.listeners {
            let l: Listener = self.state(&pda::listener(&self.mint, wallet).0).unwrap();
            out.push(format!(
                "listener {wallet}: balance {} plays {} spent {}",
                l.balance, l.lifetime_plays, l.lifetime_spent
            ));
        }
        for track in &self.tracks {
            let ledger: Option<TrackLedger> = self.state(&pda::ledger(track).0);
            out.push(match ledger {
                Some(l) => format!("ledger {track}: owed {} plays {}", l.owed, l.lifetime_plays),
                None => format!("ledger {track}: none"),
            });
        }
        let s: SettlerState = self
            .state(&pda::settler_state(&self.settler.pubkey(), &self.mint).0)
            .unwrap();
        out.push(format!(
            "settler: seq {} root {:?} fees {} plays {} amount {}",
            s.last_seq, s.last_audit_root, s.fees_owed, s.lifetime_plays, s.lifetime_amount
        ));
        out
    }
}

/// Every listener plays every track one to three times, five minutes apart.
fn play_log(listeners: &[Pubkey], tracks: &[Pubkey]) -> Vec<u8> {
    let mut log = b"listener,track,timestamp,seconds_played\n".to_vec();
    let start = 1_767_225_600_i64;
    for (i, listener) in listeners.iter().enumerate() {
        let mut at = start;
        for (t, track) in tracks.iter().enumerate() {
            for _ in 0..=(i + t) % 3 {
                log.extend_from_slice(format!("{listener},{track},{at},120\n").as_bytes());
                at += 300;
            }
        }
    }
    log
}

#[test]
fn e2e_escrow_and_settle_resume_after_kill() {
    let started = Instant::now();
    // Built side by side: the interrupted world and the clean one.
    let (interrupted, clean) = std::thread::scope(|s| {
        let a = s.spawn(World::new);
        let b = s.spawn(World::new);
        (a.join().unwrap(), b.join().unwrap())
    });
    assert_eq!(interrupted.listeners, clean.listeners);
    assert_eq!(interrupted.tracks, clean.tracks);

    eprintln!("two worlds set up in {:?}", started.elapsed());
    // The clean run, start to finish.
    let report = clean.settle();
    assert_eq!(report["complete"], true, "{report}");
    let planned = report["batches_planned"].as_u64().unwrap();
    assert!(
        planned >= 3,
        "the log needs several batches, planned {planned}"
    );
    assert_eq!(report["batches_sent"], planned);
    assert!(report["plays_paid"].as_u64().unwrap() > 0);

    // The same log on the other world, killed once its first batches landed.
    let mut child = Command::new(BIN)
        .args(["-u", interrupted.e2e.net.url(), "-k"])
        .arg(&interrupted.settler.path)
        .args(interrupted.run_args())
        .args(["--output", "json"])
        .env("HOME", interrupted.e2e.dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while interrupted.last_seq() < 1 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "settle run ended before its first batch landed"
        );
        assert!(Instant::now() < deadline, "no batch landed");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL: no chance to tidy up
    child.wait().unwrap();
    let at_kill = interrupted.last_seq();
    assert!(
        at_kill < planned,
        "killed after all {planned} batches; the test needs a longer log"
    );

    eprintln!(
        "settle run killed after {at_kill} of {planned} batches ({:?} into the test)",
        started.elapsed()
    );
    let resumed = interrupted.settle();
    assert_eq!(resumed["complete"], true, "{resumed}");
    assert_eq!(resumed["resumed"], true, "{resumed}");
    assert_eq!(resumed["last_seq"], report["last_seq"]);
    assert!(resumed["batches_sent"].as_u64().unwrap() <= planned - at_kill);

    // Exactly once: the same balances, ledgers and sequence as the clean run.
    assert_eq!(interrupted.settled(), clean.settled());
    for world in [&interrupted, &clean] {
        assert!(escrow::books(&world.e2e.client, &world.mint)
            .unwrap()
            .conserved());
    }

    // A finished log sends nothing more.
    let again = interrupted.settle();
    assert_eq!(again["batches_sent"], 0);
    let status = interrupted.e2e.json(
        &interrupted.settler,
        &["settle", "status", "--plays", &interrupted.plays],
    );
    assert!(status.is_object(), "{status}");

    // The listener's side of it, through the binary.
    let listener = &interrupted.listeners[0];
    let shown = interrupted.e2e.json(
        &interrupted.settler,
        &[
            "escrow",
            "show",
            "--mint",
            &interrupted.mint.to_string(),
            "--wallet",
            &listener.to_string(),
        ],
    );
    let l: Listener = interrupted
        .state(&pda::listener(&interrupted.mint, listener).0)
        .unwrap();
    assert_eq!(shown["balance"]["base_units"], l.balance);
    assert_eq!(shown["lifetime_plays"], l.lifetime_plays);
    assert!(l.lifetime_plays > 0);

    // Unspent money comes back after the notice period.
    let e2e = &interrupted.e2e;
    let fan = Wallet {
        keypair: seeded(7, 0),
        path: e2e.dir.path().join("listener0.json"),
    };
    let mint = interrupted.mint.to_string();
    let requested = e2e.json(
        &fan,
        &["escrow", "withdraw", "--mint", &mint, "--amount", "5"],
    );
    assert_eq!(requested["withdrawal"]["amount"]["base_units"], 5 * USDC);
    let (error, _) = e2e.fail(&fan, &["escrow", "withdraw", "--mint", &mint, "--complete"]);
    assert!(error.contains("WithdrawalNotReady"), "{error}");
    e2e.net.warp_seconds(2 * 86_400 + 60).unwrap();
    let done = e2e.json(&fan, &["escrow", "withdraw", "--mint", &mint, "--complete"]);
    assert_eq!(done["balance"]["base_units"], l.balance - 5 * USDC);
    let wallet_tokens = token::associated_address(listener, &interrupted.mint);
    assert_eq!(
        token::balance(&e2e.client, &wallet_tokens).unwrap(),
        5 * USDC
    );
}
