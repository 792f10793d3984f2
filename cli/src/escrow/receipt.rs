//! `encore escrow receipt --mint M --settler S --total AMOUNT [--signer FILE] [--out FILE]`

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::Args;
use encore_sdk::receipts::{self, Receipt};
use encore_sdk::Pubkey;
use serde::Serialize;
use solana_signer::Signer;

use super::{payment_decimals, require_listener, MintArg};
use crate::config::read_keypair;
use crate::output::{key_values, utc};
use crate::units::{parse_amount, Amount};
use crate::Context;

#[derive(Args, Debug)]
pub struct ReceiptArgs {
    #[command(flatten)]
    pub mint: MintArg,
    /// The settler the receipt is for
    #[arg(long, value_name = "SETTLER")]
    pub settler: Pubkey,
    /// All the listener accepts being charged by this settler in its
    /// current tab, in UI units (receipts are cumulative)
    #[arg(long, value_name = "AMOUNT")]
    pub total: String,
    /// Plays that started up to this unix time [default: now]
    #[arg(long, value_name = "UNIX_SECONDS")]
    pub through: Option<i64>,
    /// The receipt key's keypair file [default: the keypair]
    #[arg(long, value_name = "FILE")]
    pub signer: Option<PathBuf>,
    /// Append the receipt line to this file (JSON lines)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Serialize, Debug)]
struct ReceiptView {
    listener: String,
    payment_mint: String,
    settler: String,
    epoch: u32,
    total: Amount,
    through: i64,
    signer: String,
    signature: String,
    /// The line a settler stores and a play log may carry.
    line: String,
    /// Whether the signer is the listener's receipt key now.
    signer_is_receipt_key: bool,
}

/// Signs what the listener's app would: the tab's epoch comes from the
/// chain, so the receipt counts for the tab the settler is charging.
pub fn run(ctx: &mut Context, args: ReceiptArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let owner = wallet.pubkey();
    let mint = args.mint.mint;
    let decimals = payment_decimals(ctx.client, &mint)?;
    let listener = require_listener(ctx.client, &mint, &owner)?;
    let total = parse_amount(&args.total, "--total", "the payment mint", decimals)?;
    let through = match args.through {
        Some(t) => t,
        None => ctx.client.clock()?.unix_timestamp,
    };
    let signer = match &args.signer {
        Some(path) => read_keypair(path)?,
        None => wallet.insecure_clone(),
    };
    let receipt = Receipt {
        listener: owner,
        payment_mint: mint,
        settler: args.settler,
        epoch: receipts::receipt_epoch(&listener, &args.settler),
        total,
        through,
    };
    let signed = receipts::sign(receipt, &signer);
    let line = signed.to_line();
    if let Some(path) = &args.out {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .with_context(|| format!("cannot open {}", path.display()))?;
        writeln!(file, "{line}").with_context(|| format!("cannot write {}", path.display()))?;
    }
    let view = ReceiptView {
        listener: owner.to_string(),
        payment_mint: mint.to_string(),
        settler: args.settler.to_string(),
        epoch: receipt.epoch,
        total: Amount::new(total, decimals),
        through,
        signer: signed.signer.to_string(),
        signature: signed.signature.to_string(),
        line,
        signer_is_receipt_key: signed.signer == listener.receipt_key,
    };
    ctx.printer.emit(&view, |out| {
        writeln!(
            out,
            "Signed: {} may charge up to {} in tab {} for plays through {}",
            view.settler,
            view.total,
            view.epoch,
            utc(view.through)
        )?;
        let mut rows = vec![("Signer", view.signer.clone())];
        if !view.signer_is_receipt_key {
            rows.push((
                "Warning",
                "the signer is not the listener's receipt key: this receipt proves nothing".into(),
            ));
        }
        rows.push(("Receipt", view.line.clone()));
        key_values(out, &rows)
    })
}
