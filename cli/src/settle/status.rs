//! `encore settle status [--plays FILE] [--checkpoint FILE] [--mint MINT]`

use std::path::PathBuf;

use anyhow::anyhow;
use clap::Args;
use encore_sdk::settle::checkpoint::{self, Checkpoint};
use encore_sdk::settle::SettleStatus;
use encore_sdk::Pubkey;
use solana_signer::Signer;

use super::run_failed;
use crate::error::HintExt;
use crate::output::{key_values, utc};
use crate::Context;

#[derive(Args, Debug)]
pub struct StatusArgs {
    /// A run's checkpoint file [default: <PLAYS>.checkpoint.json]
    #[arg(long, value_name = "FILE")]
    pub checkpoint: Option<PathBuf>,
    /// A play log: what of it the chain has settled, and what is left
    #[arg(long, value_name = "FILE")]
    pub plays: Option<PathBuf>,
    /// Payment mint [default: the checkpoint's, or the log's tracks']
    #[arg(long, value_name = "MINT")]
    pub mint: Option<Pubkey>,
}

pub fn run(ctx: &mut Context, args: StatusArgs) -> anyhow::Result<()> {
    let path = args
        .checkpoint
        .clone()
        .or_else(|| args.plays.as_deref().map(checkpoint::default_path))
        .filter(|p| p.exists());
    let recorded = match &path {
        Some(p) => Checkpoint::load(p).map_err(|e| anyhow!(e))?,
        None => None,
    };
    let parse = |text: &str| -> anyhow::Result<Pubkey> {
        text.parse()
            .map_err(|_| anyhow!("the checkpoint names {text:?}, not an address"))
    };
    let settler = match &recorded {
        Some(c) => parse(&c.settler)?,
        None => ctx.keypair()?.pubkey(),
    };
    let input = match &args.plays {
        Some(p) => Some(super::read_plays(p)?),
        None => None,
    };
    let mint = match (args.mint, &recorded, &input) {
        (Some(mint), _, _) => mint,
        (None, Some(c), _) => parse(&c.payment_mint)?,
        (None, None, Some(bytes)) => super::run::infer_mint(ctx, bytes)?,
        (None, None, None) => {
            return Err(anyhow!("no payment mint to look at"))
                .hint("pass --mint <MINT>, or --plays <FILE> to take the mint of its tracks")
        }
    };
    let plays = args.plays.as_deref().zip(input.as_deref());
    let status: SettleStatus =
        encore_sdk::settle::status(ctx.client, &settler, &mint, plays, path.as_deref())
            .map_err(|e| run_failed(e, Some(&mint)))?;
    ctx.printer.emit(&status, |out| {
        let mut rows = vec![
            ("Settler", status.settler.clone()),
            ("Payment mint", status.payment_mint.clone()),
            (
                "Batches",
                status
                    .highest_seq
                    .map_or("none (no settler state in this mint)".into(), |s| {
                        format!("{} landed, highest number {s}", status.batches)
                    }),
            ),
        ];
        if let Some(at) = status.last_settled_at.filter(|t| *t > 0) {
            rows.push(("Last settled", utc(at)));
        }
        rows.push(("Lifetime plays", status.lifetime_plays.to_string()));
        rows.push((
            "Lifetime amount",
            format!("{} base units", status.lifetime_amount),
        ));
        if let Some(log) = &status.log {
            rows.push(("Play log", log.path.clone()));
            rows.push((
                "Settled",
                format!(
                    "{} of {} accepted plays",
                    log.plays_settled, log.plays_accepted
                ),
            ));
            rows.push((
                "Pending",
                if log.complete {
                    "nothing this settler can settle now".to_string()
                } else {
                    format!(
                        "{} plays in {} batches",
                        log.plays_pending, log.batches_pending
                    )
                },
            ));
            if !log.left.is_empty() {
                let left: Vec<String> =
                    log.left.iter().map(|(k, v)| format!("{v} {k:?}")).collect();
                rows.push(("Left", left.join(", ")));
            }
            rows.push(("Lookup tables", log.lookup_tables.len().to_string()));
        }
        key_values(out, &rows)
    })
}
