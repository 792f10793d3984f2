//! `encore gov changes`

use clap::Args;
use encore_sdk::accounts;

use super::ProposalView;
use crate::output::{table, utc};
use crate::Context;

#[derive(Args, Debug)]
pub struct ChangesArgs {
    /// Only proposals still pending
    #[arg(long)]
    pub pending: bool,
}

pub fn run(ctx: &mut Context, args: ChangesArgs) -> anyhow::Result<()> {
    let now = ctx.client.clock()?.unix_timestamp;
    let views: Vec<ProposalView> = accounts::changes(ctx.client)?
        .iter()
        .filter(|(_, c)| !args.pending || c.is_pending())
        .map(|(_, c)| ProposalView::new(ctx.client, c, now))
        .collect();
    ctx.printer.emit(&views, |out| {
        if views.is_empty() {
            return writeln!(out, "No proposals found");
        }
        let rows: Vec<Vec<String>> = views
            .iter()
            .map(|v| {
                vec![
                    v.id.to_string(),
                    v.state_text(now),
                    utc(v.eta),
                    v.summary.clone(),
                ]
            })
            .collect();
        table(out, &["ID", "STATUS", "EXECUTABLE FROM", "CHANGE"], &rows)
    })
}
