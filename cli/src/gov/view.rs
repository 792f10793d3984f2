//! Governance state as printed: the config, proposals and their changes.

use encore_sdk::governance::state::{ChangeStatus, ParamChange, ProposedChange, ProtocolConfig};
use encore_sdk::{accounts, pda, token, EncoreClient};
use serde::Serialize;

use super::{require_change, require_config};
use crate::output::{percent, utc, Rows};
use crate::units::{format_duration, mint_decimals};

/// The protocol config as printed (`--output json` fields are stable).
#[derive(Serialize, Debug)]
pub struct ConfigView {
    pub config: String,
    pub authority: String,
    pub pending_authority: Option<String>,
    pub treasury: String,
    pub protocol_fee_bps: u16,
    pub max_settler_fee_bps: u16,
    pub withdrawal_notice_secs: i64,
    pub release_period_secs: i64,
    pub timelock_delay_secs: i64,
    pub challenge_window_secs: i64,
    pub min_bond_ratio_bps: u16,
    pub dispute_deposit_lamports: u64,
    pub dispute_reward_bps: u16,
    pub paused: PausedView,
    pub change_count: u64,
    pub initialized_at: i64,
    pub updated_at: i64,
}

#[derive(Serialize, Debug)]
pub struct PausedView {
    pub registry: bool,
    pub settlement: bool,
    pub pool: bool,
}

impl ConfigView {
    pub fn new(config: &ProtocolConfig) -> Self {
        let p = &config.params;
        Self {
            config: pda::config().0.to_string(),
            authority: config.authority.to_string(),
            pending_authority: config.pending_authority.map(|a| a.to_string()),
            treasury: p.treasury.to_string(),
            protocol_fee_bps: p.protocol_fee_bps,
            max_settler_fee_bps: p.max_settler_fee_bps,
            withdrawal_notice_secs: p.withdrawal_notice_secs,
            release_period_secs: p.release_period_secs,
            timelock_delay_secs: p.timelock_delay_secs,
            challenge_window_secs: p.challenge_window_secs,
            min_bond_ratio_bps: p.min_bond_ratio_bps,
            dispute_deposit_lamports: p.dispute_deposit_lamports,
            dispute_reward_bps: p.dispute_reward_bps,
            paused: PausedView {
                registry: config.paused.registry,
                settlement: config.paused.settlement,
                pool: config.paused.pool,
            },
            change_count: config.change_count,
            initialized_at: config.initialized_at,
            updated_at: config.updated_at,
        }
    }

    /// The config as it now is.
    pub fn load(client: &dyn EncoreClient) -> anyhow::Result<Self> {
        Ok(Self::new(&require_config(client)?))
    }
}

impl Rows for ConfigView {
    fn rows(&self) -> Vec<(&'static str, String)> {
        let paused: Vec<&str> = [
            ("registry", self.paused.registry),
            ("settlement", self.paused.settlement),
            ("pool", self.paused.pool),
        ]
        .iter()
        .filter(|(_, on)| *on)
        .map(|(area, _)| *area)
        .collect();
        vec![
            ("Config", self.config.clone()),
            ("Authority", self.authority.clone()),
            (
                "Pending authority",
                self.pending_authority.clone().unwrap_or_else(|| "-".into()),
            ),
            ("Treasury", self.treasury.clone()),
            ("Protocol fee", bps_text(self.protocol_fee_bps)),
            ("Max settler fee", bps_text(self.max_settler_fee_bps)),
            (
                "Withdrawal notice",
                format_duration(self.withdrawal_notice_secs),
            ),
            ("Release period", format_duration(self.release_period_secs)),
            ("Timelock", format_duration(self.timelock_delay_secs)),
            (
                "Challenge window",
                format_duration(self.challenge_window_secs),
            ),
            ("Bond ratio", bps_text(self.min_bond_ratio_bps)),
            ("Dispute deposit", sol_text(self.dispute_deposit_lamports)),
            ("Dispute reward", bps_text(self.dispute_reward_bps)),
            (
                "Paused",
                if paused.is_empty() {
                    "nothing".into()
                } else {
                    paused.join(", ")
                },
            ),
            ("Proposals", self.change_count.to_string()),
            ("Initialized", utc(self.initialized_at)),
            ("Updated", utc(self.updated_at)),
        ]
    }
}

