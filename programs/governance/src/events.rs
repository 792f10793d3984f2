use anchor_lang::prelude::*;

pub use encore_utils::log_event;

use crate::state::{ParamChange, PauseFlags, ProtocolParams};

#[event]
pub struct ConfigInitialized {
    pub config: Pubkey,
    pub authority: Pubkey,
    pub params: ProtocolParams,
}

#[event]
pub struct AuthorityProposed {
    pub authority: Pubkey,
    pub pending_authority: Option<Pubkey>,
}

#[event]
pub struct AuthorityTransferred {
    pub from_authority: Pubkey,
    pub to_authority: Pubkey,
}

#[event]
pub struct PauseFlagsUpdated {
    pub authority: Pubkey,
    pub before: PauseFlags,
    pub after: PauseFlags,
}

#[event]
pub struct ChangeProposed {
    pub change: Pubkey,
    pub id: u64,
    pub kind: ParamChange,
    pub eta: i64,
}

#[event]
pub struct ChangeCancelled {
    pub change: Pubkey,
    pub id: u64,
    pub kind: ParamChange,
    pub cancelled_by: Pubkey,
}

/// A parameter change took effect.
#[event]
pub struct ParamsUpdated {
    pub change: Pubkey,
    pub id: u64,
    pub before: ProtocolParams,
    pub after: ProtocolParams,
}

#[event]
pub struct SettlerRegistered {
    pub settler: Pubkey,
    pub wallet: Pubkey,
    pub bond_mint: Pubkey,
}

#[event]
pub struct BondPosted {
    pub settler: Pubkey,
    pub amount: u64,
    pub bond_before: u64,
    pub bond_after: u64,
}

#[event]
pub struct BondWithdrawn {
    pub settler: Pubkey,
    pub amount: u64,
    pub bond_before: u64,
    pub bond_after: u64,
}

#[event]
pub struct SettlerApproved {
    pub settler: Pubkey,
    pub wallet: Pubkey,
    pub bond_amount: u64,
}

#[event]
pub struct SettlerRevoked {
    pub settler: Pubkey,
    pub wallet: Pubkey,
}

#[event]
pub struct SettlerSlashed {
    pub settler: Pubkey,
    pub change: Pubkey,
    pub amount: u64,
    pub reason: u16,
    pub bond_before: u64,
    pub bond_after: u64,
    pub treasury_token: Pubkey,
}

#[event]
pub struct BondHeldForDispute {
    pub settler: Pubkey,
    pub amount: u64,
    pub held_after: u64,
}

/// A dispute's hold ended: `refund` to the listener and `reward` to the
/// disputer left the bond; the rest of the hold is free again. An upheld
/// dispute suspends the settler (its approval is revoked).
#[event]
pub struct DisputeHoldEnded {
    pub settler: Pubkey,
    pub held: u64,
    pub refund: u64,
    pub reward: u64,
    pub bond_after: u64,
    pub suspended: bool,
}

/// Governance decided a track's ownership dispute; the registry applies it.
#[event]
pub struct TrackDisputeDecided {
    pub change: Pubkey,
    pub id: u64,
    pub track: Pubkey,
    pub uphold: bool,
}
