use anchor_lang::prelude::*;

use crate::constants::seeds;
use crate::errors::GovernanceError;
use crate::events::{log_event, AuthorityTransferred};
use crate::state::ProtocolConfig;

#[derive(Accounts)]
pub struct AcceptAuthority<'info> {
    pub new_authority: Signer<'info>,
    #[account(mut, seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Account<'info, ProtocolConfig>,
}

pub fn handler(ctx: Context<AcceptAuthority>) -> Result<()> {
    let config = &mut ctx.accounts.config;
    let pending = config
        .pending_authority
        .ok_or(GovernanceError::NoPendingAuthority)?;
    require_keys_eq!(
        pending,
        ctx.accounts.new_authority.key(),
        GovernanceError::WrongPendingAuthority
    );
    let from_authority = config.authority;
    config.authority = pending;
    config.pending_authority = None;
    config.updated_at = Clock::get()?.unix_timestamp;
    log_event(&AuthorityTransferred {
        from_authority,
        to_authority: pending,
    });
    Ok(())
}
