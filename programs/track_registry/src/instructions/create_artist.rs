use anchor_lang::prelude::*;
use anchor_lang::system_program;
use encore_utils::create_pda_account;
use governance::constants::seeds::CONFIG;
use governance::state::{PauseArea, ProtocolConfig};

use crate::checks::{check_display_name, check_handle, check_uri};
use crate::constants::seeds;
use crate::errors::RegistryError;
use crate::events::{log_event, ArtistCreated};
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
    /// CHECK: created by this handler, as `register_track` creates a track,
    /// so a second profile for the wallet fails by name; an existing account
    /// there means the wallet has a profile.
    #[account(mut, seeds = [seeds::ARTIST, authority.key().as_ref()], bump)]
    pub artist: UncheckedAccount<'info>,
    /// Governance's config: new registrations stop while the registry is paused.
    #[account(seeds = [CONFIG], bump = protocol.bump, seeds::program = governance::ID)]
    pub protocol: Account<'info, ProtocolConfig>,
    pub system_program: Program<'info, System>,
}

pub fn handler(ctx: Context<CreateArtist>, args: CreateArtistArgs) -> Result<()> {
    ctx.accounts
        .protocol
        .require_active(PauseArea::Registry, RegistryError::RegistryPaused)?;
    check_handle(&args.handle)?;
    check_display_name(&args.display_name)?;
    check_uri(&args.metadata_uri)?;

    // Only this program can give the PDA data, so empty system-owned means no profile yet.
    let artist_info = ctx.accounts.artist.to_account_info();
    require!(
        artist_info.data_is_empty() && artist_info.owner == &system_program::ID,
        RegistryError::ArtistAlreadyExists
    );

    let authority = ctx.accounts.authority.key();
    let artist = Artist {
        authority,
        track_count: 0,
        created_at: Clock::get()?.unix_timestamp,
        bump: ctx.bumps.artist,
        handle: args.handle,
        display_name: args.display_name,
        metadata_uri: args.metadata_uri,
    };
    let bump = [ctx.bumps.artist];
    let signer_seeds: &[&[u8]] = &[seeds::ARTIST, authority.as_ref(), &bump];
    create_pda_account(
        &ctx.accounts.authority,
        &artist_info,
        8 + Artist::INIT_SPACE,
        &crate::ID,
        signer_seeds,
    )?;
    let mut data = artist_info.try_borrow_mut_data()?;
    let mut writer: &mut [u8] = &mut data;
    artist.try_serialize(&mut writer)?;

    log_event(&ArtistCreated {
        artist: artist_info.key(),
        authority,
        handle: artist.handle,
    });
    Ok(())
}
