//! `encore gov settler show [WALLET]`

use clap::Args;
use encore_sdk::Pubkey;
use solana_signer::Signer;

use super::SettlerView;
use crate::output::{key_values, Rows};
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
    let view = SettlerView::read(ctx.client, &wallet)?.with_disputes(ctx.client)?;
    ctx.printer.emit(&view, |out| key_values(out, &view.rows()))
}
