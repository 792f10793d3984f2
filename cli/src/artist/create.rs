//! `encore artist create`

use anyhow::anyhow;
use clap::Args;
use encore_sdk::instructions::registry as ix;
use encore_sdk::track_registry::instructions::CreateArtistArgs;
use encore_sdk::{accounts, pda};
use solana_signer::Signer;

use super::ArtistView;
use crate::error::HintExt;
use crate::hints::Known;
use crate::send::{send, Sent};
use crate::Context;

#[derive(Args, Debug)]
pub struct CreateArgs {
    /// Unique handle: 3-32 characters of a-z, 0-9 or _
    #[arg(long)]
    pub handle: String,
    /// Display name, up to 64 bytes
    #[arg(long, value_name = "NAME", default_value = "")]
    pub name: String,
    /// Metadata URI (profile JSON), up to 200 bytes
    #[arg(long, value_name = "URI", default_value = "")]
    pub uri: String,
}

pub fn run(ctx: &mut Context, args: CreateArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let authority = wallet.pubkey();
    if let Some((address, _)) = accounts::artist_of(ctx.client, &authority)? {
        return Err(anyhow!(
            "wallet {authority} already has an artist profile ({address})"
        ))
        .hint("change it with `encore artist update`, or see it with `encore artist show`");
    }
    let create = ix::create_artist(
        &authority,
        CreateArtistArgs {
            handle: args.handle,
            display_name: args.name,
            metadata_uri: args.uri,
        },
    );
    let signature = send(ctx.client, &[create], &wallet, &[], &Known::default())?;
    let address = pda::artist(&authority).0;
    let artist = accounts::artist(ctx.client, &address)?;
    let created = Sent::new(signature, ArtistView::new(&address, &artist));
    let headline = format!("Created artist profile @{}", created.view.handle);
    created.emit(&mut ctx.printer, &headline)
}
