//! `encore artist show`

use anyhow::anyhow;
use clap::Args;
use encore_sdk::Pubkey;
use solana_signer::Signer;

use super::{find_artist, ArtistView};
use crate::error::HintExt;
use crate::output::{key_values, Rows};
use crate::Context;

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// The artist's wallet or profile address [default: the keypair's pubkey]
    #[arg(value_name = "AUTHORITY")]
    pub authority: Option<Pubkey>,
}

pub fn run(ctx: &mut Context, args: ShowArgs) -> anyhow::Result<()> {
    let key = match args.authority {
        Some(key) => key,
        None => ctx.keypair()?.pubkey(),
    };
    let (address, artist) = find_artist(ctx.client, &key)?
        .ok_or_else(|| anyhow!("{key} has no artist profile"))
        .hint("check the address and -u/--url; a wallet creates its profile with `encore artist create --handle <HANDLE>`")?;
    let view = ArtistView::new(&address, &artist);
    ctx.printer.emit(&view, |out| key_values(out, &view.rows()))
}
