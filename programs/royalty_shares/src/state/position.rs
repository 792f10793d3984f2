use anchor_lang::prelude::*;

use crate::math::Stake;

/// A holder's staked shares of one track, at `[POSITION, track, owner]`.
#[account]
#[derive(InitSpace, Debug)]
pub struct Position {
    pub owner: Pubkey,
    pub track: Pubkey,
    /// Receives the rent when the position is closed.
    pub payer: Pubkey,
    pub stake: Stake,
    /// Lifetime revenue claimed through this position.
    pub claimed: u64,
    pub bump: u8,
}
