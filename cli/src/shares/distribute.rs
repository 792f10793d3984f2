//! `encore shares distribute --track T`

use solana_signer::Signer;

use super::{distribute_all, SharesView, TrackArg};
use crate::output::{key_values, table, Rows};
use crate::Context;

#[derive(serde::Serialize)]
struct Distributed {
    signatures: Vec<String>,
    #[serde(flatten)]
    shares: SharesView,
}

/// Finishes a distribution `create` left incomplete; paid by the keypair.
pub fn run(ctx: &mut Context, args: TrackArg) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let signatures = distribute_all(ctx.client, &wallet, &args.track)?;
    let result = Distributed {
        signatures,
        shares: SharesView::load(ctx.client, &args.track)?,
    };
    let payer = wallet.pubkey();
    ctx.printer.emit(&result, |out| {
        match result.signatures.len() {
            0 => writeln!(out, "Every allocation was already distributed")?,
            n => writeln!(out, "Distributed in {n} transaction(s), paid by {payer}")?,
        }
        key_values(out, &result.shares.rows())?;
        writeln!(out)?;
        table(
            out,
            &["RECIPIENT", "SPLIT", "SHARES", "DISTRIBUTED"],
            &result.shares.allocation_rows(),
        )
    })
}
