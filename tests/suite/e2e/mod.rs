//! End to end: the real `encore` binary, run as a user would, against an
//! embedded localnet (a JSON-RPC node on 127.0.0.1, `encore_sdk::localnet`).
//!
//! Each test starts its own node on a free port, with an upgrade authority
//! whose keypair file it writes, then runs `encore-e2e -u <url> -k <file>
//! --output json ...` as a child process and parses its stdout. The binary
//! is `tests/bin/encore_e2e.rs`, whose `main` is the CLI's own entry point.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use encore_sdk::client::EncoreClient;
use encore_sdk::localnet::Localnet;
use encore_sdk::{token, RpcClient};
use serde_json::Value;
use solana_keypair::Keypair;
use solana_signature::Signature;
use solana_signer::Signer;
use solana_transaction::Transaction;
use tempfile::TempDir;

mod by_hand;
mod cluster;
mod disputes;
mod localnet_cmd;
mod migrate;
mod pool;
mod registry;
mod settle;
mod shares;
mod track_disputes;

pub const SOL: u64 = 1_000_000_000;
pub const BIN: &str = env!("CARGO_BIN_EXE_encore-e2e");

/// A running localnet, a folder for keypair files, and the upgrade authority.
pub struct E2e {
    pub net: Localnet,
    pub client: RpcClient,
    pub dir: TempDir,
    pub authority: Wallet,
}

/// A keypair and the file the binary reads it from.
pub struct Wallet {
    pub keypair: Keypair,
    pub path: PathBuf,
}

impl Wallet {
    pub fn pubkey(&self) -> Pubkey {
        self.keypair.pubkey()
    }
}

/// What a finished `encore` run left: exit status, stdout, stderr.
pub struct Run {
    pub output: Output,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn success(&self) -> bool {
        self.output.status.success()
    }

    /// The `error:` and `hint:` lines of a failed run.
    pub fn report(&self) -> (String, String) {
        let line = |prefix: &str| {
            self.stderr
                .lines()
                .find_map(|l| l.strip_prefix(prefix))
                .unwrap_or_default()
                .to_string()
        };
        (line("error: "), line("hint: "))
    }
}

impl E2e {
    /// A fresh localnet whose governance upgrade authority is `self.authority`.
    pub fn start() -> Self {
        Self::start_with(Keypair::new())
    }

