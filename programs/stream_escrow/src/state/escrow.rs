use anchor_lang::prelude::*;

/// One per payment mint, at `[ESCROW, mint]`: authority of the pooled vault,
/// with lifetime token-flow counters. Settlement never touches it: inside
/// the vault, value moves between listener balances, track ledgers and
/// settler fees only.
#[account]
#[derive(InitSpace, Debug)]
pub struct Escrow {
    pub payment_mint: Pubkey,
    pub vault: Pubkey,
    pub total_deposited: u64,
    pub total_withdrawn: u64,
    /// Paid to royalty revenue vaults.
    pub total_collected: u64,
    /// Paid to the treasury.
    pub total_protocol_fees: u64,
    /// Paid to settlers.
    pub total_settler_fees: u64,
    pub bump: u8,
    pub vault_bump: u8,
}

impl Escrow {
    /// What should be in the vault: everything in less everything out.
    pub fn expected_vault_balance(&self) -> Option<u64> {
        self.total_deposited
            .checked_sub(self.total_withdrawn)?
            .checked_sub(self.total_collected)?
            .checked_sub(self.total_protocol_fees)?
            .checked_sub(self.total_settler_fees)
    }
}
