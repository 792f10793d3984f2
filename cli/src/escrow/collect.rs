//! `encore escrow collect --track TRACK`: anyone pays a track's settled
//! earnings out of the escrow, less the protocol fee.

use anyhow::anyhow;
use clap::Args;
use encore_sdk::instructions::{escrow as ix, shares as shares_ix};
use encore_sdk::{accounts, escrow, token, Pubkey};
use serde::Serialize;
use solana_signer::Signer;

use super::payment_decimals;
use crate::error::HintExt;
use crate::hints::Known;
use crate::output::Rows;
use crate::send::{send, Sent};
use crate::units::Amount;
use crate::Context;

#[derive(Args, Debug)]
pub struct CollectArgs {
    /// Track address
    #[arg(long, value_name = "TRACK")]
    pub track: Pubkey,
}

/// What a collection paid.
#[derive(Serialize, Debug)]
pub struct Collected {
    pub track: String,
    /// `revenue_vault` (a track with shares) or `authority` (a track
    /// retired before it had shares).
    pub paid_to: &'static str,
    pub destination: String,
    pub owed: Amount,
}

impl Rows for Collected {
    fn rows(&self) -> Vec<(&'static str, String)> {
        vec![
            ("Track", self.track.clone()),
            ("Owed", self.owed.to_string()),
            ("Paid to", format!("{} {}", self.paid_to, self.destination)),
        ]
    }
}

/// Into the track's revenue vault when it has shares (released to its
/// stakers); to its authority when it was retired before it had any, or
/// when an upheld dispute voided the shares its previous owner issued.
pub fn run(ctx: &mut Context, args: CollectArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let track = accounts::track(ctx.client, &args.track)
        .map_err(|e| anyhow!("cannot load track {}: {e}", args.track))
        .hint("check the address and -u/--url")?;
    let mint = track.terms.payment_mint;
    if track.disputed {
        return Err(anyhow!(
            "track {}'s ownership is disputed: its earnings wait in the escrow until governance decides (TrackDisputed)",
            args.track
        ))
        .hint(format!(
            "`encore track show {}` shows the dispute; governance decides with `encore gov dispute resolve`",
            args.track
        ));
    }
    let ledger = escrow::ledger(ctx.client, &args.track)?
        .filter(|l| l.owed > 0 || l.upstream_owed > 0)
        .ok_or_else(|| anyhow!("track {} has nothing owed in the escrow", args.track))
        .hint("earnings accrue as settlers settle plays; `encore escrow show` shows a listener's side")?;
    // A derivative's collection credits its parent's ledger.
    let parent = track.parent_track();
    let decimals = payment_decimals(ctx.client, &mint)?;
    let treasury = accounts::config(ctx.client)?.params.treasury;
    let treasury_account = token::associated_address(&treasury, &mint);
    let payer = wallet.pubkey();
    let mut ixs = vec![token::create_associated_idempotent(
        &payer, &treasury, &mint,
    )];
    // The parent's share is credited to its ledger, opened here if no one has.
    if let Some(parent) = &parent {
        if escrow::ledger(ctx.client, parent)?.is_none() {
            ixs.push(ix::open_ledger(&payer, parent));
        }
    }
    let (paid_to, destination) = if track.share_mint.is_some() && !track.shares_void {
        ixs.push(shares_ix::harvest_derivative(
            &args.track,
            parent.as_ref(),
            &mint,
            &treasury_account,
        ));
        (
            "revenue_vault",
            encore_sdk::pda::revenue_vault(&args.track).0,
        )
    } else if track.is_retired() || track.shares_void {
        let destination = token::associated_address(&track.authority, &mint);
        ixs.push(token::create_associated_idempotent(
            &payer,
            &track.authority,
            &mint,
        ));
        ixs.push(ix::collect_unshared(
            &args.track,
            parent.as_ref(),
            &mint,
            &destination,
            &treasury_account,
        ));
        ("authority", destination)
    } else {
        return Err(anyhow!(
            "track {} has no royalty shares yet, so no revenue vault to pay into",
            args.track
        ))
        .hint("its authority creates them with `encore shares create --track <TRACK> --split ...`; the earnings wait in the escrow until then");
    };
    let signature = send(ctx.client, &ixs, &wallet, &[], &Known::track(&args.track))?;
    let view = Collected {
        track: args.track.to_string(),
        paid_to,
        destination: destination.to_string(),
        owed: Amount::new(ledger.owed.saturating_add(ledger.upstream_owed), decimals),
    };
    Sent::new(signature, view).emit(&mut ctx.printer, "Collected the track's earnings")
}
