//! `encore gov settler ...`: settler records, bonds, approvals and slashing.

use anyhow::anyhow;
use clap::Subcommand;
use encore_sdk::governance::state::{ProtocolConfig, Settler};
use encore_sdk::{accounts, pda, EncoreClient, Pubkey};
use serde::Serialize;

use crate::error::HintExt;
use crate::output::{utc, Rows};
use crate::units::{mint_decimals, Amount};
use crate::Context;

pub mod approve;
pub mod list;
pub mod post_bond;
pub mod register;
pub mod revoke;
pub mod show;
pub mod slash;
pub mod withdraw_bond;

#[derive(Subcommand, Debug)]
pub enum SettlerCommand {
    /// Register the keypair as a settler, with its bond in a mint
    Register(register::RegisterArgs),
    /// Add to the keypair's bond
    PostBond(post_bond::BondArgs),
    /// Take back free bond (once revoked and one timelock later)
    WithdrawBond(post_bond::BondArgs),
    /// Approve a settler (governance authority)
    Approve(approve::ApproveArgs),
    /// Revoke a settler's approval (governance authority)
    Revoke(revoke::RevokeArgs),
    /// Propose slashing a settler's bond to the treasury (governance authority, timelocked)
    Slash(slash::SlashArgs),
    /// Show a settler
    Show(show::ShowArgs),
    /// List settlers
    List(list::ListArgs),
}

impl SettlerCommand {
    pub fn run(self, ctx: &mut Context) -> anyhow::Result<()> {
        match self {
            SettlerCommand::Register(args) => register::run(ctx, args),
            SettlerCommand::PostBond(args) => post_bond::run(ctx, args),
            SettlerCommand::WithdrawBond(args) => withdraw_bond::run(ctx, args),
            SettlerCommand::Approve(args) => approve::run(ctx, args),
            SettlerCommand::Revoke(args) => revoke::run(ctx, args),
            SettlerCommand::Slash(args) => slash::run(ctx, args),
            SettlerCommand::Show(args) => show::run(ctx, args),
            SettlerCommand::List(args) => list::run(ctx, args),
        }
    }
}

/// The record of `wallet`, or an error saying how to create one.
pub fn require_settler(client: &dyn EncoreClient, wallet: &Pubkey) -> anyhow::Result<Settler> {
    accounts::settler(client, wallet)?
        .ok_or_else(|| anyhow!("{wallet} is not a registered settler"))
        .hint(
            "the settler's wallet registers with `encore gov settler register --bond-mint <MINT>`",
        )
}

/// The decimals of `settler`'s bond mint.
pub fn bond_decimals(client: &dyn EncoreClient, settler: &Settler) -> anyhow::Result<u8> {
    mint_decimals(client, &settler.bond_mint, "bond mint", None)
}

/// A settler as printed (`--output json` fields are stable).
#[derive(Serialize, Debug)]
pub struct SettlerView {
    pub settler: String,
    pub wallet: String,
    pub approved: bool,
    pub bond_mint: String,
    pub bond_vault: String,
    pub bond: Amount,
    /// Reserved by pending slash proposals.
    pub pending_slash: Amount,
    /// Bond not reserved: what may be withdrawn or slashed.
    pub free_bond: Amount,
    pub slashed_total: Amount,
    pub slash_count: u32,
    pub last_slash_reason: u16,
    pub last_slashed_at: i64,
    pub registered_at: i64,
    pub approved_at: i64,
    pub revoked_at: i64,
    /// When a revoked or suspended settler may withdraw: one timelock and
    /// two challenge windows after it stopped.
    pub bond_unlocks_at: Option<i64>,
    /// Held in the bond for open disputes of its charges.
    pub held_by_disputes: Amount,
    /// Disputes it lost (proven or unanswered overcharges).
    pub disputes_lost: u32,
    /// Paid from its bond to listeners and disputers for them.
    pub refunded_total: Amount,
    /// Disputes of its charges still open (`encore gov settler show` only).
    pub disputes: Vec<crate::escrow::disputes::DisputeView>,
}

