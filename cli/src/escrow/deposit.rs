//! `encore escrow deposit --mint M --amount AMOUNT`

use anyhow::anyhow;
use clap::Args;
use encore_sdk::instructions::escrow as ix;
use encore_sdk::token;
use solana_signer::Signer;

use super::{payment_decimals, require_listener, ListenerView, MintArg};
use crate::error::HintExt;
use crate::hints::Known;
use crate::send::{send, Sent};
use crate::units::parse_amount;
use crate::Context;

#[derive(Args, Debug)]
pub struct DepositArgs {
    #[command(flatten)]
    pub mint: MintArg,
    /// How much, in UI units of the payment mint
    #[arg(long, value_name = "AMOUNT")]
    pub amount: String,
}

/// From the keypair's associated token account.
pub fn run(ctx: &mut Context, args: DepositArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let owner = wallet.pubkey();
    let mint = args.mint.mint;
    let decimals = payment_decimals(ctx.client, &mint)?;
    let amount = parse_amount(&args.amount, "--amount", "the payment mint", decimals)?;
    require_listener(ctx.client, &mint, &owner)?;
    let source = token::associated_address(&owner, &mint);
    let held = token::balance(ctx.client, &source)?;
    if held < amount {
        return Err(anyhow!(
            "{owner}'s token account {source} holds {}, less than {}",
            token::ui_amount(held, decimals),
            args.amount
        ))
        .hint("fund the wallet's associated token account in the payment mint first");
    }
    let signature = send(
        ctx.client,
        &[ix::deposit(&owner, &mint, &source, amount)],
        &wallet,
        &[],
        &Known::mint(&mint),
    )?;
    Sent::new(signature, ListenerView::load(ctx.client, &mint, &owner)?).emit(
        &mut ctx.printer,
        &format!("Deposited {}", token::ui_amount(amount, decimals)),
    )
}
