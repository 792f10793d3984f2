use anchor_lang::prelude::*;

pub use encore_utils::log_event;

use crate::state::{LicenceTerms, TrackStatus};

#[event]
pub struct ArtistCreated {
    pub artist: Pubkey,
    pub authority: Pubkey,
    pub handle: String,
}

#[event]
pub struct ArtistUpdated {
    pub artist: Pubkey,
    pub handle: String,
    pub display_name: String,
    pub metadata_uri: String,
}

#[event]
pub struct TrackRegistered {
    pub track: Pubkey,
    pub artist: Pubkey,
    pub content_hash: [u8; 32],
    pub terms: LicenceTerms,
}

#[event]
pub struct TrackTermsUpdated {
    pub track: Pubkey,
    pub before: LicenceTerms,
    pub after: LicenceTerms,
    pub terms_version: u32,
}

#[event]
pub struct TrackStatusChanged {
    pub track: Pubkey,
    pub before: TrackStatus,
    pub after: TrackStatus,
}

#[event]
pub struct TrackTransferProposed {
    pub track: Pubkey,
    pub authority: Pubkey,
    pub pending_authority: Option<Pubkey>,
}

#[event]
pub struct TrackTransferred {
    pub track: Pubkey,
    pub from_authority: Pubkey,
    pub to_authority: Pubkey,
    pub to_artist: Pubkey,
}

#[event]
pub struct ShareMintSet {
    pub track: Pubkey,
    pub share_mint: Pubkey,
}

#[event]
pub struct RegistrationCommitted {
    pub authority: Pubkey,
    pub commitment: [u8; 32],
    pub slot: u64,
}

/// A revealed commitment older than the track's claim took the track over
/// from a later registration of the same audio (a copy).
#[event]
pub struct TrackReclaimed {
    pub track: Pubkey,
    pub from_authority: Pubkey,
    pub to_authority: Pubkey,
    pub to_artist: Pubkey,
    pub commit_slot: u64,
    pub replaced_claim_slot: u64,
}

#[event]
pub struct DerivativeRegistered {
    pub track: Pubkey,
    pub parent: Pubkey,
    pub upstream_bps: u16,
    pub depth: u8,
}

#[event]
pub struct TrackDisputeFiled {
    pub track: Pubkey,
    pub claimant: Pubkey,
    pub bond: u64,
    pub evidence_uri: String,
}

#[event]
pub struct TrackDisputeResolved {
    pub track: Pubkey,
    pub claimant: Pubkey,
    pub upheld: bool,
    /// Who received the bond: the claimant if upheld, the owner otherwise.
    pub bond_to: Pubkey,
    pub bond: u64,
}
