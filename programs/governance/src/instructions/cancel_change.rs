use anchor_lang::prelude::*;

use crate::constants::seeds;
use crate::errors::GovernanceError;
use crate::events::{log_event, ChangeCancelled};
use crate::state::{ChangeStatus, ProposedChange, ProtocolConfig, Settler};

#[derive(Accounts)]
pub struct CancelChange<'info> {
    /// The authority; anyone once the change has expired.
    pub signer: Signer<'info>,
    #[account(seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Account<'info, ProtocolConfig>,
    #[account(
        mut,
        seeds = [seeds::CHANGE, proposed_change.id.to_le_bytes().as_ref()],
        bump = proposed_change.bump,
    )]
    pub proposed_change: Account<'info, ProposedChange>,
    /// Required for a slash: its reservation on the bond is released.
    #[account(mut)]
    pub settler: Option<Account<'info, Settler>>,
}

pub fn handler(ctx: Context<CancelChange>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let signer = ctx.accounts.signer.key();
    let proposed = &mut ctx.accounts.proposed_change;
    require!(proposed.is_pending(), GovernanceError::ChangeNotPending);
    // A stale change is dead weight (and may reserve a bond), so anyone may clear it.
    require!(
        signer == ctx.accounts.config.authority || now > proposed.expires_at(),
        GovernanceError::Unauthorized
    );
    if let Some((wallet, amount)) = proposed.change.slashed_settler() {
        let settler = ctx
            .accounts
            .settler
            .as_mut()
            .ok_or(GovernanceError::MissingSlashAccounts)?;
        require_keys_eq!(settler.wallet, wallet, GovernanceError::SettlerMismatch);
        settler.pending_slash_amount = settler
            .pending_slash_amount
            .checked_sub(amount)
            .ok_or(GovernanceError::SlashExceedsBond)?;
        settler.invariant()?;
    }
    proposed.status = ChangeStatus::Cancelled;
    proposed.resolved_at = now;
    log_event(&ChangeCancelled {
        change: proposed.key(),
        id: proposed.id,
        kind: proposed.change,
        cancelled_by: signer,
    });
    Ok(())
}
