//! `encore track ...`: registered recordings, their terms and ownership.
//!
//! Changes settlement reads (pause, resume, retire, update-terms) sync the
//! track's escrow ledger in the same transaction when it has one, so no
//! batch settles at the old price or status after the change lands.

use anyhow::Context as _;
use clap::Subcommand;
use encore_sdk::track_registry::state::Track;
use encore_sdk::{accounts, EncoreClient, Pubkey};
use serde::Serialize;
use solana_instruction::Instruction;

use crate::error::HintExt;

pub mod accept;
pub mod dispute;
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
    /// Change a track's price, licence flags or metadata URI (settlement charges the new price at once)
    UpdateTerms(update_terms::UpdateTermsArgs),
    /// Stop a track from earning until it is resumed (settlement stops at once)
    Pause(status::StatusArgs),
    /// Reactivate a paused track
    Resume(status::StatusArgs),
    /// Retire a track for good (irreversible; settlement stops at once)
    Retire(status::StatusArgs),
    /// Propose a new owner for a track (or --cancel the proposal)
    Transfer(transfer::TransferArgs),
    /// Accept a track transferred to the keypair
    Accept(accept::AcceptArgs),
    /// Check that an audio file is the recording a track registered
    Verify(verify::VerifyArgs),
    /// Dispute a track's ownership with evidence and a bond; governance decides
    Dispute(dispute::DisputeArgs),
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
            TrackCommand::Dispute(args) => dispute::run(ctx, args),
        }
    }
}

/// Fetches a track, saying what to do when the address holds none.
pub fn fetch_track(client: &dyn EncoreClient, address: &Pubkey) -> anyhow::Result<Track> {
    accounts::track(client, address)
        .with_context(|| format!("cannot load track {address}"))
        .hint("check the address and -u/--url; `encore track list` shows the registered tracks")
}

/// After a change settlement reads (status, terms): the track as it now is,
/// and whether its escrow ledger was synced in the same transaction.
#[derive(Serialize)]
pub struct Changed {
    #[serde(flatten)]
    pub track: view::TrackView,
    pub ledger_synced: bool,
    /// When plays start to be charged under the terms now on the registry:
    /// at once for a cut or a status change, one withdrawal notice later
    /// for a price rise (unix time; `None` without a ledger).
    pub terms_effective_at: Option<i64>,
}

impl Changed {
    pub fn new(
        client: &dyn EncoreClient,
        track: view::TrackView,
        address: &Pubkey,
        ledger_synced: bool,
    ) -> Self {
        let terms_effective_at = encore_sdk::escrow::ledger(client, address)
            .ok()
            .flatten()
            .and_then(|l| l.points().last().map(|p| p.from));
        Self {
            track,
            ledger_synced,
            terms_effective_at,
        }
    }

    pub fn ledger_row(&self) -> (&'static str, String) {
        let state = match (self.ledger_synced, self.terms_effective_at) {
            (true, Some(at)) => format!(
                "synced in the same transaction; plays from {} are charged the new terms",
                crate::output::utc(at)
            ),
            (true, None) => "synced in the same transaction".to_string(),
            (false, _) => "none yet (the first settlement opens it with these terms)".to_string(),
        };
        ("Ledger", state)
    }
}

/// `change` to `track`, with the sync of its escrow ledger when it has one,
/// so the change holds for settlement from the same transaction on.
pub fn with_ledger_sync(
    client: &dyn EncoreClient,
    track: &Pubkey,
    change: Instruction,
) -> anyhow::Result<Vec<Instruction>> {
    encore_sdk::registry::track_change(client, track, change)
        .with_context(|| format!("cannot read the escrow ledger of track {track}"))
        .hint("check -u/--url")
}
