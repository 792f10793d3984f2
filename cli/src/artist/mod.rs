//! `encore artist ...`: the wallet's artist profile.

use anyhow::anyhow;
use clap::Subcommand;
use encore_sdk::track_registry::state::Artist;
use encore_sdk::{accounts, EncoreClient, Pubkey};
use serde::Serialize;

use crate::error::HintExt;
use crate::output::{or_dash, utc, Rows};
use crate::Context;

pub mod create;
pub mod show;
pub mod update;

#[derive(Subcommand, Debug)]
pub enum ArtistCommand {
    /// Create the keypair's artist profile
    Create(create::CreateArgs),
    /// Change the keypair's handle, display name or metadata URI
    Update(update::UpdateArgs),
    /// Show an artist profile
    Show(show::ShowArgs),
}

impl ArtistCommand {
    pub fn run(self, ctx: &mut Context) -> anyhow::Result<()> {
        match self {
            ArtistCommand::Create(args) => create::run(ctx, args),
            ArtistCommand::Update(args) => update::run(ctx, args),
            ArtistCommand::Show(args) => show::run(ctx, args),
        }
    }
}

/// An artist profile as printed (`--output json` fields are stable).
#[derive(Serialize, Debug)]
pub struct ArtistView {
    pub artist: String,
    pub authority: String,
    pub handle: String,
    pub display_name: String,
    pub metadata_uri: String,
    pub track_count: u32,
    pub created_at: i64,
}

impl ArtistView {
    pub fn new(address: &Pubkey, artist: &Artist) -> Self {
        Self {
            artist: address.to_string(),
            authority: artist.authority.to_string(),
            handle: artist.handle.clone(),
            display_name: artist.display_name.clone(),
            metadata_uri: artist.metadata_uri.clone(),
            track_count: artist.track_count,
            created_at: artist.created_at,
        }
    }
}

impl Rows for ArtistView {
    fn rows(&self) -> Vec<(&'static str, String)> {
        vec![
            ("Artist", self.artist.clone()),
            ("Authority", self.authority.clone()),
            ("Handle", self.handle.clone()),
            ("Display name", or_dash(&self.display_name)),
            ("Metadata URI", or_dash(&self.metadata_uri)),
            ("Tracks", self.track_count.to_string()),
            ("Created", utc(self.created_at)),
        ]
    }
}

/// An artist profile named by its authority's wallet or by its own address.
pub fn find_artist(
    client: &dyn EncoreClient,
    authority_or_profile: &Pubkey,
) -> anyhow::Result<Option<(Pubkey, Artist)>> {
    if let Some(found) = accounts::artist_of(client, authority_or_profile)? {
        return Ok(Some(found));
    }
    match client.get_account(authority_or_profile)? {
        Some(account) if account.owner == encore_sdk::track_registry::ID => {
            Ok(
                accounts::decode::<Artist>(authority_or_profile, &account.data, "artist")
                    .ok()
                    .map(|artist| (*authority_or_profile, artist)),
            )
        }
        _ => Ok(None),
    }
}

/// The profile of `authority`, or an error saying how to create one.
pub fn require_profile(
    client: &dyn EncoreClient,
    authority: &Pubkey,
) -> anyhow::Result<(Pubkey, Artist)> {
    accounts::artist_of(client, authority)?
        .ok_or_else(|| anyhow!("wallet {authority} has no artist profile"))
        .hint("create one with `encore artist create --handle <HANDLE>`")
}