    /// A fresh localnet whose upgrade authority is `authority`.
    pub fn start_with(authority: Keypair) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let authority = write_wallet(&dir, "authority", authority);
        // The same entry point `encore demo` uses for its embedded node.
        let net = encore_cli::localnet::start_embedded(None, Some(authority.pubkey()))
            .expect("localnet starts");
        let client = net.client();
        Self {
            net,
            client,
            dir,
            authority,
        }
    }

    /// A new wallet funded with 10 SOL through the node's airdrop.
    pub fn wallet(&self, name: &str) -> Wallet {
        self.adopt(name, Keypair::new())
    }

    /// `keypair` as a wallet file, funded with 10 SOL.
    pub fn adopt(&self, name: &str, keypair: Keypair) -> Wallet {
        let wallet = write_wallet(&self.dir, name, keypair);
        self.client.airdrop(&wallet.pubkey(), 10 * SOL).unwrap();
        wallet
    }

    /// Runs `encore-e2e -u <url> -k <wallet> <args>` in a clean environment
    /// (no Solana CLI config, no ENCORE_* variables).
    pub fn run(&self, wallet: &Wallet, args: &[&str]) -> Run {
        let output = Command::new(BIN)
            .args(["-u", self.net.url(), "-k"])
            .arg(&wallet.path)
            .args(args)
            .env("HOME", self.dir.path())
            .env_remove("ENCORE_URL")
            .env_remove("ENCORE_KEYPAIR")
            .env_remove("ENCORE_CONFIG")
            .env_remove("ENCORE_OUTPUT")
            .env_remove("ENCORE_COMMITMENT")
            .output()
            .expect("the encore binary runs");
        Run {
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            output,
        }
    }

    /// Runs with `--output json`, which must succeed, and parses stdout.
    pub fn json(&self, wallet: &Wallet, args: &[&str]) -> Value {
        let mut full = args.to_vec();
        full.extend_from_slice(&["--output", "json"]);
        let run = self.run(wallet, &full);
        assert!(
            run.success(),
            "encore {args:?} failed:\n{}\n{}",
            run.stderr,
            run.stdout
        );
        serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("encore {args:?}: not JSON ({e}):\n{}", run.stdout))
    }

    /// The `error:` and `hint:` lines of a run that must fail.
    pub fn fail(&self, wallet: &Wallet, args: &[&str]) -> (String, String) {
        let run = self.run(wallet, args);
        assert!(!run.success(), "encore {args:?} succeeded:\n{}", run.stdout);
        run.report()
    }

    /// `encore gov init` by the upgrade authority, with the local defaults.
    pub fn gov_init(&self) -> Value {
        self.json(&self.authority, &["gov", "init"])
    }

    /// A new SPL mint with `decimals`, its authority `owner`.
    pub fn mint(&self, owner: &Wallet, decimals: u8) -> Pubkey {
        self.mint_at(owner, Keypair::new(), decimals)
    }

    /// A new SPL mint at `mint`'s address.
    pub fn mint_at(&self, owner: &Wallet, mint: Keypair, decimals: u8) -> Pubkey {
        let ixs = token::create_mint(
            &owner.pubkey(),
            &mint.pubkey(),
            &owner.pubkey(),
            decimals,
            token::mint_rent(),
        )
        .unwrap();
        self.client
            .send_instructions(&ixs, &owner.keypair, &[&mint])
            .unwrap();
        mint.pubkey()
    }

    /// Mints `amount` base units of `mint` (authority `owner`) to `to`'s
    /// associated account, creating it if needed.
    pub fn mint_to(&self, owner: &Wallet, mint: &Pubkey, to: &Pubkey, amount: u64) {
        let account = token::associated_address(to, mint);
        let ixs = vec![
            token::create_associated_idempotent(&owner.pubkey(), to, mint),
            token::mint_to(mint, &account, &owner.pubkey(), amount).unwrap(),
        ];
        self.client
            .send_instructions(&ixs, &owner.keypair, &[])
            .unwrap();
    }

    /// Sends every transaction at once (one blockhash, no waiting in
    /// between), then waits until all are confirmed: bulk set-up in a
    /// fraction of the time one-by-one confirmation takes.
    pub fn send_all(&self, transactions: &[(Vec<Instruction>, &Keypair, Vec<&Keypair>)]) {
        let rpc = self.client.inner();
        let blockhash = rpc.get_latest_blockhash().unwrap();
        let signatures: Vec<Signature> = transactions
            .iter()
            .map(|(ixs, payer, signers)| {
                let mut all = vec![*payer];
                all.extend(signers.iter().copied());
                let tx =
                    Transaction::new_signed_with_payer(ixs, Some(&payer.pubkey()), &all, blockhash);
                rpc.send_transaction(&tx).unwrap()
            })
            .collect();
        let deadline = Instant::now() + Duration::from_secs(60);
        for chunk in signatures.chunks(100) {
            loop {
                let statuses = rpc.get_signature_statuses(chunk).unwrap().value;
                let done = statuses.iter().all(|s| {
                    s.as_ref()
                        .is_some_and(|s| s.satisfies_commitment(rpc.commitment()))
                });
                if let Some(failed) = statuses.iter().flatten().find_map(|s| s.err.clone()) {
                    panic!("a set-up transaction failed: {failed}");
                }
                if done {
                    break;
                }
                assert!(Instant::now() < deadline, "set-up not confirmed");
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }

    /// A file under the test's folder with `contents`.
    pub fn file(&self, name: &str, contents: &[u8]) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, contents).unwrap();
        path.to_string_lossy().into_owned()
    }
}

pub fn write_wallet(dir: &TempDir, name: &str, keypair: Keypair) -> Wallet {
    let path = dir.path().join(format!("{name}.json"));
    std::fs::write(
        &path,
        serde_json::to_string(&keypair.to_bytes().to_vec()).unwrap(),
    )
    .unwrap();
    Wallet { keypair, path }
}

/// `track register --audio <audio> --price <price> --payment-mint <mint>`, then `extra`.
pub fn register_args<'a>(
    audio: &'a str,
    price: &'a str,
    mint: &'a str,
    extra: &[&'a str],
) -> Vec<&'a str> {
    let mut args = vec![
        "track",
        "register",
        "--audio",
        audio,
        "--price",
        price,
        "--payment-mint",
        mint,
    ];
    args.extend_from_slice(extra);
    args
}

pub fn key(value: &Value) -> Pubkey {
    value
        .as_str()
        .unwrap_or_else(|| panic!("not a pubkey: {value}"))
        .parse()
        .unwrap()
}
