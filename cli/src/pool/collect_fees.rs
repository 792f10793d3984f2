//! `encore pool collect-fees --pool P`

use encore_sdk::instructions::pool as ix;
use serde::Serialize;
use solana_signer::Signer;

use super::{Loaded, PoolArg, PoolView, Side};
use crate::gov::require_config;
use crate::hints::Known;
use crate::output::Rows;
use crate::send::{send, Sent};
use crate::units::Amount;
use crate::Context;

#[derive(Serialize)]
struct Collected {
    treasury: String,
    collected_shares: Amount,
    collected_quote: Amount,
    #[serde(flatten)]
    pool: PoolView,
}

impl Rows for Collected {
    fn rows(&self) -> Vec<(&'static str, String)> {
        self.pool.rows()
    }
}

/// Anyone may crank it (the keypair pays the fee and, the first time, the
/// rent of the treasury's associated accounts). Works while paused.
pub fn run(ctx: &mut Context, args: PoolArg) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let me = wallet.pubkey();
    let treasury = require_config(ctx.client)?.params.treasury;
    let loaded = Loaded::load(ctx.client, &args.pool)?;
    let treasury_balance =
        |loaded: &Loaded, side: Side| loaded.balance(ctx.client, &treasury, side);
    let shares_before = treasury_balance(&loaded, Side::Shares)?;
    let quote_before = treasury_balance(&loaded, Side::Quote)?;
    let mut ixs = ix::create_treasury_accounts(&me, &treasury, &loaded.keys);
    ixs.push(ix::collect_protocol_fees(&loaded.keys, &treasury));
    let signature = send(
        ctx.client,
        &ixs,
        &wallet,
        &[],
        &Known::pool(Some(&args.pool)),
    )?;

    let loaded = Loaded::load(ctx.client, &args.pool)?;
    let shares = treasury_balance(&loaded, Side::Shares)?.saturating_sub(shares_before);
    let quote = treasury_balance(&loaded, Side::Quote)?.saturating_sub(quote_before);
    let collected = Collected {
        treasury: treasury.to_string(),
        collected_shares: loaded.amount(Side::Shares, shares),
        collected_quote: loaded.amount(Side::Quote, quote),
        pool: PoolView::of(ctx.client, &loaded)?,
    };
    let headline = format!(
        "Paid {} shares and {} quote of protocol fees to the treasury {}",
        collected.collected_shares, collected.collected_quote, collected.treasury
    );
    Sent::new(signature, collected).emit(&mut ctx.printer, &headline)
}
