//! `encore track transfer`: step one of a two-step ownership transfer.

use clap::Args;
use encore_sdk::instructions::registry as ix;
use encore_sdk::Pubkey;
use solana_signer::Signer;

use super::fetch_track;
use super::view::Viewer;
use crate::hints::Known;
use crate::send::{send, Sent};
use crate::Context;

#[derive(Args, Debug)]
pub struct TransferArgs {
    /// Track address
    #[arg(value_name = "TRACK")]
    pub track: Pubkey,
    /// The proposed new owner's wallet; it accepts with `encore track accept`
    #[arg(
        long,
        value_name = "PUBKEY",
        required_unless_present = "cancel",
        conflicts_with = "cancel"
    )]
    pub to: Option<Pubkey>,
    /// Withdraw the pending proposal instead
    #[arg(long)]
    pub cancel: bool,
}

pub fn run(ctx: &mut Context, args: TransferArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let propose = ix::propose_transfer(&wallet.pubkey(), &args.track, args.to);
    let signature = send(
        ctx.client,
        &[propose],
        &wallet,
        &[],
        &Known::track(&args.track),
    )?;

    let stored = fetch_track(ctx.client, &args.track)?;
    let result = Sent::new(
        signature,
        Viewer::new(ctx.client).view(&args.track, &stored),
    );
    let headline = match args.to {
        Some(to) => format!(
            "Proposed track {track} to {to}\nThe new owner accepts with: encore track accept {track}",
            track = args.track
        ),
        None => format!("Withdrew the transfer of track {}", args.track),
    };
    result.emit_rows(&mut ctx.printer, &headline, Vec::new())
}
