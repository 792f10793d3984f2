//! `encore settle run --plays FILE [--mint MINT]`: settles as the keypair (-k).

use std::path::PathBuf;

use anyhow::anyhow;
use clap::Args;
use encore_sdk::receipts::ReceiptStore;
use encore_sdk::settle::prepare::payment_mints;
use encore_sdk::settle::{checkpoint, ingest, RunConfig, RunOptions, RunReport, Stage};
use encore_sdk::Pubkey;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use solana_signer::Signer;

use super::{default_receipt_store, read_plays_and_receipts, run_failed, PlanOptions};
use crate::error::HintExt;
use crate::output::{key_values, OutputFormat};
use crate::units::{mint_decimals, Amount};
use crate::Context;

#[derive(Args, Debug)]
pub struct RunArgs {
    /// Play log: CSV with the header listener,track,timestamp,seconds_played, or JSON lines
    #[arg(long, value_name = "FILE")]
    pub plays: PathBuf,
    /// Payment mint to settle in [default: the one mint of the log's registered tracks]
    #[arg(long, value_name = "MINT")]
    pub mint: Option<Pubkey>,
    /// Checkpoint file [default: <PLAYS>.checkpoint.json]
    #[arg(long, value_name = "FILE")]
    pub checkpoint: Option<PathBuf>,
    /// The settler's fee in basis points, if its state in the mint must be opened
    #[arg(long, value_name = "BPS", default_value_t = 0)]
    pub fee_bps: u16,
    /// Settle batches kept in flight at once (1: send one, wait, send the next)
    #[arg(long, value_name = "N", default_value_t = 32, value_parser = clap::value_parser!(u16).range(1..=96))]
    pub in_flight: u16,
    /// Where the settler keeps each listener's latest receipt, merged with
    /// the receipts the play log carries [default: ~/.config/encore/receipts/<SETTLER>.jsonl]
    #[arg(long, value_name = "FILE")]
    pub receipt_store: Option<PathBuf>,
    #[command(flatten)]
    pub options: PlanOptions,
}

/// `--output json` fields are a stable interface.
#[derive(Serialize, Debug)]
pub struct RunOutput {
    #[serde(flatten)]
    pub report: RunReport,
    pub payment_mint: String,
    pub amount_ui: Amount,
    pub settler_fees_ui: Amount,
    pub receipts: ReceiptsKept,
}

/// The play log's receipts, as merged into the settler's store.
#[derive(Serialize, Debug)]
pub struct ReceiptsKept {
    /// Receipt lines in the play log.
    pub read: usize,
    /// Of which newer than what the store held (bad signatures are dropped).
    pub kept: usize,
    /// Receipts in the store: one per listener tab.
    pub stored: usize,
    pub store: String,
}

