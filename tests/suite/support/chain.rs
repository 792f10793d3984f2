//! A LiteSVM chain whose governance is set up through `encore gov init` by
//! the program's upgrade authority: what the CLI test modules build on.

use anchor_lang::prelude::Pubkey;
use encore_sdk::client::EncoreClient;
use encore_sdk::governance::constants::DAY_SECS;
use encore_sdk::native::LiteSvmClient;
use encore_sdk::token;
use serde_json::Value;
use solana_keypair::Keypair;
use solana_signer::Signer;
use tempfile::TempDir;

use crate::support::cli::{fail_cli, json_cli, run_cli, wallet_in, Wallet};

/// `local_params`' timelock.
pub const TIMELOCK: i64 = 2 * DAY_SECS;

/// A chain whose governance program names `council` as its upgrade
/// authority, and a folder for keypair files.
pub struct Chain {
    pub client: LiteSvmClient,
    pub dir: TempDir,
    pub council: Wallet,
}

#[allow(dead_code)] // shared by the CLI test modules; not each uses every helper
impl Chain {
    /// Governance not initialized yet; `council` may initialize it.
    pub fn uninitialized() -> Self {
        let client = LiteSvmClient::new();
        let dir = tempfile::tempdir().unwrap();
        let council = wallet_in(&client, &dir, "council");
        client
            .plant_program_data(&encore_sdk::governance::ID, Some(council.pubkey()))
            .unwrap();
        Self {
            client,
            dir,
            council,
        }
    }

    /// Governance initialized through `encore gov init` with the defaults
    /// (the council is the treasury too).
    pub fn new() -> Self {
        let chain = Self::uninitialized();
        chain.json(&chain.council, &["gov", "init"]);
        chain
    }

    pub fn wallet(&self, name: &str) -> Wallet {
        wallet_in(&self.client, &self.dir, name)
    }

    pub fn now(&self) -> i64 {
        self.client.clock().unwrap().unix_timestamp
    }

    /// Runs `encore -k <wallet> <args>`: stdout, or the error and hint lines.
    pub fn run(&self, wallet: &Wallet, args: &[&str]) -> Result<String, (String, String)> {
        run_cli(&self.client, &wallet.path, args)
    }

    /// Runs with `--output json` and parses the result.
    pub fn json(&self, wallet: &Wallet, args: &[&str]) -> Value {
        json_cli(&self.client, &wallet.path, args)
    }

    /// The error and hint lines of a command that must fail.
    pub fn fail(&self, wallet: &Wallet, args: &[&str]) -> (String, String) {
        fail_cli(&self.client, &wallet.path, args)
    }

    /// Asserts the command fails naming `error`; returns the hint.
    pub fn fails_with(&self, wallet: &Wallet, args: &[&str], error: &str) -> String {
        let (message, hint) = self.fail(wallet, args);
        assert!(message.contains(error), "expected {error}, got: {message}");
        hint
    }

    /// A mint with `decimals` whose authority is `authority`.
    pub fn mint(&self, authority: &Wallet, decimals: u8) -> Pubkey {
        let mint = Keypair::new();
        let ixs = token::create_mint(
            &authority.pubkey(),
            &mint.pubkey(),
            &authority.pubkey(),
            decimals,
            token::mint_rent(),
        )
        .unwrap();
        self.client
            .send_instructions(&ixs, &authority.keypair, &[&mint])
            .unwrap();
        mint.pubkey()
    }

    /// Mints `amount` base units to `owner`'s associated account.
    pub fn mint_to(&self, authority: &Wallet, mint: &Pubkey, owner: &Pubkey, amount: u64) {
        let ata = token::associated_address(owner, mint);
        let ixs = [
            token::create_associated_idempotent(&authority.pubkey(), owner, mint),
            token::mint_to(mint, &ata, &authority.pubkey(), amount).unwrap(),
        ];
        self.client
            .send_instructions(&ixs, &authority.keypair, &[])
            .unwrap();
    }

    /// `owner`'s associated-account balance in `mint`.
    pub fn balance(&self, owner: &Pubkey, mint: &Pubkey) -> u64 {
        token::balance(&self.client, &token::associated_address(owner, mint)).unwrap()
    }
}

/// `value["base_units"]` of an `{base_units, ui}` amount.
pub fn units(value: &Value) -> u64 {
    value["base_units"]
        .as_u64()
        .unwrap_or_else(|| panic!("not an amount: {value}"))
}
