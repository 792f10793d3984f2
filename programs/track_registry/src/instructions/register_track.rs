use anchor_lang::prelude::*;
use anchor_lang::system_program;
use anchor_spl::token::Mint;
use encore_utils::create_pda_account;
use governance::constants::seeds::CONFIG;
use governance::state::{PauseArea, ProtocolConfig};

use crate::checks::{check_content_hash, check_isrc, check_terms, check_uri};
use crate::constants::seeds;
use crate::constants::MAX_DERIVATIVE_DEPTH;
use crate::errors::RegistryError;
use crate::events::{log_event, DerivativeRegistered, TrackRegistered};
use crate::state::{Artist, LicenceTerms, TermsArgs, Track, TrackStatus};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct RegisterTrackArgs {
    /// sha256 of the audio file.
    pub content_hash: [u8; 32],
    /// Upper-case ISRC without hyphens, if the recording has one.
    pub isrc: Option<[u8; 12]>,
    pub metadata_uri: String,
    pub terms: TermsArgs,
}

#[derive(Accounts)]
#[instruction(args: RegisterTrackArgs)]
pub struct RegisterTrack<'info> {
    #[account(mut)]
    pub authority: Signer<'info>,
    #[account(
        mut,
        seeds = [seeds::ARTIST, artist.authority.as_ref()],
        bump = artist.bump,
        has_one = authority @ RegistryError::Unauthorized,
    )]
    pub artist: Account<'info, Artist>,
    /// CHECK: created by this handler; the address is the content hash's PDA,
    /// and an existing account there means the hash is taken.
    #[account(mut, seeds = [seeds::TRACK, args.content_hash.as_ref()], bump)]
    pub track: UncheckedAccount<'info>,
    pub payment_mint: Account<'info, Mint>,
    /// Governance's config: new registrations stop while the registry is paused.
    #[account(seeds = [CONFIG], bump = protocol.bump, seeds::program = governance::ID)]
    pub protocol: Account<'info, ProtocolConfig>,
    pub system_program: Program<'info, System>,
    /// The track this one derives from, whose terms must allow it.
    pub parent: Option<Account<'info, Track>>,
}

/// The one-step path: claims the hash now, in the clear. Anyone who sees
/// the pending transaction can copy the hash and land first, so it is for
/// local use; the copy stays open to a reclaim by an older commitment
/// until the track has shares (see `register_committed`).
pub fn handler(ctx: Context<RegisterTrack>, args: RegisterTrackArgs) -> Result<()> {
    let clock = Clock::get()?;
    let accounts = ctx.accounts;
    claim_new(
        NewClaim {
            authority: &accounts.authority,
            artist: &mut accounts.artist,
            track: &accounts.track.to_account_info(),
            payment_mint: accounts.payment_mint.key(),
            protocol: &accounts.protocol,
            bump: ctx.bumps.track,
            parent: accounts.parent.as_ref(),
        },
        &args,
        clock.slot,
        false,
    )
}

/// The accounts a new claim writes.
pub(crate) struct NewClaim<'a, 'info> {
    pub authority: &'a Signer<'info>,
    pub artist: &'a mut Account<'info, Artist>,
    pub track: &'a AccountInfo<'info>,
    pub payment_mint: Pubkey,
    pub protocol: &'a ProtocolConfig,
    pub bump: u8,
    pub parent: Option<&'a Account<'info, Track>>,
}

/// A derivative's lineage: `(parent, upstream_bps, depth)` once the parent's
/// terms allow it; `(default, 0, 0)` for an original.
pub(crate) fn lineage(
    parent: Option<&Account<Track>>,
    payment_mint: &Pubkey,
) -> Result<(Pubkey, u16, u8)> {
    let Some(parent) = parent else {
        return Ok((Pubkey::default(), 0, 0));
    };
    require!(!parent.is_retired(), RegistryError::TrackRetired);
    require!(
        parent.terms.allow_derivative,
        RegistryError::DerivativeNotAllowed
    );
    require_keys_eq!(
        parent.terms.payment_mint,
        *payment_mint,
        RegistryError::ParentPaymentMintMismatch
    );
    let depth = parent
        .depth
        .checked_add(1)
        .filter(|d| *d <= MAX_DERIVATIVE_DEPTH)
        .ok_or(RegistryError::DerivativeChainTooDeep)?;
    Ok((parent.key(), parent.terms.derivative_share_bps, depth))
}

/// Checks the arguments, then creates the track at its hash's address
/// (which must be unclaimed), owned by the signer's artist profile.
pub(crate) fn claim_new(
    c: NewClaim,
    args: &RegisterTrackArgs,
    claim_slot: u64,
    committed: bool,
) -> Result<()> {
    check_registration(c.protocol, args)?;
    // Only this program can give the PDA data, so empty system-owned means unclaimed.
    require!(
        c.track.data_is_empty() && c.track.owner == &system_program::ID,
        RegistryError::DuplicateContentHash
    );
    let (parent, upstream_bps, depth) = lineage(c.parent, &c.payment_mint)?;
    let now = Clock::get()?.unix_timestamp;
    let track = Track {
        artist: c.artist.key(),
        authority: c.authority.key(),
        content_hash: args.content_hash,
        terms: LicenceTerms::new(c.payment_mint, &args.terms),
        status: TrackStatus::Active,
        terms_version: 1,
        registered_at: now,
        updated_at: now,
        claim_slot,
        committed,
        parent,
        upstream_bps,
        depth,
        disputed: false,
        shares_void: false,
        bump: c.bump,
        isrc: args.isrc,
        pending_authority: None,
        share_mint: None,
        metadata_uri: args.metadata_uri.clone(),
    };
    c.artist.track_count = c
        .artist
        .track_count
        .checked_add(1)
        .ok_or(RegistryError::MathOverflow)?;

    let bump = [c.bump];
    let signer_seeds: &[&[u8]] = &[seeds::TRACK, args.content_hash.as_ref(), &bump];
    // Governance's helper: a griefer's pre-funding cannot block the address.
    create_pda_account(
        c.authority,
        c.track,
        8 + Track::INIT_SPACE,
        &crate::ID,
        signer_seeds,
    )?;
    let mut data = c.track.try_borrow_mut_data()?;
    let mut writer: &mut [u8] = &mut data;
    track.try_serialize(&mut writer)?;

    log_event(&TrackRegistered {
        track: c.track.key(),
        artist: track.artist,
        content_hash: track.content_hash,
        terms: track.terms,
    });
    if depth > 0 {
        log_event(&DerivativeRegistered {
            track: c.track.key(),
            parent,
            upstream_bps,
            depth,
        });
    }
    Ok(())
}

/// What every registration checks first: the registry is open and the
/// arguments are well formed.
pub(crate) fn check_registration(
    protocol: &ProtocolConfig,
    args: &RegisterTrackArgs,
) -> Result<()> {
    protocol.require_active(PauseArea::Registry, RegistryError::RegistryPaused)?;
    check_content_hash(&args.content_hash)?;
    if let Some(isrc) = &args.isrc {
        check_isrc(isrc)?;
    }
    check_uri(&args.metadata_uri)?;
    check_terms(&args.terms)?;
    Ok(())
}
