use anchor_lang::prelude::*;

use crate::errors::EscrowError;

/// One per payment mint, at `[ESCROW, mint]`: authority of the pooled vault,
/// with lifetime token-flow counters (u128, so that no amount of traffic
/// ever stops a deposit). Settlement never touches it: inside
/// the vault, value moves between listener balances, track ledgers and
/// settler fees only.
#[account]
#[derive(InitSpace, Debug)]
pub struct Escrow {
    pub payment_mint: Pubkey,
    pub vault: Pubkey,
    pub total_deposited: u128,
    pub total_withdrawn: u128,
    /// Paid to royalty revenue vaults.
    pub total_collected: u128,
    /// Paid to the treasury.
    pub total_protocol_fees: u128,
    /// Paid to settlers.
    pub total_settler_fees: u128,
    pub bump: u8,
    pub vault_bump: u8,
    /// Refunds paid in from settlers' bonds for proven overcharges.
    pub total_refunded: u128,
}

impl Escrow {
    /// What should be in the vault: everything in less everything out.
    pub fn expected_vault_balance(&self) -> Option<u64> {
        let balance = self
            .total_deposited
            .checked_add(self.total_refunded)?
            .checked_sub(self.total_withdrawn)?
            .checked_sub(self.total_collected)?
            .checked_sub(self.total_protocol_fees)?
            .checked_sub(self.total_settler_fees)?;
        u64::try_from(balance).ok()
    }

    fn add(counter: &mut u128, amount: u64) -> Result<()> {
        *counter = counter
            .checked_add(u128::from(amount))
            .ok_or(EscrowError::MathOverflow)?;
        Ok(())
    }

    pub fn record_deposit(&mut self, amount: u64) -> Result<()> {
        Self::add(&mut self.total_deposited, amount)?;
        self.invariant()
    }

    pub fn record_withdrawal(&mut self, amount: u64) -> Result<()> {
        Self::add(&mut self.total_withdrawn, amount)?;
        self.invariant()
    }

    /// A collection: `paid` to a revenue vault, `protocol_fee` to the treasury.
    pub fn record_collect(&mut self, paid: u64, protocol_fee: u64) -> Result<()> {
        Self::add(&mut self.total_collected, paid)?;
        Self::add(&mut self.total_protocol_fees, protocol_fee)?;
        self.invariant()
    }

    pub fn record_refund(&mut self, amount: u64) -> Result<()> {
        Self::add(&mut self.total_refunded, amount)?;
        self.invariant()
    }

    pub fn record_settler_fees(&mut self, amount: u64) -> Result<()> {
        Self::add(&mut self.total_settler_fees, amount)?;
        self.invariant()
    }

    /// Nothing left the vault that never came in.
    pub fn invariant(&self) -> Result<()> {
        require!(
            self.expected_vault_balance().is_some(),
            EscrowError::InvariantViolated
        );
        Ok(())
    }
}
