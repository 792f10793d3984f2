use anchor_lang::prelude::*;

pub use encore_utils::log_event;

use crate::math::SwapDirection;

#[event]
pub struct PoolCreated {
    pub pool: Pubkey,
    pub track: Pubkey,
    pub share_mint: Pubkey,
    pub quote_mint: Pubkey,
    pub lp_mint: Pubkey,
    pub creator: Pubkey,
    pub fee_bps: u16,
    pub reserve_share: u64,
    pub reserve_quote: u64,
    /// Minted to the creator; `MINIMUM_LIQUIDITY` more is locked.
    pub lp_minted: u64,
    pub lp_supply: u64,
    /// When the pool opened: its price accumulator starts here, at 0.
    pub timestamp: i64,
}

#[event]
pub struct LiquidityDeposited {
    pub pool: Pubkey,
    pub owner: Pubkey,
    pub lp_amount: u64,
    pub share_in: u64,
    pub quote_in: u64,
    /// Paid into the LPs' earnings, beside `quote_in`, in the quote mint.
    pub earnings_in: u64,
    pub reserve_share_after: u64,
    pub reserve_quote_after: u64,
    pub lp_supply_after: u64,
    /// The pool's clock and its price accumulator (quote per share, Q64.64
    /// × seconds) as of this change, before its reserves took over: between
    /// two events, `Δcumulative / Δtimestamp` is the mean price in force.
    pub timestamp: i64,
    pub price_cumulative_share_in_quote: u128,
}

#[event]
pub struct LiquidityWithdrawn {
    pub pool: Pubkey,
    pub owner: Pubkey,
    pub lp_amount: u64,
    pub share_out: u64,
    pub quote_out: u64,
    /// The burnt LP units' part of the LPs' earnings, paid beside `quote_out`.
    pub earnings_out: u64,
    pub reserve_share_after: u64,
    pub reserve_quote_after: u64,
    pub lp_supply_after: u64,
    /// The pool's clock and its price accumulator (quote per share, Q64.64
    /// × seconds) as of this change, before its reserves took over: between
    /// two events, `Δcumulative / Δtimestamp` is the mean price in force.
    pub timestamp: i64,
    pub price_cumulative_share_in_quote: u128,
}

#[event]
pub struct Swapped {
    pub pool: Pubkey,
    pub trader: Pubkey,
    pub direction: SwapDirection,
    pub amount_in: u64,
    pub amount_out: u64,
    pub fee: u64,
    pub protocol_fee: u64,
    pub reserve_share_before: u64,
    pub reserve_quote_before: u64,
    pub reserve_share_after: u64,
    pub reserve_quote_after: u64,
    /// The pool's clock and its price accumulator (quote per share, Q64.64
    /// × seconds) as of this change, before its reserves took over: between
    /// two events, `Δcumulative / Δtimestamp` is the mean price in force.
    pub timestamp: i64,
    pub price_cumulative_share_in_quote: u128,
}

#[event]
pub struct ProtocolFeesCollected {
    pub pool: Pubkey,
    pub treasury: Pubkey,
    pub share_amount: u64,
    pub quote_amount: u64,
}

/// The share reserve's royalty position paid what it earned since the
/// pool's last change; it joins the LPs' earnings.
#[event]
pub struct ReserveEarned {
    pub pool: Pubkey,
    pub amount: u64,
    pub earnings_after: u64,
    pub earned_total: u64,
}
