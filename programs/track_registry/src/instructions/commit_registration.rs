use anchor_lang::prelude::*;
use governance::constants::seeds::CONFIG;
use governance::state::{PauseArea, ProtocolConfig};

use crate::constants::seeds;
use crate::errors::RegistryError;
use crate::events::{log_event, RegistrationCommitted};
use crate::state::RegistrationCommit;

#[derive(Accounts)]
#[instruction(commitment: [u8; 32])]
pub struct CommitRegistration<'info> {
    #[account(mut)]
    pub authority: Signer<'info>,
    #[account(
        init,
        payer = authority,
        space = 8 + RegistrationCommit::INIT_SPACE,
        seeds = [seeds::COMMIT, authority.key().as_ref(), commitment.as_ref()],
        bump,
    )]
    pub commit: Account<'info, RegistrationCommit>,
    #[account(seeds = [CONFIG], bump = protocol.bump, seeds::program = governance::ID)]
    pub protocol: Account<'info, ProtocolConfig>,
    pub system_program: Program<'info, System>,
}

/// Step one of a registration no one can front-run: records the signer's
/// commitment and the slot. Nothing about the audio is public yet.
pub fn handler(ctx: Context<CommitRegistration>, commitment: [u8; 32]) -> Result<()> {
    ctx.accounts
        .protocol
        .require_active(PauseArea::Registry, RegistryError::RegistryPaused)?;
    let slot = Clock::get()?.slot;
    let commit = &mut ctx.accounts.commit;
    commit.authority = ctx.accounts.authority.key();
    commit.commitment = commitment;
    commit.slot = slot;
    commit.bump = ctx.bumps.commit;
    log_event(&RegistrationCommitted {
        authority: commit.authority,
        commitment,
        slot,
    });
    Ok(())
}
