use anchor_lang::prelude::*;

/// Licence terms as the artist supplies them; the payment mint comes from the
/// registration's mint account and is fixed for the track's life, because the
/// escrow ledger and royalty vault of a track are denominated in it.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, PartialEq, Eq, Debug, InitSpace)]
pub struct TermsArgs {
    /// Price of one play, in base units of the payment mint.
    pub price_per_play: u64,
    pub allow_remix: bool,
    pub allow_commercial: bool,
    pub allow_derivative: bool,
    /// Share of a derivative work's revenue owed to this track, in bps.
    pub derivative_share_bps: u16,
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, PartialEq, Eq, Debug, InitSpace)]
pub struct LicenceTerms {
    pub payment_mint: Pubkey,
    pub price_per_play: u64,
    pub allow_remix: bool,
    pub allow_commercial: bool,
    pub allow_derivative: bool,
    pub derivative_share_bps: u16,
}

impl LicenceTerms {
    pub fn new(payment_mint: Pubkey, args: &TermsArgs) -> Self {
        Self {
            payment_mint,
            price_per_play: args.price_per_play,
            allow_remix: args.allow_remix,
            allow_commercial: args.allow_commercial,
            allow_derivative: args.allow_derivative,
            derivative_share_bps: args.derivative_share_bps,
        }
    }
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, PartialEq, Eq, Debug, InitSpace)]
pub enum TrackStatus {
    Active,
    Paused,
    /// Terminal: a retired track never changes again and earns nothing new.
    Retired,
}

/// A registered recording. Its address is `[TRACK, content_hash]`, so the
/// account doubles as the claim on that audio. Fixed-size fields come first,
/// so `artist` (offset 8) and `authority` (offset 40) can be filtered on.
#[account]
#[derive(InitSpace, Debug)]
pub struct Track {
    /// Artist profile of the current owner.
    pub artist: Pubkey,
    /// Wallet that controls the track.
    pub authority: Pubkey,
    /// sha256 of the audio file.
    pub content_hash: [u8; 32],
    pub terms: LicenceTerms,
    pub status: TrackStatus,
    /// Bumped on every terms change, so consumers can tell a stale copy.
    pub terms_version: u32,
    pub registered_at: i64,
    pub updated_at: i64,
    /// When the current owner's claim on the audio was made: the slot of
    /// its revealed commitment, or of a direct (one-step) registration. A
    /// reveal of an older commitment reclaims the track while it has no
    /// shares.
    pub claim_slot: u64,
    /// Registered through a commitment (false: the one-step path).
    pub committed: bool,
    /// The track this one derives from (default: an original, no parent).
    /// Fixed at registration, at byte offset 179, for memcmp scans of a
    /// track's derivatives.
    pub parent: Pubkey,
    /// The parent's `derivative_share_bps` when this track registered: the
    /// share of every collection of this track owed to the parent.
    pub upstream_bps: u16,
    /// 0 for an original, the parent's depth + 1 for a derivative.
    pub depth: u8,
    /// An ownership dispute is open: the track's earnings wait in the
    /// escrow, and it cannot be transferred or retired, until governance
    /// decides.
    pub disputed: bool,
    /// Set when an upheld dispute reassigns a track whose shares the
    /// previous owner issued: those shares no longer earn; the track's
    /// earnings go to its authority (`collect_unshared`).
    pub shares_void: bool,
    pub bump: u8,
    /// Upper-case ISRC without hyphens.
    pub isrc: Option<[u8; 12]>,
    pub pending_authority: Option<Pubkey>,
    /// Set once, by the royalty shares program.
    pub share_mint: Option<Pubkey>,
    #[max_len(200)]
    pub metadata_uri: String,
}

impl Track {
    pub fn is_retired(&self) -> bool {
        self.status == TrackStatus::Retired
    }

    /// Hands the track to `authority`, whose profile is `to`, from the
    /// profile `from`: any pending transfer lapses and the profiles' track
    /// counts follow. Returns the previous authority.
    pub fn reassign(
        &mut self,
        authority: Pubkey,
        from: &mut Account<crate::state::Artist>,
        to: &mut Account<crate::state::Artist>,
        now: i64,
    ) -> Result<Pubkey> {
        let previous = self.authority;
        self.authority = authority;
        self.artist = to.key();
        self.pending_authority = None;
        self.updated_at = now;
        from.track_count = from.track_count.saturating_sub(1);
        to.track_count = to
            .track_count
            .checked_add(1)
            .ok_or(crate::errors::RegistryError::MathOverflow)?;
        Ok(previous)
    }

    /// The track this one derives from; `None` for an original.
    pub fn parent_track(&self) -> Option<Pubkey> {
        (self.parent != Pubkey::default()).then_some(self.parent)
    }

    /// Byte offset of `parent` in the account (discriminator included).
    pub const PARENT_OFFSET: usize = 179;
}
