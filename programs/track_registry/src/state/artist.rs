use anchor_lang::prelude::*;

/// An artist profile, one per wallet (`[ARTIST, authority]`).
#[account]
#[derive(InitSpace, Debug)]
pub struct Artist {
    pub authority: Pubkey,
    /// Tracks this profile owns now (registered or transferred in, minus transferred out).
    pub track_count: u32,
    pub created_at: i64,
    pub bump: u8,
    #[max_len(32)]
    pub handle: String,
    #[max_len(64)]
    pub display_name: String,
    #[max_len(200)]
    pub metadata_uri: String,
}
