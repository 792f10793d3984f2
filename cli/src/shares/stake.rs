//! `encore shares stake --track T --amount N`

use anyhow::anyhow;
use clap::Args;
use encore_sdk::instructions::shares as ix;
use encore_sdk::shares::{self, SHARE_DECIMALS};
use encore_sdk::{token, Pubkey};
use solana_signer::Signer;

use super::{parse_shares, require_shares, PositionView};
use crate::error::HintExt;
use crate::hints::Known;
use crate::send::{send, Sent};
use crate::Context;

#[derive(Args, Debug)]
pub struct AmountArgs {
    /// Track address
    #[arg(long, value_name = "TRACK")]
    pub track: Pubkey,
    /// Shares in UI units (6 decimals; a track has 1,000,000 shares)
    #[arg(long, value_name = "SHARES")]
    pub amount: String,
}

/// From the keypair's associated share account; opens the position in the
/// same transaction when it does not exist yet.
pub fn run(ctx: &mut Context, args: AmountArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let owner = wallet.pubkey();
    let config = require_shares(ctx.client, &args.track)?;
    let amount = parse_shares(&args.amount, "--amount")?;
    let source = token::associated_address(&owner, &config.share_mint);
    let held = token::balance(ctx.client, &source)?;
    if held < amount {
        return Err(anyhow!(
            "{owner} holds {} shares of track {}, fewer than {}",
            token::ui_amount(held, SHARE_DECIMALS),
            args.track,
            args.amount
        ))
        .with_hint(|| {
            format!(
                "shares come from the track's split (`encore shares show --track {}`) or a transfer",
                args.track
            )
        });
    }
    let mut ixs = Vec::new();
    if shares::position(ctx.client, &args.track, &owner)?.is_none() {
        ixs.push(ix::open_position(&owner, &owner, &args.track));
    }
    ixs.push(ix::stake(&owner, &args.track, &source, amount));
    let signature = send(ctx.client, &ixs, &wallet, &[], &Known::track(&args.track))?;
    Sent::new(
        signature,
        PositionView::load(ctx.client, &args.track, &owner)?,
    )
    .emit(
        &mut ctx.printer,
        &format!(
            "Staked {} shares of track {}",
            token::ui_amount(amount, SHARE_DECIMALS),
            args.track
        ),
    )
}
