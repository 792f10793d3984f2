//! `encore escrow show [--mint M] [--wallet W]`

use anyhow::anyhow;
use clap::Args;
use encore_sdk::Pubkey;
use solana_signer::Signer;

use super::ListenerView;
use crate::error::HintExt;
use crate::output::{key_values, table, Rows};
use crate::Context;

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// The payment mint; without it, every balance of the wallet
    #[arg(long, value_name = "MINT")]
    pub mint: Option<Pubkey>,
    /// The listener's wallet [default: the keypair's]
    #[arg(long, value_name = "WALLET")]
    pub wallet: Option<Pubkey>,
}

pub fn run(ctx: &mut Context, args: ShowArgs) -> anyhow::Result<()> {
    let wallet = match args.wallet {
        Some(w) => w,
        None => ctx.keypair()?.pubkey(),
    };
    if let Some(mint) = args.mint {
        let view = ListenerView::load(ctx.client, &mint, &wallet)?;
        return ctx.printer.emit(&view, |out| key_values(out, &view.rows()));
    }
    let views: Vec<ListenerView> = ListenerView::all_of(ctx.client, &wallet)?
        .into_iter()
        .map(|(_, view)| view)
        .collect();
    if views.is_empty() {
        return Err(anyhow!("{wallet} has no listener balance"))
            .hint("open one with `encore escrow open --mint <MINT>`");
    }
    ctx.printer.emit(&views, |out| {
        let rows: Vec<Vec<String>> = views
            .iter()
            .map(|v| {
                vec![
                    v.payment_mint.clone(),
                    v.balance.to_string(),
                    v.cap_per_period
                        .as_ref()
                        .map_or("none".into(), |c| c.to_string()),
                    v.withdrawal
                        .as_ref()
                        .map_or("none".into(), |w| w.amount.to_string()),
                    v.lifetime_plays.to_string(),
                ]
            })
            .collect();
        table(
            out,
            &["MINT", "BALANCE", "CAP", "WITHDRAWAL", "PLAYS"],
            &rows,
        )
    })
}
