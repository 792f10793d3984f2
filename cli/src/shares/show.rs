//! `encore shares show --track T`

use super::{SharesView, TrackArg};
use crate::output::{key_values, table, Rows};
use crate::Context;

pub fn run(ctx: &mut Context, args: TrackArg) -> anyhow::Result<()> {
    let view = SharesView::load(ctx.client, &args.track)?;
    ctx.printer.emit(&view, |out| {
        key_values(out, &view.rows())?;
        writeln!(out)?;
        table(
            out,
            &["RECIPIENT", "SPLIT", "SHARES", "DISTRIBUTED"],
            &view.allocation_rows(),
        )
    })
}
