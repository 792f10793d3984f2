//! A studio: a chain with governance, a 6-decimal payment mint and a
//! registered track, for the shares and pool CLI tests.

use anchor_lang::prelude::Pubkey;
use serde_json::Value;

use crate::support::chain::Chain;
use crate::support::cli::{key, Wallet};

pub const USDC: u64 = 1_000_000;
/// One share in base units (6 decimals).
pub const SHARE: u64 = 1_000_000;

/// A chain with governance, a 6-decimal payment mint (minted by the
/// council) and one registered track of `artist`.
pub struct Studio {
    pub chain: Chain,
    pub mint: Pubkey,
    pub artist: Wallet,
    pub track: Pubkey,
}

impl Studio {
    pub fn new() -> Self {
        let chain = Chain::new();
        let mint = chain.mint(&chain.council, 6);
        let artist = chain.wallet("artist");
        chain.json(&artist, &["artist", "create", "--handle", "nova"]);
        let track = register(&chain, &artist, &mint, "first.wav", b"first master");
        Self {
            chain,
            mint,
            artist,
            track,
        }
    }

    pub fn track_arg(&self) -> String {
        self.track.to_string()
    }

    /// `encore shares create` for the studio's track with `splits` (wallet, bps).
    pub fn create(&self, splits: &[(&Wallet, u16)]) -> Value {
        let track = self.track_arg();
        let texts: Vec<String> = splits
            .iter()
            .map(|(w, bps)| format!("{}:{bps}", w.pubkey()))
            .collect();
        let mut args = vec!["shares", "create", "--track", track.as_str()];
        for text in &texts {
            args.extend_from_slice(&["--split", text.as_str()]);
        }
        self.chain.json(&self.artist, &args)
    }

    /// [`Studio::create`], then every recipient unstakes its whole
    /// allocation into its wallet (`encore shares unstake`): shares held
    /// liquid, nothing staked, for tests of staking itself.
    pub fn create_unstaked(&self, splits: &[(&Wallet, u16)]) -> Value {
        let created = self.create(splits);
        let track = self.track_arg();
        for (wallet, bps) in splits {
            let amount = encore_sdk::token::ui_amount(
                encore_sdk::shares::TOTAL_SUPPLY / 10_000 * u64::from(*bps),
                encore_sdk::shares::SHARE_DECIMALS,
            );
            self.chain.json(
                wallet,
                &["shares", "unstake", "--track", &track, "--amount", &amount],
            );
        }
        created
    }

    /// Mints `amount` base units of the payment mint to `wallet`.
    pub fn fund(&self, wallet: &Wallet, amount: u64) {
        self.chain
            .mint_to(&self.chain.council, &self.mint, &wallet.pubkey(), amount);
    }
}

/// Registers `contents` as a track of `artist` at 0.01 a play.
pub fn register(
    chain: &Chain,
    artist: &Wallet,
    mint: &Pubkey,
    name: &str,
    contents: &[u8],
) -> Pubkey {
    let path = chain.dir.path().join(name);
    std::fs::write(&path, contents).unwrap();
    let path = path.to_string_lossy().into_owned();
    let mint = mint.to_string();
    let registered = chain.json(
        artist,
        &[
            "track",
            "register",
            "--audio",
            &path,
            "--price",
            "0.01",
            "--payment-mint",
            &mint,
        ],
    );
    key(&registered["track"])
}
