//! `encore escrow charges --mint M [--wallet W]`: what settlement charged a
//! listener for each track, read from its settle transactions (the program
//! logs each entry's charge), against the balance's lifetime spending.

use clap::Args;
use encore_sdk::stream_escrow::state::Listener;
use encore_sdk::{escrow, EncoreClient, Pubkey};
use serde::Serialize;
use solana_signer::Signer;

use super::{payment_decimals, require_listener, MintArg};
use crate::output::{key_values, table};
use crate::units::{Amount, Total};
use crate::Context;

/// How many of the listener's latest transactions are read.
pub const HISTORY_LIMIT: usize = 1_000;

#[derive(Args, Debug)]
pub struct ChargesArgs {
    #[command(flatten)]
    pub mint: MintArg,
    /// The listener's wallet [default: the keypair's]
    #[arg(long, value_name = "WALLET")]
    pub wallet: Option<Pubkey>,
}

/// `--output json` fields are stable.
#[derive(Serialize, Debug)]
pub struct ChargesView {
    pub wallet: String,
    pub payment_mint: String,
    /// By track address.
    pub tracks: Vec<TrackChargeView>,
    /// The sum over tracks.
    pub total: Total,
    /// The balance's own lifetime total: equal to `total` when every
    /// settlement was read (`complete`).
    pub lifetime_spent: Total,
    pub complete: bool,
    /// Settle instructions that named this listener.
    pub batches: usize,
}

#[derive(Serialize, Debug)]
pub struct TrackChargeView {
    pub track: String,
    pub plays: u64,
    /// Settler fee included.
    pub charged: Amount,
}

impl ChargesView {
    pub fn load(client: &dyn EncoreClient, mint: &Pubkey, wallet: &Pubkey) -> anyhow::Result<Self> {
        let decimals = payment_decimals(client, mint)?;
        let listener = require_listener(client, mint, wallet)?;
        Self::of(client, &listener, decimals)
    }

    /// The charges of a balance already read, in its mint's `decimals`.
    pub fn of(
        client: &dyn EncoreClient,
        listener: &Listener,
        decimals: u8,
    ) -> anyhow::Result<Self> {
        let (mint, wallet) = (&listener.payment_mint, &listener.wallet);
        let charges = escrow::listener_charges(client, mint, wallet, HISTORY_LIMIT)?;
        let total: u128 = charges.tracks.iter().map(|t| u128::from(t.amount)).sum();
        Ok(Self {
            wallet: wallet.to_string(),
            payment_mint: mint.to_string(),
            tracks: charges
                .tracks
                .iter()
                .map(|t| TrackChargeView {
                    track: t.track.to_string(),
                    plays: t.plays,
                    charged: Amount::new(t.amount, decimals),
                })
                .collect(),
            total: Total::new(total, decimals),
            lifetime_spent: Total::new(listener.lifetime_spent, decimals),
            complete: charges.complete,
            batches: charges.batches,
        })
    }
}

pub fn run(ctx: &mut Context, args: ChargesArgs) -> anyhow::Result<()> {
    let wallet = match args.wallet {
        Some(w) => w,
        None => ctx.keypair()?.pubkey(),
    };
    let view = ChargesView::load(ctx.client, &args.mint.mint, &wallet)?;
    ctx.printer.emit(&view, |out| {
        let rows: Vec<Vec<String>> = view
            .tracks
            .iter()
            .map(|t| vec![t.track.clone(), t.plays.to_string(), t.charged.ui.clone()])
            .collect();
        table(out, &["TRACK", "PLAYS", "CHARGED"], &rows)?;
        writeln!(out)?;
        key_values(
            out,
            &[
                ("Total", view.total.ui.clone()),
                ("Lifetime spent", view.lifetime_spent.ui.clone()),
                (
                    "History",
                    if view.complete {
                        format!("complete ({} settle batches)", view.batches)
                    } else {
                        format!(
                            "the latest {HISTORY_LIMIT} transactions only ({} settle batches)",
                            view.batches
                        )
                    },
                ),
            ],
        )
    })
}
