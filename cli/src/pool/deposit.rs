//! `encore pool deposit --pool P --lp N [--max-shares N --max-quote N]`
//! or `--shares N --quote N`

use anyhow::anyhow;
use clap::Args;
use encore_sdk::instructions::pool::{self as ix, PoolUser};
use encore_sdk::pool;
use encore_sdk::royalty_pool::events::LiquidityDeposited;
use encore_sdk::Pubkey;
use serde::Serialize;
use solana_signer::Signer;

use super::{lp, parse_lp, priced, Loaded, PoolView, Side, DEFAULT_SLIPPAGE_BPS};
use crate::error::HintExt;
use crate::hints::Known;
use crate::native_sol;
use crate::output::Rows;
use crate::send::{send, Sent};
use crate::shares::Spendable;
use crate::units::Amount;
use crate::Context;

#[derive(Args, Debug)]
pub struct DepositArgs {
    /// Pool address
    #[arg(long, value_name = "POOL")]
    pub pool: Pubkey,
    /// LP tokens to mint, in UI units (6 decimals); costs both sides at the pool's ratio
    #[arg(long, value_name = "LP", conflicts_with_all = ["shares", "quote"], required_unless_present = "shares")]
    pub lp: Option<String>,
    /// With --lp: the most shares to pay [default: the cost plus --slippage-bps]
    #[arg(long, value_name = "SHARES", requires = "lp")]
    pub max_shares: Option<String>,
    /// With --lp: the most quote to pay [default: the cost plus --slippage-bps]
    #[arg(long, value_name = "QUOTE", requires = "lp")]
    pub max_quote: Option<String>,
    /// Or: the most shares to put in; the LP amount is the most both maxima buy
    #[arg(long, value_name = "SHARES", requires = "quote")]
    pub shares: Option<String>,
    /// Or: the most quote to put in (with --shares)
    #[arg(long, value_name = "QUOTE", requires = "shares")]
    pub quote: Option<String>,
    /// Tolerance for the price moving before the deposit lands, in basis points.
    /// With --lp it raises the default maxima; with --shares/--quote it holds
    /// that much of them back (0 deposits as much as they allow at today's price)
    #[arg(long, value_name = "BPS", default_value = DEFAULT_SLIPPAGE_BPS, value_parser = clap::value_parser!(u16).range(0..=10_000))]
    pub slippage_bps: u16,
}

#[derive(Serialize)]
struct Deposited {
    owner: String,
    lp_minted: Amount,
    paid_shares: Amount,
    /// Everything paid in the quote mint: the quote reserve's part and
    /// `paid_earnings`, the new LP units' part of the LPs' earnings.
    paid_quote: Amount,
    paid_earnings: Amount,
    max_shares: Amount,
    max_quote: Amount,
    /// The owner's LP balance after the deposit.
    lp_balance: Amount,
    #[serde(flatten)]
    pool: PoolView,
}

impl Rows for Deposited {
    fn rows(&self) -> Vec<(&'static str, String)> {
        self.pool.rows()
    }
}

