//! `encore gov settler post-bond --amount AMOUNT`

use anyhow::anyhow;
use clap::Args;
use encore_sdk::instructions::gov as ix;
use encore_sdk::token;
use solana_signer::Signer;

use super::{require_settler, SettlerSent};
use crate::error::{sent_with, HintExt};
use crate::gov::{hint, ui_amount_arg};
use crate::Context;

#[derive(Args, Debug)]
pub struct BondArgs {
    /// Amount in UI units of the bond mint (e.g. 250.5)
    #[arg(long, value_name = "AMOUNT")]
    pub amount: String,
}

/// From the keypair's associated account in the bond mint.
pub fn run(ctx: &mut Context, args: BondArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let me = wallet.pubkey();
    let settler = require_settler(ctx.client, &me)?;
    let mint = token::mint_info(ctx.client, &settler.bond_mint)?;
    let amount = ui_amount_arg(&args.amount, mint.decimals, "--amount")?;
    let source = token::associated_address(&me, &settler.bond_mint);
    let balance = token::balance(ctx.client, &source)?;
    if balance < amount {
        return Err(anyhow!(
            "the keypair's account {source} holds {} of the bond mint, less than {}",
            token::ui_amount(balance, mint.decimals),
            args.amount
        ))
        .hint(format!("fund it with {} first", settler.bond_mint));
    }
    let post = ix::post_bond(&me, &source, amount);
    let signature = sent_with(
        ctx.client.send_instructions(&[post], &wallet, &[]),
        |name| hint(name, None),
    )?;
    SettlerSent::emit(
        ctx,
        format!(
            "Posted {} to the bond of {me}",
            token::ui_amount(amount, mint.decimals)
        ),
        &me,
        signature.to_string(),
    )
}
