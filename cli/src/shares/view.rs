//! Shares, revenue and positions as printed.

use anyhow::anyhow;
use encore_sdk::royalty_shares::state::{Position, RoyaltyConfig};
use encore_sdk::shares;
use encore_sdk::{pda, token, EncoreClient, Pubkey, SdkError};
use serde::Serialize;

use super::{require_position, require_shares, revenue_decimals, share_amount};
use crate::output::{percent, utc, Rows};
use crate::units::Amount;

/// One recipient's fixed allocation.
#[derive(Serialize, Debug)]
pub struct AllocationView {
    pub recipient: String,
    pub bps: u16,
    pub shares: Amount,
    pub distributed: bool,
}

/// A position's address, its state and what it could claim now.
pub type PositionNow = (Pubkey, Position, u64);

/// A track's revenue accounting at the chain's clock. The parts always add
/// up: `deposited = claimed + pending + unreleased + dust`.
#[derive(Serialize, Debug, Clone)]
pub struct Accounting {
    pub deposited: Amount,
    pub claimed: Amount,
    /// Released and claimable by positions now.
    pub pending: Amount,
    /// Not released yet (released linearly until `release_end`).
    pub unreleased: Amount,
    /// Released but not yet claimable as whole units: each position's fraction
    /// of a unit and the accrual's carry, which later distributions pay out.
    pub dust: Amount,
    /// Tokens in the revenue vault (`deposited - claimed`).
    pub vault_balance: Amount,
    pub release_end: i64,
    pub positions: usize,
    pub total_staked: Amount,
}

impl Accounting {
    /// Reads the vault and every position of `track`; `now` is the chain's clock.
    pub fn load(
        client: &dyn EncoreClient,
        track: &Pubkey,
        config: &RoyaltyConfig,
        decimals: u8,
        now: i64,
    ) -> anyhow::Result<(Self, Vec<PositionNow>)> {
        let mut accrual = config.accrual;
        accrual
            .update(now)
            .map_err(|e| anyhow!("cannot bring the accrual to {now}: {e}"))?;
        let positions = shares::positions_in(client, track)?
            .into_iter()
            .map(|(address, p)| {
                let pending = shares::pending_rewards(&p, config, now)?;
                Ok((address, p, pending))
            })
            .collect::<Result<Vec<_>, SdkError>>()?;
        let pending: u64 = positions.iter().map(|(_, _, p)| *p).sum();
        let accounted = config
            .total_claimed
            .saturating_add(pending)
            .saturating_add(accrual.unreleased);
        let dust = config.total_deposited.saturating_sub(accounted);
        let amount = |v: u64| Amount::new(v, decimals);
        let vault_balance = token::balance(client, &config.revenue_vault)?;
        Ok((
            Self {
                deposited: amount(config.total_deposited),
                claimed: amount(config.total_claimed),
                pending: amount(pending),
                unreleased: amount(accrual.unreleased),
                dust: amount(dust),
                vault_balance: amount(vault_balance),
                release_end: accrual.release_end,
                positions: positions.len(),
                total_staked: share_amount(config.accrual.total_staked),
            },
            positions,
        ))
    }
}

/// A track's shares as printed (`--output json` fields are stable).
#[derive(Serialize, Debug)]
pub struct SharesView {
    pub track: String,
    pub royalty: String,
    pub share_mint: String,
    pub supply: Amount,
    pub payment_mint: String,
    pub payment_decimals: u8,
    pub revenue_vault: String,
    pub share_vault: String,
    pub distribution_complete: bool,
    pub created_at: i64,
    pub allocations: Vec<AllocationView>,
    pub revenue: Accounting,
}

