//! `encore track show`

use clap::Args;
use encore_sdk::Pubkey;

use super::fetch_track;
use super::view::{LedgerView, Viewer};
use crate::output::{key_values, Rows};
use crate::Context;

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// Track address
    #[arg(value_name = "TRACK")]
    pub track: Pubkey,
}

pub fn run(ctx: &mut Context, args: ShowArgs) -> anyhow::Result<()> {
    let track = fetch_track(ctx.client, &args.track)?;
    let mut view = Viewer::new(ctx.client).view_with_dispute(&args.track, &track)?;
    let children = encore_sdk::registry::derivatives_of(ctx.client, &args.track)?;
    view.children = Some(children.iter().map(|(k, _)| k.to_string()).collect());
    // Up the chain (at most MAX_DERIVATIVE_DEPTH levels) to the original.
    let mut ancestors = Vec::new();
    let mut parent = track.parent_track();
    let bound = usize::from(encore_sdk::track_registry::constants::MAX_DERIVATIVE_DEPTH);
    while let Some(p) = parent.filter(|_| ancestors.len() <= bound) {
        ancestors.push(p.to_string());
        parent = fetch_track(ctx.client, &p)?.parent_track();
    }
    view.ancestors = Some(ancestors);
    let decimals = view.terms.decimals.unwrap_or_default();
    view.ledger = Some(LedgerView::load(ctx.client, &args.track, decimals)?);
    ctx.printer.emit(&view, |out| key_values(out, &view.rows()))
}
