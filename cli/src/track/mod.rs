//! `encore track ...`: registered recordings, their terms and ownership.

use anyhow::Context as _;
use clap::Subcommand;
use encore_sdk::track_registry::state::Track;
use encore_sdk::{accounts, EncoreClient, Pubkey};
use serde::Serialize;

use crate::error::HintExt;

pub mod accept;
pub mod list;
pub mod register;
pub mod show;
pub mod status;
pub mod terms;
pub mod transfer;
pub mod update_terms;
pub mod verify;
pub mod view;

use crate::Context;

#[derive(Subcommand, Debug)]
pub enum TrackCommand {
    /// Register an audio file under the keypair's artist profile
    Register(register::RegisterArgs),
    /// Show one track
    Show(show::ShowArgs),
    /// List tracks, optionally of one artist
    List(list::ListArgs),
    /// Change a track's price, licence flags or metadata URI
    UpdateTerms(update_terms::UpdateTermsArgs),
    /// Stop a track from earning until it is resumed
    Pause(status::StatusArgs),
    /// Reactivate a paused track
    Resume(status::StatusArgs),
    /// Retire a track for good (irreversible)
    Retire(status::StatusArgs),
    /// Propose a new owner for a track (or --cancel the proposal)
    Transfer(transfer::TransferArgs),
    /// Accept a track transferred to the keypair
    Accept(accept::AcceptArgs),
    /// Check that an audio file is the recording a track registered
    Verify(verify::VerifyArgs),
}

impl TrackCommand {
    pub fn run(self, ctx: &mut Context) -> anyhow::Result<()> {
        use status::Change;
        match self {
            TrackCommand::Register(args) => register::run(ctx, args),
            TrackCommand::Show(args) => show::run(ctx, args),
            TrackCommand::List(args) => list::run(ctx, args),
            TrackCommand::UpdateTerms(args) => update_terms::run(ctx, args),
            TrackCommand::Pause(args) => status::run(ctx, args, Change::Pause),
            TrackCommand::Resume(args) => status::run(ctx, args, Change::Resume),
            TrackCommand::Retire(args) => status::run(ctx, args, Change::Retire),
            TrackCommand::Transfer(args) => transfer::run(ctx, args),
            TrackCommand::Accept(args) => accept::run(ctx, args),
            TrackCommand::Verify(args) => verify::run(ctx, args),
        }
    }
}

/// Fetches a track, saying what to do when the address holds none.
pub fn fetch_track(client: &dyn EncoreClient, address: &Pubkey) -> anyhow::Result<Track> {
    accounts::track(client, address)
        .with_context(|| format!("cannot load track {address}"))
        .hint("check the address and -u/--url; `encore track list` shows the registered tracks")
}

/// A command's result after a transaction: its signature and the track as it now is.
#[derive(Serialize)]
pub struct Sent {
    pub signature: String,
    #[serde(flatten)]
    pub track: view::TrackView,
}
