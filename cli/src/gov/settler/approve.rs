//! `encore gov settler approve WALLET`

use clap::Args;
use encore_sdk::instructions::gov as ix;
use encore_sdk::{token, Pubkey};
use solana_signer::Signer;

use super::{require_settler, SettlerSent};
use crate::error::sent_with;
use crate::gov::{hint, require_config, ui_amount_arg};
use crate::Context;

#[derive(Args, Debug)]
pub struct ApproveArgs {
    /// The settler's wallet
    #[arg(value_name = "WALLET")]
    pub wallet: Pubkey,
    /// Free bond the settler must hold now, in UI units of its bond mint
    #[arg(long, value_name = "AMOUNT", default_value = "0")]
    pub min_bond: String,
}

pub fn run(ctx: &mut Context, args: ApproveArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let settler = require_settler(ctx.client, &args.wallet)?;
    let config = require_config(ctx.client)?;
    let decimals = token::mint_info(ctx.client, &settler.bond_mint)?.decimals;
    let min_bond = ui_amount_arg(&args.min_bond, decimals, "--min-bond")?;
    let approve = ix::approve_settler(&wallet.pubkey(), &args.wallet, min_bond);
    let free = token::ui_amount(settler.free_bond(), decimals);
    let signature = sent_with(
        ctx.client.send_instructions(&[approve], &wallet, &[]),
        |name| match name {
            "InsufficientBond" => Some(format!(
                "the settler's free bond is {free}; it posts more with \
                 `encore gov settler post-bond --amount <AMOUNT>`, or lower --min-bond"
            )),
            _ => hint(name, Some(&config)),
        },
    )?;
    SettlerSent::emit(
        ctx,
        format!("Approved settler {}", args.wallet),
        &args.wallet,
        signature.to_string(),
    )
}
