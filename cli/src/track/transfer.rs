//! `encore track transfer`: step one of a two-step ownership transfer.

use clap::Args;
use encore_sdk::instructions::registry as ix;
use encore_sdk::Pubkey;
use solana_signer::Signer;

use super::view::Viewer;
use super::{fetch_track, Sent};
use crate::error::sent;
use crate::output::key_values;
use crate::Context;

#[derive(Args, Debug)]
pub struct TransferArgs {
    /// Track address
    #[arg(value_name = "TRACK")]
    pub track: Pubkey,
    /// The proposed new owner's wallet; it accepts with `encore track accept`
    #[arg(
        long,
        value_name = "PUBKEY",
        required_unless_present = "cancel",
        conflicts_with = "cancel"
    )]
    pub to: Option<Pubkey>,
    /// Withdraw the pending proposal instead
    #[arg(long)]
    pub cancel: bool,
}

pub fn run(ctx: &mut Context, args: TransferArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let propose = ix::propose_transfer(&wallet.pubkey(), &args.track, args.to);
    let signature = sent(
        ctx.client.send_instructions(&[propose], &wallet, &[]),
        Some(&args.track),
    )?;

    let stored = fetch_track(ctx.client, &args.track)?;
    let result = Sent {
        signature: signature.to_string(),
        track: Viewer::new(ctx.client).view(&args.track, &stored),
    };
    ctx.printer.emit(&result, |out| {
        match args.to {
            Some(to) => {
                writeln!(out, "Proposed track {} to {to}", args.track)?;
                writeln!(
                    out,
                    "The new owner accepts with: encore track accept {}",
                    args.track
                )?;
            }
            None => writeln!(out, "Withdrew the transfer of track {}", args.track)?,
        }
        key_values(out, &[("Signature", result.signature.clone())])
    })
}
