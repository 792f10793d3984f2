//! `encore track accept`: step two, signed by the new owner.

use clap::Args;
use encore_sdk::instructions::registry as ix;
use encore_sdk::Pubkey;
use solana_signer::Signer;

use super::view::Viewer;
use super::{fetch_track, Sent};
use crate::artist::require_profile;
use crate::error::sent;
use crate::output::key_values;
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
    let signature = sent(
        ctx.client.send_instructions(&[accept], &wallet, &[]),
        Some(&args.track),
    )?;

    let stored = fetch_track(ctx.client, &args.track)?;
    let result = Sent {
        signature: signature.to_string(),
        track: Viewer::new(ctx.client).view(&args.track, &stored),
    };
    ctx.printer.emit(&result, |out| {
        writeln!(out, "You now own track {}", args.track)?;
        key_values(
            out,
            &[
                ("Artist", result.track.artist_label()),
                ("Authority", result.track.authority.clone()),
                ("Signature", result.signature.clone()),
            ],
        )
    })
}
