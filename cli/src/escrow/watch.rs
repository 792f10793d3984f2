//! `encore escrow watch [--receipts FILE]... [--mint M] [--once] [--interval SECS]`:
//! a listener's watchtower. It compares what each settler has charged a
//! listener (the listener's tabs) with the best receipt the listener
//! signed, disputes any excess still open to dispute, and decides the
//! disputes it opened once their answer window has closed unanswered.
//!
//! It watches the keypair's own balances and every listener the receipt
//! files name, so one watcher can serve many listeners; the keypair pays
//! each dispute's deposit and receives its reward.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::anyhow;
use clap::Args;
use encore_sdk::instructions::escrow::{self as ix, DisputeParties};
use encore_sdk::receipts::ReceiptStore;
use encore_sdk::stream_escrow::instructions::OpenDisputeArgs;
use encore_sdk::stream_escrow::state::{DisputeStatus, Listener};
use encore_sdk::{accounts, escrow, pda, token, Pubkey};
use serde::Serialize;
use solana_keypair::Keypair;
use solana_signer::Signer;

use super::disputes::{self, DisputeView};
use crate::error::HintExt;
use crate::hints::Known;
use crate::output::key_values;
use crate::send::send;
use crate::Context;

#[derive(Args, Debug)]
pub struct WatchArgs {
    /// Receipts the listeners' apps signed (JSON lines, as `encore escrow
    /// receipt --out` writes them); every listener they name is watched
    #[arg(long, value_name = "FILE")]
    pub receipts: Vec<PathBuf>,
    /// Only balances in this payment mint
    #[arg(long, value_name = "MINT")]
    pub mint: Option<Pubkey>,
    /// One pass, then exit (for scripts and cron)
    #[arg(long)]
    pub once: bool,
    /// Seconds between passes
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub interval: u64,
}

#[derive(Serialize, Debug, Default)]
pub struct WatchReport {
    /// Listener balances looked at.
    pub listeners: usize,
    /// Settlers' tabs compared with receipts.
    pub tabs: usize,
    /// Tabs whose charge the receipts cover.
    pub covered: usize,
    /// Charged beyond the receipts but no longer open to dispute.
    pub too_late: usize,
    /// Disputes this pass opened.
    pub opened: Vec<DisputeView>,
    /// Disputes this pass decided (unanswered by their deadline).
    pub decided: Vec<DisputeView>,
    /// Disputes still waiting for the settler's answer.
    pub waiting: Vec<DisputeView>,
    pub signatures: Vec<String>,
}

