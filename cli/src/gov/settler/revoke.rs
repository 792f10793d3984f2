//! `encore gov settler revoke WALLET`

use clap::Args;
use encore_sdk::instructions::gov as ix;
use encore_sdk::Pubkey;
use solana_signer::Signer;

use super::{require_settler, SettlerSent};
use crate::error::sent_with;
use crate::gov::{hint, require_config};
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
    let signature = sent_with(
        ctx.client.send_instructions(&[revoke], &wallet, &[]),
        |name| hint(name, Some(&config)),
    )?;
    SettlerSent::emit(
        ctx,
        format!("Revoked settler {}", args.wallet),
        &args.wallet,
        signature.to_string(),
    )
}
