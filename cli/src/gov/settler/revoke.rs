//! `encore gov settler revoke WALLET`

use clap::Args;
use encore_sdk::instructions::gov as ix;
use encore_sdk::Pubkey;
use solana_signer::Signer;

use super::{require_settler, SettlerView};
use crate::gov::{known, require_config};
use crate::send::{send, Sent};
use crate::Context;

#[derive(Args, Debug)]
pub struct RevokeArgs {
    /// The settler's wallet
    #[arg(value_name = "WALLET")]
    pub wallet: Pubkey,
}

pub fn run(ctx: &mut Context, args: RevokeArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    require_settler(ctx.client, &args.wallet)?;
    let config = require_config(ctx.client)?;
    let revoke = ix::revoke_settler(&wallet.pubkey(), &args.wallet);
    let signature = send(ctx.client, &[revoke], &wallet, &[], &known(Some(&config)))?;
    Sent::new(signature, SettlerView::read(ctx.client, &args.wallet)?).emit(
        &mut ctx.printer,
        &format!("Revoked settler {}", args.wallet),
    )
}
