use anchor_lang::prelude::*;
use anchor_spl::token::Mint;
use governance::constants::seeds::CONFIG;
use governance::state::ProtocolConfig;

use super::register_track::{check_registration, claim_new, lineage, NewClaim, RegisterTrackArgs};
use crate::constants::{seeds, COMMIT_DOMAIN};
use crate::errors::RegistryError;
use crate::events::{log_event, TrackReclaimed};
use crate::state::{Artist, LicenceTerms, RegistrationCommit, Track, TrackStatus};

#[derive(Accounts)]
#[instruction(args: RegisterTrackArgs)]
pub struct RegisterCommitted<'info> {
    #[account(mut)]
    pub authority: Signer<'info>,
    #[account(
        mut,
        seeds = [seeds::ARTIST, artist.authority.as_ref()],
        bump = artist.bump,
        has_one = authority @ RegistryError::Unauthorized,
    )]
    pub artist: Account<'info, Artist>,
    /// The signer's commitment; closed, its rent back to the signer.
    #[account(
        mut,
        close = authority,
        seeds = [seeds::COMMIT, authority.key().as_ref(), commit.commitment.as_ref()],
        bump = commit.bump,
    )]
    pub commit: Account<'info, RegistrationCommit>,
    /// CHECK: the content hash's PDA: created here if unclaimed, or a track
    /// this program wrote (a later claim an older commitment reclaims).
    #[account(mut, seeds = [seeds::TRACK, args.content_hash.as_ref()], bump)]
    pub track: UncheckedAccount<'info>,
    /// The artist profile of a later claim being reclaimed (its track count
    /// drops); omitted otherwise.
    #[account(mut)]
    pub previous_artist: Option<Account<'info, Artist>>,
    pub payment_mint: Account<'info, Mint>,
    #[account(seeds = [CONFIG], bump = protocol.bump, seeds::program = governance::ID)]
    pub protocol: Account<'info, ProtocolConfig>,
    pub system_program: Program<'info, System>,
    /// The track this one derives from, whose terms must allow it.
    pub parent: Option<Account<'info, Track>>,
}

/// Step two: reveals the content hash and salt of the signer's commitment,
/// made in an earlier slot, and registers the track. A copy of either step
/// by another wallet fails: the commitment binds the signer's key
/// (`CommitmentMismatch`). If the audio was claimed after this commitment
/// was made (a copier who saw the reveal and registered it directly, or
/// through a newer commitment of its own) and the track has no shares yet,
/// this reveal reclaims it: the older commitment wins.
pub fn handler(
    ctx: Context<RegisterCommitted>,
    args: RegisterTrackArgs,
    salt: [u8; 32],
) -> Result<()> {
    let clock = Clock::get()?;
    let accounts = ctx.accounts;
    let authority = accounts.authority.key();
    let opened = solana_sha256_hasher::hashv(&[
        COMMIT_DOMAIN,
        args.content_hash.as_ref(),
        authority.as_ref(),
        salt.as_ref(),
    ])
    .to_bytes();
    require!(
        opened == accounts.commit.commitment,
        RegistryError::CommitmentMismatch
    );
    require!(
        accounts.commit.slot < clock.slot,
        RegistryError::RevealTooEarly
    );
    let commit_slot = accounts.commit.slot;
    let track_info = accounts.track.to_account_info();
    if track_info.owner != &crate::ID {
        return claim_new(
            NewClaim {
                authority: &accounts.authority,
                artist: &mut accounts.artist,
                track: &track_info,
                payment_mint: accounts.payment_mint.key(),
                protocol: &accounts.protocol,
                bump: ctx.bumps.track,
                parent: accounts.parent.as_ref(),
            },
            &args,
            commit_slot,
            true,
        );
    }

    // The audio is claimed: only a later claim without shares gives way.
    check_registration(&accounts.protocol, &args)?;
    let mut track = Track::try_deserialize(&mut &track_info.try_borrow_data()?[..])?;
    require!(
        track.claim_slot > commit_slot
            && track.share_mint.is_none()
            && track.authority != authority,
        RegistryError::DuplicateContentHash
    );
    let previous = accounts
        .previous_artist
        .as_mut()
        .ok_or(RegistryError::ArtistMismatch)?;
    require_keys_eq!(previous.key(), track.artist, RegistryError::ArtistMismatch);
    let replaced_claim_slot = track.claim_slot;
    let from_authority = track.reassign(
        authority,
        previous,
        &mut accounts.artist,
        clock.unix_timestamp,
    )?;
    track.terms = LicenceTerms::new(accounts.payment_mint.key(), &args.terms);
    track.status = TrackStatus::Active;
    track.terms_version = track
        .terms_version
        .checked_add(1)
        .ok_or(RegistryError::MathOverflow)?;
    track.claim_slot = commit_slot;
    track.committed = true;
    let (parent, upstream_bps, depth) =
        lineage(accounts.parent.as_ref(), &accounts.payment_mint.key())?;
    // Tracks may already derive from the one reclaimed: naming only an
    // original as its parent keeps the lineage free of cycles.
    require!(
        accounts.parent.as_ref().is_none_or(|p| p.depth == 0) && parent != track_info.key(),
        RegistryError::DerivativeNotAllowed
    );
    track.parent = parent;
    track.upstream_bps = upstream_bps;
    track.depth = depth;
    track.isrc = args.isrc;
    track.metadata_uri = args.metadata_uri.clone();
    let mut data = track_info.try_borrow_mut_data()?;
    let mut writer: &mut [u8] = &mut data;
    track.try_serialize(&mut writer)?;
    log_event(&TrackReclaimed {
        track: track_info.key(),
        from_authority,
        to_authority: authority,
        to_artist: track.artist,
        commit_slot,
        replaced_claim_slot,
    });
    Ok(())
}
