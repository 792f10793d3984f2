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
    /// Register in one transaction, the audio's hash in the clear: anyone
    /// who sees it pending can copy it and land first. For local use; by
    /// default the track is registered in two transactions (a commitment,
    /// then its reveal a slot later) that no one can front-run.
    #[arg(long)]
    pub direct: bool,
    /// Register a derivative (a remix, a cover) of this track, whose terms
    /// must allow derivatives: every collection of this track's earnings
    /// then pays the parent its derivative share
    #[arg(long, value_name = "TRACK")]
    pub derivative_of: Option<Pubkey>,
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
    let register_args = RegisterTrackArgs {
        content_hash,
        isrc: args.isrc,
        metadata_uri: args.uri,
        terms: args.licence.apply(price, None),
    };
    let known = Known::track(&track);
    // Audio claimed already cannot be reclaimed by a commitment made now:
    // the one-step path lets the program refuse it by name.
    let claimed = encore_sdk::accounts::track_optional(ctx.client, &track)?.is_some();
    let parent = args.derivative_of.as_ref();
    if let Some(parent) = parent {
        let stored = encore_sdk::accounts::track_optional(ctx.client, parent)?;
        if stored.is_none() {
            return Err(anyhow::anyhow!(
                "--derivative-of {parent} is not a registered track"
            ))
            .hint("name the parent by its track address (`encore track list`)");
        }
    }
    let register = if args.direct || claimed {
        vec![
            ix::register_derivative(&authority, &args.payment_mint, register_args, parent),
            encore_sdk::instructions::escrow::open_ledger(&authority, &track),
        ]
    } else {
        // A commitment binding the audio to this wallet, then, in a later
        // slot, its reveal: a copy of either transaction gains nothing.
        let salt = encore_sdk::registry::new_salt();
        let commitment = encore_sdk::registry::commitment(&content_hash, &authority, &salt);
        send(
            ctx.client,
            &[ix::commit_registration(&authority, commitment)],
            &wallet,
            &[],
            &known,
        )?;
        let committed_at = ctx.client.clock()?.slot;
        ctx.client.wait_for_slot(committed_at)?;
        // Someone who saw the reveal coming may have registered the audio
        // since the commitment: the reveal reclaims it from them.
        let previous_artist = encore_sdk::accounts::track_optional(ctx.client, &track)?
            .filter(|t| t.authority != authority)
            .map(|t| t.artist);
        vec![
            ix::register_committed(
                &authority,
                &args.payment_mint,
                register_args,
                salt,
                previous_artist,
                parent,
            ),
            encore_sdk::instructions::escrow::open_ledger(&authority, &track),
        ]
    };
    let signature = send(ctx.client, &register, &wallet, &[], &known)?;

    let stored = fetch_track(ctx.client, &track)?;
    Sent::new(signature, Viewer::new(ctx.client).view(&track, &stored))
        .emit(&mut ctx.printer, &format!("Registered track {track}"))
}
