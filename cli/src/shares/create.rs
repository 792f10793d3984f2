//! `encore shares create --track T --split ADDRESS:BPS ...`

use anyhow::anyhow;
use clap::Args;
use encore_sdk::instructions::shares as ix;
use encore_sdk::royalty_shares::math::check_splits;
use encore_sdk::shares::Split;
use encore_sdk::Pubkey;
use serde::Serialize;
use solana_signer::Signer;

use super::{distribute_all, SharesView};
use crate::error::{HintExt, Hinted};
use crate::hints::Known;
use crate::output::{key_values, table, Rows};
use crate::send::{send, Sent};
use crate::track::fetch_track;
use crate::Context;

#[derive(Args, Debug)]
pub struct CreateArgs {
    /// Track address; the keypair must be its authority
    #[arg(long, value_name = "TRACK")]
    pub track: Pubkey,
    /// A recipient and its basis points, repeated for each (1 to 16; the bps sum to 10000)
    #[arg(long = "split", value_name = "ADDRESS:BPS", value_parser = split_arg, required = true)]
    pub splits: Vec<Split>,
}

/// clap value parser for `--split ADDRESS:BPS`.
pub fn split_arg(text: &str) -> Result<Split, String> {
    let (address, bps) = text
        .rsplit_once(':')
        .ok_or_else(|| format!("{text:?} is not ADDRESS:BPS (e.g. 9xQe...VFin:5000)"))?;
    let recipient: Pubkey = address
        .trim()
        .parse()
        .map_err(|_| format!("{address:?} is not a base58 address"))?;
    let bps: u16 = bps
        .trim()
        .parse()
        .map_err(|_| format!("{bps:?} is not a number of basis points (0-10000)"))?;
    Ok(Split { recipient, bps })
}

#[derive(Serialize)]
struct Created {
    distribute_signatures: Vec<String>,
    #[serde(flatten)]
    shares: SharesView,
}

pub fn run(ctx: &mut Context, args: CreateArgs) -> anyhow::Result<()> {
    check(&args.splits)?;
    let wallet = ctx.keypair()?;
    let track = fetch_track(ctx.client, &args.track)?;
    // The program rejects a repeat with the same named error; checking first
    // saves the user a transaction fee and names the existing mint.
    if let Some(mint) = track.share_mint {
        return Err(anyhow!(
            "track {} already has royalty shares (SharesAlreadyCreated): share mint {mint}",
            args.track
        ))
        .with_hint(|| format!("see them with `encore shares show --track {}`", args.track));
    }
    let create = ix::create_shares(
        &wallet.pubkey(),
        &args.track,
        &track.terms.payment_mint,
        args.splits,
    );
    let signature = send(
        ctx.client,
        &[create],
        &wallet,
        &[],
        &Known::track(&args.track),
    )?;
    let distribute_signatures = distribute_all(ctx.client, &wallet, &args.track)?;
    let result = Sent::new(
        signature,
        Created {
            distribute_signatures,
            shares: SharesView::load(ctx.client, &args.track)?,
        },
    );
    // The rows, then the allocations as a table: more than `Sent::emit` prints.
    ctx.printer.emit(&result, |out| {
        writeln!(
            out,
            "Created and distributed the shares of track {}",
            args.track
        )?;
        let shares = &result.view.shares;
        let mut rows = shares.rows();
        rows.push(("Signature", result.signature.clone()));
        key_values(out, &rows)?;
        writeln!(out)?;
        table(
            out,
            &["RECIPIENT", "SPLIT", "SHARES", "DISTRIBUTED"],
            &shares.allocation_rows(),
        )
    })
}

/// The program's own split rules, run before anything is sent.
pub fn check(splits: &[Split]) -> anyhow::Result<()> {
    check_splits(splits).map_err(|err| {
        let total: u32 = splits.iter().map(|s| u32::from(s.bps)).sum();
        let detail = match err {
            encore_sdk::royalty_shares::errors::RoyaltyError::InvalidSplitTotal => {
                format!("; these sum to {total}")
            }
            _ => String::new(),
        };
        anyhow::Error::new(Hinted {
            error: anyhow!("invalid split: {err} ({err:?}){detail}"),
            hint: "give each recipient once as --split ADDRESS:BPS with more than 0 bps, \
                   1 to 16 of them summing to 10000 (e.g. --split A:5000 --split B:3000 --split C:2000)"
                .into(),
        })
    })
}