impl SettlerView {
    pub fn load(
        client: &dyn EncoreClient,
        settler: &Settler,
        config: Option<&ProtocolConfig>,
    ) -> anyhow::Result<Self> {
        let decimals = bond_decimals(client, settler)?;
        let amount = |v: u64| Amount::new(v, decimals);
        let unlocks = match (settler.revoked_at, config) {
            (0, _) | (_, None) => None,
            (at, Some(c)) => Some(
                at.saturating_add(
                    c.params
                        .timelock_delay_secs
                        .max(c.params.challenge_window_secs.saturating_mul(2)),
                ),
            ),
        };
        Ok(Self {
            settler: pda::settler(&settler.wallet).0.to_string(),
            wallet: settler.wallet.to_string(),
            approved: settler.approved,
            bond_mint: settler.bond_mint.to_string(),
            bond_vault: pda::settler_bond(&settler.wallet).0.to_string(),
            bond: amount(settler.bond_amount),
            pending_slash: amount(settler.pending_slash_amount),
            free_bond: amount(settler.free_bond()),
            slashed_total: amount(settler.slashed_total),
            slash_count: settler.slash_count,
            last_slash_reason: settler.last_slash_reason,
            last_slashed_at: settler.last_slashed_at,
            registered_at: settler.registered_at,
            approved_at: settler.approved_at,
            revoked_at: settler.revoked_at,
            bond_unlocks_at: if settler.approved { None } else { unlocks },
            held_by_disputes: amount(settler.held_by_disputes),
            disputes_lost: settler.disputes_lost,
            refunded_total: amount(settler.refunded_total),
            disputes: Vec::new(),
        })
    }

    /// Adds the open disputes of the settler's charges.
    pub fn with_disputes(mut self, client: &dyn EncoreClient) -> anyhow::Result<Self> {
        let wallet: Pubkey = self.wallet.parse()?;
        let open = encore_sdk::escrow::disputes_against(client, &wallet, true)?;
        self.disputes = crate::escrow::disputes::views(client, &open)?;
        Ok(self)
    }

    /// The settler of `wallet` as it now is.
    pub fn read(client: &dyn EncoreClient, wallet: &Pubkey) -> anyhow::Result<Self> {
        let settler = require_settler(client, wallet)?;
        let config = accounts::config(client).ok();
        Self::load(client, &settler, config.as_ref())
    }
}

impl Rows for SettlerView {
    fn rows(&self) -> Vec<(&'static str, String)> {
        let when = |t: i64| if t == 0 { "-".to_string() } else { utc(t) };
        let mut rows = vec![
            ("Settler", self.settler.clone()),
            ("Wallet", self.wallet.clone()),
            ("Approved", if self.approved { "yes" } else { "no" }.into()),
            ("Bond mint", self.bond_mint.clone()),
            ("Bond vault", self.bond_vault.clone()),
            ("Bond", self.bond.to_string()),
            ("Reserved by slashes", self.pending_slash.to_string()),
            ("Free bond", self.free_bond.to_string()),
            ("Slashed in total", self.slashed_total.to_string()),
            ("Slashes", self.slash_count.to_string()),
            ("Registered", utc(self.registered_at)),
            ("Approved at", when(self.approved_at)),
            ("Revoked at", when(self.revoked_at)),
        ];
        if self.slash_count > 0 {
            rows.push(("Last slash reason", self.last_slash_reason.to_string()));
            rows.push(("Last slashed", utc(self.last_slashed_at)));
        }
        if let Some(at) = self.bond_unlocks_at {
            rows.push(("Bond unlocks", utc(at)));
        }
        rows.push(("Held for disputes", self.held_by_disputes.to_string()));
        rows.push((
            "Disputes lost",
            format!(
                "{} ({} paid from the bond)",
                self.disputes_lost, self.refunded_total
            ),
        ));
        for d in &self.disputes {
            rows.push(("Open dispute", d.line()));
        }
        rows
    }
}