pub fn run(ctx: &mut Context, args: WatchArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    loop {
        let report = pass(ctx, &wallet, &args)?;
        let done = args.once;
        ctx.printer.emit(&report, |out| {
            writeln!(
                out,
                "Watched {} listener balances, {} tabs: {} covered by receipts, {} disputes opened, {} decided, {} waiting",
                report.listeners,
                report.tabs,
                report.covered,
                report.opened.len(),
                report.decided.len(),
                report.waiting.len()
            )?;
            let mut rows: Vec<(&'static str, String)> = Vec::new();
            rows.extend(report.opened.iter().map(|d| ("Disputed", d.line())));
            rows.extend(report.decided.iter().map(|d| ("Decided", d.line())));
            rows.extend(report.waiting.iter().map(|d| ("Waiting", d.line())));
            if report.too_late > 0 {
                rows.push((
                    "Too late",
                    format!("{} tabs charged beyond their receipts, no longer open to dispute", report.too_late),
                ));
            }
            key_values(out, &rows)
        })?;
        if done {
            return Ok(());
        }
        std::thread::sleep(Duration::from_secs(args.interval.max(1)));
    }
}

/// The listener accounts to watch: the keypair's, and those the receipts name.
fn watched(
    ctx: &Context,
    me: &Pubkey,
    store: &ReceiptStore,
    mint: Option<Pubkey>,
) -> anyhow::Result<Vec<(Pubkey, Listener)>> {
    let mut wanted: BTreeSet<(Pubkey, Pubkey)> = store
        .iter()
        .map(|r| (r.receipt.payment_mint, r.receipt.listener))
        .collect();
    let mut out = Vec::new();
    for (address, listener) in escrow::listeners_of(ctx.client, me)? {
        wanted.remove(&(listener.payment_mint, listener.wallet));
        out.push((address, listener));
    }
    for (payment_mint, wallet) in wanted {
        if let Some(listener) = escrow::listener(ctx.client, &payment_mint, &wallet)? {
            out.push((pda::listener(&payment_mint, &wallet).0, listener));
        }
    }
    out.retain(|(_, l)| mint.is_none_or(|m| m == l.payment_mint));
    Ok(out)
}

fn pass(ctx: &mut Context, wallet: &Keypair, args: &WatchArgs) -> anyhow::Result<WatchReport> {
    let me = wallet.pubkey();
    if args.receipts.is_empty() {
        // Without the listener's receipts every charge would look unsigned,
        // and each dispute of an honest one costs its deposit.
        return Err(anyhow!("the watcher needs the listeners' receipts"))
            .hint("pass --receipts FILE: the receipt lines the listener's app signed (`encore escrow receipt --out FILE` writes them)");
    }
    let mut store = ReceiptStore::default();
    for path in &args.receipts {
        store.add_file(path)?;
    }
    let config = accounts::config(ctx.client)?;
    let window = config.params.challenge_window_secs;
    let now = ctx.client.clock()?.unix_timestamp;
    let listeners = watched(ctx, &me, &store, args.mint)?;
    let mut report = WatchReport {
        listeners: listeners.len(),
        ..WatchReport::default()
    };
    for (address, listener) in &listeners {
        let mint = listener.payment_mint;
        for tab in listener.tabs.iter().filter(|t| !t.is_free()) {
            report.tabs += 1;
            // What the listener signed: the best receipt its key binds it to.
            let signed = store
                .best(&listener.wallet, &mint, &tab.settler, tab.epoch)
                .filter(|r| {
                    listener
                        .check_receipt_key(&r.signer, r.receipt.through)
                        .is_ok()
                })
                .map_or(0, |r| r.receipt.total);
            if tab.charged <= signed {
                report.covered += 1;
                continue;
            }
            if tab.disputed {
                continue;
            }
            if tab.windows.open(now, window) == 0 {
                report.too_late += 1;
                continue;
            }
            let args = OpenDisputeArgs {
                settler: tab.settler,
                epoch: tab.epoch,
                number: tab.disputes,
                signed_total: signed,
            };
            let ixs = [
                token::create_associated_idempotent(&me, &me, &mint),
                ix::open_dispute(&me, address, &mint, args),
            ];
            let signature = send(ctx.client, &ixs, wallet, &[], &Known::mint(&mint))?;
            report.signatures.push(signature);
            let dispute = pda::dispute(address, &tab.settler, tab.epoch, tab.disputes).0;
            if let Some(d) = escrow::dispute(ctx.client, &dispute)? {
                report
                    .opened
                    .extend(disputes::views(ctx.client, &[(dispute, d)])?);
            }
        }
        // Disputes of this listener's charges: decide the unanswered.
        for (dispute, d) in escrow::disputes_of(ctx.client, address, true)? {
            if now <= d.answer_by {
                report
                    .waiting
                    .extend(disputes::views(ctx.client, &[(dispute, d)])?);
                continue;
            }
            let ixs = [
                token::create_associated_idempotent(&me, &d.disputer, &d.payment_mint),
                ix::resolve_dispute(&DisputeParties::of(dispute, &d)),
            ];
            let signature = send(ctx.client, &ixs, wallet, &[], &Known::mint(&mint))?;
            report.signatures.push(signature);
            if let Some(decided) = escrow::dispute(ctx.client, &dispute)? {
                debug_assert_ne!(decided.status, DisputeStatus::Open);
                report
                    .decided
                    .extend(disputes::views(ctx.client, &[(dispute, decided)])?);
            }
        }
    }
    Ok(report)
}
