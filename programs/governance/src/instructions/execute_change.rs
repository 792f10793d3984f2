use anchor_lang::prelude::*;
use anchor_spl::token::{self, Token, TokenAccount, Transfer};

use crate::constants::seeds;
use crate::errors::GovernanceError;
use crate::events::{log_event, ParamsUpdated, SettlerSlashed};
use crate::state::{ChangeStatus, ProposedChange, ProtocolConfig, Settler};

/// Permissionless: anyone may execute a due change. The four optional
/// accounts are required for a slash and ignored otherwise.
#[derive(Accounts)]
pub struct ExecuteChange<'info> {
    #[account(mut, seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Account<'info, ProtocolConfig>,
    #[account(
        mut,
        seeds = [seeds::CHANGE, proposed_change.id.to_le_bytes().as_ref()],
        bump = proposed_change.bump,
    )]
    pub proposed_change: Account<'info, ProposedChange>,
    #[account(mut)]
    pub settler: Option<Account<'info, Settler>>,
    #[account(mut)]
    pub bond_vault: Option<Account<'info, TokenAccount>>,
    /// The treasury wallet's token account in the bond mint.
    #[account(mut)]
    pub treasury_token: Option<Account<'info, TokenAccount>>,
    pub token_program: Option<Program<'info, Token>>,
}

pub fn handler(ctx: Context<ExecuteChange>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let proposed = &mut ctx.accounts.proposed_change;
    require!(proposed.is_pending(), GovernanceError::ChangeNotPending);
    require!(now >= proposed.eta, GovernanceError::TimelockNotElapsed);
    require!(now <= proposed.expires_at(), GovernanceError::ChangeExpired);
    proposed.status = ChangeStatus::Executed;
    proposed.resolved_at = now;
    let change = proposed.change;
    let change_key = proposed.key();
    let id = proposed.id;

    let config = &mut ctx.accounts.config;
    if let Some(after) = change.applied_to(&config.params) {
        let before = config.params;
        config.params = after;
        config.updated_at = now;
        config.invariant()?;
        log_event(&ParamsUpdated {
            change: change_key,
            id,
            before,
            after,
        });
        return Ok(());
    }
    if let crate::state::ParamChange::ResolveTrackDispute { track, uphold, .. } = change {
        // A decision on record: the registry applies it.
        log_event(&crate::events::TrackDisputeDecided {
            change: change_key,
            id,
            track,
            uphold,
        });
        return Ok(());
    }
    slash(ctx, change_key, now)
}

fn slash(ctx: Context<ExecuteChange>, change_key: Pubkey, now: i64) -> Result<()> {
    let crate::state::ParamChange::SlashSettler {
        settler: wallet,
        amount,
        reason,
    } = ctx.accounts.proposed_change.change
    else {
        return Err(GovernanceError::MissingSlashAccounts.into());
    };
    let accounts = ctx.accounts;
    let (Some(settler), Some(vault), Some(treasury_token), Some(token_program)) = (
        accounts.settler.as_mut(),
        accounts.bond_vault.as_ref(),
        accounts.treasury_token.as_ref(),
        accounts.token_program.as_ref(),
    ) else {
        return Err(GovernanceError::MissingSlashAccounts.into());
    };
    require_keys_eq!(settler.wallet, wallet, GovernanceError::SettlerMismatch);
    let vault_address = Pubkey::create_program_address(
        &[seeds::BOND, wallet.as_ref(), &[settler.vault_bump]],
        &crate::ID,
    )
    .map_err(|_| GovernanceError::BondVaultMismatch)?;
    require_keys_eq!(
        vault.key(),
        vault_address,
        GovernanceError::BondVaultMismatch
    );
    let config = &accounts.config;
    require!(
        treasury_token.owner == config.params.treasury && treasury_token.mint == settler.bond_mint,
        GovernanceError::TreasuryAccountMismatch
    );

    let bond_before = settler.bond_amount;
    settler.bond_amount = bond_before
        .checked_sub(amount)
        .ok_or(GovernanceError::SlashExceedsBond)?;
    settler.pending_slash_amount = settler
        .pending_slash_amount
        .checked_sub(amount)
        .ok_or(GovernanceError::SlashExceedsBond)?;
    settler.slashed_total = settler
        .slashed_total
        .checked_add(amount)
        .ok_or(GovernanceError::MathOverflow)?;
    settler.slash_count = settler
        .slash_count
        .checked_add(1)
        .ok_or(GovernanceError::MathOverflow)?;
    settler.last_slash_reason = reason;
    settler.last_slashed_at = now;
    settler.invariant()?;

    let bump = [config.bump];
    let signer_seeds: &[&[u8]] = &[seeds::CONFIG, &bump];
    token::transfer(
        CpiContext::new_with_signer(
            token_program.key(),
            Transfer {
                from: vault.to_account_info(),
                to: treasury_token.to_account_info(),
                authority: config.to_account_info(),
            },
            &[signer_seeds],
        ),
        amount,
    )?;

    log_event(&SettlerSlashed {
        settler: settler.key(),
        change: change_key,
        amount,
        reason,
        bond_before,
        bond_after: settler.bond_amount,
        treasury_token: treasury_token.key(),
    });
    Ok(())
}
