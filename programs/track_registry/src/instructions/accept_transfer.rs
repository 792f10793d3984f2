use anchor_lang::prelude::*;

use crate::constants::seeds;
use crate::errors::RegistryError;
use crate::events::{log_event, TrackTransferred};
use crate::state::{Artist, Track};

#[derive(Accounts)]
pub struct AcceptTransfer<'info> {
    pub new_authority: Signer<'info>,
    #[account(mut)]
    pub track: Account<'info, Track>,
    #[account(mut, address = track.artist @ RegistryError::ArtistMismatch)]
    pub from_artist: Account<'info, Artist>,
    /// The new owner needs an artist profile: tracks always belong to one.
    #[account(
        mut,
        seeds = [seeds::ARTIST, to_artist.authority.as_ref()],
        bump = to_artist.bump,
        constraint = to_artist.authority == new_authority.key() @ RegistryError::ArtistMismatch,
    )]
    pub to_artist: Account<'info, Artist>,
}

pub fn handler(ctx: Context<AcceptTransfer>) -> Result<()> {
    let track = &mut ctx.accounts.track;
    require!(!track.is_retired(), RegistryError::TrackRetired);
    require!(!track.disputed, RegistryError::TrackUnderDispute);
    let pending = track
        .pending_authority
        .ok_or(RegistryError::NoPendingTransfer)?;
    require_keys_eq!(
        pending,
        ctx.accounts.new_authority.key(),
        RegistryError::WrongPendingAuthority
    );

    let from_authority = track.reassign(
        pending,
        &mut ctx.accounts.from_artist,
        &mut ctx.accounts.to_artist,
        Clock::get()?.unix_timestamp,
    )?;

    log_event(&TrackTransferred {
        track: track.key(),
        from_authority,
        to_authority: pending,
        to_artist: track.artist,
    });
    Ok(())
}
