use anchor_lang::prelude::*;
use anchor_lang::system_program;
use anchor_spl::token::Mint;
use encore_utils::create_pda_account;
use governance::constants::seeds::CONFIG;
use governance::state::{PauseArea, ProtocolConfig};

use crate::checks::{check_content_hash, check_isrc, check_terms, check_uri};
use crate::constants::seeds;
use crate::errors::RegistryError;
use crate::events::{log_event, TrackRegistered};
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
}

pub fn handler(ctx: Context<RegisterTrack>, args: RegisterTrackArgs) -> Result<()> {
    ctx.accounts
        .protocol
        .require_active(PauseArea::Registry, RegistryError::RegistryPaused)?;
    check_content_hash(&args.content_hash)?;
    if let Some(isrc) = &args.isrc {
        check_isrc(isrc)?;
    }
    check_uri(&args.metadata_uri)?;
    check_terms(&args.terms)?;
    // Only this program can give the PDA data, so empty system-owned means unclaimed.
    let track_info = ctx.accounts.track.to_account_info();
    require!(
        track_info.data_is_empty() && track_info.owner == &system_program::ID,
        RegistryError::DuplicateContentHash
    );

    let now = Clock::get()?.unix_timestamp;
    let track = Track {
        artist: ctx.accounts.artist.key(),
        authority: ctx.accounts.authority.key(),
        content_hash: args.content_hash,
        terms: LicenceTerms::new(ctx.accounts.payment_mint.key(), &args.terms),
        status: TrackStatus::Active,
        terms_version: 1,
        registered_at: now,
        updated_at: now,
        bump: ctx.bumps.track,
        isrc: args.isrc,
        pending_authority: None,
        share_mint: None,
        metadata_uri: args.metadata_uri,
    };
    let artist = &mut ctx.accounts.artist;
    artist.track_count = artist
        .track_count
        .checked_add(1)
        .ok_or(RegistryError::MathOverflow)?;

    let bump = [ctx.bumps.track];
    let signer_seeds: &[&[u8]] = &[seeds::TRACK, args.content_hash.as_ref(), &bump];
    // Governance's helper: a griefer's pre-funding cannot block the address.
    create_pda_account(
        &ctx.accounts.authority,
        &track_info,
        8 + Track::INIT_SPACE,
        &crate::ID,
        signer_seeds,
    )?;
    let mut data = track_info.try_borrow_mut_data()?;
    let mut writer: &mut [u8] = &mut data;
    track.try_serialize(&mut writer)?;

    log_event(&TrackRegistered {
        track: track_info.key(),
        artist: track.artist,
        content_hash: track.content_hash,
        terms: track.terms,
    });
    Ok(())
}
