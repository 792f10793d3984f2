//! Escrow and settlement through the binary: listeners open and fund their
//! balances, a settler registered and approved through `encore migrate` runs
//! `encore settle run`; a run killed (SIGKILL) after its first batches and
//! rerun leaves exactly the state of a run that was never interrupted.

use std::collections::BTreeMap;
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
        // Bonded in the payment mint for more than every listener deposits.
        e2e.mint_to(&payer, &mint, &settler.pubkey(), 1_000 * USDC);
        let bonded = e2e.json(
            &settler,
            &["gov", "settler", "post-bond", "--amount", "1000"],
        );
        assert_eq!(bonded["bond"]["base_units"], 1_000 * USDC, "{bonded}");
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
            let register = reg_ix::register_track_with_ledger(
                &artist.pubkey(),
                &mint,
                RegisterTrackArgs {
                    content_hash,
                    isrc: None,
                    metadata_uri: String::new(),
                    terms: terms(1_000 * u64::from(t + 1)),
                },
            );
            bulk.push((register, &artist.keypair, vec![]));
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
            // One at a time: listeners short of money pay for plays in
            // batch order, and the two worlds must charge the same ones.
            "--in-flight",
            "1",
        ]
        .map(String::from)
        .to_vec()
    }

    fn settle(&self) -> Value {
        let args = self.run_args();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        self.e2e.json(&self.settler, &args)
    }

    fn batches(&self) -> u64 {
        self.state::<SettlerState>(&pda::settler_state(&self.settler.pubkey(), &self.mint).0)
            .map_or(0, |s| s.batches)
    }

    fn state<T: AccountDeserialize>(&self, key: &Pubkey) -> Option<T> {
        self.e2e
            .client
            .get_account(key)
            .unwrap()
            .map(|a| T::try_deserialize(&mut a.data.as_slice()).unwrap())
    }

    /// What settlement decides: balances, plays, how far each listener is
    /// settled, owed amounts and fees (batch numbers and times left out: a
    /// resumed run numbers its batches anew).
    fn settled(&self) -> Vec<String> {
        let mut out = Vec::new();
        for wallet in &self.listeners {
            let l: Listener = self.state(&pda::listener(&self.mint, wallet).0).unwrap();
            out.push(format!(
                "listener {wallet}: balance {} plays {} spent {} settled through {} window open {}",
                l.balance, l.lifetime_plays, l.lifetime_spent, l.settled_through, l.window.open
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
            "settler: fees {} plays {} amount {}",
            s.fees_owed, s.lifetime_plays, s.lifetime_amount
        ));
        out
    }
}

/// Every listener plays every track one to three times, five minutes apart.
fn play_log(listeners: &[Pubkey], tracks: &[Pubkey]) -> Vec<u8> {
    let mut log = b"listener,track,timestamp,seconds_played\n".to_vec();
    // Two days ago: played, and after the listeners' cap period began.
    // Fixed once per process, so that two worlds built side by side log the
    // same times (their books are compared, settled-through times included).
    static START: std::sync::OnceLock<i64> = std::sync::OnceLock::new();
    let start = *START.get_or_init(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64
            - 2 * 86_400
    });
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
    while interrupted.batches() < 1 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "settle run ended before its first batch landed"
        );
        assert!(Instant::now() < deadline, "no batch landed");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL: no chance to tidy up
    child.wait().unwrap();
    let at_kill = interrupted.batches();
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
    assert!(
        resumed["plays_already_settled"].as_u64().unwrap() > 0,
        "{resumed}"
    );
    assert!(resumed["batches_landed"].as_u64().unwrap() <= planned - at_kill);

    // Exactly once: the same balances, ledgers and sequence as the clean run.
    assert_eq!(interrupted.settled(), clean.settled());
    for world in [&interrupted, &clean] {
        assert!(escrow::books(&world.e2e.client, &world.mint)
            .unwrap()
            .conserved());
    }

    // A finished log sends nothing more, with its checkpoint or without.
    let again = interrupted.settle();
    assert_eq!(again["batches_sent"], 0);
    std::fs::remove_file(format!("{}.checkpoint.json", interrupted.plays)).unwrap();
    let fresh = interrupted.settle();
    assert_eq!(fresh["batches_sent"], 0, "{fresh}");
    assert_eq!(fresh["resumed"], false);
    assert_eq!(interrupted.settled(), clean.settled());
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

    // What each track cost a listener, read back from the settle
    // transactions in both worlds, the interrupted run's as the clean
    // one's. By hand: listener i
    // plays track t (i + t) % 3 + 1 times at 0.001 × (t + 1).
    for world in [&interrupted, &clean] {
        for i in [0, 7] {
            let wallet = world.listeners[i].to_string();
            let mint = world.mint.to_string();
            let charges = world.e2e.json(
                &world.settler,
                &["escrow", "charges", "--mint", &mint, "--wallet", &wallet],
            );
            let expected: BTreeMap<String, (u64, u64)> = world
                .tracks
                .iter()
                .enumerate()
                .map(|(t, track)| {
                    let plays = ((i + t) % 3 + 1) as u64;
                    (track.to_string(), (plays, plays * 1_000 * (t as u64 + 1)))
                })
                .collect();
            assert_eq!(charged_per_track(&charges), expected, "{charges}");
            let total: u64 = expected.values().map(|e| e.1).sum();
            assert_eq!(charges["total"]["base_units"], total);
            assert_eq!(charges["lifetime_spent"]["base_units"], total);
            assert_eq!(charges["complete"], true);
        }
    }

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

