use anchor_lang::prelude::*;

use crate::errors::EscrowError;
use crate::state::ChargeWindows;

/// A settler's batch numbers and fees in one payment mint, at
/// `[SETTLER_STATE, settler, mint]`.
///
/// Batches may land out of order (a settler keeps several in flight), so
/// each number is accepted once within a window of [`SEQ_WINDOW`] below
/// the highest landed: `landed` has bit `i` set when `highest_seq - i`
/// landed. A retry of a landed batch fails with `BatchAlreadySettled`; a
/// number that fell out of the window, with `BatchTooOld`. Plays are
/// protected by each listener's own record, not by these numbers.
#[account]
#[derive(InitSpace, Debug)]
pub struct SettlerState {
    pub settler: Pubkey,
    pub payment_mint: Pubkey,
    /// The settler's fee, at most governance's cap (re-checked every batch).
    pub fee_bps: u16,
    /// The highest batch number landed (0 = none yet).
    pub highest_seq: u64,
    pub landed: u128,
    pub batches: u64,
    pub last_settled_at: i64,
    /// Fees earned and not yet claimed; held in the vault.
    pub fees_owed: u64,
    /// Lifetime statistics in u128: they never stop a batch.
    pub lifetime_fees: u128,
    pub lifetime_plays: u64,
    pub lifetime_amount: u128,
    pub bump: u8,
    /// What the settler charged in the current and previous challenge
    /// windows: its free bond must cover it (governance's bond ratio).
    pub exposure: ChargeWindows,
    pub open_disputes: u32,
    /// Disputes answered with a receipt that covered the charge.
    pub disputes_won: u32,
    /// Disputes that proved an overcharge (or went unanswered).
    pub disputes_lost: u32,
}

/// A landed batch's totals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BatchTotals {
    pub plays_paid: u64,
    pub amount: u64,
    pub fees: u64,
}

/// How far below the highest landed batch number a batch may still land.
pub const SEQ_WINDOW: u64 = 128;

impl SettlerState {
    /// Whether batch `seq` has landed, as far as the window remembers
    /// (numbers below it are reported as landed: they can no longer be).
    pub fn has_landed(&self, seq: u64) -> bool {
        if seq == 0 || seq > self.highest_seq {
            return false;
        }
        let back = self.highest_seq.saturating_sub(seq);
        back >= SEQ_WINDOW || self.landed & (1u128 << back) != 0
    }

    /// Accepts `seq` once: a landed number fails with `BatchAlreadySettled`,
    /// one fallen out of the window with `BatchTooOld`, zero with `InvalidSeq`.
    pub fn check_seq(&self, seq: u64) -> Result<()> {
        require!(seq > 0, EscrowError::InvalidSeq);
        if seq > self.highest_seq {
            return Ok(());
        }
        let back = self.highest_seq.saturating_sub(seq);
        require!(back < SEQ_WINDOW, EscrowError::BatchTooOld);
        require!(
            self.landed & (1u128 << back) == 0,
            EscrowError::BatchAlreadySettled
        );
        Ok(())
    }

    fn mark_landed(&mut self, seq: u64) {
        if seq > self.highest_seq {
            let shift = seq.saturating_sub(self.highest_seq);
            self.landed = if shift >= SEQ_WINDOW {
                0
            } else {
                self.landed << shift
            };
            self.landed |= 1;
            self.highest_seq = seq;
        } else {
            let back = self.highest_seq.saturating_sub(seq);
            if back < SEQ_WINDOW {
                self.landed |= 1u128 << back;
            }
        }
    }

    pub fn record_batch(&mut self, seq: u64, now: i64, totals: BatchTotals) -> Result<()> {
        self.check_seq(seq)?;
        self.mark_landed(seq);
        self.batches = self
            .batches
            .checked_add(1)
            .ok_or(EscrowError::MathOverflow)?;
        self.last_settled_at = now;
        self.fees_owed = self
            .fees_owed
            .checked_add(totals.fees)
            .ok_or(EscrowError::MathOverflow)?;
        self.lifetime_fees = self
            .lifetime_fees
            .checked_add(u128::from(totals.fees))
            .ok_or(EscrowError::MathOverflow)?;
        self.lifetime_plays = self
            .lifetime_plays
            .checked_add(totals.plays_paid)
            .ok_or(EscrowError::MathOverflow)?;
        self.lifetime_amount = self
            .lifetime_amount
            .checked_add(u128::from(totals.amount))
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
            u128::from(self.fees_owed) <= self.lifetime_fees
                && self.lifetime_fees <= self.lifetime_amount,
            EscrowError::InvariantViolated
        );
        Ok(())
    }
}
