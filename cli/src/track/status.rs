//! `encore track pause | resume | retire`

use clap::Args;
use encore_sdk::instructions::registry as ix;
use encore_sdk::Pubkey;
use solana_signer::Signer;

use super::view::Viewer;
use super::{fetch_track, with_ledger_sync, Changed};
use crate::hints::Known;
use crate::send::{send, Sent};
use crate::Context;

#[derive(Args, Debug)]
pub struct StatusArgs {
    /// Track address
    #[arg(value_name = "TRACK")]
    pub track: Pubkey,
}

#[derive(Debug, Clone, Copy)]
pub enum Change {
    Pause,
    Resume,
    Retire,
}

pub fn run(ctx: &mut Context, args: StatusArgs, change: Change) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let authority = wallet.pubkey();
    let instruction = match change {
        Change::Pause => ix::pause_track(&authority, &args.track),
        Change::Resume => ix::resume_track(&authority, &args.track),
        Change::Retire => ix::retire_track(&authority, &args.track),
    };
    let instructions = with_ledger_sync(ctx.client, &args.track, instruction)?;
    let signature = send(
        ctx.client,
        &instructions,
        &wallet,
        &[],
        &Known::track(&args.track),
    )?;

    let stored = fetch_track(ctx.client, &args.track)?;
    let result = Sent::new(
        signature,
        Changed::new(
            ctx.client,
            Viewer::new(ctx.client).view(&args.track, &stored),
            &args.track,
            instructions.len() > 1,
        ),
    );
    let verb = match change {
        Change::Pause => "Paused",
        Change::Resume => "Resumed",
        Change::Retire => "Retired",
    };
    let changed = &result.view;
    let rows = vec![
        ("Status", changed.track.status.to_string()),
        changed.ledger_row(),
    ];
    let headline = format!("{verb} track {}", changed.track.track);
    result.emit_rows(&mut ctx.printer, &headline, rows)
}
