//! `encore shares holders --track T`: who holds a track's shares, wherever
//! they sit: staked in a position (a pool's reserve is its pool's position)
//! or in a wallet's token account.

use std::collections::BTreeMap;

use encore_sdk::{pda, pool, shares, token, EncoreClient, Pubkey};
use serde::Serialize;

use super::{require_shares, share_amount, TrackArg};
use crate::output::{percent, short, table};
use crate::units::Amount;
use crate::Context;

/// One holder's shares (`--output json` fields are stable).
#[derive(Serialize, Debug)]
pub struct HolderView {
    /// The wallet, or the pool for a pool's reserve.
    pub owner: String,
    /// `"wallet"` or `"pool"`.
    pub kind: &'static str,
    /// Staked in a royalty position: earning.
    pub staked: Amount,
    /// In the owner's token accounts: not earning until staked.
    pub unstaked: Amount,
    pub total: Amount,
    /// Of the supply, in basis points (rounded down).
    pub supply_bps: u64,
}

/// Every holder of `track`'s shares, most shares first (ties by owner).
pub fn holders(client: &dyn EncoreClient, track: &Pubkey) -> anyhow::Result<Vec<HolderView>> {
    let config = require_shares(client, track)?;
    let supply = token::mint_info(client, &config.share_mint)?.supply;
    let pools: Vec<Pubkey> = pool::pools(client, Some(&config.share_mint))?
        .into_iter()
        .map(|(address, _)| address)
        .collect();
    // The vaults hold the staked shares and the pools' reserves, which the
    // positions below count.
    let royalty = pda::royalty(track).0;
    let mut by_owner: BTreeMap<Pubkey, (u64, u64)> = BTreeMap::new();
    for (_, position) in shares::positions_in(client, track)? {
        by_owner.entry(position.owner).or_default().0 += position.stake.staked;
    }
    for (_, account) in token::accounts_of_mint(client, &config.share_mint)? {
        if account.owner == royalty || pools.contains(&account.owner) {
            continue;
        }
        by_owner.entry(account.owner).or_default().1 += account.amount;
    }
    let mut out: Vec<HolderView> = by_owner
        .into_iter()
        .filter(|(_, (staked, unstaked))| staked + unstaked > 0)
        .map(|(owner, (staked, unstaked))| {
            let total = staked + unstaked;
            HolderView {
                owner: owner.to_string(),
                kind: if pools.contains(&owner) {
                    "pool"
                } else {
                    "wallet"
                },
                staked: share_amount(staked),
                unstaked: share_amount(unstaked),
                total: share_amount(total),
                supply_bps: u64::try_from(u128::from(total) * 10_000 / u128::from(supply.max(1)))
                    .unwrap_or(u64::MAX),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.total
            .base_units
            .cmp(&a.total.base_units)
            .then_with(|| a.owner.cmp(&b.owner))
    });
    Ok(out)
}

pub fn run(ctx: &mut Context, args: TrackArg) -> anyhow::Result<()> {
    let views = holders(ctx.client, &args.track)?;
    ctx.printer.emit(&views, |out| {
        let rows: Vec<Vec<String>> = views
            .iter()
            .map(|h| {
                vec![
                    short(&h.owner),
                    h.kind.to_string(),
                    h.staked.ui.clone(),
                    h.unstaked.ui.clone(),
                    h.total.ui.clone(),
                    percent(u16::try_from(h.supply_bps).unwrap_or(u16::MAX)),
                ]
            })
            .collect();
        table(
            out,
            &["OWNER", "KIND", "STAKED", "UNSTAKED", "TOTAL", "OF SUPPLY"],
            &rows,
        )
    })
}
