//! Seeds, limits and the addresses this program trusts.

use anchor_lang::prelude::*;

pub mod seeds {
    /// `[ARTIST, authority]`: one artist profile per wallet.
    pub const ARTIST: &[u8] = b"artist";
    /// `[TRACK, content_hash]`: the track is its own content claim, so the
    /// same audio can never be registered twice.
    pub const TRACK: &[u8] = b"track";
    /// `[REGISTRY_AUTHORITY]` under the royalty_shares program: the only
    /// signer allowed to record a track's share mint.
    pub const REGISTRY_AUTHORITY: &[u8] = b"registry_authority";
    /// `[COMMIT, authority, commitment]`: a registration committed to, not
    /// yet revealed.
    pub const COMMIT: &[u8] = b"commit";
    /// `[DISPUTE, track]`: the open ownership dispute over a track.
    pub const DISPUTE: &[u8] = b"track_dispute";
}

/// What filing an ownership dispute costs, in lamports, held until
/// governance decides: to the owner if dismissed, back if upheld. High
/// enough that freezing someone's earnings with a baseless dispute costs
/// something real.
pub const TRACK_DISPUTE_BOND_LAMPORTS: u64 = 1_000_000_000;

/// Domain of a registration commitment:
/// `sha256(COMMIT_DOMAIN || content_hash || authority || salt)`.
pub const COMMIT_DOMAIN: &[u8] = b"encore-register-1";

/// The royalty_shares program, whose PDA alone may set a track's share mint.
pub const ROYALTY_SHARES_PROGRAM_ID: Pubkey =
    pubkey!("D1rpRDNBr8Ptvp8WaeqdaeAFaRQGTBdDrcrUAdzvDG8b");

pub const MIN_HANDLE_LEN: usize = 3;
pub const MAX_HANDLE_LEN: usize = 32;
pub const MAX_DISPLAY_NAME_LEN: usize = 64;
pub const MAX_URI_LEN: usize = 200;
/// An ISRC is 12 characters once its hyphens are removed: `CCXXXYYNNNNN`.
pub const ISRC_LEN: usize = 12;
pub const MAX_BPS: u16 = 10_000;
/// The longest derivative chain: an original, then at most four levels of
/// derivatives of derivatives. Each collection passes one level up, so a
/// unit earned at the bottom reaches the top in four collections.
pub const MAX_DERIVATIVE_DEPTH: u8 = 4;
