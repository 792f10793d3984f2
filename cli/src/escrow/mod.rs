//! `encore escrow ...`: a listener's prepaid balance in a payment mint.

use anyhow::anyhow;
use clap::{Args, Subcommand};
use encore_sdk::stream_escrow::state::Listener;
use encore_sdk::{escrow, pda, EncoreClient, Pubkey};
use serde::Serialize;

use crate::error::HintExt;
use crate::output::{utc, Rows};
use crate::units::{format_duration, mint_decimals, Amount, Total};
use crate::Context;

pub mod cap;
pub mod charges;
pub mod collect;
pub mod deposit;
pub mod disputes;
pub mod key;
pub mod open;
pub mod receipt;
pub mod show;
pub mod watch;
pub mod withdraw;

#[derive(Subcommand, Debug)]
pub enum EscrowCommand {
    /// Open the keypair's listener balance in a payment mint (and the mint's escrow if needed)
    Open(open::OpenArgs),
    /// Move tokens from the keypair's token account into its listener balance
    Deposit(deposit::DepositArgs),
    /// Limit what settlement may spend per period, or lift the limit
    Cap(cap::CapArgs),
    /// Ask for money back, then take it after the notice period (or cancel the request)
    Withdraw(withdraw::WithdrawArgs),
    /// Show a listener's balance, cap and pending withdrawal
    Show(show::ShowArgs),
    /// What settlement charged a listener for each track
    Charges(charges::ChargesArgs),
    /// Pay a track's settled earnings out: into its revenue vault, or to its
    /// authority if it was retired before it had shares
    Collect(collect::CollectArgs),
    /// Choose the key that signs the listener's receipts, or revoke it
    #[command(subcommand)]
    Key(key::KeyCommand),
    /// Sign a receipt: the total the listener accepts being charged by a settler
    Receipt(receipt::ReceiptArgs),
    /// Watch listeners' charges against their receipts; dispute any excess
    /// and decide disputes left unanswered
    Watch(watch::WatchArgs),
}

impl EscrowCommand {
    pub fn run(self, ctx: &mut Context) -> anyhow::Result<()> {
        match self {
            EscrowCommand::Open(args) => open::run(ctx, args),
            EscrowCommand::Deposit(args) => deposit::run(ctx, args),
            EscrowCommand::Cap(args) => cap::run(ctx, args),
            EscrowCommand::Withdraw(args) => withdraw::run(ctx, args),
            EscrowCommand::Show(args) => show::run(ctx, args),
            EscrowCommand::Charges(args) => charges::run(ctx, args),
            EscrowCommand::Collect(args) => collect::run(ctx, args),
            EscrowCommand::Key(command) => command.run(ctx),
            EscrowCommand::Receipt(args) => receipt::run(ctx, args),
            EscrowCommand::Watch(args) => watch::run(ctx, args),
        }
    }
}

#[derive(Args, Debug, Clone)]
pub struct MintArg {
    /// The payment mint (SPL Token) the balance is in
    #[arg(long, value_name = "MINT")]
    pub mint: Pubkey,
}

/// A listener balance as printed; amounts in the mint's units.
#[derive(Serialize, Debug)]
pub struct ListenerView {
    pub wallet: String,
    pub listener: String,
    pub payment_mint: String,
    pub decimals: u8,
    pub balance: Amount,
    /// `None`: uncapped.
    pub cap_per_period: Option<Amount>,
    pub cap_period_secs: i64,
    pub period_start: i64,
    pub spent_this_period: Amount,
    /// Cap changes settlement has yet to adopt, oldest first: each in force
    /// for plays from its `effective_at` (lowered caps wait out the notice).
    pub cap_changes: Vec<CapChangeView>,
    pub withdrawal: Option<WithdrawalView>,
    /// Plays that started at or before this time are settled (never charged again).
    pub settled_through: i64,
    /// A settlement window a settler has open.
    pub window: Option<WindowView>,
    pub lifetime_spent: Total,
    pub lifetime_plays: u64,
    /// The key whose signature on a receipt binds the listener.
    pub receipt_key: String,
    /// The key it replaced, which still binds for plays up to `revoked_at`.
    pub revoked_key: Option<String>,
    pub revoked_at: Option<i64>,
    /// What each settler has charged, as receipts must cover.
    pub tabs: Vec<TabView>,
    /// Proven overcharges paid back from settlers' bonds.
    pub lifetime_refunded: Total,
    /// Disputes of the listener's charges still open.
    pub disputes: Vec<disputes::DisputeView>,
}

