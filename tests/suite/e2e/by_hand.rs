//! README.md's "Try it by hand", run as written: the node block (a wallet,
//! then `encore localnet`) and the session block, through a real shell and
//! the real binary, in an empty home; then every balance the session moved
//! is checked against figures worked out by hand here.

use std::io::BufReader;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use encore_sdk::{escrow, pda, shares, token, Pubkey, RpcClient};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::BIN;

const README: &str = include_str!("../../../README.md");
const USD: u64 = 1_000_000;
const SHARES: u64 = 1_000_000;

/// The fenced `sh` block after `<!-- by-hand: NAME -->`.
fn block(name: &str) -> String {
    let marker = format!("<!-- by-hand: {name} -->");
    let after = README
        .split_once(&marker)
        .unwrap_or_else(|| panic!("README.md has no {marker}"))
        .1;
    let body = after
        .trim_start()
        .strip_prefix("```sh\n")
        .expect("a ```sh block right after the marker");
    body.split_once("\n```")
        .expect("the block ends")
        .0
        .to_string()
}

/// A shell in `dir`, with an empty `home` and `encore` on the PATH.
fn shell(dir: &Path, home: &Path, bin: &Path, url: &str) -> Command {
    let mut command = Command::new("bash");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    command
        .current_dir(dir)
        .env("HOME", home)
        .env("PATH", path)
        .env("ENCORE_URL", url)
        .env_remove("ENCORE_KEYPAIR")
        .env_remove("ENCORE_OUTPUT")
        .env_remove("ENCORE_CONFIG");
    command
}

/// Stops the node however the test ends.
struct Node(Child);

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn keypair_address(path: &Path) -> Pubkey {
    let bytes: Vec<u8> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    Pubkey::try_from(&bytes[32..64]).unwrap()
}

