//! Encore track registry: artist profiles and tracks (content hash, ISRC,
//! metadata, licence terms, per-play price, status), one account per audio hash.

use anchor_lang::prelude::*;

pub mod checks;
pub mod constants;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod state;

use instructions::*;
use state::TrackStatus;

declare_id!("GPVZfa3vk4USqnLLCuzmvA47v2LUT9akJBe59b7aUE3B");

#[program]
pub mod track_registry {
    use super::*;

    /// Creates the signer's artist profile (one per wallet).
    /// Errors: RegistryPaused, InvalidHandle, DisplayNameTooLong, UriTooLong,
    /// ArtistAlreadyExists.
    pub fn create_artist(ctx: Context<CreateArtist>, args: CreateArtistArgs) -> Result<()> {
        create_artist::handler(ctx, args)
    }

    /// Artist authority only. Errors: Unauthorized, NothingToUpdate, and the create checks.
    pub fn update_artist(ctx: Context<UpdateArtist>, args: UpdateArtistArgs) -> Result<()> {
        update_artist::handler(ctx, args)
    }

    /// Registers a recording under the signer's profile, claiming its
    /// content hash in one step. Front-runnable (the hash is public in the
    /// pending transaction): for local use; a reveal of an older commitment
    /// reclaims the track while it has no shares.
    /// Errors: RegistryPaused, Unauthorized, DuplicateContentHash, InvalidContentHash, InvalidIsrc,
    /// UriTooLong, InvalidPrice, InvalidBps, DerivativeShareWithoutDerivatives.
    pub fn register_track(ctx: Context<RegisterTrack>, args: RegisterTrackArgs) -> Result<()> {
        register_track::handler(ctx, args)
    }

    /// Step one of a registration no one can front-run: the signer commits
    /// to `sha256("encore-register-1" || content_hash || signer || salt)`.
    /// Errors: RegistryPaused.
    pub fn commit_registration(
        ctx: Context<CommitRegistration>,
        commitment: [u8; 32],
    ) -> Result<()> {
        commit_registration::handler(ctx, commitment)
    }

    /// Step two, in a later slot: reveals the hash and salt and registers
    /// the track, or reclaims it from a later claim without shares.
    /// Errors: CommitmentMismatch, RevealTooEarly, DuplicateContentHash,
    /// ArtistMismatch, and the register_track checks.
    pub fn register_committed(
        ctx: Context<RegisterCommitted>,
        args: RegisterTrackArgs,
        salt: [u8; 32],
    ) -> Result<()> {
        register_committed::handler(ctx, args, salt)
    }

    /// Track authority only; bumps `terms_version`. The payment mint never changes.
    /// Errors: Unauthorized, TrackRetired, and the terms checks.
    pub fn update_terms(ctx: Context<UpdateTerms>, args: UpdateTermsArgs) -> Result<()> {
        update_terms::handler(ctx, args)
    }

    /// Track authority only. Errors: Unauthorized, TrackRetired, TrackAlreadyPaused.
    pub fn pause_track(ctx: Context<SetTrackStatus>) -> Result<()> {
        track_status::handler(ctx, TrackStatus::Paused)
    }

    /// Track authority only. Errors: Unauthorized, TrackRetired, TrackNotPaused.
    pub fn resume_track(ctx: Context<SetTrackStatus>) -> Result<()> {
        track_status::handler(ctx, TrackStatus::Active)
    }

    /// Track authority only; irreversible. Errors: Unauthorized, TrackRetired.
    pub fn retire_track(ctx: Context<SetTrackStatus>) -> Result<()> {
        track_status::handler(ctx, TrackStatus::Retired)
    }

    /// Step one of an ownership transfer (`None` withdraws the proposal).
    /// Errors: Unauthorized, TrackRetired, TransferToSelf, NoPendingTransfer.
    pub fn propose_transfer(
        ctx: Context<ProposeTransfer>,
        new_authority: Option<Pubkey>,
    ) -> Result<()> {
        propose_transfer::handler(ctx, new_authority)
    }

    /// Step two, signed by the proposed owner, who must have an artist profile.
    /// Errors: NoPendingTransfer, WrongPendingAuthority, ArtistMismatch, TrackRetired.
    pub fn accept_transfer(ctx: Context<AcceptTransfer>) -> Result<()> {
        accept_transfer::handler(ctx)
    }

    /// Anyone with an artist profile: disputes a track's ownership with an
    /// evidence URI and a bond of `TRACK_DISPUTE_BOND_LAMPORTS`; the
    /// track's earnings wait in the escrow until governance decides.
    /// Errors: TrackRetired, DisputeOwnTrack, DisputeAlreadyOpen, UriTooLong.
    pub fn file_track_dispute(ctx: Context<FileTrackDispute>, evidence_uri: String) -> Result<()> {
        dispute::file(ctx, evidence_uri)
    }

    /// Anyone: applies governance's executed decision (a timelocked
    /// `ResolveTrackDispute` change): upheld, the track goes to the
    /// claimant with its bond back; dismissed, the bond goes to the owner.
    /// Errors: NotDecidedByGovernance, ArtistMismatch, Unauthorized.
    pub fn resolve_track_dispute(ctx: Context<ResolveTrackDispute>) -> Result<()> {
        dispute::resolve(ctx)
    }

    /// Records the track's royalty share mint; signed only by the royalty
    /// shares program's PDA, once. Errors: NotRoyaltyProgram, ShareMintAlreadySet, TrackRetired.
    pub fn set_share_mint(ctx: Context<SetShareMint>, share_mint: Pubkey) -> Result<()> {
        set_share_mint::handler(ctx, share_mint)
    }
}
