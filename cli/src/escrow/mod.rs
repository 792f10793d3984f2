//! `encore escrow ...`: a listener's prepaid balance in a payment mint.

use anyhow::anyhow;
use clap::{Args, Subcommand};
use encore_sdk::stream_escrow::state::Listener;
use encore_sdk::{accounts, escrow, pda, EncoreClient, Pubkey};
use serde::Serialize;

use crate::error::HintExt;
use crate::output::{utc, Rows};
use crate::units::{format_duration, mint_decimals, Amount};
use crate::Context;

pub mod cap;
pub mod deposit;
pub mod open;
pub mod show;
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
}

impl EscrowCommand {
    pub fn run(self, ctx: &mut Context) -> anyhow::Result<()> {
        match self {
            EscrowCommand::Open(args) => open::run(ctx, args),
            EscrowCommand::Deposit(args) => deposit::run(ctx, args),
            EscrowCommand::Cap(args) => cap::run(ctx, args),
            EscrowCommand::Withdraw(args) => withdraw::run(ctx, args),
            EscrowCommand::Show(args) => show::run(ctx, args),
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
    pub withdrawal: Option<WithdrawalView>,
    pub lifetime_spent: Amount,
    pub lifetime_plays: u64,
}

#[derive(Serialize, Debug)]
pub struct WithdrawalView {
    pub amount: Amount,
    pub requested_at: i64,
    /// When `encore escrow withdraw --complete` works; `None` if governance cannot be read.
    pub available_at: Option<i64>,
}

impl ListenerView {
    pub fn new(client: &dyn EncoreClient, listener: &Listener, decimals: u8) -> Self {
        let amount = |n| Amount::new(n, decimals);
        let notice = accounts::config(client)
            .ok()
            .map(|c| c.params.withdrawal_notice_secs);
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
            withdrawal: listener.has_withdrawal_request().then(|| WithdrawalView {
                amount: amount(listener.withdrawal_amount),
                requested_at: listener.withdrawal_requested_at,
                available_at: notice.map(|n| listener.withdrawal_requested_at + n),
            }),
            lifetime_spent: amount(listener.lifetime_spent),
            lifetime_plays: listener.lifetime_plays,
        }
    }

    /// `wallet`'s balance in `mint` as it now is.
    pub fn load(client: &dyn EncoreClient, mint: &Pubkey, wallet: &Pubkey) -> anyhow::Result<Self> {
        let decimals = payment_decimals(client, mint)?;
        let listener = require_listener(client, mint, wallet)?;
        Ok(Self::new(client, &listener, decimals))
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
        rows.push((
            "Withdrawal",
            match &self.withdrawal {
                Some(w) => match w.available_at {
                    Some(at) => format!("{} requested, available from {}", w.amount, utc(at)),
                    None => format!("{} requested at {}", w.amount, utc(w.requested_at)),
                },
                None => "none".into(),
            },
        ));
        rows.push(("Lifetime spent", self.lifetime_spent.to_string()));
        rows.push(("Lifetime plays", self.lifetime_plays.to_string()));
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
