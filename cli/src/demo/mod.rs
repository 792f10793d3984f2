//! `encore demo`: the whole Encore story end to end, then a summary and
//! conservation checks for every track and for the market in one track's
//! shares.
//!
//! Without an explicit `-u/--url` it starts the embedded local node (the one
//! `encore localnet` serves, with every Encore program) inside this process
//! and plays the story over JSON-RPC, as any client would: governance
//! bootstrapped by the node's upgrade authority, the clock warped across the
//! release period. It needs no validator, keypair or SOL.
//! With `--url` it plays on that cluster, paid by the `-k` keypair, under the
//! governance initialized there (on a fresh deployment, such as `encore
//! localnet`'s, it initializes governance itself when the keypair is the
//! governance program's upgrade authority); time then passes for real.
//!
//! This module orders the story; each chapter is a child that knows only
//! the stage it plays on and the record of what was played (`played`).

use anyhow::anyhow;
use clap::Args;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::error::HintExt;
use crate::output::OutputFormat;
use crate::units::parse_duration;
use crate::Context;

mod audio;
mod market;
mod played;
mod stage;
mod story;
mod streaming;
mod summary;

use played::{Played, POOL_CREATOR, POOL_TRACK};
use stage::{Progress, Stage};
pub use summary::Summary;

/// Slot time of the demo's embedded node.
const DEMO_SLOT_MS: u64 = 50;

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// With --url only: how long to let the cluster's clock run before each
    /// round of claims (seconds or 90s, 5m)
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration)]
    pub wait: i64,
}

pub fn run(ctx: &mut Context, args: DemoArgs) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let progress = Progress::new(ctx.printer.format == OutputFormat::Display);
    let node;
    let rpc;
    let stage = if ctx.settings.url_explicit {
        let payer = ctx.keypair()?;
        progress.say(format!(
            "Playing on {} (paid by {})",
            ctx.settings.url,
            payer.pubkey()
        ));
        Stage {
            client: ctx.client,
            local: None,
            payer,
            wait_secs: args.wait,
            progress: &progress,
        }
    } else {
        progress.say("Starting the embedded local node with every Encore program (no --url given)");
        let council = Keypair::new_from_array([1; 32]);
        // Short slots: the demo waits for a block after every transaction.
        node = crate::localnet::start(encore_sdk::localnet::LocalnetConfig {
            upgrade_authority: Some(council.pubkey()),
            slot_time_ms: DEMO_SLOT_MS,
            ..encore_sdk::localnet::LocalnetConfig::default()
        })?;
        // Starting the native runtime turns on its debug logging (every
        // instruction, to stderr); keep it for those who ask with RUST_LOG.
        if std::env::var_os("RUST_LOG").is_none() {
            log::set_max_level(log::LevelFilter::Warn);
        }
        progress.say(format!("Local node at {}", node.url()));
        rpc = node.client();
        Stage {
            client: &rpc,
            local: Some(&node),
            payer: Keypair::new_from_array([3; 32]),
            wait_secs: 0,
            progress: &progress,
        }
    };
    let played = play(&stage)?;
    let summary = Summary::collect(stage.client, &played)?;
    progress.say(format!("Done in {:.1}s", started.elapsed().as_secs_f64()));
    ctx.printer.emit(&summary, |out| summary.display(out))?;
    let failed = summary.failed();
    if failed.is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = failed.iter().map(|c| c.name.as_str()).collect();
    Err(anyhow!(
        "{} check(s) failed: {}",
        failed.len(),
        names.join("; ")
    ))
    .hint(
        "value was not conserved: this is a bug in Encore; please report it with the output above",
    )
}

/// The story in order; returns what the summary needs to check.
fn play(stage: &Stage) -> anyhow::Result<Played> {
    let governance = story::governance(stage)?;
    // On a cluster the payer funds every chapter's accounts, so the cast's
    // funding checks for all of them up front.
    let local = stage.local();
    let chapters_sol = market::sol_needed(local)
        + if governance.authority.is_some() {
            streaming::sol_needed(local)
        } else {
            0
        };
    let mut cast = story::setup(stage, chapters_sol)?;

    // A market in one track's shares, before anyone stakes: the producer
    // seeds it with part of its shares, the artist (the track's authority)
    // approving, and investors buy in.
    let creator = cast
        .holders
        .get(POOL_CREATOR)
        .ok_or_else(|| anyhow!("the demo's cast has no pool creator"))?;
    let pool_track = cast
        .tracks
        .get(POOL_TRACK)
        .ok_or_else(|| anyhow!("the demo has no track for the pool"))?;
    let pool = market::play(stage, pool_track, creator, &cast.holders[0], &cast.mint)?;

    let balances_before = story::stake(stage, &cast)?;

    // Streaming: listeners fund the escrow, a settler settles their plays,
    // and each track harvests what it earned.
    let streaming = match &governance.authority {
        Some(authority) => Some(streaming::play(
            stage,
            &mut cast.tracks,
            &cast.mint,
            authority,
        )?),
        None => None,
    };

    story::revenue(stage, &mut cast, governance.release_period)?;

    Ok(Played {
        mint: cast.mint,
        tracks: cast.tracks,
        holders: cast.holders,
        release_period: governance.release_period,
        balances_before,
        pool,
        streaming,
    })
}
