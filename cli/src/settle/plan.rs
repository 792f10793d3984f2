//! `encore settle plan --plays FILE [--prices FILE]`: offline, no cluster needed.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context as _;
use clap::Args;
use encore_sdk::settle::{self, ingest, ChainView, PlanSummary};
use serde::Serialize;

use super::{read_plays, PlanOptions};
use crate::error::HintExt;
use crate::output::key_values;
use crate::Context;

#[derive(Args, Debug)]
pub struct PlanArgs {
    /// Play log: CSV with the header listener,track,timestamp,seconds_played, or JSON lines
    #[arg(long, value_name = "FILE")]
    pub plays: PathBuf,
    /// Prices per play in base units: CSV lines `track,price` [default: --default-price for every track]
    #[arg(long, value_name = "FILE")]
    pub prices: Option<PathBuf>,
    /// Price per play (base units) of tracks not in --prices
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub default_price: u64,
    /// Number of the first batch (the settler's highest landed + 1)
    #[arg(long, value_name = "SEQ", default_value_t = 1)]
    pub first_seq: u64,
    #[command(flatten)]
    pub options: PlanOptions,
}

/// `--output json` fields are a stable interface.
#[derive(Serialize, Debug)]
pub struct PlanOutput {
    #[serde(flatten)]
    pub summary: PlanSummary,
    /// Σ plays × price in base units, if every listener can pay.
    pub expected_amount: u128,
    pub default_price: u64,
    pub priced_tracks: usize,
}

pub fn run(ctx: &mut Context, args: PlanArgs) -> anyhow::Result<()> {
    let input = read_plays(&args.plays)?;
    let prices = match &args.prices {
        Some(path) => {
            let text = std::fs::read(path)
                .with_context(|| format!("cannot read prices {}", path.display()))
                .hint("--prices takes a CSV file of `track,price` lines")?;
            ingest::parse_prices(&text)
                .hint("each line of --prices is `track,price`, the price in base units")?
        }
        None => BTreeMap::new(),
    };
    let started = Instant::now();
    let log = ingest::parse(&input).hint(
        "fix that line of the play log; each line needs a listener wallet, a track address, \
         a unix timestamp and whole seconds played",
    )?;
    // Offline: nothing settled yet, every listener able to pay, every
    // track at its --prices price (or --default-price) forever.
    let track_prices: Vec<Option<u64>> = log
        .tracks
        .iter()
        .map(|t| Some(prices.get(t).copied().unwrap_or(args.default_price)))
        .collect();
    let view = ChainView::offline(log.listeners.len(), &track_prices, log.tracks.len());
    let plan = settle::plan(log, &view, args.first_seq, &args.options.config());
    let summary = plan.summary(started.elapsed());
    let output = PlanOutput {
        expected_amount: plan.expected_amount(&prices, args.default_price),
        default_price: args.default_price,
        priced_tracks: prices.len(),
        summary,
    };
    ctx.printer.emit(&output, |out| {
        let s = &output.summary;
        let r = &s.rejected;
        key_values(
            out,
            &[
                ("Plays in", s.plays_in.to_string()),
                ("Plays accepted", s.plays_accepted.to_string()),
                (
                    "Rejected",
                    format!(
                        "{} duplicate, {} too short, {} overlapping, {} over the daily cap",
                        r.duplicate, r.too_short, r.overlapping, r.daily_cap
                    ),
                ),
                ("Listeners", s.listeners.to_string()),
                ("Tracks", s.tracks.to_string()),
                ("Pairs", s.pairs.to_string()),
                (
                    "Windows",
                    format!("{} ({} entries in {} parts)", s.windows, s.entries, s.parts),
                ),
                ("Encoding", format!("{:?}", s.encoding)),
                (
                    "Transactions",
                    format!(
                        "{} settle (seq {}..={}) + {} lookup-table setup",
                        s.transactions, s.first_seq, s.last_seq, s.setup_transactions
                    ),
                ),
                (
                    "Lower bound",
                    format!("{} ({:.2}x)", s.lower_bound, s.ratio),
                ),
                (
                    "Largest transaction",
                    format!(
                        "{} bytes, {} account locks, {} entries",
                        s.max_tx_bytes, s.max_account_locks, s.max_entries_per_tx
                    ),
                ),
                (
                    "Fees",
                    format!("{} lamports in signatures", s.fees_lamports),
                ),
                (
                    "Expected amount",
                    format!("{} base units", output.expected_amount),
                ),
                (
                    "Planned in",
                    format!(
                        "{:.0} ms ({:.0} plays/s)",
                        s.plan_millis, s.events_per_second
                    ),
                ),
            ],
        )
    })
}