pub fn run(ctx: &mut Context, args: RunArgs) -> anyhow::Result<()> {
    let settler = ctx.keypair()?;
    let (input, receipts) = read_plays_and_receipts(&args.plays)?;
    // The receipts are kept before any batch charges: they are the
    // settler's answer to a dispute of those charges.
    let store_path = args
        .receipt_store
        .clone()
        .unwrap_or_else(|| default_receipt_store(&settler.pubkey()));
    let mut store = ReceiptStore::load(&store_path)?;
    let read = receipts.len();
    let kept = receipts.into_iter().filter(|r| store.insert(*r)).count();
    if kept > 0 {
        store.save(&store_path)?;
    }
    let receipts_kept = ReceiptsKept {
        read,
        kept,
        stored: store.len(),
        store: store_path.display().to_string(),
    };
    let mint = match args.mint {
        Some(mint) => mint,
        None => infer_mint(ctx, &input)?,
    };
    let decimals = mint_decimals(ctx.client, &mint, "payment mint", Some("--mint"))?;
    let config = RunConfig {
        payment_mint: mint,
        plan: args.options.config(),
        open_fee_bps: args.fee_bps,
        checkpoint: args
            .checkpoint
            .clone()
            .unwrap_or_else(|| checkpoint::default_path(&args.plays)),
        in_flight: usize::from(args.in_flight),
    };
    let bar = (ctx.printer.format == OutputFormat::Display).then(|| {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{msg:>14} [{bar:40}] {pos}/{len} ({eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar
    });
    let mut on_progress = |stage: Stage, done: u64, total: u64| {
        if let Some(bar) = &bar {
            bar.set_message(match stage {
                Stage::Ledgers => "ledgers",
                Stage::LookupTables => "lookup tables",
                Stage::Batches => "batches",
            });
            bar.set_length(total);
            bar.set_position(done);
        }
    };
    let options = RunOptions {
        progress: Some(&mut on_progress),
        ..RunOptions::default()
    };
    let result = encore_sdk::settle::run(ctx.client, &settler, &input, &config, options);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let report = result.map_err(|e| run_failed(e, Some(&mint)))?;
    let output = RunOutput {
        payment_mint: mint.to_string(),
        amount_ui: Amount::new(report.amount, decimals),
        settler_fees_ui: Amount::new(report.settler_fees, decimals),
        receipts: receipts_kept,
        report,
    };
    ctx.printer.emit(&output, |out| {
        let r = &output.report;
        writeln!(
            out,
            "{} {} batches in {} pass{} (batch numbers {}..={})",
            if r.complete { "Settled" } else { "Sent" },
            r.batches_landed,
            r.passes,
            if r.passes == 1 { "" } else { "es" },
            r.first_seq,
            r.last_seq
        )?;
        let left: Vec<String> = r.left.iter().map(|(k, v)| format!("{v} {k:?}")).collect();
        key_values(
            out,
            &[
                (
                    "Batches",
                    format!(
                        "{} planned, {} sent, {} landed, {} refused, {} resent",
                        r.batches_planned,
                        r.batches_sent,
                        r.batches_landed,
                        r.batches_failed,
                        r.resends
                    ),
                ),
                ("Plays paid", r.plays_paid.to_string()),
                (
                    "Plays unpaid",
                    format!("{} (listeners short of balance or cap)", r.plays_unpaid),
                ),
                ("Already settled", r.plays_already_settled.to_string()),
                (
                    "Left",
                    if left.is_empty() {
                        "nothing".to_string()
                    } else {
                        left.join(", ")
                    },
                ),
                ("Amount", output.amount_ui.to_string()),
                ("Settler fees", output.settler_fees_ui.to_string()),
                (
                    "Setup",
                    format!(
                        "{} ledger and {} lookup-table transactions",
                        r.ledger_transactions, r.setup_transactions
                    ),
                ),
                (
                    "Throughput",
                    format!("{:.1} batches/s", r.batches_per_second),
                ),
                ("Checkpoint", r.checkpoint.clone()),
                (
                    "Receipts",
                    format!(
                        "{} in the log, {} newer kept; {} in {}",
                        output.receipts.read,
                        output.receipts.kept,
                        output.receipts.stored,
                        output.receipts.store
                    ),
                ),
            ],
        )
    })
}

pub fn infer_mint(ctx: &Context, input: &[u8]) -> anyhow::Result<Pubkey> {
    let log = ingest::parse(input).map_err(|e| run_failed(e.into(), None))?;
    let mints = payment_mints(ctx.client, &log)?;
    let mut keys = mints.keys();
    match (keys.next(), keys.next()) {
        (Some(mint), None) => Ok(*mint),
        (None, _) => Err(anyhow!(
            "none of the log's tracks is registered on this cluster"
        ))
        .hint("check -u/--url, or pass --mint"),
        (Some(_), Some(_)) => Err(anyhow!(
            "the log's tracks are paid in {} mints: {}",
            mints.len(),
            mints
                .iter()
                .map(|(m, n)| format!("{m} ({n} tracks)"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .hint("settle one mint at a time with --mint <MINT> (and its own --checkpoint)"),
    }
}
