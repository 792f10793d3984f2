use anchor_lang::prelude::*;

use crate::constants::seeds;
use crate::errors::GovernanceError;
use crate::events::{log_event, AuthorityProposed};
use crate::state::ProtocolConfig;

#[derive(Accounts)]
pub struct ProposeAuthority<'info> {
    pub authority: Signer<'info>,
    #[account(
        mut,
        seeds = [seeds::CONFIG],
        bump = config.bump,
        has_one = authority @ GovernanceError::Unauthorized,
    )]
    pub config: Account<'info, ProtocolConfig>,
}

/// `new_authority = None` withdraws a pending proposal.
pub fn handler(ctx: Context<ProposeAuthority>, new_authority: Option<Pubkey>) -> Result<()> {
    let config = &mut ctx.accounts.config;
    match new_authority {
        Some(key) => require_keys_neq!(key, config.authority, GovernanceError::AuthorityUnchanged),
        None => require!(
            config.pending_authority.is_some(),
            GovernanceError::NoPendingAuthority
        ),
    }
    config.pending_authority = new_authority;
    config.updated_at = Clock::get()?.unix_timestamp;
    log_event(&AuthorityProposed {
        authority: config.authority,
        pending_authority: new_authority,
    });
    Ok(())
}
