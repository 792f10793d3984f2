use anchor_lang::prelude::*;

use crate::constants::seeds;
use crate::errors::GovernanceError;
use crate::events::{log_event, SettlerApproved};
use crate::state::{ProtocolConfig, Settler};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ApproveSettlerArgs {
    /// The free bond the settler must hold now (0: no bond required). Named
    /// in the call so a withdrawal between vote and execution cannot slip by.
    pub min_bond: u64,
}

#[derive(Accounts)]
pub struct ApproveSettler<'info> {
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

pub fn handler(ctx: Context<ApproveSettler>, args: ApproveSettlerArgs) -> Result<()> {
    let settler = &mut ctx.accounts.settler;
    require!(!settler.approved, GovernanceError::SettlerAlreadyApproved);
    require!(
        settler.free_bond() >= args.min_bond,
        GovernanceError::InsufficientBond
    );
    settler.approved = true;
    settler.approved_at = Clock::get()?.unix_timestamp;
    log_event(&SettlerApproved {
        settler: settler.key(),
        wallet: settler.wallet,
        bond_amount: settler.bond_amount,
    });
    Ok(())
}
