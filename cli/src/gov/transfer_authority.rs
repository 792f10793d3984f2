//! `encore gov transfer-authority NEW | --cancel`

use clap::Args;
use encore_sdk::instructions::gov as ix;
use encore_sdk::Pubkey;
use solana_signer::Signer;

use super::{known, require_config, ConfigView};
use crate::send::{send, Sent};
use crate::Context;

#[derive(Args, Debug)]
#[group(required = true, multiple = false)]
pub struct TransferAuthorityArgs {
    /// The proposed authority, which then runs `encore gov accept-authority`
    #[arg(value_name = "PUBKEY")]
    pub new_authority: Option<Pubkey>,
    /// Withdraw the pending proposal instead
    #[arg(long)]
    pub cancel: bool,
}

pub fn run(ctx: &mut Context, args: TransferAuthorityArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let config = require_config(ctx.client)?;
    let new_authority = if args.cancel {
        None
    } else {
        args.new_authority
    };
    let propose = ix::propose_authority(&wallet.pubkey(), new_authority);
    let signature = send(ctx.client, &[propose], &wallet, &[], &known(Some(&config)))?;
    let headline = match new_authority {
        Some(key) => format!(
            "Proposed {key} as governance authority; it accepts with `encore gov accept-authority`"
        ),
        None => "Withdrew the pending authority proposal".to_string(),
    };
    Sent::new(signature, ConfigView::load(ctx.client)?).emit(&mut ctx.printer, &headline)
}
