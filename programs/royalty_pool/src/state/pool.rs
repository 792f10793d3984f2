use anchor_lang::prelude::*;

use crate::constants::{MAX_FEE_BPS, MINIMUM_LIQUIDITY};
use crate::errors::PoolError;
use crate::math::{check_k, PriceOracle, SwapDirection, SwapQuote};

/// A constant-product pool of one royalty share mint against one quote
/// mint, at `[POOL, share_mint, quote_mint]`: authority of its LP mint and
/// vaults. Fixed-size fields first: `share_mint` at byte 8 and `quote_mint`
/// at byte 40, for memcmp scans.
///
/// Reserves and the LP supply are the pool's own books, not the vault
/// balances or the mint supply: tokens sent to a vault directly, or LP
/// tokens burnt outside the pool, change neither the price nor anyone's
/// claim, so a donation buys an attacker nothing.
#[account]
#[derive(InitSpace, Debug)]
pub struct Pool {
    pub share_mint: Pubkey,
    pub quote_mint: Pubkey,
    /// The track whose `RoyaltyConfig` vouched for the share mint.
    pub track: Pubkey,
    pub lp_mint: Pubkey,
    pub share_vault: Pubkey,
    pub quote_vault: Pubkey,
    pub creator: Pubkey,
    pub reserve_share: u64,
    pub reserve_quote: u64,
    /// LP units outstanding, `MINIMUM_LIQUIDITY` (never minted) included.
    pub lp_supply: u64,
    /// Governance's part of swap fees, held in the vaults beside the
    /// reserves until collected to the treasury.
    pub protocol_fees_share: u64,
    pub protocol_fees_quote: u64,
    /// Charged on every swap's input, at most `MAX_FEE_BPS`.
    pub fee_bps: u16,
    pub oracle: PriceOracle,
    pub created_at: i64,
    pub bump: u8,
    /// What the share reserve earned as a royalty position and the LPs have
    /// not yet withdrawn: held in the quote vault (the quote mint is the
    /// track's payment mint) beside the reserves, outside the curve. Each
    /// LP unit owns `earnings / lp_supply` of it.
    pub earnings: u64,
    /// Everything the share reserve ever earned.
    pub earned_total: u64,
}

impl Pool {
    /// Books that hold after every instruction: both reserves and the
    /// locked minimum in place, the fee within bounds.
    pub fn invariant(&self) -> Result<()> {
        require!(
            self.reserve_share > 0
                && self.reserve_quote > 0
                && self.lp_supply >= MINIMUM_LIQUIDITY
                && self.fee_bps <= MAX_FEE_BPS,
            PoolError::InvariantViolated
        );
        Ok(())
    }

    /// The vaults hold at least the reserves plus the uncollected protocol
    /// fees, and the quote vault the LPs' earnings too (more only if someone
    /// sent tokens to them directly).
    pub fn check_backing(&self, share_vault_amount: u64, quote_vault_amount: u64) -> Result<()> {
        let owed = |reserve: u64, fees: u64| reserve.checked_add(fees);
        let share_owed = owed(self.reserve_share, self.protocol_fees_share);
        let quote_owed = owed(self.reserve_quote, self.protocol_fees_quote)
            .and_then(|o| o.checked_add(self.earnings));
        require!(
            share_owed.is_some_and(|o| share_vault_amount >= o)
                && quote_owed.is_some_and(|o| quote_vault_amount >= o),
            PoolError::InvariantViolated
        );
        Ok(())
    }

    /// `(reserve_in, reserve_out)` for a trade in `direction`.
    pub fn reserves(&self, direction: SwapDirection) -> (u64, u64) {
        direction.reserves(self.reserve_share, self.reserve_quote)
    }

    /// Books a swap: the input less the protocol's part joins the input
    /// reserve (the LPs' part of the fee with it), the output leaves the
    /// other. Fails if the product of the reserves would shrink.
    pub fn apply_swap(
        &mut self,
        direction: SwapDirection,
        quote: &SwapQuote,
        protocol_fee: u64,
    ) -> Result<()> {
        let before = self.reserves(direction);
        let to_reserve = quote
            .amount_in
            .checked_sub(protocol_fee)
            .ok_or(PoolError::MathOverflow)?;
        let reserve_in = before
            .0
            .checked_add(to_reserve)
            .ok_or(PoolError::MathOverflow)?;
        let reserve_out = before
            .1
            .checked_sub(quote.amount_out)
            .ok_or(PoolError::InsufficientLiquidity)?;
        check_k(before, (reserve_in, reserve_out))?;
        match direction {
            SwapDirection::SellShares => {
                self.reserve_share = reserve_in;
                self.reserve_quote = reserve_out;
                self.protocol_fees_share = self
                    .protocol_fees_share
                    .checked_add(protocol_fee)
                    .ok_or(PoolError::MathOverflow)?;
            }
            SwapDirection::SellQuote => {
                self.reserve_quote = reserve_in;
                self.reserve_share = reserve_out;
                self.protocol_fees_quote = self
                    .protocol_fees_quote
                    .checked_add(protocol_fee)
                    .ok_or(PoolError::MathOverflow)?;
            }
        }
        Ok(())
    }

    /// Books a deposit of `share_in` and `quote_in` for `lp_amount` new LP units.
    pub fn apply_deposit(&mut self, lp_amount: u64, share_in: u64, quote_in: u64) -> Result<()> {
        self.reserve_share = self
            .reserve_share
            .checked_add(share_in)
            .ok_or(PoolError::MathOverflow)?;
        self.reserve_quote = self
            .reserve_quote
            .checked_add(quote_in)
            .ok_or(PoolError::MathOverflow)?;
        self.lp_supply = self
            .lp_supply
            .checked_add(lp_amount)
            .ok_or(PoolError::MathOverflow)?;
        Ok(())
    }

    /// Books a withdrawal paying `share_out` and `quote_out` for `lp_amount` burnt LP units.
    pub fn apply_withdraw(&mut self, lp_amount: u64, share_out: u64, quote_out: u64) -> Result<()> {
        self.reserve_share = self
            .reserve_share
            .checked_sub(share_out)
            .ok_or(PoolError::MathOverflow)?;
        self.reserve_quote = self
            .reserve_quote
            .checked_sub(quote_out)
            .ok_or(PoolError::MathOverflow)?;
        self.lp_supply = self
            .lp_supply
            .checked_sub(lp_amount)
            .ok_or(PoolError::MathOverflow)?;
        Ok(())
    }

    /// Books what the share reserve earned.
    pub fn add_earnings(&mut self, paid: u64) -> Result<()> {
        self.earnings = self
            .earnings
            .checked_add(paid)
            .ok_or(PoolError::MathOverflow)?;
        self.earned_total = self
            .earned_total
            .checked_add(paid)
            .ok_or(PoolError::MathOverflow)?;
        Ok(())
    }

    /// Advances the price accumulator to `now` before the reserves change.
    pub fn update_oracle(&mut self, now: i64) -> Result<()> {
        self.oracle
            .update(self.reserve_share, self.reserve_quote, now)?;
        Ok(())
    }
}
