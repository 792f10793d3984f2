//! `encore pool quote --pool P --sell shares|quote --amount N`, or offline
//! `encore pool quote --reserves IN,OUT --fee-bps F (--amount-in N | --amount-out N)`

use anyhow::anyhow;
use clap::Args;
use encore_sdk::pool::{self, QuoteRequest};
use encore_sdk::Pubkey;
use serde::Serialize;

use super::swap::Exact;
use super::{priced, Loaded, Side};
use crate::error::HintExt;
use crate::output::{key_values, percent};
use crate::Context;

#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["pool", "reserves"])))]
pub struct QuoteArgs {
    /// On chain: the pool to price against (with --sell and --amount)
    #[arg(long, value_name = "POOL", requires_all = ["sell", "amount"])]
    pub pool: Option<Pubkey>,
    /// On chain: the side to give, `shares` or `quote`
    #[arg(long, value_enum, requires = "pool")]
    pub sell: Option<Side>,
    /// On chain: how much of the --sell side to give, in its UI units
    #[arg(long, value_name = "AMOUNT", requires = "pool")]
    pub amount: Option<String>,
    /// Offline: the reserves of the input and the output side, in base units
    #[arg(long, value_name = "IN,OUT", value_parser = reserves_arg, requires = "fee_bps")]
    pub reserves: Option<(u64, u64)>,
    /// Offline: the pool's fee in basis points (at most 1000)
    #[arg(long, value_name = "BPS", requires = "reserves")]
    pub fee_bps: Option<u16>,
    /// Offline: sell exactly this many base units
    #[arg(
        long,
        value_name = "N",
        requires = "reserves",
        conflicts_with = "amount_out"
    )]
    pub amount_in: Option<u64>,
    /// Offline: buy exactly this many base units
    #[arg(long, value_name = "N", requires = "reserves")]
    pub amount_out: Option<u64>,
}

/// clap value parser for `--reserves IN,OUT`.
pub fn reserves_arg(text: &str) -> Result<(u64, u64), String> {
    let bad =
        || format!("{text:?} is not IN,OUT: two reserves in base units (e.g. 1000000,2000000)");
    let (reserve_in, reserve_out) = text.split_once(',').ok_or_else(bad)?;
    let parse = |t: &str| t.trim().replace('_', "").parse::<u64>().map_err(|_| bad());
    Ok((parse(reserve_in)?, parse(reserve_out)?))
}

/// A priced trade; the first four fields are in base units.
#[derive(Serialize)]
struct Quoted {
    amount_in: u64,
    amount_out: u64,
    fee: u64,
    price_impact_bps: u16,
    exact: Exact,
    reserve_in: u64,
    reserve_out: u64,
    fee_bps: u16,
    /// On chain only: the pool and the mints, and the amounts in UI units.
    #[serde(flatten)]
    on_chain: Option<OnChain>,
}

#[derive(Serialize)]
struct OnChain {
    pool: String,
    sell: Side,
    mint_in: String,
    mint_out: String,
    decimals_in: u8,
    decimals_out: u8,
    amount_in_ui: String,
    amount_out_ui: String,
    fee_ui: String,
}

pub fn run(ctx: &mut Context, args: QuoteArgs) -> anyhow::Result<()> {
    let result = match (args.pool, args.reserves) {
        (Some(address), _) => on_chain(ctx, &args, &address)?,
        (None, Some((reserve_in, reserve_out))) => {
            let fee_bps = args
                .fee_bps
                .ok_or_else(|| anyhow!("an offline quote needs --fee-bps"))
                .hint("see `encore pool quote --help`")?;
            let (exact, request) = match (args.amount_in, args.amount_out) {
                (Some(n), None) => (Exact::In, QuoteRequest::ExactIn(n)),
                (None, Some(n)) => (Exact::Out, QuoteRequest::ExactOut(n)),
                _ => {
                    return Err(anyhow!(
                        "an offline quote needs --amount-in or --amount-out"
                    ))
                    .hint("see `encore pool quote --help`")
                }
            };
            let q = priced(pool::quote(reserve_in, reserve_out, fee_bps, request), None)?;
            Quoted {
                amount_in: q.amount_in,
                amount_out: q.amount_out,
                fee: q.fee,
                price_impact_bps: q.price_impact_bps,
                exact,
                reserve_in,
                reserve_out,
                fee_bps,
                on_chain: None,
            }
        }
        (None, None) => {
            return Err(anyhow!("give --pool, or --reserves for an offline quote"))
                .hint("see `encore pool quote --help`")
        }
    };
    ctx.printer.emit(&result, |out| {
        let chain = result.on_chain.as_ref();
        // On chain: UI units and the side's name; offline: base units.
        let ui = |base: u64, text: Option<(&String, Side)>| match text {
            Some((text, side)) => format!("{text} {}", side.name()),
            None => format!("{base} base units"),
        };
        let mut rows = Vec::new();
        if let Some(c) = chain {
            rows.push(("Pool", c.pool.clone()));
            rows.push(("Sell", c.sell.name().to_string()));
        }
        rows.extend([
            (
                "Amount in",
                ui(result.amount_in, chain.map(|c| (&c.amount_in_ui, c.sell))),
            ),
            (
                "Amount out",
                ui(
                    result.amount_out,
                    chain.map(|c| (&c.amount_out_ui, c.sell.other())),
                ),
            ),
            (
                "Fee",
                format!(
                    "{} ({} of the input)",
                    ui(result.fee, chain.map(|c| (&c.fee_ui, c.sell))),
                    percent(result.fee_bps)
                ),
            ),
            ("Price impact", format!("{} bps", result.price_impact_bps)),
            (
                "Reserves",
                format!(
                    "{} in / {} out (base units)",
                    result.reserve_in, result.reserve_out
                ),
            ),
        ]);
        key_values(out, &rows)
    })
}

fn on_chain(ctx: &Context, args: &QuoteArgs, address: &Pubkey) -> anyhow::Result<Quoted> {
    let (Some(sell), Some(amount)) = (args.sell, &args.amount) else {
        return Err(anyhow!("a quote against a pool needs --sell and --amount"))
            .hint("see `encore pool quote --help`");
    };
    let loaded = Loaded::load(ctx.client, address)?;
    let amount_in = loaded.parse(amount, sell, "--amount")?;
    let direction = sell.direction();
    let q = priced(
        pool::quote_exact_in(&loaded.pool, direction, amount_in),
        Some(address),
    )?;
    let (reserve_in, reserve_out) = loaded.pool.reserves(direction);
    let buy = sell.other();
    Ok(Quoted {
        amount_in: q.amount_in,
        amount_out: q.amount_out,
        fee: q.fee,
        price_impact_bps: q.price_impact_bps,
        exact: Exact::In,
        reserve_in,
        reserve_out,
        fee_bps: loaded.pool.fee_bps,
        on_chain: Some(OnChain {
            pool: address.to_string(),
            sell,
            mint_in: loaded.mint(sell).to_string(),
            mint_out: loaded.mint(buy).to_string(),
            decimals_in: loaded.decimals(sell),
            decimals_out: loaded.decimals(buy),
            amount_in_ui: loaded.amount(sell, q.amount_in).ui,
            amount_out_ui: loaded.amount(buy, q.amount_out).ui,
            fee_ui: loaded.amount(sell, q.fee).ui,
        }),
    })
}