/// Lamports as `0.05 SOL`.
pub fn sol_text(lamports: u64) -> String {
    format!("{} SOL", token::ui_amount(lamports, 9))
}

/// `250` -> `2.5% (250 bps)`.
pub fn bps_text(bps: u16) -> String {
    format!("{} ({bps} bps)", percent(bps))
}

/// A proposed change as printed: one `kind` tag, then its values.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChangeView {
    ProtocolFeeBps {
        value: u16,
    },
    MaxSettlerFeeBps {
        value: u16,
    },
    WithdrawalNoticeSecs {
        value: i64,
    },
    ReleasePeriodSecs {
        value: i64,
    },
    TimelockDelaySecs {
        value: i64,
    },
    Treasury {
        value: String,
    },
    ChallengeWindowSecs {
        value: i64,
    },
    MinBondRatioBps {
        value: u16,
    },
    DisputeDepositLamports {
        value: u64,
    },
    DisputeRewardBps {
        value: u16,
    },
    SlashSettler {
        settler: String,
        amount: u64,
        reason: u16,
    },
    ResolveTrackDispute {
        track: String,
        filed_at: i64,
        uphold: bool,
    },
}

impl From<&ParamChange> for ChangeView {
    fn from(change: &ParamChange) -> Self {
        match *change {
            ParamChange::ProtocolFeeBps(value) => ChangeView::ProtocolFeeBps { value },
            ParamChange::MaxSettlerFeeBps(value) => ChangeView::MaxSettlerFeeBps { value },
            ParamChange::WithdrawalNoticeSecs(value) => ChangeView::WithdrawalNoticeSecs { value },
            ParamChange::ReleasePeriodSecs(value) => ChangeView::ReleasePeriodSecs { value },
            ParamChange::TimelockDelaySecs(value) => ChangeView::TimelockDelaySecs { value },
            ParamChange::Treasury(value) => ChangeView::Treasury {
                value: value.to_string(),
            },
            ParamChange::ChallengeWindowSecs(value) => ChangeView::ChallengeWindowSecs { value },
            ParamChange::MinBondRatioBps(value) => ChangeView::MinBondRatioBps { value },
            ParamChange::DisputeDepositLamports(value) => {
                ChangeView::DisputeDepositLamports { value }
            }
            ParamChange::DisputeRewardBps(value) => ChangeView::DisputeRewardBps { value },
            ParamChange::SlashSettler {
                settler,
                amount,
                reason,
            } => ChangeView::SlashSettler {
                settler: settler.to_string(),
                amount,
                reason,
            },
            ParamChange::ResolveTrackDispute {
                track,
                filed_at,
                uphold,
            } => ChangeView::ResolveTrackDispute {
                track: track.to_string(),
                filed_at,
                uphold,
            },
        }
    }
}

/// `protocol fee -> 2.5% (250 bps)`; a slash in the bond mint's UI units when readable.
pub fn describe(client: &dyn EncoreClient, change: &ParamChange) -> String {
    match *change {
        ParamChange::ProtocolFeeBps(v) => format!("protocol fee -> {}", bps_text(v)),
        ParamChange::MaxSettlerFeeBps(v) => format!("max settler fee -> {}", bps_text(v)),
        ParamChange::WithdrawalNoticeSecs(v) => {
            format!("withdrawal notice -> {}", format_duration(v))
        }
        ParamChange::ReleasePeriodSecs(v) => format!("release period -> {}", format_duration(v)),
        ParamChange::TimelockDelaySecs(v) => format!("timelock -> {}", format_duration(v)),
        ParamChange::Treasury(v) => format!("treasury -> {v}"),
        ParamChange::ChallengeWindowSecs(v) => {
            format!("challenge window -> {}", format_duration(v))
        }
        ParamChange::MinBondRatioBps(v) => format!("bond ratio -> {}", bps_text(v)),
        ParamChange::DisputeDepositLamports(v) => format!("dispute deposit -> {}", sol_text(v)),
        ParamChange::DisputeRewardBps(v) => format!("dispute reward -> {}", bps_text(v)),
        ParamChange::SlashSettler {
            settler,
            amount,
            reason,
        } => {
            let amount = accounts::settler(client, &settler)
                .ok()
                .flatten()
                .and_then(|s| mint_decimals(client, &s.bond_mint, "bond mint", None).ok())
                .map_or_else(
                    || format!("{amount} base units"),
                    |decimals| token::ui_amount(amount, decimals),
                );
            format!("slash settler {settler} by {amount} (reason {reason})")
        }
        ParamChange::ResolveTrackDispute { track, uphold, .. } => format!(
            "{} the ownership dispute over track {track}",
            if uphold { "uphold" } else { "dismiss" }
        ),
    }
}

