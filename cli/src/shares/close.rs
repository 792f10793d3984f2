//! `encore shares close --track T`

use encore_sdk::instructions::shares as ix;
use encore_sdk::pda;
use serde::Serialize;
use solana_signer::Signer;

use super::{require_position, TrackArg};
use crate::hints::Known;
use crate::send::{send, Sent};
use crate::Context;

#[derive(Serialize)]
struct Closed {
    track: String,
    position: String,
    /// Who paid the position's rent when it was opened, and gets it back.
    rent_to: String,
    rent_lamports: u64,
}

/// Closes the keypair's empty position (nothing staked, nothing claimable)
/// and returns its rent to whoever paid for it. A fraction of a unit left
/// in it goes to the track's next distribution.
pub fn run(ctx: &mut Context, args: TrackArg) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let owner = wallet.pubkey();
    let position = require_position(ctx.client, &args.track, &owner)?;
    let address = pda::position(&args.track, &owner).0;
    let rent_lamports = ctx.client.balance(&address)?;
    let close = ix::close_position(&owner, &args.track, &position.payer);
    let signature = send(
        ctx.client,
        &[close],
        &wallet,
        &[],
        &Known::track(&args.track),
    )?;
    let closed = Closed {
        track: args.track.to_string(),
        position: address.to_string(),
        rent_to: position.payer.to_string(),
        rent_lamports,
    };
    let headline = format!(
        "Closed position {} in track {}",
        closed.position, closed.track
    );
    let rows = vec![(
        "Rent returned",
        format!(
            "{} SOL to {}",
            encore_sdk::token::ui_amount(closed.rent_lamports, 9),
            closed.rent_to
        ),
    )];
    Sent::new(signature, closed).emit_rows(&mut ctx.printer, &headline, rows)
}
