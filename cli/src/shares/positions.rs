//! `encore shares positions [--owner PUBKEY]`

use std::collections::btree_map::{BTreeMap, Entry};

use clap::Args;
use encore_sdk::{shares, Pubkey};
use solana_signer::Signer;

use super::{require_shares, revenue_decimals, PositionView};
use crate::output::{short, table};
use crate::Context;

#[derive(Args, Debug)]
pub struct PositionsArgs {
    /// Whose positions [default: the keypair's pubkey]
    #[arg(long, value_name = "PUBKEY")]
    pub owner: Option<Pubkey>,
}

/// Every position of the owner, with what it could claim at the chain's clock.
pub fn run(ctx: &mut Context, args: PositionsArgs) -> anyhow::Result<()> {
    let owner = match args.owner {
        Some(owner) => owner,
        None => ctx.keypair()?.pubkey(),
    };
    let now = ctx.client.clock()?.unix_timestamp;
    let mut configs = BTreeMap::new();
    let mut views = Vec::new();
    for (address, position) in shares::positions_of(ctx.client, &owner)? {
        let track = position.track;
        let (config, decimals) = match configs.entry(track) {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => {
                let config = require_shares(ctx.client, &track)?;
                let decimals = revenue_decimals(ctx.client, &config)?;
                entry.insert((config, decimals))
            }
        };
        views.push(PositionView::new(
            &address, &position, config, *decimals, now,
        )?);
    }
    views.sort_by(|a, b| a.track.cmp(&b.track));
    ctx.printer.emit(&views, |out| {
        if views.is_empty() {
            return writeln!(out, "{owner} has no positions");
        }
        let rows: Vec<Vec<String>> = views
            .iter()
            .map(|v| {
                vec![
                    v.track.clone(),
                    v.staked.to_string(),
                    format!("{} {}", v.pending, short(&v.payment_mint)),
                    v.claimed.to_string(),
                ]
            })
            .collect();
        table(out, &["TRACK", "STAKED", "CLAIMABLE", "CLAIMED"], &rows)
    })
}
