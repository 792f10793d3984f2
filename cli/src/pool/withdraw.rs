//! `encore pool withdraw --pool P --lp N [--min-shares N --min-quote N]`

use anyhow::anyhow;
use clap::Args;
use encore_sdk::instructions::pool::{self as ix, PoolUser};
use encore_sdk::pool;
use encore_sdk::royalty_pool::events::LiquidityWithdrawn;
use encore_sdk::Pubkey;
use serde::Serialize;
use solana_signer::Signer;

use super::{lp, parse_lp, priced, Loaded, PoolView, Side, DEFAULT_SLIPPAGE_BPS};
use crate::error::HintExt;
use crate::hints::Known;
use crate::native_sol;
use crate::output::Rows;
use crate::send::{send, Sent};
use crate::units::Amount;
use crate::Context;

#[derive(Args, Debug)]
pub struct WithdrawArgs {
    /// Pool address
    #[arg(long, value_name = "POOL")]
    pub pool: Pubkey,
    /// LP tokens to burn, in UI units (6 decimals), or `all`
    #[arg(long, value_name = "LP")]
    pub lp: String,
    /// The fewest shares to accept [default: the proceeds less --slippage-bps]
    #[arg(long, value_name = "SHARES")]
    pub min_shares: Option<String>,
    /// The fewest quote to accept [default: the proceeds less --slippage-bps]
    #[arg(long, value_name = "QUOTE")]
    pub min_quote: Option<String>,
    /// Tolerance for the pool's mix moving before the withdrawal lands, in basis points
    #[arg(long, value_name = "BPS", default_value = DEFAULT_SLIPPAGE_BPS, value_parser = clap::value_parser!(u16).range(0..=10_000))]
    pub slippage_bps: u16,
}

#[derive(Serialize)]
struct Withdrawn {
    owner: String,
    lp_burnt: Amount,
    received_shares: Amount,
    /// Everything received in the quote mint: the quote reserve's part and
    /// `received_earnings`, the burnt LP units' part of the LPs' earnings.
    received_quote: Amount,
    received_earnings: Amount,
    min_shares: Amount,
    min_quote: Amount,
    /// The owner's LP balance after the withdrawal.
    lp_balance: Amount,
    #[serde(flatten)]
    pool: PoolView,
}

impl Rows for Withdrawn {
    fn rows(&self) -> Vec<(&'static str, String)> {
        self.pool.rows()
    }
}

/// Burns the keypair's LP tokens; proceeds to its associated accounts
/// (created if needed). Works while governance has paused the pools.
pub fn run(ctx: &mut Context, args: WithdrawArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let me = wallet.pubkey();
    let loaded = Loaded::load(ctx.client, &args.pool)?;
    let held = loaded.lp_balance(ctx.client, &me)?;
    let lp_amount = if args.lp == "all" {
        held
    } else {
        parse_lp(&args.lp, "--lp")?
    };
    if held < lp_amount || held == 0 {
        return Err(anyhow!(
            "{me} holds {} LP of pool {}, {}",
            lp(held),
            args.pool,
            if held == 0 {
                "nothing to withdraw".to_string()
            } else {
                format!("less than --lp {}", lp(lp_amount))
            }
        ))
        .hint("LP tokens come from `encore pool create` or `encore pool deposit`");
    }
    let at = Some(&args.pool);
    // Priced with the LPs' earnings on the quote side: the LP units burnt
    // take their part of them.
    let priced_pool = super::view::quote_side_with_earnings(ctx.client, &loaded)?;
    let (share_out, quote_out) = priced(pool::withdraw_proceeds(&priced_pool, lp_amount), at)?;
    let min_share = match &args.min_shares {
        Some(text) => loaded.parse(text, Side::Shares, "--min-shares")?,
        None => pool::min_out(share_out, args.slippage_bps),
    };
    let min_quote = match &args.min_quote {
        Some(text) => loaded.parse(text, Side::Quote, "--min-quote")?,
        None => pool::min_out(quote_out, args.slippage_bps),
    };

    let user = PoolUser::associated(&me, &loaded.keys);
    let mut ixs = ix::create_user_accounts(&me, &me, &loaded.keys);
    ixs.push(ix::withdraw(
        &loaded.keys,
        &user,
        ix::WithdrawArgs {
            lp_amount,
            min_share,
            min_quote,
        },
    ));
    // In SOL: what comes back is unwrapped in the same transaction.
    ixs.extend(native_sol::receive(&me, &loaded.keys.quote_mint)?.after);
    let signature = send(ctx.client, &ixs, &wallet, &[], &Known::pool(at))?;
    // What the program paid out, from its event.
    let event: LiquidityWithdrawn = super::event(ctx.client, &signature, &args.pool)?;
    let (received_shares, received_quote) = (event.share_out, event.quote_out + event.earnings_out);

    let loaded = Loaded::load(ctx.client, &args.pool)?;
    let withdrawn = Withdrawn {
        owner: me.to_string(),
        lp_burnt: lp(lp_amount),
        received_shares: loaded.amount(Side::Shares, received_shares),
        received_quote: loaded.amount(Side::Quote, received_quote),
        received_earnings: loaded.amount(Side::Quote, event.earnings_out),
        min_shares: loaded.amount(Side::Shares, min_share),
        min_quote: loaded.amount(Side::Quote, min_quote),
        lp_balance: lp(loaded.lp_balance(ctx.client, &me)?),
        pool: PoolView::of(ctx.client, &loaded)?,
    };
    let headline = format!(
        "Burnt {} LP for {} shares and {} quote (now holding {} LP)",
        withdrawn.lp_burnt,
        withdrawn.received_shares,
        withdrawn.received_quote,
        withdrawn.lp_balance
    );
    Sent::new(signature, withdrawn).emit(&mut ctx.printer, &headline)
}