/// `encore escrow charges`' tracks as track -> (plays, charged base units).
fn charged_per_track(charges: &Value) -> BTreeMap<String, (u64, u64)> {
    charges["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let plays = t["plays"].as_u64().unwrap();
            let charged = t["charged"]["base_units"].as_u64().unwrap();
            (t["track"].as_str().unwrap().to_string(), (plays, charged))
        })
        .collect()
}

/// The chain's clock over RPC.
fn chain_now(e2e: &E2e) -> i64 {
    e2e.client.clock().unwrap().unix_timestamp
}

/// Every listener plays every track once, `gap` seconds apart, from `start`.
fn round_of_plays(
    listeners: &[Pubkey],
    tracks: &[Pubkey],
    start: i64,
    gap: i64,
) -> Vec<(Pubkey, Pubkey, i64)> {
    let mut out = Vec::new();
    for listener in listeners {
        let mut at = start;
        for track in tracks {
            out.push((*listener, *track, at));
            at += gap;
        }
    }
    out
}

fn csv_of(plays: &[(Pubkey, Pubkey, i64)]) -> Vec<u8> {
    let mut log = b"listener,track,timestamp,seconds_played\n".to_vec();
    for (l, t, at) in plays {
        log.extend_from_slice(format!("{l},{t},{at},120\n").as_bytes());
    }
    log
}

