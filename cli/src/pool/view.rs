//! A pool as printed (`--output json` fields are stable).

use encore_sdk::pool::{self, Pool};
use encore_sdk::shares::SHARE_DECIMALS;
use encore_sdk::{token, EncoreClient, Pubkey};
use serde::Serialize;

use super::{lp, priced, Loaded, Side};
use crate::output::{percent, utc, Rows};
use crate::units::Amount;

/// Digits kept after the point in UI prices.
const PRICE_DIGITS: u32 = 9;

#[derive(Serialize, Debug)]
pub struct PoolView {
    pub pool: String,
    pub track: String,
    pub share_mint: String,
    pub quote_mint: String,
    pub quote_decimals: u8,
    pub lp_mint: String,
    pub share_vault: String,
    pub quote_vault: String,
    pub creator: String,
    pub fee_bps: u16,
    pub reserve_share: Amount,
    pub reserve_quote: Amount,
    /// LP units outstanding, the locked minimum included.
    pub lp_supply: Amount,
    /// Governance's part of swap fees, in the vaults until collected.
    pub protocol_fees_share: Amount,
    pub protocol_fees_quote: Amount,
    /// Token balances of the vaults: the reserves plus the protocol fees
    /// (plus anything sent to a vault directly).
    pub vault_share: Amount,
    pub vault_quote: Amount,
    /// `reserve_share × reserve_quote` in base units (a decimal string: it
    /// can exceed 2^64).
    pub k: String,
    pub spot_price: SpotPrice,
    pub oracle: OracleView,
    pub created_at: i64,
    /// The share reserve's royalty earnings held for the LPs (in the quote
    /// vault, outside the curve); an LP takes its part when it withdraws.
    pub earnings: Amount,
    /// Released to the reserve's position and not yet collected: it joins
    /// `earnings` at the pool's next swap, deposit or withdrawal.
    pub earnings_pending: Amount,
    /// Everything the share reserve has earned and collected.
    pub earned_total: Amount,
    /// `earnings + earnings_pending` per LP token, in quote UI units.
    pub earnings_per_lp: String,
}

/// The marginal price, fee excluded.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct SpotPrice {
    /// Quote per share, in UI units.
    pub quote_per_share: String,
    /// Shares per quote unit, in UI units.
    pub shares_per_quote: String,
    /// Quote base units per share base unit, Q64.64 (decimal string).
    pub quote_per_share_q64: String,
    /// Share base units per quote base unit, Q64.64 (decimal string).
    pub shares_per_quote_q64: String,
}

/// The time-weighted price accumulators (Q64.64 × seconds, wrapping; decimal strings).
#[derive(Serialize, Debug)]
pub struct OracleView {
    /// As stored at the pool's last swap, deposit or withdrawal.
    pub last_update_ts: i64,
    pub price_cumulative_share_in_quote: String,
    pub price_cumulative_quote_in_share: String,
    /// As of the chain's clock (what a TWAP observation now would record).
    pub observed_at: i64,
    pub observed_share_in_quote: String,
    pub observed_quote_in_share: String,
}

/// `numerator / denominator` of two UI amounts, to [`PRICE_DIGITS`]
/// digits (rounded down), computed on the base units.
pub fn ui_ratio(
    numerator: u64,
    numerator_decimals: u8,
    denominator: u64,
    denominator_decimals: u8,
) -> String {
    let exact = || {
        let scale = |d: u32| 10u128.checked_pow(d);
        let top = u128::from(numerator)
            .checked_mul(scale(u32::from(denominator_decimals) + PRICE_DIGITS)?)?;
        let bottom = u128::from(denominator).checked_mul(scale(u32::from(numerator_decimals))?)?;
        let value = top.checked_div(bottom)?;
        let unit = scale(PRICE_DIGITS)?;
        let frac = format!("{:0width$}", value % unit, width = PRICE_DIGITS as usize);
        let frac = frac.trim_end_matches('0');
        Some(if frac.is_empty() {
            (value / unit).to_string()
        } else {
            format!("{}.{frac}", value / unit)
        })
    };
    exact().unwrap_or_else(|| "-".into())
}

impl SpotPrice {
    pub fn of(pool: &Pool, quote_decimals: u8) -> anyhow::Result<Self> {
        let (quote_per_share_q64, shares_per_quote_q64) = priced(pool::spot_price_q64(pool), None)?;
        Ok(Self {
            quote_per_share: ui_ratio(
                pool.reserve_quote,
                quote_decimals,
                pool.reserve_share,
                SHARE_DECIMALS,
            ),
            shares_per_quote: ui_ratio(
                pool.reserve_share,
                SHARE_DECIMALS,
                pool.reserve_quote,
                quote_decimals,
            ),
            quote_per_share_q64: quote_per_share_q64.to_string(),
            shares_per_quote_q64: shares_per_quote_q64.to_string(),
        })
    }
}

impl PoolView {
    pub fn load(client: &dyn EncoreClient, address: &Pubkey) -> anyhow::Result<Self> {
        Self::of(client, &Loaded::load(client, address)?)
    }

