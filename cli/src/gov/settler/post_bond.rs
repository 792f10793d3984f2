//! `encore gov settler post-bond --amount AMOUNT`

use anyhow::anyhow;
use clap::Args;
use encore_sdk::instructions::gov as ix;
use encore_sdk::token;
use solana_signer::Signer;

use super::{bond_decimals, require_settler, SettlerView};
use crate::error::HintExt;
use crate::gov::known;
use crate::send::{send, Sent};
use crate::units::parse_amount;
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
    let decimals = bond_decimals(ctx.client, &settler)?;
    let amount = parse_amount(&args.amount, "--amount", "the bond mint", decimals)?;
    let source = token::associated_address(&me, &settler.bond_mint);
    let balance = token::balance(ctx.client, &source)?;
    if balance < amount {
        return Err(anyhow!(
            "the keypair's account {source} holds {} of the bond mint, less than {}",
            token::ui_amount(balance, decimals),
            args.amount
        ))
        .hint(format!("fund it with {} first", settler.bond_mint));
    }
    let post = ix::post_bond(&me, &source, amount);
    let signature = send(ctx.client, &[post], &wallet, &[], &known(None))?;
    Sent::new(signature, SettlerView::read(ctx.client, &me)?).emit(
        &mut ctx.printer,
        &format!(
            "Posted {} to the bond of {me}",
            token::ui_amount(amount, decimals)
        ),
    )
}
