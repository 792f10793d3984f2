//! `encore pool ...` driven in-process against LiteSVM (governance set up
//! through the CLI, the council its treasury), checked against the chain
//! through the SDK; and the demo's market.

use anchor_lang::prelude::Pubkey;
use encore_sdk::pool::{self, Pool};
use serde_json::Value;

use crate::support::chain::{units, Chain};
use crate::support::cli::Wallet;
use crate::support::studio::{Studio, SHARE, USDC};

mod create;
mod demo;
mod liquidity;
mod quote;
mod trade;

/// The opening deposit of [`Market::new`]: 100,000 shares and 5,000 USDC.
pub const SEED_SHARES: u64 = 100_000 * SHARE;
pub const SEED_USDC: u64 = 5_000 * USDC;
pub const FEE_BPS: u16 = 30;
/// `gov init`'s default protocol fee: 3 % of each swap fee.
pub const PROTOCOL_FEE_BPS: u128 = 300;

/// A track whose artist holds all its shares and 100,000 USDC, and the
/// pool the artist opened through `encore pool create`.
pub struct Market {
    pub studio: Studio,
    pub pool: Pubkey,
    pub created: Value,
}

impl Market {
    pub fn new() -> Self {
        let studio = Studio::new();
        studio.create_unstaked(&[(&studio.artist, 10_000)]);
        studio.fund(&studio.artist, 100_000 * USDC);
        let track = studio.track_arg();
        let mint = studio.mint.to_string();
        let created = studio.chain.json(
            &studio.artist,
            &[
                "pool",
                "create",
                "--track",
                &track,
                "--quote-mint",
                &mint,
                "--fee-bps",
                "30",
                "--shares",
                "100000",
                "--quote",
                "5000",
            ],
        );
        let pool = created["pool"].as_str().unwrap().parse().unwrap();
        Self {
            studio,
            pool,
            created,
        }
    }

    pub fn chain(&self) -> &Chain {
        &self.studio.chain
    }

    pub fn artist(&self) -> &Wallet {
        &self.studio.artist
    }

    pub fn pool_arg(&self) -> String {
        self.pool.to_string()
    }

    /// The pool as the chain holds it.
    pub fn state(&self) -> Pool {
        pool::pool_at(&self.chain().client, &self.pool).unwrap()
    }

    pub fn share_mint(&self) -> Pubkey {
        self.state().share_mint
    }

    /// A wallet holding `usdc` base units of the quote mint.
    pub fn trader(&self, name: &str, usdc: u64) -> Wallet {
        let wallet = self.chain().wallet(name);
        self.studio.fund(&wallet, usdc);
        wallet
    }

    /// `(shares, usdc)` in `owner`'s associated accounts.
    pub fn balances(&self, owner: &Pubkey) -> (u64, u64) {
        let chain = self.chain();
        (
            chain.balance(owner, &self.share_mint()),
            chain.balance(owner, &self.studio.mint),
        )
    }

    /// `owner`'s LP balance.
    pub fn lp(&self, owner: &Pubkey) -> u64 {
        self.chain().balance(owner, &self.state().lp_mint)
    }

    /// `encore pool <args> --pool <POOL>` as `wallet`, JSON.
    pub fn json(&self, wallet: &Wallet, args: &[&str]) -> Value {
        let pool = self.pool_arg();
        let mut full = args.to_vec();
        full.extend_from_slice(&["--pool", &pool]);
        self.chain().json(wallet, &full)
    }

    /// The same, failing with `error` by name; returns the hint.
    pub fn fails_with(&self, wallet: &Wallet, args: &[&str], error: &str) -> String {
        let pool = self.pool_arg();
        let mut full = args.to_vec();
        full.extend_from_slice(&["--pool", &pool]);
        self.chain().fails_with(wallet, &full, error)
    }
}

/// `ceil(a / b)`.
pub fn ceil_div(a: u128, b: u128) -> u128 {
    a.div_ceil(b)
}

/// The curve as the issue states it, written out independently of the
/// program: `fee = ceil(in × bps / 10,000)`,
/// `out = floor(R_out × (in − fee) / (R_in + in − fee))`. Returns `(fee, out)`.
pub fn exact_in(reserve_in: u64, reserve_out: u64, amount_in: u64, fee_bps: u16) -> (u64, u64) {
    let (r_in, r_out, a) = (
        u128::from(reserve_in),
        u128::from(reserve_out),
        u128::from(amount_in),
    );
    let fee = ceil_div(a * u128::from(fee_bps), 10_000);
    let x = a - fee;
    let out = r_out * x / (r_in + x);
    (fee as u64, out as u64)
}

/// Buying exactly `out`: the curve needs `x = ceil(R_in × out / (R_out − out))`,
/// the trader pays `in = ceil(x × 10,000 / (10,000 − bps))`, the fee is
/// `ceil(in × bps / 10,000)`. Returns `(in, fee)`.
pub fn exact_out(reserve_in: u64, reserve_out: u64, out: u64, fee_bps: u16) -> (u64, u64) {
    let (r_in, r_out, o) = (
        u128::from(reserve_in),
        u128::from(reserve_out),
        u128::from(out),
    );
    let x = ceil_div(r_in * o, r_out - o);
    let amount_in = ceil_div(x * 10_000, 10_000 - u128::from(fee_bps));
    let fee = ceil_div(amount_in * u128::from(fee_bps), 10_000);
    (amount_in as u64, fee as u64)
}

/// How far below spot the curve filled, fee excluded:
/// `floor(10,000 × (x × R_out − out × R_in) / (x × R_out))`, `x = in − fee`.
pub fn impact_bps(reserve_in: u64, reserve_out: u64, amount_in: u64, fee: u64, out: u64) -> u64 {
    let x = u128::from(amount_in - fee);
    let spot = x * u128::from(reserve_out);
    let filled = u128::from(out) * u128::from(reserve_in);
    (10_000 * (spot - filled) / spot) as u64
}

/// The protocol's part of a swap fee: `floor(fee × 300 / 10,000)`.
pub fn protocol_part(fee: u64) -> u64 {
    (u128::from(fee) * PROTOCOL_FEE_BPS / 10_000) as u64
}

/// `value["base_units"]`, or a plain number.
pub fn base(value: &Value) -> u64 {
    value.as_u64().unwrap_or_else(|| units(value))
}
