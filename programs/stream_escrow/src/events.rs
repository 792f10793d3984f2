use anchor_lang::prelude::*;

pub use encore_utils::log_event;

#[event]
pub struct EscrowInitialized {
    pub payment_mint: Pubkey,
    pub vault: Pubkey,
}

#[event]
pub struct ListenerDeposited {
    pub listener: Pubkey,
    pub amount: u64,
    pub balance_before: u64,
    pub balance_after: u64,
}

#[event]
pub struct CapSet {
    pub listener: Pubkey,
    pub cap_per_period: u64,
    pub cap_period_secs: i64,
}

#[event]
pub struct WithdrawalRequested {
    pub listener: Pubkey,
    pub amount: u64,
    pub available_at: i64,
}

#[event]
pub struct WithdrawalCancelled {
    pub listener: Pubkey,
}

#[event]
pub struct ListenerWithdrew {
    pub listener: Pubkey,
    pub amount: u64,
    pub balance_after: u64,
}

#[event]
pub struct LedgerSynced {
    pub track: Pubkey,
    pub price_before: u64,
    pub price_after: u64,
    pub terms_version: u32,
}

/// One settle batch. `audit_root` is the Merkle root of the raw play events
/// the batch covers; `plays_unpaid` counts plays listeners could not pay for.
#[event]
pub struct PlaysSettled {
    pub settler: Pubkey,
    pub payment_mint: Pubkey,
    pub seq: u64,
    pub audit_root: [u8; 32],
    pub entries: u16,
    pub plays_paid: u64,
    pub plays_unpaid: u64,
    pub listeners_short: u16,
    pub amount: u64,
    pub settler_fees: u64,
}

#[event]
pub struct EarningsCollected {
    pub track: Pubkey,
    pub owed: u64,
    pub protocol_fee: u64,
    pub paid_to_vault: u64,
}

#[event]
pub struct SettlerFeesClaimed {
    pub settler: Pubkey,
    pub amount: u64,
}