impl SharesView {
    pub fn load(client: &dyn EncoreClient, track: &Pubkey) -> anyhow::Result<Self> {
        let config = require_shares(client, track)?;
        let decimals = revenue_decimals(client, &config)?;
        let supply = token::mint_info(client, &config.share_mint)?.supply;
        let now = client.clock()?.unix_timestamp;
        let (revenue, _) = Accounting::load(client, track, &config, decimals, now)?;
        Ok(Self {
            track: track.to_string(),
            royalty: pda::royalty(track).0.to_string(),
            share_mint: config.share_mint.to_string(),
            supply: share_amount(supply),
            payment_mint: config.payment_mint.to_string(),
            payment_decimals: decimals,
            revenue_vault: config.revenue_vault.to_string(),
            share_vault: config.share_vault.to_string(),
            distribution_complete: config.distribution_complete,
            created_at: config.created_at,
            allocations: config
                .allocations
                .iter()
                .map(|a| AllocationView {
                    recipient: a.recipient.to_string(),
                    bps: a.bps,
                    shares: share_amount(a.amount),
                    distributed: a.distributed,
                })
                .collect(),
            revenue,
        })
    }

    pub fn allocation_rows(&self) -> Vec<Vec<String>> {
        self.allocations
            .iter()
            .map(|a| {
                vec![
                    a.recipient.clone(),
                    percent(a.bps),
                    a.shares.to_string(),
                    if a.distributed { "yes" } else { "no" }.into(),
                ]
            })
            .collect()
    }
}

impl Rows for SharesView {
    fn rows(&self) -> Vec<(&'static str, String)> {
        let r = &self.revenue;
        vec![
            ("Track", self.track.clone()),
            ("Share mint", self.share_mint.clone()),
            ("Supply", format!("{} shares", self.supply)),
            (
                "Distribution",
                if self.distribution_complete {
                    "complete".into()
                } else {
                    "in progress: `encore shares distribute --track <TRACK>`".into()
                },
            ),
            (
                "Payment mint",
                format!("{} ({} decimals)", self.payment_mint, self.payment_decimals),
            ),
            ("Revenue vault", self.revenue_vault.clone()),
            ("Deposited", r.deposited.to_string()),
            ("Claimed", r.claimed.to_string()),
            ("Claimable now", r.pending.to_string()),
            ("Unreleased", r.unreleased.to_string()),
            ("Rounding dust", r.dust.to_string()),
            ("Vault balance", r.vault_balance.to_string()),
            (
                "Released by",
                if r.release_end == 0 {
                    "-".into()
                } else {
                    utc(r.release_end)
                },
            ),
            ("Staked", format!("{} shares", r.total_staked)),
            ("Positions", r.positions.to_string()),
            ("Created", utc(self.created_at)),
        ]
    }
}

/// A staking position as printed (`--output json` fields are stable).
#[derive(Serialize, Debug)]
pub struct PositionView {
    pub position: String,
    pub track: String,
    pub owner: String,
    pub staked: Amount,
    /// Claimable now, in the payment mint.
    pub pending: Amount,
    /// Claimed through this position over its life.
    pub claimed: Amount,
    pub payment_mint: String,
    pub share_mint: String,
}

impl PositionView {
    pub fn new(
        address: &Pubkey,
        position: &Position,
        config: &RoyaltyConfig,
        decimals: u8,
        now: i64,
    ) -> anyhow::Result<Self> {
        let pending = shares::pending_rewards(position, config, now)?;
        Ok(Self {
            position: address.to_string(),
            track: position.track.to_string(),
            owner: position.owner.to_string(),
            staked: share_amount(position.stake.staked),
            pending: Amount::new(pending, decimals),
            claimed: Amount::new(position.claimed, decimals),
            payment_mint: config.payment_mint.to_string(),
            share_mint: config.share_mint.to_string(),
        })
    }

    /// The position of `owner` in `track` as it now is.
    pub fn load(client: &dyn EncoreClient, track: &Pubkey, owner: &Pubkey) -> anyhow::Result<Self> {
        let config = require_shares(client, track)?;
        let position = require_position(client, track, owner)?;
        let decimals = revenue_decimals(client, &config)?;
        let now = client.clock()?.unix_timestamp;
        Self::new(
            &pda::position(track, owner).0,
            &position,
            &config,
            decimals,
            now,
        )
    }
}

impl Rows for PositionView {
    fn rows(&self) -> Vec<(&'static str, String)> {
        vec![
            ("Position", self.position.clone()),
            ("Track", self.track.clone()),
            ("Owner", self.owner.clone()),
            ("Staked", format!("{} shares", self.staked)),
            ("Claimable now", self.pending.to_string()),
            ("Claimed", self.claimed.to_string()),
        ]
    }
}
