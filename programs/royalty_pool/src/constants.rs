//! Seeds, limits and fixed-point scales.

pub mod seeds {
    /// `[POOL, share_mint, quote_mint]`: one pool per pair; authority of its
    /// LP mint and both vaults.
    pub const POOL: &[u8] = b"pool";
    /// `[LP_MINT, pool]`.
    pub const LP_MINT: &[u8] = b"lp_mint";
    /// `[SHARE_VAULT, pool]`: holds the share reserve and protocol fees in shares.
    pub const SHARE_VAULT: &[u8] = b"share_vault";
    /// `[QUOTE_VAULT, pool]`: holds the quote reserve and protocol fees in quote.
    pub const QUOTE_VAULT: &[u8] = b"quote_vault";
}

/// LP units counted in every pool's supply but never minted: the first
/// depositor cannot own the whole pool, so the price of one LP unit cannot
/// be inflated to round later depositors down to nothing.
pub const MINIMUM_LIQUIDITY: u64 = 1_000;

/// The most a pool may charge on a swap's input (10 %).
pub const MAX_FEE_BPS: u16 = 1_000;
pub const BPS_DENOMINATOR: u16 = 10_000;

/// LP tokens carry 6 decimals, like the shares they stand beside.
pub const LP_DECIMALS: u8 = 6;

/// Prices in the accumulator are Q64.64 fixed point: `value / 2^64`.
pub const Q64: u128 = 1 << 64;
