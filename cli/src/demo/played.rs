//! The demo's cast and what each chapter of the story left on chain: what
//! the chapters write and the summary reads.

use encore_sdk::instructions::pool::PoolKeys;
use encore_sdk::settle::RunReport;
use encore_sdk::Pubkey;
use solana_keypair::Keypair;
use std::collections::BTreeMap;

use crate::units::Amount;

/// Decimals of the demo's payment mint, "USDC".
pub const DECIMALS: u8 = 6;

/// Who holds each track's rights, in the order of each track's splits.
pub const ROLES: [&str; 3] = ["artist", "producer", "songwriter"];

/// Which track's shares trade, and which holder (in [`ROLES`] order) opens the pool.
pub const POOL_TRACK: usize = 0;
pub const POOL_CREATOR: usize = 1;

/// `base_units` of the demo's USDC.
pub fn usdc(base_units: u64) -> Amount {
    Amount::new(base_units, DECIMALS)
}

pub struct PlayedTrack {
    pub title: &'static str,
    pub address: Pubkey,
    pub price: u64,
    pub splits: [u16; 3],
    /// Every tip sent to it, as the demo counted them.
    pub tipped: u64,
    /// What its harvest moved from the escrow into its revenue vault.
    pub harvested: u64,
}

pub struct Investor {
    pub name: &'static str,
    pub wallet: Keypair,
    /// USDC minted to it before it traded.
    pub funded: u64,
}

/// One swap as executed (amounts from the trader's balance changes).
pub struct Trade {
    pub investor: usize,
    pub sell_shares: bool,
    pub amount_in: u64,
    pub amount_out: u64,
    pub fee: u64,
}

/// The market chapter: a pool of [`POOL_TRACK`]'s shares.
pub struct PlayedPool {
    pub address: Pubkey,
    pub keys: PoolKeys,
    pub fee_bps: u16,
    pub seeded_shares: u64,
    pub seeded_quote: u64,
    pub investors: Vec<Investor>,
    pub trades: Vec<Trade>,
    /// `reserve_share × reserve_quote` at creation and after every trade.
    pub k_history: Vec<u128>,
}

/// The streaming chapter, and what the plan says each account should hold.
pub struct PlayedStreaming {
    pub settler: Pubkey,
    /// The settler's fee (bps of every play's price).
    pub settler_fee_bps: u16,
    pub listeners: Vec<Pubkey>,
    /// What each listener deposited, by wallet.
    pub deposits: BTreeMap<Pubkey, u64>,
    pub report: RunReport,
    /// The plan replayed against the deposits: per listener (plays paid,
    /// amount debited) ...
    pub expected_listeners: BTreeMap<Pubkey, (u64, u64)>,
    /// ... and per track (plays paid, earned net of settler fees).
    pub expected_tracks: BTreeMap<Pubkey, (u64, u64)>,
    pub protocol_fee_bps: u16,
}

/// The whole story.
pub struct Played {
    pub mint: Pubkey,
    pub tracks: Vec<PlayedTrack>,
    /// In [`ROLES`] order.
    pub holders: Vec<Keypair>,
    pub release_period: i64,
    /// Payment-mint balances of the holders before any claim (0 on a fresh chain).
    pub balances_before: Vec<u64>,
    pub pool: PlayedPool,
    /// The streaming chapter (`None` on a cluster where the payer is not
    /// governance's authority).
    pub streaming: Option<PlayedStreaming>,
}
