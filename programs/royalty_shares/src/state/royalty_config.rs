use anchor_lang::prelude::*;

use crate::constants::{MAX_RECIPIENTS, TOTAL_SUPPLY};
use crate::errors::RoyaltyError;
use crate::math::Accrual;

/// One recipient's allocation of the fixed supply.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, PartialEq, Eq, Debug, InitSpace)]
pub struct Allocation {
    pub recipient: Pubkey,
    pub bps: u16,
    pub amount: u64,
    pub distributed: bool,
}

/// A track's royalty set-up, at `[ROYALTY, track]`: authority of the share
/// mint (until distribution ends), the revenue vault and the share vault.
#[account]
#[derive(InitSpace, Debug)]
pub struct RoyaltyConfig {
    pub track: Pubkey,
    pub share_mint: Pubkey,
    pub payment_mint: Pubkey,
    pub revenue_vault: Pubkey,
    pub share_vault: Pubkey,
    pub accrual: Accrual,
    /// Every unit that ever entered the revenue vault.
    pub total_deposited: u64,
    /// Every unit that ever left it to a holder.
    pub total_claimed: u64,
    pub created_at: i64,
    pub bump: u8,
    /// Set once every allocation is minted and the mint authority is gone.
    pub distribution_complete: bool,
    #[max_len(MAX_RECIPIENTS)]
    pub allocations: Vec<Allocation>,
}

impl RoyaltyConfig {
    pub fn invariant(&self) -> Result<()> {
        let supply = self
            .allocations
            .iter()
            .try_fold(0u64, |sum, a| sum.checked_add(a.amount));
        require!(
            supply == Some(TOTAL_SUPPLY)
                && self.total_claimed <= self.total_deposited
                && self.accrual.invariant(),
            RoyaltyError::InvariantViolated
        );
        Ok(())
    }
}

impl RoyaltyConfig {
    /// Releases revenue due at `now`. Nothing is released before every
    /// allocation is distributed (into its holder's staked position), so no
    /// early recipient, or anyone it hands shares to, takes revenue that
    /// belongs to holders still waiting for theirs.
    pub fn advance(&mut self, now: i64) -> Result<()> {
        self.accrual.advance(now, self.distribution_complete)?;
        Ok(())
    }

    /// Releases revenue due at `now`, then books what `stake` earned; every
    /// stake change and claim goes through here first.
    pub fn settle(&mut self, stake: &mut crate::math::Stake, now: i64) -> Result<()> {
        self.advance(now)?;
        stake.settle(self.accrual.acc_per_share)?;
        Ok(())
    }

    /// Settles `position` at `now` and books every whole unit it earned as
    /// claimed (the fraction stays with it). Returns the units to pay.
    pub fn take_earned(&mut self, position: &mut crate::state::Position, now: i64) -> Result<u64> {
        self.settle(&mut position.stake, now)?;
        let amount = position.stake.claimable()?;
        if amount > 0 {
            position.stake.take(amount)?;
            position.claimed = position
                .claimed
                .checked_add(amount)
                .ok_or(RoyaltyError::MathOverflow)?;
            self.total_claimed = self
                .total_claimed
                .checked_add(amount)
                .ok_or(RoyaltyError::MathOverflow)?;
        }
        Ok(amount)
    }

    /// Takes in `amount` of new revenue at `now`, to be released over
    /// `period` seconds, and counts it as deposited.
    pub fn add_revenue(&mut self, amount: u64, now: i64, period: i64) -> Result<()> {
        self.advance(now)?;
        self.accrual.add_revenue(amount, now, period)?;
        self.total_deposited = self
            .total_deposited
            .checked_add(amount)
            .ok_or(RoyaltyError::MathOverflow)?;
        Ok(())
    }
}
