//! `encore settle answer [--receipt-store FILE] [--receipts FILE]...`: the
//! settler answers each open dispute of its charges with the listener's
//! best receipt it holds, verified on chain by the ed25519 program.

use std::path::PathBuf;

use anyhow::anyhow;
use clap::Args;
use encore_sdk::instructions::escrow::{self as ix, DisputeParties};
use encore_sdk::receipts::ReceiptStore;
use encore_sdk::stream_escrow::state::Dispute;
use encore_sdk::{escrow, token, Pubkey};
use serde::Serialize;
use solana_signer::Signer;

use super::default_receipt_store;
use crate::escrow::disputes::{self, DisputeView};
use crate::hints::Known;
use crate::output::key_values;
use crate::send::send;
use crate::Context;

#[derive(Args, Debug)]
pub struct AnswerArgs {
    /// The settler's receipt store [default: ~/.config/encore/receipts/<SETTLER>.jsonl]
    #[arg(long, value_name = "FILE")]
    pub receipt_store: Option<PathBuf>,
    /// More receipts (JSON lines), e.g. sent by listeners' apps since
    #[arg(long, value_name = "FILE")]
    pub receipts: Vec<PathBuf>,
    /// Only disputes in this payment mint
    #[arg(long, value_name = "MINT")]
    pub mint: Option<Pubkey>,
}

#[derive(Serialize, Debug)]
pub struct Unanswered {
    pub dispute: String,
    pub listener: String,
    /// `no_receipt`, `receipt_below_signed_total` (answering would not
    /// lower the refund), `key_not_accepted` or `too_late`.
    pub reason: &'static str,
}

#[derive(Serialize, Debug)]
pub struct AnswerReport {
    pub settler: String,
    /// Disputes answered, as decided.
    pub answered: Vec<DisputeView>,
    pub unanswered: Vec<Unanswered>,
    pub signatures: Vec<String>,
}

fn parties(address: Pubkey, d: &Dispute) -> DisputeParties {
    DisputeParties::of(address, d)
}

pub fn run(ctx: &mut Context, args: AnswerArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let me = wallet.pubkey();
    let store_path = args
        .receipt_store
        .clone()
        .unwrap_or_else(|| default_receipt_store(&me));
    let mut store = ReceiptStore::load(&store_path)?;
    for path in &args.receipts {
        store.add_file(path)?;
    }
    let now = ctx.client.clock()?.unix_timestamp;
    let open = escrow::disputes_against(ctx.client, &me, true)?;
    let mut report = AnswerReport {
        settler: me.to_string(),
        answered: Vec::new(),
        unanswered: Vec::new(),
        signatures: Vec::new(),
    };
    for (address, d) in open {
        if args.mint.is_some_and(|m| m != d.payment_mint) {
            continue;
        }
        let mut skip = |reason| {
            report.unanswered.push(Unanswered {
                dispute: address.to_string(),
                listener: d.wallet.to_string(),
                reason,
            })
        };
        if now > d.answer_by {
            skip("too_late");
            continue;
        }
        let Some(best) = store.best(&d.wallet, &d.payment_mint, &me, d.epoch) else {
            skip("no_receipt");
            continue;
        };
        if best.receipt.total <= d.signed_total {
            skip("receipt_below_signed_total");
            continue;
        }
        let listener = escrow::listener(ctx.client, &d.payment_mint, &d.wallet)?
            .ok_or_else(|| anyhow!("the disputed listener {} is gone", d.wallet))?;
        if listener
            .check_receipt_key(&best.signer, best.receipt.through)
            .is_err()
        {
            skip("key_not_accepted");
            continue;
        }
        // The disputer's reward account must exist for the decision.
        let mut ixs = vec![token::create_associated_idempotent(
            &me,
            &d.disputer,
            &d.payment_mint,
        )];
        ixs.extend(ix::answer_dispute(&parties(address, &d), best));
        let signature = send(
            ctx.client,
            &ixs,
            &wallet,
            &[],
            &Known::mint(&d.payment_mint),
        )?;
        report.signatures.push(signature);
        let decided = escrow::dispute(ctx.client, &address)?
            .ok_or_else(|| anyhow!("dispute {address} is gone"))?;
        report
            .answered
            .extend(disputes::views(ctx.client, &[(address, decided)])?);
    }
    ctx.printer.emit(&report, |out| {
        writeln!(
            out,
            "Answered {} dispute{}; {} left unanswered",
            report.answered.len(),
            if report.answered.len() == 1 { "" } else { "s" },
            report.unanswered.len()
        )?;
        let mut rows: Vec<(&'static str, String)> = report
            .answered
            .iter()
            .map(|d| ("Answered", d.line()))
            .collect();
        rows.extend(
            report
                .unanswered
                .iter()
                .map(|u| ("Unanswered", format!("{} ({})", u.listener, u.reason))),
        );
        key_values(out, &rows)
    })
}
