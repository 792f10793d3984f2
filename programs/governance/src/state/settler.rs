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

    /// Bond not reserved by pending slashes.
    pub fn free_bond(&self) -> u64 {
        self.bond_amount.saturating_sub(self.pending_slash_amount)
    }

    pub fn invariant(&self) -> Result<()> {
        require!(
            self.pending_slash_amount <= self.bond_amount,
            GovernanceError::SlashExceedsBond
        );
        Ok(())
    }
}
