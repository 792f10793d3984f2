use anchor_lang::prelude::*;

use crate::constants::{seeds, ROYALTY_SHARES_PROGRAM_ID};
use crate::errors::RegistryError;
use crate::events::{log_event, ShareMintSet};
use crate::state::Track;

#[derive(Accounts)]
pub struct SetShareMint<'info> {
    /// The royalty shares program's `[REGISTRY_AUTHORITY]` PDA, signing by CPI.
    pub royalty_authority: Signer<'info>,
    #[account(mut)]
    pub track: Account<'info, Track>,
}

pub fn royalty_authority() -> Pubkey {
    Pubkey::find_program_address(&[seeds::REGISTRY_AUTHORITY], &ROYALTY_SHARES_PROGRAM_ID).0
}

pub fn handler(ctx: Context<SetShareMint>, share_mint: Pubkey) -> Result<()> {
    require_keys_eq!(
        ctx.accounts.royalty_authority.key(),
        royalty_authority(),
        RegistryError::NotRoyaltyProgram
    );
    // Defence in depth: `royalty_shares::create_shares`, the only caller,
    // refuses retired tracks and tracks with shares itself (its own
    // TrackRetired and SharesAlreadyCreated), so no user reaches these two.
    // They stay because the invariants are the registry's to keep, whatever
    // a future royalty program does: a retired track never changes, and a
    // track's share mint, which pools and royalty configs are keyed on, is
    // set at most once.
    let track = &mut ctx.accounts.track;
    require!(!track.is_retired(), RegistryError::TrackRetired);
    require!(
        track.share_mint.is_none(),
        RegistryError::ShareMintAlreadySet
    );
    track.share_mint = Some(share_mint);
    track.updated_at = Clock::get()?.unix_timestamp;
    log_event(&ShareMintSet {
        track: track.key(),
        share_mint,
    });
    Ok(())
}
