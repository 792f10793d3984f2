//! `encore escrow ...`: a listener's prepaid balance in a payment mint.

use anyhow::{anyhow, Context as _};
use clap::{Args, Subcommand};
use encore_sdk::stream_escrow::state::Listener;
use encore_sdk::{accounts, escrow, pda, token, EncoreClient, Pubkey};
use serde::Serialize;

use crate::error::{sent_with, HintExt};
use crate::output::utc;
use crate::units::{format_duration, Amount};
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

    pub fn rows(&self) -> Vec<(&'static str, String)> {
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

/// A command's result after a transaction: its signature and the balance now.
#[derive(Serialize, Debug)]
pub struct ListenerSent {
    pub signature: String,
    #[serde(flatten)]
    pub listener: ListenerView,
}

impl ListenerSent {
    /// Reads the balance back and prints `headline` over it.
    pub fn emit(
        ctx: &mut Context,
        headline: String,
        mint: &Pubkey,
        wallet: &Pubkey,
        signature: String,
    ) -> anyhow::Result<()> {
        let decimals = mint_decimals(ctx.client, mint)?;
        let listener = require_listener(ctx.client, mint, wallet)?;
        let result = ListenerSent {
            signature,
            listener: ListenerView::new(ctx.client, &listener, decimals),
        };
        ctx.printer.emit(&result, |out| {
            writeln!(out, "{headline}")?;
            let mut rows = result.listener.rows();
            rows.push(("Signature", result.signature.clone()));
            crate::output::key_values(out, &rows)
        })
    }
}

pub fn mint_decimals(client: &dyn EncoreClient, mint: &Pubkey) -> anyhow::Result<u8> {
    Ok(token::mint_info(client, mint)
        .with_context(|| format!("cannot read payment mint {mint}"))
        .hint("--mint must be an SPL Token mint on this cluster (check -u/--url)")?
        .decimals)
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

/// Parses an amount in UI units of a mint with `decimals`.
pub fn amount_arg(text: &str, decimals: u8, flag: &str) -> anyhow::Result<u64> {
    token::parse_ui_amount(text, decimals).with_hint(|| {
        format!(
            "{flag} is in UI units of the payment mint, which has {decimals} decimals (e.g. 1.5)"
        )
    })
}

/// Hints for escrow errors.
pub fn hint(name: &str, mint: &Pubkey) -> Option<String> {
    Some(match name {
        "ZeroAmount" => "pass an amount greater than zero".into(),
        "SettlementPaused" => "governance has paused deposits and settlement; withdrawals still \
                               work (`encore gov show` shows the pause flags)"
            .into(),
        "InvalidCapPeriod" => "--period must be between 1h and 365d".into(),
        "InsufficientBalance" => {
            format!("`encore escrow show --mint {mint}` shows the balance")
        }
        "NoWithdrawalRequest" => {
            format!("request one first: `encore escrow withdraw --mint {mint} --amount <AMOUNT>`")
        }
        "WithdrawalNotReady" => format!(
            "the notice period has not passed; `encore escrow show --mint {mint}` shows when it does"
        ),
        "WrongPaymentMint" => "the token account is not in the payment mint".into(),
        _ => return None,
    })
}

/// Sends `ixs` signed by `wallet`, hinting escrow errors.
pub fn send(
    ctx: &Context,
    ixs: &[solana_instruction::Instruction],
    wallet: &solana_keypair::Keypair,
    mint: &Pubkey,
) -> anyhow::Result<String> {
    sent_with(ctx.client.send_instructions(ixs, wallet, &[]), |name| {
        hint(name, mint)
    })
    .map(|s| s.to_string())
}
