//! Bond holds for listeners' disputes, signed only by stream_escrow's
//! dispute authority: a hold when a dispute opens, and its end when the
//! dispute is decided (a refund and reward paid out of it, or nothing).

use anchor_lang::prelude::*;
use anchor_spl::token::{self, Token, TokenAccount, Transfer};

use crate::constants::{seeds, STREAM_ESCROW_PROGRAM_ID};
use crate::errors::GovernanceError;
use crate::events::{log_event, BondHeldForDispute, DisputeHoldEnded};
use crate::state::{ProtocolConfig, Settler};

/// The escrow's dispute authority: the one signer these instructions take.
pub fn escrow_dispute_authority() -> Pubkey {
    Pubkey::find_program_address(&[seeds::DISPUTE_AUTHORITY], &STREAM_ESCROW_PROGRAM_ID).0
}

#[derive(Accounts)]
pub struct HoldForDispute<'info> {
    #[account(address = escrow_dispute_authority() @ GovernanceError::NotDisputeAuthority)]
    pub dispute_authority: Signer<'info>,
    #[account(mut, seeds = [seeds::SETTLER, settler.wallet.as_ref()], bump = settler.bump)]
    pub settler: Account<'info, Settler>,
}

/// Holds `amount` of the settler's free bond. Errors: NotDisputeAuthority,
/// InsufficientBond.
pub fn hold(ctx: Context<HoldForDispute>, amount: u64) -> Result<()> {
    let settler = &mut ctx.accounts.settler;
    settler.hold(amount)?;
    log_event(&BondHeldForDispute {
        settler: settler.key(),
        amount,
        held_after: settler.held_by_disputes,
    });
    Ok(())
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, PartialEq, Eq, Debug)]
pub struct EndDisputeHoldArgs {
    /// What the dispute held.
    pub held: u64,
    /// Paid to `refund_to` (the escrow vault, for the listener).
    pub refund: u64,
    /// Paid to `reward_to` (the disputer).
    pub reward: u64,
    /// The overcharge was proven (or left unanswered): the settler is
    /// suspended even if its bond could pay nothing.
    pub upheld: bool,
}

#[derive(Accounts)]
pub struct EndDisputeHold<'info> {
    #[account(address = escrow_dispute_authority() @ GovernanceError::NotDisputeAuthority)]
    pub dispute_authority: Signer<'info>,
    #[account(seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Account<'info, ProtocolConfig>,
    #[account(mut, seeds = [seeds::SETTLER, settler.wallet.as_ref()], bump = settler.bump)]
    pub settler: Account<'info, Settler>,
    #[account(mut, seeds = [seeds::BOND, settler.wallet.as_ref()], bump = settler.vault_bump)]
    pub bond_vault: Account<'info, TokenAccount>,
    #[account(mut, constraint = refund_to.mint == settler.bond_mint @ GovernanceError::BondMintMismatch)]
    pub refund_to: Account<'info, TokenAccount>,
    #[account(mut, constraint = reward_to.mint == settler.bond_mint @ GovernanceError::BondMintMismatch)]
    pub reward_to: Account<'info, TokenAccount>,
    pub token_program: Program<'info, Token>,
}

/// Ends a hold: pays `refund` and `reward` out of it and frees the rest; an
/// upheld dispute (a proven or unanswered overcharge) suspends the settler. Errors:
/// NotDisputeAuthority, HoldExceedsHeld, BondMintMismatch.
pub fn end(ctx: Context<EndDisputeHold>, args: EndDisputeHoldArgs) -> Result<()> {
    let paid = args
        .refund
        .checked_add(args.reward)
        .ok_or(GovernanceError::MathOverflow)?;
    let settler = &mut ctx.accounts.settler;
    settler.release(args.held, paid)?;
    let suspended = args.upheld;
    if suspended {
        settler.disputes_lost = settler
            .disputes_lost
            .checked_add(1)
            .ok_or(GovernanceError::MathOverflow)?;
        settler.refunded_total = settler
            .refunded_total
            .checked_add(paid)
            .ok_or(GovernanceError::MathOverflow)?;
        if settler.approved {
            settler.approved = false;
            settler.revoked_at = Clock::get()?.unix_timestamp;
        }
    }
    let bump = [ctx.accounts.config.bump];
    let signer_seeds: &[&[u8]] = &[seeds::CONFIG, &bump];
    for (to, amount) in [
        (&ctx.accounts.refund_to, args.refund),
        (&ctx.accounts.reward_to, args.reward),
    ] {
        if amount == 0 {
            continue;
        }
        token::transfer(
            CpiContext::new_with_signer(
                ctx.accounts.token_program.key(),
                Transfer {
                    from: ctx.accounts.bond_vault.to_account_info(),
                    to: to.to_account_info(),
                    authority: ctx.accounts.config.to_account_info(),
                },
                &[signer_seeds],
            ),
            amount,
        )?;
    }
    let settler = &ctx.accounts.settler;
    log_event(&DisputeHoldEnded {
        settler: settler.key(),
        held: args.held,
        refund: args.refund,
        reward: args.reward,
        bond_after: settler.bond_amount,
        suspended,
    });
    Ok(())
}
