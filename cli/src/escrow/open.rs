//! `encore escrow open --mint M [--deposit AMOUNT]`

use anyhow::anyhow;
use clap::Args;
use encore_sdk::instructions::escrow as ix;
use encore_sdk::{escrow, token};
use solana_signer::Signer;

use super::{payment_decimals, ListenerView, MintArg};
use crate::error::HintExt;
use crate::hints::Known;
use crate::native_sol;
use crate::send::{send, Sent};
use crate::units::parse_amount;
use crate::Context;

#[derive(Args, Debug)]
pub struct OpenArgs {
    #[command(flatten)]
    pub mint: MintArg,
    /// Also deposit this much (UI units) from the keypair's token account
    #[arg(long, value_name = "AMOUNT")]
    pub deposit: Option<String>,
}

pub fn run(ctx: &mut Context, args: OpenArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let owner = wallet.pubkey();
    let mint = args.mint.mint;
    let decimals = payment_decimals(ctx.client, &mint)?;
    if escrow::listener(ctx.client, &mint, &owner)?.is_some() {
        return Err(anyhow!(
            "{owner} already has a listener balance in mint {mint}"
        ))
        .with_hint(|| {
            format!("deposit with `encore escrow deposit --mint {mint} --amount <AMOUNT>`")
        });
    }
    let mut ixs = Vec::new();
    // Anyone may open a mint's pooled vault; do it for the first listener.
    if escrow::escrow(ctx.client, &mint)?.is_none() {
        ixs.push(ix::init_escrow(&owner, &mint));
    }
    ixs.push(ix::open_listener(&owner, &mint));
    let mut headline = format!("Opened {owner}'s listener balance in {mint}");
    if let Some(text) = &args.deposit {
        let amount = parse_amount(text, "--deposit", "the payment mint", decimals)?;
        let Some(payment) = native_sol::pay(ctx.client, &owner, &mint, amount)? else {
            let held = native_sol::spendable(ctx.client, &owner, &mint)?;
            return Err(anyhow!(
                "{owner} holds {} of the payment mint {mint}, less than {text}",
                token::ui_amount(held, decimals)
            ))
            .hint(native_sol::fund_hint(
                ctx.client,
                &mint,
                "fund the wallet's associated token account in the payment mint, or leave --deposit out",
            ));
        };
        let mut around = payment.before;
        around.extend(ixs);
        ixs = around;
        ixs.push(ix::deposit(&owner, &mint, &payment.source, amount));
        ixs.extend(payment.after);
        headline = format!(
            "{headline} with {} deposited",
            token::ui_amount(amount, decimals)
        );
    }
    let signature = send(ctx.client, &ixs, &wallet, &[], &Known::mint(&mint))?;
    Sent::new(signature, ListenerView::load(ctx.client, &mint, &owner)?)
        .emit(&mut ctx.printer, &headline)
}
