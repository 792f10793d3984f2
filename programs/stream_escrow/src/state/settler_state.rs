use anchor_lang::prelude::*;

use crate::errors::EscrowError;

/// A settler's batch sequence and fees in one payment mint, at
/// `[SETTLER_STATE, settler, mint]`. A batch lands only as `last_seq + 1`,
/// so a retry of a landed batch fails and a crashed settler resumes here.
#[account]
#[derive(InitSpace, Debug)]
pub struct SettlerState {
    pub settler: Pubkey,
    pub payment_mint: Pubkey,
    /// The settler's fee, at most governance's cap (re-checked every batch).
    pub fee_bps: u16,
    pub last_seq: u64,
    pub last_audit_root: [u8; 32],
    pub last_settled_at: i64,
    /// Fees earned and not yet claimed; held in the vault.
    pub fees_owed: u64,
    pub lifetime_fees: u64,
    pub lifetime_plays: u64,
    pub lifetime_amount: u64,
    pub bump: u8,
}

/// A landed batch's totals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BatchTotals {
    pub plays_paid: u64,
    pub amount: u64,
    pub fees: u64,
}

impl SettlerState {
    /// Accepts `seq` only as the next batch: a replay fails with
    /// `BatchAlreadySettled`, a gap with `BatchOutOfSequence`.
    pub fn check_next(&self, seq: u64) -> Result<()> {
        let expected = self
            .last_seq
            .checked_add(1)
            .ok_or(EscrowError::MathOverflow)?;
        require!(seq >= expected, EscrowError::BatchAlreadySettled);
        require!(seq == expected, EscrowError::BatchOutOfSequence);
        Ok(())
    }

    pub fn record_batch(
        &mut self,
        seq: u64,
        audit_root: [u8; 32],
        now: i64,
        totals: BatchTotals,
    ) -> Result<()> {
        self.check_next(seq)?;
        self.last_seq = seq;
        self.last_audit_root = audit_root;
        self.last_settled_at = now;
        self.fees_owed = self
            .fees_owed
            .checked_add(totals.fees)
            .ok_or(EscrowError::MathOverflow)?;
        self.lifetime_fees = self
            .lifetime_fees
            .checked_add(totals.fees)
            .ok_or(EscrowError::MathOverflow)?;
        self.lifetime_plays = self
            .lifetime_plays
            .checked_add(totals.plays_paid)
            .ok_or(EscrowError::MathOverflow)?;
        self.lifetime_amount = self
            .lifetime_amount
            .checked_add(totals.amount)
            .ok_or(EscrowError::MathOverflow)?;
        self.invariant()
    }

    /// Empties the fees owed, for a claim.
    pub fn take_fees(&mut self) -> Result<u64> {
        let amount = self.fees_owed;
        require!(amount > 0, EscrowError::NothingToClaim);
        self.fees_owed = 0;
        self.invariant()?;
        Ok(amount)
    }

    /// Fees owed are part of fees earned, which are part of what was charged.
    pub fn invariant(&self) -> Result<()> {
        require!(
            self.fees_owed <= self.lifetime_fees && self.lifetime_fees <= self.lifetime_amount,
            EscrowError::InvariantViolated
        );
        Ok(())
    }
}