#[derive(Serialize, Debug)]
pub struct TabView {
    pub settler: String,
    /// Receipts for this tab name this epoch.
    pub epoch: u32,
    /// Charged in this tab, less refunds: what the latest receipt must cover.
    pub charged: Amount,
    /// Disputes opened on this tab.
    pub disputes: u32,
    /// A dispute is open: the settler's plays for this listener are held.
    pub disputed: bool,
}

#[derive(Serialize, Debug)]
pub struct CapChangeView {
    /// `None`: uncapped.
    pub cap_per_period: Option<Amount>,
    pub cap_period_secs: i64,
    pub effective_at: i64,
}

#[derive(Serialize, Debug)]
pub struct WithdrawalView {
    pub amount: Amount,
    pub requested_at: i64,
    /// When `encore escrow withdraw --complete` works: plays started before
    /// it are still charged against the whole balance.
    pub available_at: i64,
}

#[derive(Serialize, Debug)]
pub struct WindowView {
    pub settler: String,
    pub first: i64,
    pub last: i64,
    pub entries: u16,
    pub settled: u16,
    pub opened_at: i64,
}

impl ListenerView {
    pub fn new(listener: &Listener, decimals: u8) -> Self {
        let amount = |n| Amount::new(n, decimals);
        Self {
            wallet: listener.wallet.to_string(),
            listener: pda::listener(&listener.payment_mint, &listener.wallet)
                .0
                .to_string(),
            payment_mint: listener.payment_mint.to_string(),
            decimals,
            balance: amount(listener.balance),
            cap_per_period: (listener.cap_per_period != u64::MAX)
                .then(|| amount(listener.cap_per_period)),
            cap_period_secs: listener.cap_period_secs,
            period_start: listener.period_start,
            spent_this_period: amount(listener.spent_this_period),
            cap_changes: listener
                .cap_changes()
                .iter()
                .map(|c| CapChangeView {
                    cap_per_period: (c.cap != u64::MAX).then(|| amount(c.cap)),
                    cap_period_secs: c.period_secs,
                    effective_at: c.at,
                })
                .collect(),
            withdrawal: listener.has_withdrawal_request().then(|| WithdrawalView {
                amount: amount(listener.withdrawal_amount),
                requested_at: listener.withdrawal_requested_at,
                available_at: listener.withdrawal_available_at,
            }),
            settled_through: listener.settled_through,
            window: listener.window.open.then(|| WindowView {
                settler: listener.window.settler.to_string(),
                first: listener.window.first,
                last: listener.window.last,
                entries: listener.window.entries,
                settled: listener.window.settled,
                opened_at: listener.window.opened_at,
            }),
            lifetime_spent: Total::new(listener.lifetime_spent, decimals),
            lifetime_plays: listener.lifetime_plays,
            receipt_key: listener.receipt_key.to_string(),
            revoked_key: (listener.revoked_key != Pubkey::default())
                .then(|| listener.revoked_key.to_string()),
            revoked_at: (listener.revoked_key != Pubkey::default()).then_some(listener.revoked_at),
            tabs: listener
                .tabs
                .iter()
                .filter(|t| !t.is_free())
                .map(|t| TabView {
                    settler: t.settler.to_string(),
                    epoch: t.epoch,
                    charged: amount(t.charged),
                    disputes: t.disputes,
                    disputed: t.disputed,
                })
                .collect(),
            lifetime_refunded: Total::new(listener.lifetime_refunded, decimals),
            disputes: Vec::new(),
        }
    }

    /// Adds the listener's open disputes.
    pub fn with_disputes(mut self, client: &dyn EncoreClient) -> anyhow::Result<Self> {
        let address: Pubkey = self.listener.parse()?;
        let open = escrow::disputes_of(client, &address, true)?;
        self.disputes = disputes::views(client, &open)?;
        Ok(self)
    }