/// Over the local node, through the binary: an artist pauses a track while
/// a run is under way and the run finishes; a price rise announced
/// mid-epoch charges the plays before it takes effect the old price; a
/// second settler handed an overlapping log charges nothing twice.
#[test]
fn e2e_a_pause_a_rise_and_a_second_settler() {
    let world = World::new();
    let e2e = &world.e2e;
    let mint = world.mint.to_string();
    let artist = e2e.adopt("artist", seeded(5, 0));
    let price = |t: usize| 1_000 * (t as u64 + 1);
    let notice = 2 * 86_400;

    // Epoch one: played over the last day.
    let t0 = chain_now(e2e) - 86_400;
    let one = round_of_plays(&world.listeners, &world.tracks, t0, 200);
    let one_file = e2e.file("one.csv", &csv_of(&one));
    let run = Command::new(BIN)
        .args(["-u", e2e.net.url(), "-k"])
        .arg(&world.settler.path)
        .args([
            "settle", "run", "--plays", &one_file, "--mint", &mint, "--output", "json",
        ])
        .env("HOME", e2e.dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The artist pauses track 1 while the run goes on: its plays were all
    // made before, so they are still charged, and nothing stops the run.
    let paused = e2e.json(&artist, &["track", "pause", &world.tracks[1].to_string()]);
    assert_eq!(paused["status"], "paused");
    let output = run.wait_with_output().unwrap();
    assert!(output.status.success());
    let first: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(first["complete"], true, "{first}");
    assert_eq!(first["plays_paid"], one.len() as u64, "{first}");

    // A rise of track 2 announced now applies one notice later.
    let announced = chain_now(e2e);
    let raised = e2e.json(
        &artist,
        &[
            "track",
            "update-terms",
            &world.tracks[2].to_string(),
            "--price-base-units",
            "50000",
        ],
    );
    assert_eq!(raised["terms_effective_at"], announced + notice);
    e2e.net.warp_seconds(3 * 86_400).unwrap();
    // Epoch two: plays just after the announcement (old price) and after
    // the rise (new price); track 1 is still paused.
    let before_rise = round_of_plays(&world.listeners, &world.tracks, announced + 60, 200);
    let after_rise = round_of_plays(
        &world.listeners,
        &world.tracks,
        announced + notice + 60,
        200,
    );
    let two: Vec<_> = before_rise.iter().chain(&after_rise).copied().collect();

    // A second settler gets epochs one and two, overlapping the first's log.
    let second = e2e.adopt("settler2", seeded(6, 9));
    e2e.json(
        &second,
        &["gov", "settler", "register", "--bond-mint", &mint],
    );
    let payer = Wallet {
        keypair: seeded(3, 0),
        path: Default::default(),
    };
    e2e.mint_to(&payer, &world.mint, &second.pubkey(), 1_000 * USDC);
    e2e.json(
        &second,
        &["gov", "settler", "post-bond", "--amount", "1000"],
    );
    let approved = e2e.json(
        &e2e.authority,
        &["migrate", "--settler", &second.pubkey().to_string()],
    );
    assert_eq!(approved["settlers"][0]["status"], "approved");
    let both: Vec<_> = one.iter().chain(&two).copied().collect();
    let both_file = e2e.file("both.csv", &csv_of(&both));
    let before: Vec<Listener> = world
        .listeners
        .iter()
        .map(|w| world.state(&pda::listener(&world.mint, w).0).unwrap())
        .collect();
    let by_second = e2e.json(
        &second,
        &[
            "settle",
            "run",
            "--plays",
            &both_file,
            "--mint",
            &mint,
            "--fee-bps",
            "100",
        ],
    );
    assert_eq!(by_second["complete"], true, "{by_second}");
    assert_eq!(
        by_second["plays_already_settled"],
        one.len() as u64,
        "{by_second}"
    );
    let paused_plays = two.iter().filter(|p| p.1 == world.tracks[1]).count() as u64;
    assert_eq!(
        by_second["plan"]["skipped"]["track_paused"], paused_plays,
        "{by_second}"
    );
    assert_eq!(by_second["plays_paid"], two.len() as u64 - paused_plays);

    // Each listener paid each play of epoch two at the price of its time.
    for (i, wallet) in world.listeners.iter().enumerate() {
        let after: Listener = world.state(&pda::listener(&world.mint, wallet).0).unwrap();
        let want: u64 = two
            .iter()
            .filter(|p| p.0 == *wallet && p.1 != world.tracks[1])
            .map(|p| {
                let t = world.tracks.iter().position(|x| *x == p.1).unwrap();
                if t == 2 && p.2 >= announced + notice {
                    50_000
                } else {
                    price(t)
                }
            })
            .sum();
        assert_eq!(before[i].balance - after.balance, want, "listener {i}");
        // Every track twice, but the paused one.
        assert_eq!(
            after.lifetime_plays,
            before[i].lifetime_plays + 2 * (TRACKS as u64 - 1)
        );
    }
    // Per track, as a listener's app reads it back from both settlers'
    // transactions: epoch one at the first prices, epoch two as above.
    let play_price = |p: &(Pubkey, Pubkey, i64)| {
        let t = world.tracks.iter().position(|x| *x == p.1).unwrap();
        if t == 2 && p.2 >= announced + notice {
            50_000
        } else {
            price(t)
        }
    };
    for wallet in world.listeners.iter().take(3) {
        let mut want: BTreeMap<String, (u64, u64)> = BTreeMap::new();
        let charged = one
            .iter()
            .chain(two.iter().filter(|p| p.1 != world.tracks[1]))
            .filter(|p| p.0 == *wallet);
        for p in charged {
            let entry = want.entry(p.1.to_string()).or_default();
            entry.0 += 1;
            entry.1 += play_price(p);
        }
        let charges = e2e.json(
            &world.settler,
            &[
                "escrow",
                "charges",
                "--mint",
                &mint,
                "--wallet",
                &wallet.to_string(),
            ],
        );
        assert_eq!(charged_per_track(&charges), want, "{charges}");
        assert_eq!(charges["total"], charges["lifetime_spent"]);
    }

    // And the first settler, given both epochs, finds nothing left.
    let again = e2e.json(
        &world.settler,
        &[
            "settle",
            "run",
            "--plays",
            &both_file,
            "--mint",
            &mint,
            "--checkpoint",
            &e2e.dir
                .path()
                .join("again.checkpoint.json")
                .to_string_lossy(),
        ],
    );
    assert_eq!(again["batches_sent"], 0, "{again}");
    assert!(escrow::books(&e2e.client, &world.mint).unwrap().conserved());
}
