use anchor_lang::prelude::*;

use crate::constants::seeds;
use crate::errors::GovernanceError;

/// A settler's approval and bond record, at `[SETTLER, wallet]`, created by
/// the settler itself (`register_settler`). Fixed-size fields come first so
/// approved settlers can be listed with a memcmp on `approved` (offset 40).
#[account]
#[derive(InitSpace, Debug)]
pub struct Settler {
    /// The settler's wallet: signs settlement batches and owns the record.
    pub wallet: Pubkey,
    /// Set by `approve_settler`, cleared by `revoke_settler`.
    pub approved: bool,
    /// Mint of the bond, fixed at registration.
    pub bond_mint: Pubkey,
    /// Tokens in the bond vault.
    pub bond_amount: u64,
    /// Part of the bond reserved by pending slash proposals.
    pub pending_slash_amount: u64,
    /// Lifetime amount slashed to the treasury.
    pub slashed_total: u64,
    pub slash_count: u32,
    /// Reason code of the latest slash (0 before any).
    pub last_slash_reason: u16,
    pub last_slashed_at: i64,
    pub registered_at: i64,
    /// Latest approval (0 if never approved).
    pub approved_at: i64,
    /// Latest revocation (0 if never revoked).
    pub revoked_at: i64,
    pub bump: u8,
    pub vault_bump: u8,
    /// Part of the bond held for listeners' open disputes.
    pub held_by_disputes: u64,
    /// Disputes lost: proven overcharges, each refunded from the bond.
    pub disputes_lost: u32,
    /// Lifetime refunds and rewards paid from the bond for lost disputes.
    pub refunded_total: u64,
}

impl Settler {
    /// The record's address for `wallet`.
    pub fn address(wallet: &Pubkey) -> Pubkey {
        Pubkey::find_program_address(&[seeds::SETTLER, wallet.as_ref()], &crate::ID).0
    }

    /// The bond vault's address for `wallet`.
    pub fn vault_address(wallet: &Pubkey) -> Pubkey {
        Pubkey::find_program_address(&[seeds::BOND, wallet.as_ref()], &crate::ID).0
    }

    /// Whether this settler may submit settlement batches.
    pub fn is_approved(&self) -> bool {
        self.approved
    }

    /// Bond not reserved by pending slashes or held for open disputes.
    pub fn free_bond(&self) -> u64 {
        self.bond_amount
            .saturating_sub(self.pending_slash_amount)
            .saturating_sub(self.held_by_disputes)
    }

    /// Holds `amount` of the free bond for a dispute.
    pub fn hold(&mut self, amount: u64) -> Result<()> {
        require!(
            amount <= self.free_bond(),
            GovernanceError::InsufficientBond
        );
        self.held_by_disputes = self
            .held_by_disputes
            .checked_add(amount)
            .ok_or(GovernanceError::MathOverflow)?;
        self.invariant()
    }

    /// Ends a dispute's hold of `held`, taking `paid` of it out of the bond.
    pub fn release(&mut self, held: u64, paid: u64) -> Result<()> {
        require!(
            held <= self.held_by_disputes && paid <= held,
            GovernanceError::HoldExceedsHeld
        );
        self.held_by_disputes = self.held_by_disputes.saturating_sub(held);
        self.bond_amount = self
            .bond_amount
            .checked_sub(paid)
            .ok_or(GovernanceError::InsufficientBond)?;
        self.invariant()
    }

    pub fn invariant(&self) -> Result<()> {
        require!(
            self.pending_slash_amount
                .checked_add(self.held_by_disputes)
                .is_some_and(|reserved| reserved <= self.bond_amount),
            GovernanceError::SlashExceedsBond
        );
        Ok(())
    }
}
