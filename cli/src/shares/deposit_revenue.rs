//! `encore shares deposit-revenue --track T --amount N`

use anyhow::anyhow;
use clap::Args;
use encore_sdk::instructions::shares as ix;
use encore_sdk::{token, Pubkey};
use serde::Serialize;
use solana_signer::Signer;

use super::{require_shares, revenue_decimals, SharesView};
use crate::error::HintExt;
use crate::hints::Known;
use crate::output::{utc, Rows};
use crate::send::{send, Sent};
use crate::units::{parse_amount, Amount};
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
    amount: Amount,
    #[serde(flatten)]
    shares: SharesView,
}

impl Rows for Deposited {
    fn rows(&self) -> Vec<(&'static str, String)> {
        self.shares.rows()
    }
}

/// From the keypair's associated account in the payment mint. Released to
/// stakers linearly over governance's release period.
pub fn run(ctx: &mut Context, args: DepositArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let me = wallet.pubkey();
    let config = require_shares(ctx.client, &args.track)?;
    let decimals = revenue_decimals(ctx.client, &config)?;
    let amount = parse_amount(&args.amount, "--amount", "the payment mint", decimals)?;
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
    let signature = send(
        ctx.client,
        &[deposit],
        &wallet,
        &[],
        &Known::track(&args.track),
    )?;
    let deposited = Deposited {
        amount: Amount::new(amount, decimals),
        shares: SharesView::load(ctx.client, &args.track)?,
    };
    let headline = format!(
        "Deposited {} to track {}; released to stakers by {}",
        deposited.amount,
        args.track,
        utc(deposited.shares.revenue.release_end)
    );
    Sent::new(signature, deposited).emit(&mut ctx.printer, &headline)
}
