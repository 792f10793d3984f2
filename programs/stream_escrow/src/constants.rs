//! Seeds, limits, and the royalty program this escrow pays into.

use anchor_lang::prelude::*;

pub mod seeds {
    /// `[ESCROW, payment_mint]`: per-mint escrow record, authority of the vault.
    pub const ESCROW: &[u8] = b"escrow";
    /// `[VAULT, payment_mint]`: the pooled token vault of every listener in that mint.
    pub const VAULT: &[u8] = b"vault";
    /// `[LISTENER, payment_mint, wallet]`.
    pub const LISTENER: &[u8] = b"listener";
    /// `[LEDGER, track]`: what a track is owed, with its cached price.
    pub const LEDGER: &[u8] = b"ledger";
    /// `[SETTLER_STATE, settler_wallet, payment_mint]`: batch sequence and fees.
    pub const SETTLER_STATE: &[u8] = b"settler_state";
    /// The royalty program's revenue vault seed: `[REVENUE_VAULT, track]`.
    pub const REVENUE_VAULT: &[u8] = b"revenue_vault";
    /// `[DISPUTE, listener, settler_wallet, number as u32 little-endian]`.
    pub const DISPUTE: &[u8] = b"dispute";
    /// `[DISPUTE_AUTHORITY]`: signs governance's bond holds and refunds.
    pub const DISPUTE_AUTHORITY: &[u8] = governance::constants::seeds::DISPUTE_AUTHORITY;
}

/// Collected earnings go only to the track's revenue vault in this program.
pub const ROYALTY_SHARES_PROGRAM_ID: Pubkey = track_registry::constants::ROYALTY_SHARES_PROGRAM_ID;

pub const BPS_DENOMINATOR: u64 = 10_000;
/// A listener's spending-cap period: 1 hour to 1 year.
pub const MIN_CAP_PERIOD_SECS: i64 = 3_600;
pub const MAX_CAP_PERIOD_SECS: i64 = 365 * 86_400;
pub const DEFAULT_CAP_PERIOD_SECS: i64 = 30 * 86_400;
/// Terms points a ledger keeps: plays older than the oldest are not charged.
pub const TERMS_POINTS: usize = 8;
/// Cap changes a listener may have waiting (see `Listener::set_cap`).
pub const CAP_CHANGES: usize = 4;
/// Entries (distinct tracks) one settlement window may hold: one bit each.
pub const WINDOW_MAX_ENTRIES: usize = 256;
/// Settlers that may hold a tab with one listener at once.
pub const TABS: usize = 4;
