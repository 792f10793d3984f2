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
use crate::native_sol;
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
    let mint = config.payment_mint;
    let Some(payment) = native_sol::pay(ctx.client, &me, &mint, amount)? else {
        let held = native_sol::spendable(ctx.client, &me, &mint)?;
        return Err(anyhow!(
            "{me} holds {} of the payment mint {mint}, less than {}",
            token::ui_amount(held, decimals),
            args.amount
        ))
        .hint(native_sol::fund_hint(
            ctx.client,
            &mint,
            "fund the keypair's associated account in the payment mint first",
        ));
    };
    let mut ixs = payment.before;
    ixs.push(ix::deposit_revenue(
        &me,
        &args.track,
        &payment.source,
        amount,
    ));
    ixs.extend(payment.after);
    let signature = send(ctx.client, &ixs, &wallet, &[], &Known::track(&args.track))?;
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
