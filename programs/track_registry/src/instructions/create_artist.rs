use anchor_lang::prelude::*;
use governance::constants::seeds::CONFIG;
use governance::state::{PauseArea, ProtocolConfig};

use crate::checks::{check_display_name, check_handle, check_uri};
use crate::constants::seeds;
use crate::errors::RegistryError;
use crate::events::ArtistCreated;
use crate::state::Artist;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct CreateArtistArgs {
    pub handle: String,
    pub display_name: String,
    pub metadata_uri: String,
}

#[derive(Accounts)]
pub struct CreateArtist<'info> {
    #[account(mut)]
    pub authority: Signer<'info>,
    #[account(
        init,
        payer = authority,
        space = 8 + Artist::INIT_SPACE,
        seeds = [seeds::ARTIST, authority.key().as_ref()],
        bump,
    )]
    pub artist: Account<'info, Artist>,
    /// Governance's config: new registrations stop while the registry is paused.
    #[account(seeds = [CONFIG], bump = protocol.bump, seeds::program = governance::ID)]
    pub protocol: Account<'info, ProtocolConfig>,
    pub system_program: Program<'info, System>,
}

pub fn handler(ctx: Context<CreateArtist>, args: CreateArtistArgs) -> Result<()> {
    require!(
        !ctx.accounts.protocol.is_paused(PauseArea::Registry),
        RegistryError::RegistryPaused
    );
    check_handle(&args.handle)?;
    check_display_name(&args.display_name)?;
    check_uri(&args.metadata_uri)?;

    let artist = &mut ctx.accounts.artist;
    artist.authority = ctx.accounts.authority.key();
    artist.track_count = 0;
    artist.created_at = Clock::get()?.unix_timestamp;
    artist.bump = ctx.bumps.artist;
    artist.handle = args.handle;
    artist.display_name = args.display_name;
    artist.metadata_uri = args.metadata_uri;

    emit!(ArtistCreated {
        artist: artist.key(),
        authority: artist.authority,
        handle: artist.handle.clone(),
    });
    Ok(())
}
