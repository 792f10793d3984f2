use anchor_lang::prelude::*;

use crate::errors::EscrowError;

/// A listener's prepaid balance in one payment mint, at `[LISTENER, mint, wallet]`.
#[account]
#[derive(InitSpace, Debug)]
pub struct Listener {
    pub wallet: Pubkey,
    pub payment_mint: Pubkey,
    pub balance: u64,
    /// Most the listener lets settlement spend per period; `u64::MAX` is uncapped.
    pub cap_per_period: u64,
    pub cap_period_secs: i64,
    pub period_start: i64,
    pub spent_this_period: u64,
    /// A pending withdrawal: amount and when it was asked for (0 = none).
    pub withdrawal_amount: u64,
    pub withdrawal_requested_at: i64,
    pub lifetime_spent: u64,
    pub lifetime_plays: u64,
    pub bump: u8,
}

impl Listener {
    /// Starts a new cap period if the current one is over.
    pub fn roll_period(&mut self, now: i64) -> std::result::Result<(), EscrowError> {
        let end = self
            .period_start
            .checked_add(self.cap_period_secs)
            .ok_or(EscrowError::MathOverflow)?;
        if now >= end {
            self.period_start = now;
            self.spent_this_period = 0;
        }
        Ok(())
    }

    /// What settlement may take now: the balance, within what the cap leaves.
    pub fn spendable(&self) -> u64 {
        let cap_left = self.cap_per_period.saturating_sub(self.spent_this_period);
        self.balance.min(cap_left)
    }

    pub fn has_withdrawal_request(&self) -> bool {
        self.withdrawal_requested_at != 0
    }
}
