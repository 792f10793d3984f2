//! `encore pool show --pool P` or `--track T --quote-mint M`

use anyhow::anyhow;
use clap::Args;
use encore_sdk::{pda, pool, Pubkey};

use super::PoolView;
use crate::error::HintExt;
use crate::output::{key_values, Rows};
use crate::shares::require_shares;
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
    let view = PoolView::load(ctx.client, &address)?;
    ctx.printer.emit(&view, |out| key_values(out, &view.rows()))
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
