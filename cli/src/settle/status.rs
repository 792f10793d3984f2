//! `encore settle status [--checkpoint FILE | --plays FILE] [--mint MINT]`

use std::path::PathBuf;

use clap::Args;
use encore_sdk::settle::{checkpoint, SettleStatus};
use encore_sdk::Pubkey;
use solana_signer::Signer;

use super::run_failed;
use crate::output::{key_values, utc};
use crate::Context;

#[derive(Args, Debug)]
pub struct StatusArgs {
    /// A run's checkpoint file
    #[arg(long, value_name = "FILE", conflicts_with = "plays")]
    pub checkpoint: Option<PathBuf>,
    /// The play log of a run (its checkpoint is <PLAYS>.checkpoint.json)
    #[arg(long, value_name = "FILE")]
    pub plays: Option<PathBuf>,
    /// Payment mint, when no checkpoint names it
    #[arg(long, value_name = "MINT")]
    pub mint: Option<Pubkey>,
}

pub fn run(ctx: &mut Context, args: StatusArgs) -> anyhow::Result<()> {
    let path = args
        .checkpoint
        .or_else(|| args.plays.as_deref().map(checkpoint::default_path));
    let has_checkpoint = path.as_deref().is_some_and(std::path::Path::exists);
    let settler = if has_checkpoint {
        None
    } else {
        Some(ctx.keypair()?.pubkey())
    };
    let status: SettleStatus = encore_sdk::settle::status(
        ctx.client,
        settler.as_ref(),
        args.mint.as_ref(),
        path.as_deref().filter(|_| has_checkpoint),
    )
    .map_err(|e| run_failed(e, args.mint.as_ref()))?;
    ctx.printer.emit(&status, |out| {
        let mut rows = vec![
            ("Settler", status.settler.clone()),
            ("Payment mint", status.payment_mint.clone()),
            (
                "Last seq",
                status
                    .last_seq
                    .map_or("no batches (no settler state in this mint)".into(), |s| {
                        s.to_string()
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
        if let Some(c) = &status.checkpoint {
            rows.push(("Checkpoint", c.path.clone()));
            rows.push((
                "Plan",
                format!(
                    "seq {}..={}: {}",
                    c.first_seq,
                    c.planned_last_seq,
                    if c.complete {
                        "complete".to_string()
                    } else {
                        format!("{} batches to go", c.remaining)
                    }
                ),
            ));
            rows.push(("Lookup tables", c.lookup_tables.len().to_string()));
        }
        key_values(out, &rows)
    })
}
