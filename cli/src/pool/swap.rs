//! `encore pool swap --pool P --sell shares|quote (--amount-in N | --amount-out N)`

use anyhow::anyhow;
use clap::Args;
use encore_sdk::instructions::pool::{self as ix, PoolUser};
use encore_sdk::instructions::shares as shares_ix;
use encore_sdk::pool;
use encore_sdk::royalty_pool::events::Swapped as PoolSwapped;
use encore_sdk::{token, Pubkey};
use serde::Serialize;
use solana_signer::Signer;

use super::{priced, Loaded, PoolView, Side, DEFAULT_SLIPPAGE_BPS};
use crate::error::HintExt;
use crate::hints::Known;
use crate::native_sol;
use crate::output::Rows;
use crate::send::{send, Sent};
use crate::shares::Spendable;
use crate::units::Amount;
use crate::Context;

#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("amount").required(true).args(["amount_in", "amount_out"])))]
pub struct SwapArgs {
    /// Pool address
    #[arg(long, value_name = "POOL")]
    pub pool: Pubkey,
    /// The side to give: `shares` (for quote) or `quote` (for shares)
    #[arg(long, value_enum)]
    pub sell: Side,
    /// Sell exactly this much of the --sell side, in its UI units
    #[arg(long, value_name = "AMOUNT")]
    pub amount_in: Option<String>,
    /// Or buy exactly this much of the other side, in its UI units
    #[arg(long, value_name = "AMOUNT")]
    pub amount_out: Option<String>,
    /// Tolerance for the price moving before the swap lands, in basis points
    #[arg(long, value_name = "BPS", default_value = DEFAULT_SLIPPAGE_BPS, value_parser = clap::value_parser!(u16).range(0..=10_000))]
    pub slippage_bps: u16,
    /// With --amount-in: the least to accept, in UI units [default: the quote less --slippage-bps]
    #[arg(
        long,
        value_name = "AMOUNT",
        requires = "amount_in",
        conflicts_with = "amount_out"
    )]
    pub min_out: Option<String>,
    /// With --amount-out: the most to pay, in UI units [default: the quote plus --slippage-bps]
    #[arg(
        long,
        value_name = "AMOUNT",
        requires = "amount_out",
        conflicts_with = "amount_in"
    )]
    pub max_in: Option<String>,
    /// With --sell quote: stake the shares bought in the same transaction,
    /// so they earn the track's revenue at once (opens the keypair's
    /// position if needed)
    #[arg(long)]
    pub stake: bool,
}

#[derive(Serialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Exact {
    In,
    Out,
}

#[derive(Serialize)]
struct Swapped {
    trader: String,
    sell: Side,
    exact: Exact,
    /// What left the trader's account, fee included.
    amount_in: Amount,
    /// What reached the trader's account.
    amount_out: Amount,
    /// Part of `amount_in`, in the sold mint.
    fee: Amount,
    /// How far below the spot price the curve filled, fee excluded (as quoted).
    price_impact_bps: u16,
    /// The bound the swap was sent with: `min_out` for an exact input,
    /// `max_in` for an exact output.
    min_out: Option<Amount>,
    max_in: Option<Amount>,
    /// With --stake: the shares staked (what the swap bought), and the
    /// trader's stake in the track after it.
    staked: Option<Amount>,
    staked_after: Option<Amount>,
    /// The trader's balances after the swap.
    balance_shares: Amount,
    balance_quote: Amount,
    #[serde(flatten)]
    pool: PoolView,
}

impl Rows for Swapped {
    fn rows(&self) -> Vec<(&'static str, String)> {
        let mut rows = vec![
            ("Trader", self.trader.clone()),
            (
                "Balances",
                format!(
                    "{} shares / {} quote",
                    self.balance_shares, self.balance_quote
                ),
            ),
        ];
        rows.extend(self.pool.rows());
        rows
    }
}

