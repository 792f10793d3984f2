//! `encore pool show --pool P` or `--track T --quote-mint M`

use anyhow::anyhow;
use clap::Args;
use encore_sdk::{pda, pool, Pubkey};

use serde::Serialize;
use solana_signer::Signer;

use super::view::quote_side_with_earnings;
use super::{lp, Loaded, PoolView, Side};
use crate::error::HintExt;
use crate::output::{key_values, Rows};
use crate::shares::require_shares;
use crate::units::Amount;
use crate::Context;

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// Pool address
    #[arg(
        long,
        value_name = "POOL",
        conflicts_with_all = ["track", "quote_mint"],
        required_unless_present = "track"
    )]
    pub pool: Option<Pubkey>,
    /// Or the track whose shares the pool trades (with --quote-mint)
    #[arg(long, value_name = "TRACK", requires = "quote_mint")]
    pub track: Option<Pubkey>,
    /// The quote mint of the pool (with --track)
    #[arg(long, value_name = "MINT", requires = "track")]
    pub quote_mint: Option<Pubkey>,
    /// Whose LP tokens and part of the earnings to show (default: the
    /// keypair's, when there is one)
    #[arg(long, value_name = "WALLET")]
    pub owner: Option<Pubkey>,
}

/// One wallet's stake in the pool.
#[derive(Serialize, Debug)]
struct Holder {
    owner: String,
    lp_balance: Amount,
    /// Its LP units' part of the LPs' earnings (held and released),
    /// rounded down: what a withdrawal of all of them would take out.
    earnings: Amount,
}

#[derive(Serialize, Debug)]
struct Shown {
    #[serde(flatten)]
    pool: PoolView,
    holder: Option<Holder>,
}

pub fn run(ctx: &mut Context, args: ShowArgs) -> anyhow::Result<()> {
    let address = match (args.pool, args.track, args.quote_mint) {
        (Some(pool), _, _) => pool,
        (None, Some(track), Some(quote_mint)) => find(ctx, &track, &quote_mint)?,
        _ => {
            return Err(anyhow!(
                "name the pool with --pool, or --track and --quote-mint"
            ))
            .hint("see `encore pool show --help`")
        }
    };
    let loaded = Loaded::load(ctx.client, &address)?;
    let view = PoolView::of(ctx.client, &loaded)?;
    let owner = match args.owner {
        Some(owner) => Some(owner),
        None => ctx.keypair().ok().map(|k| k.pubkey()),
    };
    let holder = match owner {
        Some(owner) => {
            let lp_balance = loaded.lp_balance(ctx.client, &owner)?;
            let priced = quote_side_with_earnings(ctx.client, &loaded)?;
            let held = priced
                .reserve_quote
                .saturating_sub(loaded.pool.reserve_quote);
            let earnings = (u128::from(lp_balance) * u128::from(held)
                / u128::from(loaded.pool.lp_supply.max(1))) as u64;
            Some(Holder {
                owner: owner.to_string(),
                lp_balance: lp(lp_balance),
                earnings: loaded.amount(Side::Quote, earnings),
            })
        }
        None => None,
    };
    let shown = Shown { pool: view, holder };
    ctx.printer.emit(&shown, |out| {
        let mut rows = shown.pool.rows();
        if let Some(h) = &shown.holder {
            rows.push((
                "Holder",
                format!(
                    "{} holds {} LP, {} quote of the earnings",
                    h.owner, h.lp_balance, h.earnings
                ),
            ));
        }
        key_values(out, &rows)
    })
}

/// The pool of `track`'s shares against `quote_mint`, or an error saying how to open one.
fn find(ctx: &Context, track: &Pubkey, quote_mint: &Pubkey) -> anyhow::Result<Pubkey> {
    let config = require_shares(ctx.client, track)?;
    let address = pda::pool(&config.share_mint, quote_mint).0;
    if pool::pool(ctx.client, &config.share_mint, quote_mint)?.is_none() {
        return Err(anyhow!(
            "track {track} has no pool against {quote_mint} (it would be at {address})"
        ))
        .with_hint(|| {
            format!(
                "a holder of its shares opens one with `encore pool create --track {track} --quote-mint {quote_mint} --fee-bps <BPS> --shares <N> --quote <N>`"
            )
        });
    }
    Ok(address)
}
