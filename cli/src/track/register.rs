//! `encore track register`

use std::path::PathBuf;

use clap::Args;
use encore_sdk::instructions::registry as ix;
use encore_sdk::registry::hash_audio_file;
use encore_sdk::track_registry::instructions::RegisterTrackArgs;
use encore_sdk::{pda, Pubkey};
use solana_signer::Signer;

use super::fetch_track;
use super::terms::{isrc_arg, price_in_base_units, LicenceFlags};
use super::view::Viewer;
use crate::artist::require_profile;
use crate::error::HintExt;
use crate::hints::Known;
use crate::send::{send, Sent};
use crate::units::mint_decimals;
use crate::Context;

#[derive(Args, Debug)]
pub struct RegisterArgs {
    /// The audio file; its sha256 becomes the track's content hash
    #[arg(long, value_name = "FILE")]
    pub audio: PathBuf,
    /// Price of one play in UI units of the payment mint (e.g. 0.25)
    #[arg(
        long,
        value_name = "AMOUNT",
        required_unless_present = "price_base_units",
        conflicts_with = "price_base_units"
    )]
    pub price: Option<String>,
    /// Price of one play in base units of the payment mint
    #[arg(long, value_name = "N")]
    pub price_base_units: Option<u64>,
    /// SPL Token mint that plays are paid in (fixed for the track's life)
    #[arg(long, value_name = "MINT")]
    pub payment_mint: Pubkey,
    /// Metadata URI (track JSON), up to 200 bytes
    #[arg(long, value_name = "URI", default_value = "")]
    pub uri: String,
    /// ISRC, e.g. US-RC1-76-07839 (hyphens optional)
    #[arg(long, value_name = "ISRC", value_parser = isrc_arg)]
    pub isrc: Option<[u8; 12]>,
    #[command(flatten)]
    pub licence: LicenceFlags,
}

pub fn run(ctx: &mut Context, args: RegisterArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let authority = wallet.pubkey();
    let content_hash = hash_audio_file(&args.audio).hint("check the --audio path")?;
    require_profile(ctx.client, &authority)?;
    let decimals = mint_decimals(
        ctx.client,
        &args.payment_mint,
        "payment mint",
        Some("--payment-mint"),
    )?;
    let price = price_in_base_units(args.price.as_deref(), args.price_base_units, decimals)?
        .unwrap_or_default();

    let track = pda::track(&content_hash).0;
    let register = ix::register_track_with_ledger(
        &authority,
        &args.payment_mint,
        RegisterTrackArgs {
            content_hash,
            isrc: args.isrc,
            metadata_uri: args.uri,
            terms: args.licence.apply(price, None),
        },
    );
    let signature = send(ctx.client, &register, &wallet, &[], &Known::track(&track))?;

    let stored = fetch_track(ctx.client, &track)?;
    Sent::new(signature, Viewer::new(ctx.client).view(&track, &stored))
        .emit(&mut ctx.printer, &format!("Registered track {track}"))
}
