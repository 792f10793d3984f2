//! pause, resume and retire: three transitions that share one account shape.

use anchor_lang::prelude::*;
use governance::constants::seeds::CONFIG;
use governance::state::{PauseArea, ProtocolConfig};

use crate::errors::RegistryError;
use crate::events::{log_event, TrackStatusChanged};
use crate::state::{Track, TrackStatus};

#[derive(Accounts)]
pub struct SetTrackStatus<'info> {
    pub authority: Signer<'info>,
    #[account(mut, has_one = authority @ RegistryError::Unauthorized)]
    pub track: Account<'info, Track>,
    /// Governance's config: a registry pause freezes terms and status too.
    #[account(seeds = [CONFIG], bump = protocol.bump, seeds::program = governance::ID)]
    pub protocol: Account<'info, ProtocolConfig>,
}

/// Allowed transitions: Active -> Paused, Paused -> Active, either -> Retired.
/// Every change bumps `terms_version`, which ledgers compare.
pub fn check_transition(from: TrackStatus, to: TrackStatus) -> Result<()> {
    match (from, to) {
        (TrackStatus::Retired, _) => err!(RegistryError::TrackRetired),
        (TrackStatus::Paused, TrackStatus::Paused) => err!(RegistryError::TrackAlreadyPaused),
        (TrackStatus::Active, TrackStatus::Active) => err!(RegistryError::TrackNotPaused),
        _ => Ok(()),
    }
}

pub fn handler(ctx: Context<SetTrackStatus>, to: TrackStatus) -> Result<()> {
    ctx.accounts
        .protocol
        .require_active(PauseArea::Registry, RegistryError::RegistryPaused)?;
    let track = &mut ctx.accounts.track;
    let before = track.status;
    check_transition(before, to)?;
    // A disputed track stays as it is until governance decides.
    require!(
        !(track.disputed && to == TrackStatus::Retired),
        RegistryError::TrackUnderDispute
    );
    track.status = to;
    // Settlement reads the status: a change is a new terms version.
    track.terms_version = track
        .terms_version
        .checked_add(1)
        .ok_or(RegistryError::MathOverflow)?;
    track.updated_at = Clock::get()?.unix_timestamp;
    log_event(&TrackStatusChanged {
        track: track.key(),
        before,
        after: to,
    });
    Ok(())
}