    pub fn of(client: &dyn EncoreClient, loaded: &Loaded) -> anyhow::Result<Self> {
        let p = &loaded.pool;
        let now = client.clock()?.unix_timestamp;
        let observed = priced(pool::observe(p, now), Some(&loaded.address))?;
        let share_amount = |v| loaded.amount(Side::Shares, v);
        let quote = |v| loaded.amount(Side::Quote, v);
        let pending = earnings_pending(client, loaded, now)?;
        Ok(Self {
            pool: loaded.address.to_string(),
            track: p.track.to_string(),
            share_mint: p.share_mint.to_string(),
            quote_mint: p.quote_mint.to_string(),
            quote_decimals: loaded.quote_decimals,
            lp_mint: p.lp_mint.to_string(),
            share_vault: p.share_vault.to_string(),
            quote_vault: p.quote_vault.to_string(),
            creator: p.creator.to_string(),
            fee_bps: p.fee_bps,
            reserve_share: share_amount(p.reserve_share),
            reserve_quote: quote(p.reserve_quote),
            lp_supply: lp(p.lp_supply),
            protocol_fees_share: share_amount(p.protocol_fees_share),
            protocol_fees_quote: quote(p.protocol_fees_quote),
            vault_share: share_amount(token::balance(client, &p.share_vault)?),
            vault_quote: quote(token::balance(client, &p.quote_vault)?),
            k: (u128::from(p.reserve_share) * u128::from(p.reserve_quote)).to_string(),
            spot_price: SpotPrice::of(p, loaded.quote_decimals)?,
            oracle: OracleView {
                last_update_ts: p.oracle.last_update_ts,
                price_cumulative_share_in_quote: p
                    .oracle
                    .price_cumulative_share_in_quote
                    .to_string(),
                price_cumulative_quote_in_share: p
                    .oracle
                    .price_cumulative_quote_in_share
                    .to_string(),
                observed_at: observed.timestamp,
                observed_share_in_quote: observed.price_cumulative_share_in_quote.to_string(),
                observed_quote_in_share: observed.price_cumulative_quote_in_share.to_string(),
            },
            created_at: p.created_at,
            earnings: quote(p.earnings),
            earnings_pending: quote(pending),
            earned_total: quote(p.earned_total),
            earnings_per_lp: ui_ratio(
                p.earnings.saturating_add(pending),
                loaded.quote_decimals,
                p.lp_supply,
                pool::LP_DECIMALS,
            ),
        })
    }
}

/// What the pool's share reserve has been released and not yet collected
/// at `now`.
pub fn earnings_pending(
    client: &dyn EncoreClient,
    loaded: &Loaded,
    now: i64,
) -> anyhow::Result<u64> {
    let p = &loaded.pool;
    Ok(
        match (
            encore_sdk::shares::config(client, &p.track)?,
            encore_sdk::shares::position(client, &p.track, &loaded.address)?,
        ) {
            (Some(config), Some(position)) => {
                encore_sdk::shares::pending_rewards(&position, &config, now)?
            }
            _ => 0,
        },
    )
}

/// The pool as deposits and withdrawals price its quote side: the quote
/// reserve with the LPs' earnings (collected and pending) beside it, since
/// an LP unit pays in or takes out its part of both.
pub fn quote_side_with_earnings(
    client: &dyn EncoreClient,
    loaded: &Loaded,
) -> anyhow::Result<Pool> {
    let now = client.clock()?.unix_timestamp;
    let pending = earnings_pending(client, loaded, now)?;
    let mut p = loaded.pool.clone();
    p.reserve_quote = p
        .reserve_quote
        .saturating_add(p.earnings)
        .saturating_add(pending);
    Ok(p)
}

impl Rows for PoolView {
    fn rows(&self) -> Vec<(&'static str, String)> {
        vec![
            ("Pool", self.pool.clone()),
            ("Track", self.track.clone()),
            ("Share mint", self.share_mint.clone()),
            (
                "Quote mint",
                format!("{} ({} decimals)", self.quote_mint, self.quote_decimals),
            ),
            ("LP mint", self.lp_mint.clone()),
            (
                "Fee",
                format!(
                    "{} ({} bps) of each swap's input",
                    percent(self.fee_bps),
                    self.fee_bps
                ),
            ),
            (
                "Reserves",
                format!(
                    "{} shares / {} quote",
                    self.reserve_share, self.reserve_quote
                ),
            ),
            (
                "LP supply",
                format!("{} (1000 base units locked)", self.lp_supply),
            ),
            (
                "Protocol fees",
                format!(
                    "{} shares / {} quote (uncollected)",
                    self.protocol_fees_share, self.protocol_fees_quote
                ),
            ),
            (
                "Vaults",
                format!("{} shares / {} quote", self.vault_share, self.vault_quote),
            ),
            (
                "Spot price",
                format!(
                    "{} quote per share ({} shares per quote)",
                    self.spot_price.quote_per_share, self.spot_price.shares_per_quote
                ),
            ),
            (
                "Price accumulators",
                format!(
                    "share in quote {}, quote in share {} (Q64.64 x s, as of {})",
                    self.oracle.observed_share_in_quote,
                    self.oracle.observed_quote_in_share,
                    utc(self.oracle.observed_at)
                ),
            ),
            (
                "Reserve earnings",
                format!(
                    "{} quote for the LPs, {} more released (collected at the next trade), {} earned in all",
                    self.earnings, self.earnings_pending, self.earned_total
                ),
            ),
            (
                "Per LP token",
                format!("{} quote of earnings", self.earnings_per_lp),
            ),
            ("Creator", self.creator.clone()),
            ("Created", utc(self.created_at)),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_in_ui_units() {
        // 5,000 quote (6 decimals) against 100,000 shares (6 decimals).
        assert_eq!(ui_ratio(5_000_000_000, 6, 100_000_000_000, 6), "0.05");
        assert_eq!(ui_ratio(100_000_000_000, 6, 5_000_000_000, 6), "20");
        // A 2-decimal quote mint: 10.00 quote for 3 shares.
        assert_eq!(ui_ratio(1_000, 2, 3_000_000, 6), "3.333333333");
        assert_eq!(ui_ratio(1, 6, 0, 6), "-");
    }
}
