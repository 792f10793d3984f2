//! `encore track dispute <TRACK> --evidence <URI>`: a claim that someone
//! else registered your recording.

use clap::Args;
use encore_sdk::instructions::registry as ix;
use encore_sdk::track_registry::constants::TRACK_DISPUTE_BOND_LAMPORTS;
use encore_sdk::Pubkey;
use solana_signer::Signer;

use super::fetch_track;
use super::view::Viewer;
use crate::artist::require_profile;
use crate::gov::sol_text;
use crate::hints::Known;
use crate::send::{send, Sent};
use crate::Context;

#[derive(Args, Debug)]
pub struct DisputeArgs {
    /// Track address
    #[arg(value_name = "TRACK")]
    pub track: Pubkey,
    /// Where the evidence is (a URI, up to 200 bytes)
    #[arg(long, value_name = "URI")]
    pub evidence: String,
}

/// Files the dispute with the registry's bond, paid by the keypair, whose
/// artist profile gets the track if governance upholds it.
pub fn run(ctx: &mut Context, args: DisputeArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let claimant = wallet.pubkey();
    require_profile(ctx.client, &claimant)?;
    let file = ix::file_track_dispute(&claimant, &args.track, &args.evidence);
    let signature = send(
        ctx.client,
        &[file],
        &wallet,
        &[],
        &Known::track(&args.track),
    )?;
    let stored = fetch_track(ctx.client, &args.track)?;
    let mut viewer = Viewer::new(ctx.client);
    let view = viewer.view_with_dispute(&args.track, &stored)?;
    Sent::new(signature, view).emit(
        &mut ctx.printer,
        &format!(
            "Disputed track {} with a bond of {}; its earnings wait until governance decides",
            args.track,
            sol_text(TRACK_DISPUTE_BOND_LAMPORTS)
        ),
    )
}
