use anchor_lang::prelude::*;

pub use encore_utils::log_event;

#[event]
pub struct SharesCreated {
    pub track: Pubkey,
    pub share_mint: Pubkey,
    pub total_supply: u64,
    pub recipients: u8,
}

#[event]
pub struct SharesDistributed {
    pub track: Pubkey,
    pub recipients_paid: u8,
    pub complete: bool,
}

#[event]
pub struct RevenueDeposited {
    pub track: Pubkey,
    pub depositor: Pubkey,
    pub amount: u64,
    pub unreleased_before: u64,
    pub unreleased_after: u64,
    pub release_end: i64,
}

#[event]
pub struct SharesStaked {
    pub track: Pubkey,
    pub owner: Pubkey,
    pub amount: u64,
    pub staked_after: u64,
    pub total_staked_after: u64,
}

#[event]
pub struct SharesUnstaked {
    pub track: Pubkey,
    pub owner: Pubkey,
    pub amount: u64,
    pub staked_after: u64,
    pub total_staked_after: u64,
}

#[event]
pub struct RevenueClaimed {
    pub track: Pubkey,
    pub owner: Pubkey,
    pub amount: u64,
    pub claimed_total: u64,
}

#[event]
pub struct PositionClosed {
    pub track: Pubkey,
    pub owner: Pubkey,
}

/// A pool's reserve position caught up: `paid` went to the pool's vault
/// for its liquidity providers, and the stake now equals the reserve.
#[event]
pub struct PoolReserveSynced {
    pub track: Pubkey,
    pub pool: Pubkey,
    pub paid: u64,
    pub claimed_total: u64,
    pub staked_before: u64,
    pub staked_after: u64,
    pub total_staked_after: u64,
}
