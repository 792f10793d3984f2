//! track_registry: every instruction's happy path and every rejection by
//! name. Shared helpers here (artist and track arguments, a registered
//! artist, a registered track), one module per area in registry/.

mod cli;

mod artists;
mod commit;
mod derivatives;
mod hook;
mod lifecycle;
mod limits;
mod tracks;

use anchor_lang::prelude::Pubkey;
use encore_sdk::instructions::registry as ix;
use encore_sdk::pda;
use encore_sdk::track_registry::instructions::{CreateArtistArgs, RegisterTrackArgs};
use encore_sdk::track_registry::state::TermsArgs;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::support::fixture::{Fixture, TxResult};

pub fn artist_args(handle: &str) -> CreateArtistArgs {
    CreateArtistArgs {
        handle: handle.into(),
        display_name: format!("The {handle}"),
        metadata_uri: format!("ipfs://artist/{handle}"),
    }
}

pub fn terms(price: u64) -> TermsArgs {
    TermsArgs {
        price_per_play: price,
        allow_remix: true,
        allow_commercial: false,
        allow_derivative: true,
        derivative_share_bps: 2_500,
    }
}

pub fn track_args(hash: [u8; 32]) -> RegisterTrackArgs {
    RegisterTrackArgs {
        content_hash: hash,
        isrc: Some(*b"USRC17607839"),
        metadata_uri: "ipfs://track/meta.json".into(),
        terms: terms(1_000),
    }
}

/// A funded wallet with an artist profile.
pub fn new_artist(f: &mut Fixture, handle: &str) -> Keypair {
    let wallet = f.keypair();
    f.send(
        &[ix::create_artist(&wallet.pubkey(), artist_args(handle))],
        &[&wallet],
    )
    .expect("create artist");
    wallet
}

/// Registers `hash` for `artist` with a fresh 6-decimal payment mint.
pub fn register(f: &mut Fixture, artist: &Keypair, hash: [u8; 32]) -> (Pubkey, Pubkey) {
    let mint_authority = f.keypair();
    let mint = f.create_mint(&mint_authority, 6);
    f.send(
        &[ix::register_track(
            &artist.pubkey(),
            &mint,
            track_args(hash),
        )],
        &[artist],
    )
    .expect("register track");
    (pda::track(&hash).0, mint)
}

fn try_register(
    f: &mut Fixture,
    artist: &Keypair,
    mint: &Pubkey,
    args: RegisterTrackArgs,
) -> TxResult {
    f.send(
        &[ix::register_track(&artist.pubkey(), mint, args)],
        &[artist],
    )
}
