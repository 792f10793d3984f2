//! Running `encore` in-process against LiteSVM: funded wallets with keypair
//! files, a chain with a payment mint, and the run/json/fail helpers.

use anchor_lang::prelude::Pubkey;
use encore_sdk::client::EncoreClient;
use encore_sdk::native::LiteSvmClient;
use encore_sdk::token;
use serde_json::Value;
use sha2::{Digest, Sha256};
use solana_keypair::Keypair;
use solana_signer::Signer;
use tempfile::TempDir;

pub const SOL: u64 = 1_000_000_000;
pub const DECIMALS: u8 = 6;

/// A chain with a 6-decimal payment mint, and a folder for keypair and audio files.
pub struct Env {
    pub client: LiteSvmClient,
    pub dir: TempDir,
    pub mint: Pubkey,
}

/// A funded wallet and the keypair file the CLI reads it from.
pub struct Wallet {
    pub keypair: Keypair,
    pub path: String,
}

impl Wallet {
    pub fn pubkey(&self) -> Pubkey {
        self.keypair.pubkey()
    }
}

impl Env {
    pub fn new() -> Self {
        let client = LiteSvmClient::new();
        let council = Keypair::new();
        let params = encore_sdk::native::local_params(&council.pubkey());
        client.bootstrap_governance(&council, params).unwrap();
        let payer = Keypair::new();
        client.airdrop(&payer.pubkey(), 10 * SOL).unwrap();
        let mint = Keypair::new();
        let ixs = token::create_mint(
            &payer.pubkey(),
            &mint.pubkey(),
            &payer.pubkey(),
            DECIMALS,
            token::mint_rent(),
        )
        .unwrap();
        client.send_instructions(&ixs, &payer, &[&mint]).unwrap();
        Self {
            client,
            dir: tempfile::tempdir().unwrap(),
            mint: mint.pubkey(),
        }
    }

    pub fn wallet(&self, name: &str) -> Wallet {
        wallet_in(&self.client, &self.dir, name)
    }

    /// A wallet with an artist profile `@handle`.
    pub fn artist(&self, handle: &str) -> Wallet {
        let wallet = self.wallet(handle);
        self.json(&wallet, &["artist", "create", "--handle", handle]);
        wallet
    }

    pub fn audio(&self, name: &str, contents: &[u8]) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, contents).unwrap();
        path.to_string_lossy().into_owned()
    }

    /// Runs `encore -k <wallet> <args>`: the command's stdout, or the
    /// error and hint lines it would print.
    pub fn run(&self, wallet: &Wallet, args: &[&str]) -> Result<String, (String, String)> {
        run_cli(&self.client, &wallet.path, args)
    }

    /// Runs with `--output json` and parses the result.
    pub fn json(&self, wallet: &Wallet, args: &[&str]) -> Value {
        json_cli(&self.client, &wallet.path, args)
    }

    /// The error line and hint line a failing command would print.
    pub fn fail(&self, wallet: &Wallet, args: &[&str]) -> (String, String) {
        fail_cli(&self.client, &wallet.path, args)
    }

    /// Registers `audio` for `wallet` at `price` UI units; returns the JSON result.
    pub fn register(&self, wallet: &Wallet, audio: &str, price: &str, extra: &[&str]) -> Value {
        let mint = self.mint.to_string();
        let mut args = vec![
            "track",
            "register",
            "--audio",
            audio,
            "--price",
            price,
            "--payment-mint",
            &mint,
        ];
        args.extend_from_slice(extra);
        self.json(wallet, &args)
    }
}

/// A wallet funded with 10 SOL, its keypair file `<name>.json` in `dir`.
pub fn wallet_in(client: &LiteSvmClient, dir: &TempDir, name: &str) -> Wallet {
    let keypair = Keypair::new();
    client.airdrop(&keypair.pubkey(), 10 * SOL).unwrap();
    let path = dir.path().join(format!("{name}.json"));
    let bytes = serde_json::to_string(&keypair.to_bytes().to_vec()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    Wallet {
        keypair,
        path: path.to_string_lossy().into_owned(),
    }
}

/// Runs `encore -k <keypair_path> <args>` in-process against `client`: the
/// command's stdout, or the error and hint lines the binary would print.
pub fn run_cli(
    client: &LiteSvmClient,
    keypair_path: &str,
    args: &[&str],
) -> Result<String, (String, String)> {
    let mut full = vec!["encore", "-k", keypair_path];
    full.extend_from_slice(args);
    let mut out = Vec::new();
    encore_cli::run_with_client(&full, client, &mut out)
        .map_err(|e| encore_cli::error::report(&e))?;
    Ok(String::from_utf8(out).unwrap())
}

/// [`run_cli`] with `--output json`, parsed; panics if the command fails.
pub fn json_cli(client: &LiteSvmClient, keypair_path: &str, args: &[&str]) -> Value {
    let mut full = args.to_vec();
    full.extend_from_slice(&["--output", "json"]);
    let text = run_cli(client, keypair_path, &full)
        .unwrap_or_else(|e| panic!("encore {args:?} failed: {e:?}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// The error and hint lines of a command that must fail.
pub fn fail_cli(client: &LiteSvmClient, keypair_path: &str, args: &[&str]) -> (String, String) {
    match run_cli(client, keypair_path, args) {
        Ok(out) => panic!("encore {args:?} succeeded: {out}"),
        Err(report) => report,
    }
}

pub fn key(value: &Value) -> Pubkey {
    value.as_str().unwrap().parse().unwrap()
}

pub fn sha256_hex(path: &str) -> String {
    let digest = Sha256::digest(std::fs::read(path).unwrap());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
