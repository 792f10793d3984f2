//! `encore shares claim --track T`

use encore_sdk::instructions::shares as ix;
use encore_sdk::shares;
use serde::Serialize;
use solana_signer::Signer;

use super::{require_position, require_shares, revenue_decimals, PositionView, TrackArg};
use crate::hints::Known;
use crate::native_sol;
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
    // In SOL: received in the wrapped-SOL account and unwrapped at once.
    let receipt = native_sol::receive(&owner, &config.payment_mint)?;
    let destination = receipt.destination;
    let mut ixs = receipt.before;
    ixs.push(ix::claim(&owner, &args.track, &destination));
    ixs.extend(receipt.after);
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
