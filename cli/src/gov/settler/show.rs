//! `encore gov settler show [WALLET]`

use clap::Args;
use encore_sdk::{accounts, Pubkey};
use solana_signer::Signer;

use super::{require_settler, SettlerView};
use crate::output::key_values;
use crate::Context;

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// The settler's wallet [default: the keypair's pubkey]
    #[arg(value_name = "WALLET")]
    pub wallet: Option<Pubkey>,
}

pub fn run(ctx: &mut Context, args: ShowArgs) -> anyhow::Result<()> {
    let wallet = match args.wallet {
        Some(wallet) => wallet,
        None => ctx.keypair()?.pubkey(),
    };
    let settler = require_settler(ctx.client, &wallet)?;
    let config = accounts::config(ctx.client).ok();
    let view = SettlerView::load(ctx.client, &settler, config.as_ref())?;
    ctx.printer.emit(&view, |out| key_values(out, &view.rows()))
}
