//! `encore escrow deposit --mint M --amount AMOUNT`

use anyhow::anyhow;
use clap::Args;
use encore_sdk::instructions::escrow as ix;
use encore_sdk::token;
use solana_signer::Signer;

use super::{amount_arg, mint_decimals, require_listener, send, ListenerSent, MintArg};
use crate::error::HintExt;
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
    let decimals = mint_decimals(ctx.client, &mint)?;
    let amount = amount_arg(&args.amount, decimals, "--amount")?;
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
        ctx,
        &[ix::deposit(&owner, &mint, &source, amount)],
        &wallet,
        &mint,
    )?;
    ListenerSent::emit(
        ctx,
        format!("Deposited {}", token::ui_amount(amount, decimals)),
        &mint,
        &owner,
        signature,
    )
}
