use anchor_lang::prelude::*;
use governance::constants::seeds::CONFIG;
use governance::state::{PauseArea, ProtocolConfig};

use crate::checks::{check_terms, check_uri};
use crate::errors::RegistryError;
use crate::events::{log_event, TrackTermsUpdated};
use crate::state::{LicenceTerms, TermsArgs, Track};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct UpdateTermsArgs {
    pub terms: TermsArgs,
    /// New metadata URI; `None` keeps the current one.
    pub metadata_uri: Option<String>,
}

#[derive(Accounts)]
pub struct UpdateTerms<'info> {
    pub authority: Signer<'info>,
    #[account(mut, has_one = authority @ RegistryError::Unauthorized)]
    pub track: Account<'info, Track>,
    /// Governance's config: a registry pause freezes terms and status too.
    #[account(seeds = [CONFIG], bump = protocol.bump, seeds::program = governance::ID)]
    pub protocol: Account<'info, ProtocolConfig>,
}

pub fn handler(ctx: Context<UpdateTerms>, args: UpdateTermsArgs) -> Result<()> {
    ctx.accounts
        .protocol
        .require_active(PauseArea::Registry, RegistryError::RegistryPaused)?;
    let track = &mut ctx.accounts.track;
    require!(!track.is_retired(), RegistryError::TrackRetired);
    check_terms(&args.terms)?;
    if let Some(uri) = &args.metadata_uri {
        check_uri(uri)?;
    }

    let before = track.terms;
    track.terms = LicenceTerms::new(before.payment_mint, &args.terms);
    track.terms_version = track
        .terms_version
        .checked_add(1)
        .ok_or(RegistryError::MathOverflow)?;
    if let Some(uri) = args.metadata_uri {
        track.metadata_uri = uri;
    }
    track.updated_at = Clock::get()?.unix_timestamp;

    log_event(&TrackTermsUpdated {
        track: track.key(),
        before,
        after: track.terms,
        terms_version: track.terms_version,
    });
    Ok(())
}
