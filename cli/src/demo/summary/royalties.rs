//! The royalty chapters' part of the demo's summary: every track's revenue
//! and every rights holder's claims, and their conservation checks.

use std::io::Write;

use encore_sdk::{shares, token, EncoreClient};
use serde::Serialize;
use solana_signer::Signer;

use super::check::{check, Check};
use crate::demo::played::{usdc, Played, DECIMALS, ROLES};
use crate::output::{percent, short, table};
use crate::shares::{share_amount, Accounting};
use crate::units::Amount;

/// The tracks, the holders and the totals (`--output json`: `tracks`,
/// `holders`, `totals`).
#[derive(Serialize, Debug)]
pub struct Royalties {
    pub tracks: Vec<TrackSummary>,
    pub holders: Vec<HolderSummary>,
    pub totals: Totals,
}

#[derive(Serialize, Debug)]
pub struct TrackSummary {
    pub title: String,
    pub track: String,
    pub price: Amount,
    pub share_mint: String,
    pub deposited: Amount,
    pub claimed: Amount,
    pub pending: Amount,
    pub unreleased: Amount,
    pub dust: Amount,
    pub vault_balance: Amount,
    pub positions: usize,
}

#[derive(Serialize, Debug)]
pub struct HolderSummary {
    pub role: String,
    pub wallet: String,
    /// Claimed across every track.
    pub claimed: Amount,
    /// Still claimable across every track.
    pub pending: Amount,
    pub tracks: Vec<HolderTrack>,
}

#[derive(Serialize, Debug)]
pub struct HolderTrack {
    pub title: String,
    pub bps: u16,
    pub staked: Amount,
    pub claimed: Amount,
    pub pending: Amount,
}

#[derive(Serialize, Debug)]
pub struct Totals {
    pub deposited: Amount,
    pub claimed: Amount,
    pub pending: Amount,
    pub unreleased: Amount,
    pub dust: Amount,
}