    /// Every balance of `wallet`, one per payment mint, with its open
    /// disputes, beside the account it was read from.
    pub fn all_of(
        client: &dyn EncoreClient,
        wallet: &Pubkey,
    ) -> anyhow::Result<Vec<(Listener, Self)>> {
        let mut out = Vec::new();
        for (_, listener) in escrow::listeners_of(client, wallet)? {
            let decimals = mint_decimals(client, &listener.payment_mint, "payment mint", None)?;
            let view = Self::new(&listener, decimals).with_disputes(client)?;
            out.push((listener, view));
        }
        Ok(out)
    }

    /// `wallet`'s balance in `mint` as it now is.
    pub fn load(client: &dyn EncoreClient, mint: &Pubkey, wallet: &Pubkey) -> anyhow::Result<Self> {
        let decimals = payment_decimals(client, mint)?;
        let listener = require_listener(client, mint, wallet)?;
        Self::new(&listener, decimals).with_disputes(client)
    }
}

impl Rows for ListenerView {
    fn rows(&self) -> Vec<(&'static str, String)> {
        let mut rows = vec![
            ("Wallet", self.wallet.clone()),
            ("Listener", self.listener.clone()),
            ("Payment mint", self.payment_mint.clone()),
            ("Balance", self.balance.to_string()),
            (
                "Cap",
                match &self.cap_per_period {
                    Some(cap) => format!(
                        "{cap} per {} ({} spent since {})",
                        format_duration(self.cap_period_secs),
                        self.spent_this_period,
                        utc(self.period_start)
                    ),
                    None => "none".into(),
                },
            ),
        ];
        for p in &self.cap_changes {
            rows.push((
                "Cap change",
                format!(
                    "{} per {} for plays from {}",
                    p.cap_per_period
                        .as_ref()
                        .map_or("no cap".to_string(), |c| c.to_string()),
                    format_duration(p.cap_period_secs),
                    utc(p.effective_at)
                ),
            ));
        }
        rows.push((
            "Withdrawal",
            match &self.withdrawal {
                Some(w) => format!(
                    "{} requested, available from {} (plays before then are still charged)",
                    w.amount,
                    utc(w.available_at)
                ),
                None => "none".into(),
            },
        ));
        rows.push((
            "Settled through",
            if self.settled_through > 0 {
                utc(self.settled_through)
            } else {
                "nothing yet".into()
            },
        ));
        if let Some(w) = &self.window {
            rows.push((
                "Settling",
                format!(
                    "plays {} to {}: {} of {} entries, by {}",
                    utc(w.first),
                    utc(w.last),
                    w.settled,
                    w.entries,
                    w.settler
                ),
            ));
        }
        rows.push(("Lifetime spent", self.lifetime_spent.to_string()));
        rows.push(("Lifetime plays", self.lifetime_plays.to_string()));
        rows.push(("Receipt key", self.receipt_key.clone()));
        if let (Some(key), Some(at)) = (&self.revoked_key, self.revoked_at) {
            rows.push((
                "Replaced key",
                format!("{key} (binds for plays up to {})", utc(at)),
            ));
        }
        for t in &self.tabs {
            rows.push((
                "Tab",
                format!(
                    "{} charged by {} (epoch {}, {} disputes{})",
                    t.charged,
                    t.settler,
                    t.epoch,
                    t.disputes,
                    if t.disputed {
                        ", one open: its plays are held"
                    } else {
                        ""
                    }
                ),
            ));
        }
        if self.lifetime_refunded.base_units > 0 {
            rows.push(("Refunded", self.lifetime_refunded.to_string()));
        }
        for d in &self.disputes {
            rows.push(("Dispute", d.line()));
        }
        rows
    }
}

/// The decimals of the payment mint `--mint` names.
pub fn payment_decimals(client: &dyn EncoreClient, mint: &Pubkey) -> anyhow::Result<u8> {
    mint_decimals(client, mint, "payment mint", Some("--mint"))
}

/// `wallet`'s listener balance in `mint`, or an error saying how to open one.
pub fn require_listener(
    client: &dyn EncoreClient,
    mint: &Pubkey,
    wallet: &Pubkey,
) -> anyhow::Result<Listener> {
    escrow::listener(client, mint, wallet)?
        .ok_or_else(|| anyhow!("{wallet} has no listener balance in mint {mint}"))
        .with_hint(|| format!("open one with `encore escrow open --mint {mint}`"))
}
