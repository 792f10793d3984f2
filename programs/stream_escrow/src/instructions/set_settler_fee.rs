use anchor_lang::prelude::*;
use governance::constants::seeds::CONFIG;
use governance::state::ProtocolConfig;

use crate::constants::seeds;
use crate::errors::EscrowError;
use crate::state::SettlerState;

#[derive(Accounts)]
pub struct SetSettlerFee<'info> {
    pub settler: Signer<'info>,
    #[account(
        mut,
        seeds = [seeds::SETTLER_STATE, settler.key().as_ref(), settler_state.payment_mint.as_ref()],
        bump = settler_state.bump,
    )]
    pub settler_state: Account<'info, SettlerState>,
    #[account(seeds = [CONFIG], bump = protocol.bump, seeds::program = governance::ID)]
    pub protocol: Account<'info, ProtocolConfig>,
}

pub fn handler(ctx: Context<SetSettlerFee>, fee_bps: u16) -> Result<()> {
    require!(
        fee_bps <= ctx.accounts.protocol.params.max_settler_fee_bps,
        EscrowError::SettlerFeeTooHigh
    );
    ctx.accounts.settler_state.fee_bps = fee_bps;
    Ok(())
}
