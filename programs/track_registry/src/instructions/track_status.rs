//! pause, resume and retire: three transitions that share one account shape.

use anchor_lang::prelude::*;

use crate::errors::RegistryError;
use crate::events::{log_event, TrackStatusChanged};
use crate::state::{Track, TrackStatus};

#[derive(Accounts)]
pub struct SetTrackStatus<'info> {
    pub authority: Signer<'info>,
    #[account(mut, has_one = authority @ RegistryError::Unauthorized)]
    pub track: Account<'info, Track>,
}

/// Allowed transitions: Active -> Paused, Paused -> Active, either -> Retired.
pub fn check_transition(from: TrackStatus, to: TrackStatus) -> Result<()> {
    match (from, to) {
        (TrackStatus::Retired, _) => err!(RegistryError::TrackRetired),
        (TrackStatus::Paused, TrackStatus::Paused) => err!(RegistryError::TrackAlreadyPaused),
        (TrackStatus::Active, TrackStatus::Active) => err!(RegistryError::TrackNotPaused),
        _ => Ok(()),
    }
}

pub fn handler(ctx: Context<SetTrackStatus>, to: TrackStatus) -> Result<()> {
    let track = &mut ctx.accounts.track;
    let before = track.status;
    check_transition(before, to)?;
    track.status = to;
    track.updated_at = Clock::get()?.unix_timestamp;
    log_event(&TrackStatusChanged {
        track: track.key(),
        before,
        after: to,
    });
    Ok(())
}
