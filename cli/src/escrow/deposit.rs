//! `encore escrow deposit --mint M --amount AMOUNT`

use anyhow::anyhow;
use clap::Args;
use encore_sdk::instructions::escrow as ix;
use encore_sdk::token;
use solana_signer::Signer;

use super::{payment_decimals, require_listener, ListenerView, MintArg};
use crate::error::HintExt;
use crate::hints::Known;
use crate::native_sol;
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
    let Some(payment) = native_sol::pay(ctx.client, &owner, &mint, amount)? else {
        let held = native_sol::spendable(ctx.client, &owner, &mint)?;
        return Err(anyhow!(
            "{owner} holds {} of the payment mint {mint}, less than {}",
            token::ui_amount(held, decimals),
            args.amount
        ))
        .hint(native_sol::fund_hint(
            ctx.client,
            &mint,
            "fund the wallet's associated token account in the payment mint first",
        ));
    };
    let mut ixs = payment.before;
    ixs.push(ix::deposit(&owner, &mint, &payment.source, amount));
    ixs.extend(payment.after);
    let signature = send(ctx.client, &ixs, &wallet, &[], &Known::mint(&mint))?;
    Sent::new(signature, ListenerView::load(ctx.client, &mint, &owner)?).emit(
        &mut ctx.printer,
        &format!("Deposited {}", token::ui_amount(amount, decimals)),
    )
}