impl Royalties {
    /// Reads every track's books and the holders' wallets; appends the checks.
    pub fn collect(
        client: &dyn EncoreClient,
        played: &Played,
        checks: &mut Vec<Check>,
    ) -> anyhow::Result<Self> {
        let now = client.clock()?.unix_timestamp;
        let mut tracks = Vec::new();
        let mut per_holder: Vec<Vec<HolderTrack>> =
            played.holders.iter().map(|_| Vec::new()).collect();
        let (mut deposited, mut claimed, mut pending, mut unreleased, mut dust) =
            (0u64, 0u64, 0u64, 0u64, 0u64);
        for t in &played.tracks {
            let config = shares::require_config(client, &t.address)?;
            let (acct, positions) = Accounting::load(client, &t.address, &config, DECIMALS, now)?;
            let vault = acct.vault_balance.base_units;
            let expected_vault = config.total_deposited.checked_sub(config.total_claimed);
            check(
                checks,
                format!("{}: revenue vault = deposited - claimed", t.title),
                expected_vault == Some(vault),
                format!(
                    "vault {vault}, deposited {} - claimed {}",
                    config.total_deposited, config.total_claimed
                ),
            );
            let parts = i128::from(config.total_claimed)
                + i128::from(acct.pending.base_units)
                + i128::from(acct.unreleased.base_units);
            let signed_dust = i128::from(config.total_deposited) - parts;
            let dust_bound = i128::try_from(positions.len()).unwrap_or(i128::MAX) + 1;
            check(
                checks,
                format!(
                    "{}: claimed + pending + unreleased + dust = deposited, dust <= positions + 1",
                    t.title
                ),
                (0..=dust_bound).contains(&signed_dust),
                format!(
                    "{} + {} + {} + {signed_dust} = {}; {} positions",
                    config.total_claimed,
                    acct.pending.base_units,
                    acct.unreleased.base_units,
                    config.total_deposited,
                    positions.len()
                ),
            );
            check(
                checks,
                format!("{}: revenue deposited = tips + harvested", t.title),
                t.tipped.checked_add(t.harvested) == Some(config.total_deposited),
                format!(
                    "tipped {} + harvested {}, recorded {}",
                    t.tipped, t.harvested, config.total_deposited
                ),
            );
            let by_positions: u64 = positions.iter().map(|(_, p, _)| p.claimed).sum();
            check(
                checks,
                format!("{}: positions' claims = total claimed", t.title),
                by_positions == config.total_claimed,
                format!("positions {by_positions}, track {}", config.total_claimed),
            );
            for (i, holder) in played.holders.iter().enumerate() {
                let found = positions
                    .iter()
                    .find(|(_, p, _)| p.owner == holder.pubkey());
                let (staked, holder_claimed, holder_pending) =
                    found.map_or((0, 0, 0), |(_, p, pend)| (p.stake.staked, p.claimed, *pend));
                if let Some(list) = per_holder.get_mut(i) {
                    list.push(HolderTrack {
                        title: t.title.to_string(),
                        bps: t.splits.get(i).copied().unwrap_or_default(),
                        staked: share_amount(staked),
                        claimed: usdc(holder_claimed),
                        pending: usdc(holder_pending),
                    });
                }
            }
            deposited += config.total_deposited;
            claimed += config.total_claimed;
            pending += acct.pending.base_units;
            unreleased += acct.unreleased.base_units;
            dust += u64::try_from(signed_dust.max(0)).unwrap_or(u64::MAX);
            tracks.push(TrackSummary {
                title: t.title.to_string(),
                track: t.address.to_string(),
                price: usdc(t.price),
                share_mint: config.share_mint.to_string(),
                deposited: acct.deposited,
                claimed: acct.claimed,
                pending: acct.pending,
                unreleased: acct.unreleased,
                dust: usdc(u64::try_from(signed_dust.max(0)).unwrap_or(u64::MAX)),
                vault_balance: acct.vault_balance,
                positions: positions.len(),
            });
        }

        let mut received = 0u64;
        let mut holders = Vec::new();
        for (i, (holder, list)) in played.holders.iter().zip(per_holder).enumerate() {
            let balance = token::balance(
                client,
                &token::associated_address(&holder.pubkey(), &played.mint),
            )?;
            let before = played.balances_before.get(i).copied().unwrap_or_default();
            received += balance.saturating_sub(before);
            holders.push(HolderSummary {
                role: ROLES.get(i).copied().unwrap_or("holder").to_string(),
                wallet: holder.pubkey().to_string(),
                claimed: usdc(list.iter().map(|t| t.claimed.base_units).sum()),
                pending: usdc(list.iter().map(|t| t.pending.base_units).sum()),
                tracks: list,
            });
        }
        check(
            checks,
            "holders' wallets received exactly what was claimed".into(),
            received == claimed,
            format!("received {received}, claimed {claimed}"),
        );
        Ok(Self {
            tracks,
            holders,
            totals: Totals {
                deposited: usdc(deposited),
                claimed: usdc(claimed),
                pending: usdc(pending),
                unreleased: usdc(unreleased),
                dust: usdc(dust),
            },
        })
    }

    /// The tracks table and the rights holders table.
    pub fn display(&self, out: &mut dyn Write, payment_mint: &str) -> std::io::Result<()> {
        writeln!(out, "Tracks (USDC {})", short(payment_mint))?;
        let mut rows: Vec<Vec<String>> = self
            .tracks
            .iter()
            .map(|t| {
                vec![
                    t.title.clone(),
                    t.price.to_string(),
                    t.deposited.to_string(),
                    t.claimed.to_string(),
                    t.pending.to_string(),
                    t.unreleased.to_string(),
                    t.dust.base_units.to_string(),
                ]
            })
            .collect();
        let totals = &self.totals;
        rows.push(vec![
            "total".into(),
            String::new(),
            totals.deposited.to_string(),
            totals.claimed.to_string(),
            totals.pending.to_string(),
            totals.unreleased.to_string(),
            totals.dust.base_units.to_string(),
        ]);
        table(
            out,
            &[
                "TRACK",
                "PRICE/PLAY",
                "REVENUE IN",
                "CLAIMED",
                "CLAIMABLE",
                "UNRELEASED",
                "DUST (BASE UNITS)",
            ],
            &rows,
        )?;

        writeln!(out)?;
        writeln!(out, "Rights holders")?;
        let rows: Vec<Vec<String>> = self
            .holders
            .iter()
            .map(|h| {
                let splits: Vec<String> = h.tracks.iter().map(|t| percent(t.bps)).collect();
                vec![
                    h.role.clone(),
                    short(&h.wallet),
                    splits.join(" / "),
                    h.claimed.to_string(),
                    h.pending.to_string(),
                ]
            })
            .collect();
        table(
            out,
            &["HOLDER", "WALLET", "SPLITS", "CLAIMED", "CLAIMABLE"],
            &rows,
        )
    }
}
