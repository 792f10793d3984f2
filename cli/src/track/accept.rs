//! `encore track accept`: step two, signed by the new owner.

use clap::Args;
use encore_sdk::instructions::registry as ix;
use encore_sdk::Pubkey;
use solana_signer::Signer;

use super::fetch_track;
use super::view::Viewer;
use crate::artist::require_profile;
use crate::hints::Known;
use crate::send::{send, Sent};
use crate::Context;

#[derive(Args, Debug)]
pub struct AcceptArgs {
    /// Track address
    #[arg(value_name = "TRACK")]
    pub track: Pubkey,
}

pub fn run(ctx: &mut Context, args: AcceptArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let new_owner = wallet.pubkey();
    let current = fetch_track(ctx.client, &args.track)?;
    // Tracks always belong to a profile, so the new owner needs one first.
    require_profile(ctx.client, &new_owner)?;
    let accept = ix::accept_transfer(&new_owner, &args.track, &current.artist);
    let signature = send(
        ctx.client,
        &[accept],
        &wallet,
        &[],
        &Known::track(&args.track),
    )?;

    let stored = fetch_track(ctx.client, &args.track)?;
    let result = Sent::new(
        signature,
        Viewer::new(ctx.client).view(&args.track, &stored),
    );
    let rows = vec![
        ("Artist", result.view.artist_label()),
        ("Authority", result.view.authority.clone()),
    ];
    result.emit_rows(
        &mut ctx.printer,
        &format!("You now own track {}", args.track),
        rows,
    )
}