/// A proposal as printed (`--output json` fields are stable).
#[derive(Serialize, Debug)]
pub struct ProposalView {
    pub id: u64,
    pub address: String,
    pub change: ChangeView,
    pub summary: String,
    /// `pending`, `executed` or `cancelled`.
    pub status: &'static str,
    pub proposer: String,
    pub proposed_at: i64,
    pub eta: i64,
    /// Last moment it may execute; after it, it can only be cancelled.
    pub expires_at: i64,
    /// When it was executed or cancelled.
    pub resolved_at: Option<i64>,
    /// Pending and within its execution window at the chain's clock.
    pub executable: bool,
    /// Pending but past its execution window at the chain's clock.
    pub expired: bool,
}

impl ProposalView {
    pub fn new(client: &dyn EncoreClient, change: &ProposedChange, now: i64) -> Self {
        let pending = change.is_pending();
        Self {
            id: change.id,
            address: pda::change(change.id).0.to_string(),
            change: ChangeView::from(&change.change),
            summary: describe(client, &change.change),
            status: match change.status {
                ChangeStatus::Pending => "pending",
                ChangeStatus::Executed => "executed",
                ChangeStatus::Cancelled => "cancelled",
            },
            proposer: change.proposer.to_string(),
            proposed_at: change.proposed_at,
            eta: change.eta,
            expires_at: change.expires_at(),
            resolved_at: (!pending).then_some(change.resolved_at),
            executable: pending && now >= change.eta && now <= change.expires_at(),
            expired: pending && now > change.expires_at(),
        }
    }

    /// `pending (executable in 1d 12h)`, `executed`, ...
    pub fn state_text(&self, now: i64) -> String {
        match self.status {
            "pending" if self.expired => "pending (expired: cancel it)".into(),
            "pending" if self.executable => "pending (executable now)".into(),
            "pending" => format!(
                "pending (executable in {})",
                format_duration(self.eta.saturating_sub(now))
            ),
            other => other.into(),
        }
    }

    pub fn rows(&self, now: i64) -> Vec<(&'static str, String)> {
        let mut rows = vec![
            ("Proposal", self.id.to_string()),
            ("Address", self.address.clone()),
            ("Change", self.summary.clone()),
            ("Status", self.state_text(now)),
            ("Proposer", self.proposer.clone()),
            ("Proposed", utc(self.proposed_at)),
            ("Executable from", utc(self.eta)),
            ("Expires", utc(self.expires_at)),
        ];
        if let Some(at) = self.resolved_at {
            rows.push(("Resolved", utc(at)));
        }
        rows
    }
}

/// A proposal as it now is, beside the config (`--output json`: `proposal`
/// and `config`).
#[derive(Serialize)]
pub struct Proposal {
    pub proposal: ProposalView,
    pub config: ConfigView,
    /// The chain's clock when read: the proposal's state (executable, expired) is as of it.
    #[serde(skip)]
    pub now: i64,
}

impl Proposal {
    pub fn load(client: &dyn EncoreClient, id: u64) -> anyhow::Result<Self> {
        let change = require_change(client, id)?;
        let config = require_config(client)?;
        let now = client.clock()?.unix_timestamp;
        Ok(Self {
            proposal: ProposalView::new(client, &change, now),
            config: ConfigView::new(&config),
            now,
        })
    }
}

impl Rows for Proposal {
    fn rows(&self) -> Vec<(&'static str, String)> {
        self.proposal.rows(self.now)
    }
}
