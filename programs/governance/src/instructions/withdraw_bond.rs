use anchor_lang::prelude::*;
use anchor_spl::token::{self, Token, TokenAccount, Transfer};

use crate::constants::seeds;
use crate::errors::GovernanceError;
use crate::events::{log_event, BondWithdrawn};
use crate::state::{ProtocolConfig, Settler};

#[derive(Accounts)]
pub struct WithdrawBond<'info> {
    pub wallet: Signer<'info>,
    #[account(seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Account<'info, ProtocolConfig>,
    #[account(
        mut,
        seeds = [seeds::SETTLER, settler.wallet.as_ref()],
        bump = settler.bump,
        has_one = wallet @ GovernanceError::Unauthorized,
    )]
    pub settler: Account<'info, Settler>,
    #[account(mut, seeds = [seeds::BOND, settler.wallet.as_ref()], bump = settler.vault_bump)]
    pub bond_vault: Account<'info, TokenAccount>,
    #[account(
        mut,
        constraint = destination.mint == settler.bond_mint @ GovernanceError::BondMintMismatch,
    )]
    pub destination: Account<'info, TokenAccount>,
    pub token_program: Program<'info, Token>,
}

/// The bond leaves only while not approved, one timelock delay (time for
/// the council to propose a slash for what it found) and two challenge
/// windows (time for listeners to dispute the last charges) after the
/// latest revocation, and never the part reserved by pending slashes or
/// held for open disputes.
pub fn handler(ctx: Context<WithdrawBond>, amount: u64) -> Result<()> {
    require!(amount > 0, GovernanceError::InvalidBondAmount);
    let settler = &mut ctx.accounts.settler;
    require!(!settler.approved, GovernanceError::SettlerStillApproved);
    if settler.revoked_at != 0 {
        let now = Clock::get()?.unix_timestamp;
        // Charges made before the revocation stay open to dispute for up to
        // two challenge windows (see stream_escrow's tabs).
        let params = &ctx.accounts.config.params;
        let lock = params.timelock_delay_secs.max(
            params
                .challenge_window_secs
                .checked_mul(2)
                .ok_or(GovernanceError::MathOverflow)?,
        );
        let unlocks_at = settler
            .revoked_at
            .checked_add(lock)
            .ok_or(GovernanceError::MathOverflow)?;
        require!(now >= unlocks_at, GovernanceError::BondLocked);
    }
    require!(
        amount <= settler.free_bond(),
        GovernanceError::InsufficientBond
    );
    let bond_before = settler.bond_amount;
    settler.bond_amount = bond_before
        .checked_sub(amount)
        .ok_or(GovernanceError::InsufficientBond)?;
    settler.invariant()?;

    let bump = [ctx.accounts.config.bump];
    let signer_seeds: &[&[u8]] = &[seeds::CONFIG, &bump];
    token::transfer(
        CpiContext::new_with_signer(
            ctx.accounts.token_program.key(),
            Transfer {
                from: ctx.accounts.bond_vault.to_account_info(),
                to: ctx.accounts.destination.to_account_info(),
                authority: ctx.accounts.config.to_account_info(),
            },
            &[signer_seeds],
        ),
        amount,
    )?;
    log_event(&BondWithdrawn {
        settler: settler.key(),
        amount,
        bond_before,
        bond_after: settler.bond_amount,
    });
    Ok(())
}
