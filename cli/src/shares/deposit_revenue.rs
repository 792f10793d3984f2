//! `encore shares deposit-revenue --track T --amount N`

use anyhow::anyhow;
use clap::Args;
use encore_sdk::instructions::shares as ix;
use encore_sdk::{token, Pubkey};
use serde::Serialize;
use solana_signer::Signer;

use super::{amount_arg, decimals, require_shares, send, SharesView};
use crate::error::HintExt;
use crate::output::key_values;
use crate::units::Amount;
use crate::Context;

#[derive(Args, Debug)]
pub struct DepositArgs {
    /// Track address
    #[arg(long, value_name = "TRACK")]
    pub track: Pubkey,
    /// Amount in UI units of the track's payment mint
    #[arg(long, value_name = "AMOUNT")]
    pub amount: String,
}

#[derive(Serialize)]
struct Deposited {
    signature: String,
    amount: Amount,
    #[serde(flatten)]
    shares: SharesView,
}

/// From the keypair's associated account in the payment mint. Released to
/// stakers linearly over governance's release period.
pub fn run(ctx: &mut Context, args: DepositArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let me = wallet.pubkey();
    let config = require_shares(ctx.client, &args.track)?;
    let decimals = decimals(ctx.client, &config.payment_mint)?;
    let amount = amount_arg(&args.amount, decimals, "the payment mint")?;
    let source = token::associated_address(&me, &config.payment_mint);
    let balance = token::balance(ctx.client, &source)?;
    if balance < amount {
        return Err(anyhow!(
            "{me} holds {} of the payment mint {}, less than {}",
            token::ui_amount(balance, decimals),
            config.payment_mint,
            args.amount
        ))
        .hint("fund the keypair's associated account in the payment mint first");
    }
    let deposit = ix::deposit_revenue(&me, &args.track, &source, amount);
    let signature = send(ctx, &[deposit], &wallet, &args.track)?;
    let result = Deposited {
        signature,
        amount: Amount::new(amount, decimals),
        shares: SharesView::load(ctx.client, &args.track)?,
    };
    ctx.printer.emit(&result, |out| {
        writeln!(
            out,
            "Deposited {} to track {}; released to stakers by {}",
            result.amount,
            args.track,
            crate::output::utc(result.shares.revenue.release_end)
        )?;
        let mut rows = result.shares.rows();
        rows.push(("Signature", result.signature.clone()));
        key_values(out, &rows)
    })
}