#[test]
fn e2e_readme_try_it_by_hand_runs_as_written() {
    let node_block = block("node");
    let session = block("session");
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let root = tempfile::tempdir().unwrap();
    let (home, repo, bin) = (
        root.path().join("home"),
        root.path().join("repo"),
        root.path().join("bin"),
    );
    for dir in [&home, &repo, &bin] {
        std::fs::create_dir_all(dir).unwrap();
    }
    std::os::unix::fs::symlink(BIN, bin.join("encore")).unwrap();

    // The node block: the build is this test's own; the node gets a free
    // port and prints its JSON summary, so the test knows when it is up.
    let mut node = None;
    for line in node_block.lines() {
        let command = line.split('#').next().unwrap().trim();
        if command.is_empty() || command.starts_with("cargo ") {
            continue;
        }
        if command == "encore localnet" {
            let mut child = shell(&repo, &home, &bin, &url)
                .arg("-c")
                .arg(format!(
                    "exec {command} --port {port} --quiet --output json-compact"
                ))
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .spawn()
                .unwrap();
            let stdout = BufReader::new(child.stdout.take().unwrap());
            let node_guard = Node(child);
            let printed: Value = serde_json::Deserializer::from_reader(stdout)
                .into_iter::<Value>()
                .next()
                .expect("the node's summary")
                .unwrap();
            assert!(
                session.contains(&format!("USD={}", printed["mint"].as_str().unwrap())),
                "the session's USD is the mint the node printed: {printed}"
            );
            node = Some(node_guard);
            continue;
        }
        let out = shell(&repo, &home, &bin, &url)
            .args(["-euo", "pipefail", "-c", command])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "`{command}` failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let _node = node.expect("the node block starts `encore localnet`");

    let run = shell(&repo, &home, &bin, &url)
        .args(["-euo", "pipefail", "-c", &session])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        run.status.success(),
        "the session failed\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );

    // Who is who, from the files the session wrote.
    let work = repo.join("encore-try");
    let artist = keypair_address(&home.join(".config/solana/id.json"));
    let [producer, listener, settler, investor] = ["producer", "listener", "settler", "investor"]
        .map(|who| keypair_address(&work.join(format!("{who}.json"))));
    let audio = std::fs::read(work.join("song.wav")).unwrap();
    let track = pda::track(&Sha256::digest(&audio).into()).0;
    let usd = encore_sdk::localnet::test_mint::address();
    let client = RpcClient::new(&url, Default::default());
    let held = |owner: &Pubkey, mint: &Pubkey| {
        token::balance(&client, &token::associated_address(owner, mint)).unwrap()
    };

    // Figures by hand. The listener: 4 plays at 0.5 from the 20 prepaid.
    let paid = 4 * USD / 2;
    let record = escrow::listener(&client, &usd, &listener).unwrap().unwrap();
    assert_eq!(record.balance, 20 * USD - paid);
    assert_eq!(record.lifetime_plays, 4);
    assert_eq!(record.lifetime_spent, u128::from(paid));
    assert_eq!(held(&listener, &usd), 80 * USD);
    // All of it against the one track, as `escrow charges` reads it back.
    let charges = escrow::listener_charges(&client, &usd, &listener, 100).unwrap();
    assert_eq!(
        charges.tracks,
        vec![escrow::TrackCharge {
            track,
            ledger: pda::ledger(&track).0,
            plays: 4,
            amount: paid,
        }]
    );
    assert!(charges.complete);
    // The settler charged no fee; the treasury (the artist's wallet) took 3%.
    let fee = paid * 3 / 100;
    let released = paid - fee;
    // It bonded 20 of its 100, all still in the bond.
    assert_eq!(held(&settler, &usd), 80 * USD);
    let bond = encore_sdk::accounts::settler(&client, &settler)
        .unwrap()
        .unwrap();
    assert_eq!((bond.bond_mint, bond.bond_amount), (usd, 20 * USD));
    let config = shares::config(&client, &track).unwrap().unwrap();
    assert_eq!(config.total_deposited, released);
    // Every share staked from before the first play: 600,000 the artist's,
    // 300,000 the producer's, 100,000 the pool's reserve and the investor's
    // stake together. Each part is exact (the whole supply is staked).
    let artist_part = released * 600_000 / 1_000_000;
    let producer_part = released * 300_000 / 1_000_000;
    assert_eq!((artist_part, producer_part), (1_164_000, 582_000));
    for (owner, part) in [(artist, artist_part), (producer, producer_part)] {
        let position = shares::position(&client, &track, &owner).unwrap().unwrap();
        assert_eq!(position.claimed, part, "{owner}");
    }
    assert_eq!(config.total_claimed, artist_part + producer_part);
    assert_eq!(
        token::balance(&client, &pda::revenue_vault(&track).0).unwrap(),
        released - artist_part - producer_part,
        "the pool's and the investor's part wait in the vault"
    );
    assert_eq!(held(&producer, &usd), 100 * USD + producer_part);
    // The pool: 100,000 shares against 50; the investor sells 5 at a 0.3% fee.
    let (share_reserve, quote_reserve) = (100_000 * SHARES, 50 * USD);
    let input = 5 * USD;
    let after_fee = input - input * 30 / 10_000;
    let bought = (u128::from(share_reserve) * u128::from(after_fee)
        / u128::from(quote_reserve + after_fee)) as u64;
    let share_mint = pda::share_mint(&track).0;
    assert_eq!(held(&investor, &share_mint), 0, "it staked what it bought");
    let investor_position = shares::position(&client, &track, &investor)
        .unwrap()
        .unwrap();
    assert_eq!(investor_position.stake.staked, bought);
    assert_eq!(held(&investor, &usd), 95 * USD);
    let pool = pda::pool(&share_mint, &usd).0;
    assert_eq!(
        token::balance(&client, &pda::pool_quote_vault(&pool).0).unwrap(),
        quote_reserve + input
    );
    assert_eq!(
        token::balance(&client, &pda::pool_share_vault(&pool).0).unwrap(),
        share_reserve - bought
    );
    let pool_position = shares::position(&client, &track, &pool).unwrap().unwrap();
    assert_eq!(pool_position.stake.staked, share_reserve - bought);
    // The artist: 10,000 funded, 50 into the pool, its part and the fee back.
    assert_eq!(
        held(&artist, &usd),
        10_000 * USD - 50 * USD + artist_part + fee
    );
    assert_eq!(
        held(&artist, &share_mint),
        0,
        "staked 600,000, pooled 100,000"
    );
    let artist_position = shares::position(&client, &track, &artist).unwrap().unwrap();
    assert_eq!(artist_position.stake.staked, 600_000 * SHARES);
    assert!(
        stdout.contains(&format!("Claimed 1.164 from track {track}")),
        "{stdout}"
    );
}
