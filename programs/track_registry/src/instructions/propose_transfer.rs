use anchor_lang::prelude::*;

use crate::errors::RegistryError;
use crate::events::{log_event, TrackTransferProposed};
use crate::state::Track;

#[derive(Accounts)]
pub struct ProposeTransfer<'info> {
    pub authority: Signer<'info>,
    #[account(mut, has_one = authority @ RegistryError::Unauthorized)]
    pub track: Account<'info, Track>,
}

/// `new_authority = None` withdraws a pending proposal.
pub fn handler(ctx: Context<ProposeTransfer>, new_authority: Option<Pubkey>) -> Result<()> {
    let track = &mut ctx.accounts.track;
    require!(!track.is_retired(), RegistryError::TrackRetired);
    require!(!track.disputed, RegistryError::TrackUnderDispute);
    match new_authority {
        Some(key) => require_keys_neq!(key, track.authority, RegistryError::TransferToSelf),
        None => require!(
            track.pending_authority.is_some(),
            RegistryError::NoPendingTransfer
        ),
    }
    track.pending_authority = new_authority;
    track.updated_at = Clock::get()?.unix_timestamp;
    log_event(&TrackTransferProposed {
        track: track.key(),
        authority: track.authority,
        pending_authority: new_authority,
    });
    Ok(())
}
