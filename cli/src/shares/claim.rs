//! `encore shares claim --track T`

use encore_sdk::instructions::shares as ix;
use encore_sdk::{shares, token};
use serde::Serialize;
use solana_signer::Signer;

use super::{require_position, require_shares, revenue_decimals, PositionView, TrackArg};
use crate::hints::Known;
use crate::output::Rows;
use crate::send::{send, Sent};
use crate::units::Amount;
use crate::Context;

#[derive(Serialize)]
struct Claimed {
    amount: Amount,
    destination: String,
    #[serde(flatten)]
    position: PositionView,
}

impl Rows for Claimed {
    fn rows(&self) -> Vec<(&'static str, String)> {
        self.position.rows()
    }
}

/// Pays every whole unit earned to the keypair's associated account in the
/// payment mint (created if needed). Works while paused.
pub fn run(ctx: &mut Context, args: TrackArg) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let owner = wallet.pubkey();
    let config = require_shares(ctx.client, &args.track)?;
    let before = require_position(ctx.client, &args.track, &owner)?.claimed;
    let destination = token::associated_address(&owner, &config.payment_mint);
    let ixs = [
        token::create_associated_idempotent(&owner, &owner, &config.payment_mint),
        ix::claim(&owner, &args.track, &destination),
    ];
    let signature = send(ctx.client, &ixs, &wallet, &[], &Known::track(&args.track))?;
    let after = shares::position(ctx.client, &args.track, &owner)?.map_or(before, |p| p.claimed);
    let decimals = revenue_decimals(ctx.client, &config)?;
    let claimed = Claimed {
        amount: Amount::new(after.saturating_sub(before), decimals),
        destination: destination.to_string(),
        position: PositionView::load(ctx.client, &args.track, &owner)?,
    };
    let headline = format!(
        "Claimed {} from track {} to {}",
        claimed.amount, args.track, claimed.destination
    );
    Sent::new(signature, claimed).emit(&mut ctx.printer, &headline)
}
