//! `encore gov show`

use super::{require_config, ConfigView};
use crate::output::{key_values, Rows};
use crate::Context;

pub fn run(ctx: &mut Context) -> anyhow::Result<()> {
    let config = require_config(ctx.client)?;
    let view = ConfigView::new(&config);
    ctx.printer.emit(&view, |out| key_values(out, &view.rows()))
}
