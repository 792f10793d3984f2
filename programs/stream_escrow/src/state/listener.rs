use anchor_lang::prelude::*;

use crate::constants::{MAX_CAP_PERIOD_SECS, MIN_CAP_PERIOD_SECS};
use crate::errors::EscrowError;
use crate::math::charge;

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

/// What one charge took from a listener.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Charge {
    pub plays_paid: u64,
    pub plays_unpaid: u64,
    pub amount: u64,
}

impl Listener {
    /// Starts a new cap period if the current one is over.
    pub fn roll_period(&mut self, now: i64) -> Result<()> {
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

    pub fn credit_deposit(&mut self, amount: u64) -> Result<()> {
        self.balance = self
            .balance
            .checked_add(amount)
            .ok_or(EscrowError::MathOverflow)?;
        self.invariant()
    }

    /// Charges whole plays at `price` within what is spendable; the rest
    /// are unpaid. Never takes more than the balance or the cap allows.
    pub fn charge(&mut self, plays: u64, price: u64) -> Result<Charge> {
        let (paid, amount) = charge(plays, price, self.spendable())?;
        self.balance = self
            .balance
            .checked_sub(amount)
            .ok_or(EscrowError::MathOverflow)?;
        self.spent_this_period = self
            .spent_this_period
            .checked_add(amount)
            .ok_or(EscrowError::MathOverflow)?;
        self.lifetime_spent = self
            .lifetime_spent
            .checked_add(amount)
            .ok_or(EscrowError::MathOverflow)?;
        self.lifetime_plays = self
            .lifetime_plays
            .checked_add(paid)
            .ok_or(EscrowError::MathOverflow)?;
        self.invariant()?;
        Ok(Charge {
            plays_paid: paid,
            plays_unpaid: plays.checked_sub(paid).ok_or(EscrowError::MathOverflow)?,
            amount,
        })
    }

    pub fn set_cap(&mut self, cap: Option<u64>, period_secs: i64, now: i64) -> Result<()> {
        require!(
            (MIN_CAP_PERIOD_SECS..=MAX_CAP_PERIOD_SECS).contains(&period_secs),
            EscrowError::InvalidCapPeriod
        );
        self.roll_period(now)?;
        self.cap_per_period = cap.unwrap_or(u64::MAX);
        self.cap_period_secs = period_secs;
        self.invariant()
    }

    pub fn request_withdrawal(&mut self, amount: u64, now: i64) -> Result<()> {
        require!(amount > 0, EscrowError::ZeroAmount);
        require!(amount <= self.balance, EscrowError::InsufficientBalance);
        self.withdrawal_amount = amount;
        self.withdrawal_requested_at = now;
        self.invariant()
    }

    pub fn cancel_withdrawal(&mut self) -> Result<()> {
        require!(
            self.has_withdrawal_request(),
            EscrowError::NoWithdrawalRequest
        );
        self.withdrawal_amount = 0;
        self.withdrawal_requested_at = 0;
        self.invariant()
    }

    /// Completes a request once `notice_secs` have passed: pays what is left
    /// of it (plays may have settled during the notice).
    pub fn complete_withdrawal(&mut self, now: i64, notice_secs: i64) -> Result<u64> {
        require!(
            self.has_withdrawal_request(),
            EscrowError::NoWithdrawalRequest
        );
        let ready_at = self
            .withdrawal_requested_at
            .checked_add(notice_secs)
            .ok_or(EscrowError::MathOverflow)?;
        require!(now >= ready_at, EscrowError::WithdrawalNotReady);
        let amount = self.withdrawal_amount.min(self.balance);
        self.balance = self
            .balance
            .checked_sub(amount)
            .ok_or(EscrowError::MathOverflow)?;
        self.withdrawal_amount = 0;
        self.withdrawal_requested_at = 0;
        self.invariant()?;
        Ok(amount)
    }

    /// A request and its time come and go together; settlement never
    /// spent more than the cap of the period; the period is a legal one.
    pub fn invariant(&self) -> Result<()> {
        require!(
            (self.withdrawal_requested_at == 0) == (self.withdrawal_amount == 0)
                && self.spent_this_period <= self.cap_per_period
                && (MIN_CAP_PERIOD_SECS..=MAX_CAP_PERIOD_SECS).contains(&self.cap_period_secs)
                && self.lifetime_spent >= self.spent_this_period,
            EscrowError::InvariantViolated
        );
        Ok(())
    }
}