/// Between the keypair's associated share and quote accounts (created if needed).
pub fn run(ctx: &mut Context, args: SwapArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let me = wallet.pubkey();
    let loaded = Loaded::load(ctx.client, &args.pool)?;
    let (sell, buy) = (args.sell, args.sell.other());
    let direction = sell.direction();
    let at = Some(&args.pool);
    let keys = &loaded.keys;
    let user = PoolUser::associated(&me, keys);
    let mut ixs = vec![
        token::create_associated_idempotent(&me, &me, &keys.share_mint),
        token::create_associated_idempotent(&me, &me, &keys.quote_mint),
    ];
    let (exact, quoted, min_out, max_in, pay_in) = match (&args.amount_in, &args.amount_out) {
        (Some(text), _) => {
            let amount_in = loaded.parse(text, sell, "--amount-in")?;
            let quoted = priced(pool::quote_exact_in(&loaded.pool, direction, amount_in), at)?;
            let min_out = match &args.min_out {
                Some(text) => loaded.parse(text, buy, "--min-out")?,
                None => pool::min_out(quoted.amount_out, args.slippage_bps),
            };
            ixs.push(ix::swap_exact_in(
                keys,
                &user,
                ix::SwapExactInArgs {
                    amount_in,
                    min_out,
                    direction,
                },
            ));
            (Exact::In, quoted, Some(min_out), None, amount_in)
        }
        (None, Some(text)) => {
            let amount_out = loaded.parse(text, buy, "--amount-out")?;
            let quoted = priced(
                pool::quote_exact_out(&loaded.pool, direction, amount_out),
                at,
            )?;
            let max_in = match &args.max_in {
                Some(text) => loaded.parse(text, sell, "--max-in")?,
                None => pool::max_in(quoted.amount_in, args.slippage_bps),
            };
            ixs.push(ix::swap_exact_out(
                keys,
                &user,
                ix::SwapExactOutArgs {
                    amount_out,
                    max_in,
                    direction,
                },
            ));
            (Exact::Out, quoted, None, Some(max_in), max_in)
        }
        (None, None) => {
            return Err(anyhow!("give --amount-in or --amount-out"))
                .hint("see `encore pool swap --help`")
        }
    };
    if sell == Side::Shares {
        // Staked shares (as distributed) can be sold: the shortfall is
        // unstaked just before the swap.
        let track = loaded.pool.track;
        let spendable = Spendable::load(ctx.client, &me, &track)?;
        let swap_at = ixs.len().saturating_sub(1);
        let bring = spendable.bring_out(&me, &track, pay_in);
        ixs.splice(swap_at..swap_at, bring);
    }
    if args.stake {
        if sell != Side::Quote {
            return Err(anyhow!(
                "--stake stakes shares bought: it goes with --sell quote"
            ))
            .hint("sell quote for shares, or stake held shares with `encore shares stake`");
        }
        // What the swap brings on top of what the account holds now.
        let track = loaded.pool.track;
        let shares = token::associated_address(&me, &keys.share_mint);
        let keep = loaded.balance(ctx.client, &me, Side::Shares)?;
        if encore_sdk::shares::position(ctx.client, &track, &me)?.is_none() {
            ixs.push(shares_ix::open_position(&me, &me, &track));
        }
        ixs.push(shares_ix::stake_above(&me, &track, &shares, keep));
    }
    // In SOL: wrap what the swap may take, and unwrap what is left or came
    // back, in the same transaction, as wallets do.
    let native = native_sol::is_native(&keys.quote_mint);
    if native {
        if sell == Side::Quote {
            let payment = native_sol::pay(ctx.client, &me, &keys.quote_mint, pay_in)?
                .ok_or_else(|| {
                    anyhow!(
                        "{me} holds less than {} SOL to pay with",
                        loaded.amount(Side::Quote, pay_in)
                    )
                })
                .hint(native_sol::fund_hint(ctx.client, &keys.quote_mint, ""))?;
            ixs.splice(0..0, payment.before);
        }
        ixs.extend(native_sol::receive(&me, &keys.quote_mint)?.after);
    }
    let signature = send(ctx.client, &ixs, &wallet, &[], &Known::pool(at))?;
    // What the program executed, from its event (the pool may have moved
    // since the quote).
    let event: PoolSwapped = super::event(ctx.client, &signature, &args.pool)?;
    let (amount_in, amount_out, fee) = (event.amount_in, event.amount_out, event.fee);

    let loaded = Loaded::load(ctx.client, &args.pool)?;
    let shares_after = loaded.balance(ctx.client, &me, Side::Shares)?;
    let staked_after = if args.stake {
        encore_sdk::shares::position(ctx.client, &loaded.pool.track, &me)?
            .map(|p| loaded.amount(Side::Shares, p.stake.staked))
    } else {
        None
    };
    // In SOL the quote balance shown is the wallet's SOL.
    let quote_after = if native {
        ctx.client.balance(&me)?
    } else {
        loaded.balance(ctx.client, &me, Side::Quote)?
    };
    let swapped = Swapped {
        trader: me.to_string(),
        sell,
        exact,
        amount_in: loaded.amount(sell, amount_in),
        amount_out: loaded.amount(buy, amount_out),
        fee: loaded.amount(sell, fee),
        price_impact_bps: quoted.price_impact_bps,
        min_out: min_out.map(|v| loaded.amount(buy, v)),
        max_in: max_in.map(|v| loaded.amount(sell, v)),
        staked: args.stake.then(|| loaded.amount(Side::Shares, amount_out)),
        staked_after,
        balance_shares: loaded.amount(Side::Shares, shares_after),
        balance_quote: loaded.amount(Side::Quote, quote_after),
        pool: PoolView::of(ctx.client, &loaded)?,
    };
    let mut headline = format!(
        "Sold {} {} for {} {} (fee {}, price impact {} bps)",
        swapped.amount_in,
        sell.name(),
        swapped.amount_out,
        buy.name(),
        swapped.fee,
        swapped.price_impact_bps
    );
    if let Some(staked) = &swapped.staked {
        headline.push_str(&format!(", and staked the {staked} shares"));
    }
    Sent::new(signature, swapped).emit(&mut ctx.printer, &headline)
}
