use anchor_lang::prelude::*;

use crate::checks::{check_display_name, check_handle, check_uri};
use crate::constants::seeds;
use crate::errors::RegistryError;
use crate::events::{log_event, ArtistUpdated};
use crate::state::Artist;

/// Each field left `None` keeps its current value.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct UpdateArtistArgs {
    pub handle: Option<String>,
    pub display_name: Option<String>,
    pub metadata_uri: Option<String>,
}

#[derive(Accounts)]
pub struct UpdateArtist<'info> {
    pub authority: Signer<'info>,
    #[account(
        mut,
        seeds = [seeds::ARTIST, artist.authority.as_ref()],
        bump = artist.bump,
        has_one = authority @ RegistryError::Unauthorized,
    )]
    pub artist: Account<'info, Artist>,
}

pub fn handler(ctx: Context<UpdateArtist>, args: UpdateArtistArgs) -> Result<()> {
    require!(
        args.handle.is_some() || args.display_name.is_some() || args.metadata_uri.is_some(),
        RegistryError::NothingToUpdate
    );
    if let Some(handle) = &args.handle {
        check_handle(handle)?;
    }
    if let Some(name) = &args.display_name {
        check_display_name(name)?;
    }
    if let Some(uri) = &args.metadata_uri {
        check_uri(uri)?;
    }

    let artist = &mut ctx.accounts.artist;
    if let Some(handle) = args.handle {
        artist.handle = handle;
    }
    if let Some(name) = args.display_name {
        artist.display_name = name;
    }
    if let Some(uri) = args.metadata_uri {
        artist.metadata_uri = uri;
    }

    log_event(&ArtistUpdated {
        artist: artist.key(),
        handle: artist.handle.clone(),
        display_name: artist.display_name.clone(),
        metadata_uri: artist.metadata_uri.clone(),
    });
    Ok(())
}
