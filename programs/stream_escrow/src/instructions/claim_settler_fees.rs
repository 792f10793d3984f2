use anchor_lang::prelude::*;
use anchor_spl::token::{self, Token, TokenAccount, Transfer};
use governance::constants::seeds::{CONFIG, SETTLER};
use governance::state::{ProtocolConfig, Settler};

use crate::constants::seeds;
use crate::errors::EscrowError;
use crate::escrow_signer;
use crate::events::{log_event, SettlerFeesClaimed};
use crate::state::{Escrow, SettlerState};

#[derive(Accounts)]
pub struct ClaimSettlerFees<'info> {
    pub settler: Signer<'info>,
    #[account(
        mut,
        seeds = [seeds::SETTLER_STATE, settler.key().as_ref(), settler_state.payment_mint.as_ref()],
        bump = settler_state.bump,
    )]
    pub settler_state: Account<'info, SettlerState>,
    /// Governance's approval record for this settler.
    #[account(seeds = [SETTLER, settler.key().as_ref()], bump = approval.bump, seeds::program = governance::ID)]
    pub approval: Box<Account<'info, Settler>>,
    #[account(seeds = [CONFIG], bump = protocol.bump, seeds::program = governance::ID)]
    pub protocol: Box<Account<'info, ProtocolConfig>>,
    #[account(mut, seeds = [seeds::ESCROW, settler_state.payment_mint.as_ref()], bump = escrow.bump)]
    pub escrow: Box<Account<'info, Escrow>>,
    #[account(mut, address = escrow.vault)]
    pub vault: Account<'info, TokenAccount>,
    #[account(mut, constraint = destination.mint == settler_state.payment_mint @ EscrowError::WrongPaymentMint)]
    pub destination: Account<'info, TokenAccount>,
    pub token_program: Program<'info, Token>,
}

/// The settler takes the fees its batches earned. Works while paused and
/// after revocation, but a settler no longer approved (revoked, or
/// suspended by a lost dispute) waits until nothing it charged is open to
/// dispute and no dispute is open: its fees are its last stake.
pub fn handler(ctx: Context<ClaimSettlerFees>) -> Result<()> {
    let state = &mut ctx.accounts.settler_state;
    if !ctx.accounts.approval.is_approved() {
        let now = Clock::get()?.unix_timestamp;
        let window = ctx.accounts.protocol.params.challenge_window_secs;
        require!(
            state.open_disputes == 0 && state.exposure.open(now, window) == 0,
            EscrowError::FeesLockedByDisputes
        );
    }
    let amount = state.take_fees()?;
    let escrow = &mut ctx.accounts.escrow;
    escrow.record_settler_fees(amount)?;
    let (mint, bump) = (escrow.payment_mint, escrow.bump);
    token::transfer(
        CpiContext::new_with_signer(
            token::ID,
            Transfer {
                from: ctx.accounts.vault.to_account_info(),
                to: ctx.accounts.destination.to_account_info(),
                authority: escrow.to_account_info(),
            },
            escrow_signer!(mint, bump),
        ),
        amount,
    )?;
    log_event(&SettlerFeesClaimed {
        settler: state.settler,
        amount,
    });
    Ok(())
}