/// From the keypair's associated share and quote accounts, LP to its
/// associated LP account (created if needed).
pub fn run(ctx: &mut Context, args: DepositArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let me = wallet.pubkey();
    let loaded = Loaded::load(ctx.client, &args.pool)?;
    // Priced with the LPs' earnings on the quote side: a new LP unit buys
    // into them too.
    let priced_pool = super::view::quote_side_with_earnings(ctx.client, &loaded)?;
    let p = &priced_pool;
    let at = Some(&args.pool);
    let (lp_amount, max_share, max_quote) = match (&args.lp, &args.shares, &args.quote) {
        (Some(text), _, _) => {
            let lp_amount = parse_lp(text, "--lp")?;
            let (share_cost, quote_cost) = priced(pool::deposit_cost(p, lp_amount), at)?;
            let max_share = match &args.max_shares {
                Some(text) => loaded.parse(text, Side::Shares, "--max-shares")?,
                None => pool::max_in(share_cost, args.slippage_bps),
            };
            let max_quote = match &args.max_quote {
                Some(text) => loaded.parse(text, Side::Quote, "--max-quote")?,
                None => pool::max_in(quote_cost, args.slippage_bps),
            };
            (lp_amount, max_share, max_quote)
        }
        (None, Some(shares), Some(quote)) => {
            let max_share = loaded.parse(shares, Side::Shares, "--shares")?;
            let max_quote = loaded.parse(quote, Side::Quote, "--quote")?;
            // Aim below the maxima by the tolerance, so a price move of up
            // to that much still fits within them.
            let lp_amount = priced(
                pool::lp_for_max_amounts(
                    p,
                    pool::min_out(max_share, args.slippage_bps),
                    pool::min_out(max_quote, args.slippage_bps),
                ),
                at,
            )?;
            if lp_amount == 0 {
                return Err(anyhow!(
                    "--shares {shares} and --quote {quote} buy no LP at the pool's ratio ({} shares / {} quote)",
                    loaded.amount(Side::Shares, p.reserve_share),
                    loaded.amount(Side::Quote, p.reserve_quote)
                ))
                .hint("deposit more of both sides, in about the pool's ratio");
            }
            (lp_amount, max_share, max_quote)
        }
        _ => {
            return Err(anyhow!("give --lp, or --shares and --quote"))
                .hint("see `encore pool deposit --help`")
        }
    };

    let user = PoolUser::associated(&me, &loaded.keys);
    let mut ixs = ix::create_user_accounts(&me, &me, &loaded.keys);
    // In SOL: wrap what the deposit may take and unwrap the rest, in the
    // same transaction.
    let quote_mint = loaded.keys.quote_mint;
    let native = native_sol::is_native(&quote_mint);
    let mut unwrap = Vec::new();
    if native {
        let payment = native_sol::pay(ctx.client, &me, &quote_mint, max_quote)?
            .ok_or_else(|| {
                anyhow!(
                    "{me} holds less than {} SOL to deposit",
                    loaded.amount(Side::Quote, max_quote)
                )
            })
            .hint(native_sol::fund_hint(ctx.client, &quote_mint, ""))?;
        ixs.extend(payment.before);
        unwrap = payment.after;
    }
    // Staked shares (as distributed) can be deposited: the shortfall is
    // unstaked first, in the same transaction.
    let track = loaded.pool.track;
    ixs.extend(Spendable::load(ctx.client, &me, &track)?.bring_out(&me, &track, max_share));
    ixs.push(ix::deposit(
        &loaded.keys,
        &user,
        ix::DepositArgs {
            lp_amount,
            max_share,
            max_quote,
        },
    ));
    ixs.extend(unwrap);
    let signature = send(ctx.client, &ixs, &wallet, &[], &Known::pool(at))?;
    // What the program took, from its event.
    let event: LiquidityDeposited = super::event(ctx.client, &signature, &args.pool)?;
    let (paid_shares, paid_quote) = (event.share_in, event.quote_in + event.earnings_in);

    let loaded = Loaded::load(ctx.client, &args.pool)?;
    let deposited = Deposited {
        owner: me.to_string(),
        lp_minted: lp(lp_amount),
        paid_shares: loaded.amount(Side::Shares, paid_shares),
        paid_quote: loaded.amount(Side::Quote, paid_quote),
        paid_earnings: loaded.amount(Side::Quote, event.earnings_in),
        max_shares: loaded.amount(Side::Shares, max_share),
        max_quote: loaded.amount(Side::Quote, max_quote),
        lp_balance: lp(loaded.lp_balance(ctx.client, &me)?),
        pool: PoolView::of(ctx.client, &loaded)?,
    };
    let headline = format!(
        "Deposited {} shares and {} quote for {} LP (now holding {} LP)",
        deposited.paid_shares, deposited.paid_quote, deposited.lp_minted, deposited.lp_balance
    );
    Sent::new(signature, deposited).emit(&mut ctx.printer, &headline)
}
