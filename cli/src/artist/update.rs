//! `encore artist update`

use clap::Args;
use encore_sdk::accounts;
use encore_sdk::instructions::registry as ix;
use encore_sdk::track_registry::instructions::UpdateArtistArgs;
use solana_signer::Signer;

use super::{require_profile, ArtistView};
use crate::hints::Known;
use crate::send::{send, Sent};
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
    let signature = send(ctx.client, &[update], &wallet, &[], &Known::default())?;
    let artist = accounts::artist(ctx.client, &address)?;
    let updated = Sent::new(signature, ArtistView::new(&address, &artist));
    let headline = format!("Updated artist profile @{}", updated.view.handle);
    updated.emit(&mut ctx.printer, &headline)
}
