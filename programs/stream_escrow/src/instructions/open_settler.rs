use anchor_lang::prelude::*;
use governance::constants::seeds::CONFIG;
use governance::state::ProtocolConfig;

use crate::constants::seeds;
use crate::errors::EscrowError;
use crate::state::{Escrow, SettlerState};

#[derive(Accounts)]
pub struct OpenSettler<'info> {
    #[account(mut)]
    pub settler: Signer<'info>,
    #[account(seeds = [seeds::ESCROW, escrow.payment_mint.as_ref()], bump = escrow.bump)]
    pub escrow: Box<Account<'info, Escrow>>,
    #[account(
        init,
        payer = settler,
        space = 8 + SettlerState::INIT_SPACE,
        seeds = [seeds::SETTLER_STATE, settler.key().as_ref(), escrow.payment_mint.as_ref()],
        bump,
    )]
    pub settler_state: Account<'info, SettlerState>,
    #[account(seeds = [CONFIG], bump = protocol.bump, seeds::program = governance::ID)]
    pub protocol: Account<'info, ProtocolConfig>,
    pub system_program: Program<'info, System>,
}

/// A settler opens its sequence for one payment mint, at `last_seq = 0`.
/// Approval is checked per batch, so opening needs none.
pub fn handler(ctx: Context<OpenSettler>, fee_bps: u16) -> Result<()> {
    require!(
        fee_bps <= ctx.accounts.protocol.params.max_settler_fee_bps,
        EscrowError::SettlerFeeTooHigh
    );
    let state = &mut ctx.accounts.settler_state;
    state.settler = ctx.accounts.settler.key();
    state.payment_mint = ctx.accounts.escrow.payment_mint;
    state.fee_bps = fee_bps;
    state.bump = ctx.bumps.settler_state;
    Ok(())
}
