//! `encore settle reclaim --plays FILE [--checkpoint FILE]`: the settler (-k)
//! takes back a finished run's lookup-table rent.

use std::path::PathBuf;

use anyhow::anyhow;
use clap::Args;
use encore_sdk::settle::{checkpoint, reclaim_tables};
use encore_sdk::token;

use super::run_failed;
use crate::error::HintExt;
use crate::output::key_values;
use crate::Context;

#[derive(Args, Debug)]
pub struct ReclaimArgs {
    /// The play log of a finished run
    #[arg(long, value_name = "FILE")]
    pub plays: PathBuf,
    /// The run's checkpoint file [default: <PLAYS>.checkpoint.json]
    #[arg(long, value_name = "FILE")]
    pub checkpoint: Option<PathBuf>,
}

/// Deactivates the run's tables, or closes those deactivated long enough
/// ago; run it again after the cool-down to finish.
pub fn run(ctx: &mut Context, args: ReclaimArgs) -> anyhow::Result<()> {
    let settler = ctx.keypair()?;
    let path = args
        .checkpoint
        .unwrap_or_else(|| checkpoint::default_path(&args.plays));
    if !path.exists() {
        return Err(anyhow!("no checkpoint at {}", path.display()))
            .hint("reclaim works on the checkpoint `encore settle run` kept beside the play log");
    }
    let input = super::read_plays(&args.plays)?;
    let report =
        reclaim_tables(ctx.client, &settler, &input, &path).map_err(|e| run_failed(e, None))?;
    ctx.printer.emit(&report, |out| {
        let headline = if report.done() {
            "Every lookup table of the run is closed".to_string()
        } else {
            format!(
                "{} of {} lookup tables cooling down: run this again in about 3.5 minutes \
                 (512 slots) to close them",
                report.waiting + report.deactivated,
                report.tables
            )
        };
        writeln!(out, "{headline}")?;
        key_values(
            out,
            &[
                ("Deactivated now", report.deactivated.to_string()),
                ("Closed now", report.closed.to_string()),
                (
                    "Rent returned",
                    format!("{} SOL", token::ui_amount(report.lamports_returned, 9)),
                ),
                ("Closed before", report.gone.to_string()),
                ("Transactions", report.transactions.to_string()),
            ],
        )
    })
}
