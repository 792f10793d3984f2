//! `encore shares claim --track T`

use encore_sdk::instructions::shares as ix;
use encore_sdk::{shares, token};
use serde::Serialize;
use solana_signer::Signer;

use super::{decimals, require_position, require_shares, send, PositionView, TrackArg};
use crate::output::key_values;
use crate::units::Amount;
use crate::Context;

#[derive(Serialize)]
struct Claimed {
    signature: String,
    amount: Amount,
    destination: String,
    #[serde(flatten)]
    position: PositionView,
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
    let signature = send(ctx, &ixs, &wallet, &args.track)?;
    let after = shares::position(ctx.client, &args.track, &owner)?.map_or(before, |p| p.claimed);
    let decimals = decimals(ctx.client, &config.payment_mint)?;
    let result = Claimed {
        signature,
        amount: Amount::new(after.saturating_sub(before), decimals),
        destination: destination.to_string(),
        position: PositionView::load(ctx.client, &args.track, &owner)?,
    };
    ctx.printer.emit(&result, |out| {
        writeln!(
            out,
            "Claimed {} from track {} to {}",
            result.amount, args.track, result.destination
        )?;
        let mut rows = result.position.rows();
        rows.push(("Signature", result.signature.clone()));
        key_values(out, &rows)
    })
}
