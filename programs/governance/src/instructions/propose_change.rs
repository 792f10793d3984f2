use anchor_lang::prelude::*;

use crate::checks::check_change;
use crate::constants::seeds;
use crate::errors::GovernanceError;
use crate::events::{log_event, ChangeProposed};
use crate::state::{ChangeStatus, ParamChange, ProposedChange, ProtocolConfig, Settler};

#[derive(Accounts)]
pub struct ProposeChange<'info> {
    /// Pays for the proposal record.
    #[account(mut)]
    pub authority: Signer<'info>,
    #[account(
        mut,
        seeds = [seeds::CONFIG],
        bump = config.bump,
        has_one = authority @ GovernanceError::Unauthorized,
    )]
    pub config: Account<'info, ProtocolConfig>,
    #[account(
        init,
        payer = authority,
        space = 8 + ProposedChange::INIT_SPACE,
        seeds = [seeds::CHANGE, config.change_count.to_le_bytes().as_ref()],
        bump,
    )]
    pub proposed_change: Account<'info, ProposedChange>,
    /// Required for a slash: the record of the settler it names, whose bond
    /// the slash reserves.
    #[account(mut)]
    pub settler: Option<Account<'info, Settler>>,
    pub system_program: Program<'info, System>,
}

pub fn handler(ctx: Context<ProposeChange>, change: ParamChange) -> Result<()> {
    check_change(&change)?;
    if let Some((wallet, amount)) = change.slashed_settler() {
        let settler = ctx
            .accounts
            .settler
            .as_mut()
            .ok_or(GovernanceError::MissingSlashAccounts)?;
        require_keys_eq!(settler.wallet, wallet, GovernanceError::SettlerMismatch);
        require!(
            amount <= settler.free_bond(),
            GovernanceError::SlashExceedsBond
        );
        settler.pending_slash_amount = settler
            .pending_slash_amount
            .checked_add(amount)
            .ok_or(GovernanceError::MathOverflow)?;
        settler.invariant()?;
    }

    let now = Clock::get()?.unix_timestamp;
    let config = &mut ctx.accounts.config;
    let id = config.change_count;
    let eta = now
        .checked_add(config.params.timelock_delay_secs)
        .ok_or(GovernanceError::MathOverflow)?;
    config.change_count = id.checked_add(1).ok_or(GovernanceError::MathOverflow)?;

    let proposed = &mut ctx.accounts.proposed_change;
    proposed.set_inner(ProposedChange {
        id,
        proposer: ctx.accounts.authority.key(),
        proposed_at: now,
        eta,
        status: ChangeStatus::Pending,
        resolved_at: 0,
        bump: ctx.bumps.proposed_change,
        change,
    });
    log_event(&ChangeProposed {
        change: proposed.key(),
        id,
        kind: change,
        eta,
    });
    Ok(())
}
