//! Seeds, the share token's fixed shape, and accrual precision.

pub mod seeds {
    /// `[ROYALTY, track]`: the track's `RoyaltyConfig`, authority of its mint and vaults.
    pub const ROYALTY: &[u8] = b"royalty";
    /// `[SHARE_MINT, track]`.
    pub const SHARE_MINT: &[u8] = b"share_mint";
    /// `[REVENUE_VAULT, track]`: payment-token account holding unclaimed revenue.
    pub const REVENUE_VAULT: &[u8] = b"revenue_vault";
    /// `[SHARE_VAULT, track]`: holds staked shares.
    pub const SHARE_VAULT: &[u8] = b"share_vault";
    /// `[POSITION, track, owner]`.
    pub const POSITION: &[u8] = b"position";
    /// `[REGISTRY_AUTHORITY]`: this program's signer towards the track registry.
    pub const REGISTRY_AUTHORITY: &[u8] = track_registry::constants::seeds::REGISTRY_AUTHORITY;
}

/// Every track has 1,000,000 shares of 6 decimals: one share is 0.0001 % of
/// the track's revenue, and a base unit is small enough for any split.
pub const SHARE_DECIMALS: u8 = 6;
pub const TOTAL_SUPPLY: u64 = 1_000_000_000_000;

/// Reward per staked base unit is kept scaled by 10^12. Released revenue
/// times the scale is at most about 1.8e31, far inside u128; the remainder of
/// each division is carried into the next release, so precision is lost only
/// below one base unit (see `math`).
pub const ACC_SCALE: u128 = 1_000_000_000_000;

pub const MAX_RECIPIENTS: usize = 16;
pub const BPS_DENOMINATOR: u16 = 10_000;

/// The royalty pool program, whose pools hold a position for their share
/// reserve (see `sync_pool`). Named here rather than imported: the pool
/// program depends on this one.
pub const POOL_PROGRAM_ID: anchor_lang::prelude::Pubkey =
    anchor_lang::pubkey!("6epvHL2JKusNjoQsfDVt2swe7GWvU3Ci3x7T7VpDe5SE");
/// The pool program's PDA seed of a pool: `[POOL_SEED, share_mint, quote_mint]`.
pub const POOL_SEED: &[u8] = b"pool";
