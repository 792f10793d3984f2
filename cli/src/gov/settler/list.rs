//! `encore gov settler list`

use clap::Args;
use encore_sdk::accounts;

use super::SettlerView;
use crate::output::table;
use crate::Context;

#[derive(Args, Debug)]
pub struct ListArgs {
    /// Only approved settlers
    #[arg(long)]
    pub approved: bool,
}

pub fn run(ctx: &mut Context, args: ListArgs) -> anyhow::Result<()> {
    let config = accounts::config(ctx.client).ok();
    let views = accounts::settlers(ctx.client, args.approved)?
        .iter()
        .map(|(_, s)| SettlerView::load(ctx.client, s, config.as_ref()))
        .collect::<anyhow::Result<Vec<_>>>()?;
    ctx.printer.emit(&views, |out| {
        if views.is_empty() {
            return writeln!(out, "No settlers found");
        }
        let rows: Vec<Vec<String>> = views
            .iter()
            .map(|v| {
                vec![
                    v.wallet.clone(),
                    if v.approved { "approved" } else { "-" }.into(),
                    v.bond.to_string(),
                    v.free_bond.to_string(),
                    v.slash_count.to_string(),
                ]
            })
            .collect();
        table(
            out,
            &["WALLET", "APPROVED", "BOND", "FREE", "SLASHES"],
            &rows,
        )
    })
}
