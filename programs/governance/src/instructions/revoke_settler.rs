use anchor_lang::prelude::*;

use crate::constants::seeds;
use crate::errors::GovernanceError;
use crate::events::{log_event, SettlerRevoked};
use crate::state::{ProtocolConfig, Settler};

#[derive(Accounts)]
pub struct RevokeSettler<'info> {
    pub authority: Signer<'info>,
    #[account(
        seeds = [seeds::CONFIG],
        bump = config.bump,
        has_one = authority @ GovernanceError::Unauthorized,
    )]
    pub config: Account<'info, ProtocolConfig>,
    #[account(mut, seeds = [seeds::SETTLER, settler.wallet.as_ref()], bump = settler.bump)]
    pub settler: Account<'info, Settler>,
}

pub fn handler(ctx: Context<RevokeSettler>) -> Result<()> {
    let settler = &mut ctx.accounts.settler;
    require!(settler.approved, GovernanceError::SettlerNotApproved);
    settler.approved = false;
    settler.revoked_at = Clock::get()?.unix_timestamp;
    log_event(&SettlerRevoked {
        settler: settler.key(),
        wallet: settler.wallet,
    });
    Ok(())
}
