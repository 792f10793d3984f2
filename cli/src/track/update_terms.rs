//! `encore track update-terms`

use anyhow::anyhow;
use clap::Args;
use encore_sdk::instructions::registry as ix;
use encore_sdk::track_registry::instructions::UpdateTermsArgs as ProgramArgs;
use encore_sdk::Pubkey;
use solana_signer::Signer;

use super::terms::{price_in_base_units, LicenceFlags};
use super::view::Viewer;
use super::{fetch_track, with_ledger_sync, Changed};
use crate::error::HintExt;
use crate::hints::Known;
use crate::output::Rows;
use crate::send::{send, Sent};
use crate::Context;

/// Options left out keep their current on-chain values. The payment mint never changes.
#[derive(Args, Debug)]
pub struct UpdateTermsArgs {
    /// Track address
    #[arg(value_name = "TRACK")]
    pub track: Pubkey,
    /// New price of one play in UI units of the payment mint (e.g. 0.25)
    #[arg(long, value_name = "AMOUNT", conflicts_with = "price_base_units")]
    pub price: Option<String>,
    /// New price of one play in base units of the payment mint
    #[arg(long, value_name = "N")]
    pub price_base_units: Option<u64>,
    /// New metadata URI, up to 200 bytes
    #[arg(long, value_name = "URI")]
    pub uri: Option<String>,
    #[command(flatten)]
    pub licence: LicenceFlags,
}

pub fn run(ctx: &mut Context, args: UpdateTermsArgs) -> anyhow::Result<()> {
    if args.price.is_none()
        && args.price_base_units.is_none()
        && args.uri.is_none()
        && args.licence.is_empty()
    {
        return Err(anyhow!("nothing to update")).hint(
            "pass --price, --price-base-units, --uri, --allow-remix[=BOOL], --allow-commercial[=BOOL], \
             --allow-derivative[=BOOL] or --derivative-share-bps",
        );
    }
    let wallet = ctx.keypair()?;
    let current = fetch_track(ctx.client, &args.track)?;
    let mut viewer = Viewer::new(ctx.client);
    let price = match (&args.price, args.price_base_units) {
        (None, None) => current.terms.price_per_play,
        (price, base_units) => {
            let decimals = viewer
                .decimals(&current.terms.payment_mint)
                .ok_or_else(|| {
                    anyhow!(
                        "cannot read the decimals of payment mint {}",
                        current.terms.payment_mint
                    )
                })
                .hint("pass --price-base-units instead of --price")?;
            price_in_base_units(price.as_deref(), base_units, decimals)?
                .unwrap_or(current.terms.price_per_play)
        }
    };
    let update = ix::update_terms(
        &wallet.pubkey(),
        &args.track,
        ProgramArgs {
            terms: args.licence.apply(price, Some(&current.terms)),
            metadata_uri: args.uri,
        },
    );
    let instructions = with_ledger_sync(ctx.client, &args.track, update)?;
    let signature = send(
        ctx.client,
        &instructions,
        &wallet,
        &[],
        &Known::track(&args.track),
    )?;

    let stored = fetch_track(ctx.client, &args.track)?;
    let result = Sent::new(
        signature,
        Changed::new(
            ctx.client,
            viewer.view(&args.track, &stored),
            &args.track,
            instructions.len() > 1,
        ),
    );
    let changed = &result.view;
    let headline = format!(
        "Updated the terms of track {} (version {})",
        changed.track.track, changed.track.terms_version
    );
    let mut rows = changed.track.rows();
    rows.push(changed.ledger_row());
    result.emit_rows(&mut ctx.printer, &headline, rows)
}
