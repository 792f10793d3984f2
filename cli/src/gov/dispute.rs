//! `encore gov dispute resolve --track T --uphold|--dismiss`: governance's
//! decision on a track's ownership dispute, through the timelock.

use anyhow::anyhow;
use clap::{Args, Subcommand};
use encore_sdk::governance::state::ParamChange;
use encore_sdk::track_registry::state::TrackDispute;
use encore_sdk::{accounts, pda, Pubkey};

use super::propose::propose;
use crate::error::HintExt;
use crate::Context;

#[derive(Subcommand, Debug)]
pub enum DisputeCommand {
    /// Propose the decision on a track's open dispute; once the timelock
    /// has elapsed, `encore gov execute ID` executes and applies it
    Resolve(ResolveArgs),
}

#[derive(Args, Debug)]
pub struct ResolveArgs {
    /// The disputed track
    #[arg(long, value_name = "TRACK")]
    pub track: Pubkey,
    /// Reassign the track to the claimant (its bond comes back)
    #[arg(long, conflicts_with = "dismiss", required_unless_present = "dismiss")]
    pub uphold: bool,
    /// Keep the track with its owner (the claimant's bond goes to the owner)
    #[arg(long)]
    pub dismiss: bool,
}

impl DisputeCommand {
    pub fn run(self, ctx: &mut Context) -> anyhow::Result<()> {
        match self {
            DisputeCommand::Resolve(args) => resolve(ctx, args),
        }
    }
}

fn resolve(ctx: &mut Context, args: ResolveArgs) -> anyhow::Result<()> {
    let dispute: TrackDispute = accounts::fetch_optional(
        ctx.client,
        &pda::track_dispute(&args.track).0,
        &encore_sdk::track_registry::ID,
        "track dispute",
    )?
    .ok_or_else(|| anyhow!("track {} has no open dispute", args.track))
    .hint(format!(
        "`encore track show {}` shows the track",
        args.track
    ))?;
    let change = ParamChange::ResolveTrackDispute {
        track: args.track,
        filed_at: dispute.filed_at,
        uphold: args.uphold,
    };
    propose(ctx, change, |_| None)
}
