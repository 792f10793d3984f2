//! `encore artist update`

use clap::Args;
use encore_sdk::accounts;
use encore_sdk::instructions::registry as ix;
use encore_sdk::track_registry::instructions::UpdateArtistArgs;
use serde::Serialize;
use solana_signer::Signer;

use super::{require_profile, ArtistView};
use crate::error::sent;
use crate::output::key_values;
use crate::Context;

/// Fields left out keep their current values.
#[derive(Args, Debug)]
#[group(required = true, multiple = true)]
pub struct UpdateArgs {
    /// New handle: 3-32 characters of a-z, 0-9 or _
    #[arg(long)]
    pub handle: Option<String>,
    /// New display name, up to 64 bytes
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// New metadata URI, up to 200 bytes
    #[arg(long, value_name = "URI")]
    pub uri: Option<String>,
}

#[derive(Serialize)]
struct Updated {
    signature: String,
    #[serde(flatten)]
    artist: ArtistView,
}

pub fn run(ctx: &mut Context, args: UpdateArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let authority = wallet.pubkey();
    let (address, _) = require_profile(ctx.client, &authority)?;
    let update = ix::update_artist(
        &authority,
        UpdateArtistArgs {
            handle: args.handle,
            display_name: args.name,
            metadata_uri: args.uri,
        },
    );
    let signature = sent(ctx.client.send_instructions(&[update], &wallet, &[]), None)?;
    let artist = accounts::artist(ctx.client, &address)?;
    let updated = Updated {
        signature: signature.to_string(),
        artist: ArtistView::new(&address, &artist),
    };
    ctx.printer.emit(&updated, |out| {
        writeln!(out, "Updated artist profile @{}", updated.artist.handle)?;
        let mut rows = updated.artist.rows();
        rows.push(("Signature", updated.signature.clone()));
        key_values(out, &rows)
    })
}
