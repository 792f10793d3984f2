use anchor_lang::prelude::*;

use crate::constants::MAX_URI_LEN;

/// An open ownership dispute over a track, at `[DISPUTE, track]`: who
/// claims it, on what evidence, and the bond held in this account.
#[account]
#[derive(InitSpace, Debug)]
pub struct TrackDispute {
    pub track: Pubkey,
    pub claimant: Pubkey,
    /// The claimant's artist profile: the track's profile if upheld.
    pub claimant_artist: Pubkey,
    /// Lamports held beyond this account's rent.
    pub bond: u64,
    pub filed_at: i64,
    pub bump: u8,
    #[max_len(MAX_URI_LEN)]
    pub evidence_uri: String,
}
