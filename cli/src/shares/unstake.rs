//! `encore shares unstake --track T --amount N`

use encore_sdk::instructions::shares as ix;
use encore_sdk::shares::SHARE_DECIMALS;
use encore_sdk::{royalty_shares, token};
use solana_signer::Signer;

use super::stake::AmountArgs;
use super::{parse_shares, require_position, require_shares, PositionView};
use crate::hints::Known;
use crate::send::{send_with, Sent};
use crate::Context;

/// To the keypair's associated share account (created if needed). Works
/// while governance has paused new activity.
pub fn run(ctx: &mut Context, args: AmountArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let owner = wallet.pubkey();
    let config = require_shares(ctx.client, &args.track)?;
    let position = require_position(ctx.client, &args.track, &owner)?;
    let amount = parse_shares(&args.amount, "--amount")?;
    let destination = token::associated_address(&owner, &config.share_mint);
    let ixs = [
        token::create_associated_idempotent(&owner, &owner, &config.share_mint),
        ix::unstake(&owner, &args.track, &destination, amount),
    ];
    let staked = token::ui_amount(position.stake.staked, SHARE_DECIMALS);
    let signature = send_with(
        ctx.client,
        &ixs,
        &wallet,
        &[],
        &Known::track(&args.track),
        |err| match err.name_in(&royalty_shares::ID) {
            Some("UnstakeExceedsStake") => Some(format!(
                "the position has {staked} shares staked; unstake at most that"
            )),
            _ => None,
        },
    )?;
    Sent::new(
        signature,
        PositionView::load(ctx.client, &args.track, &owner)?,
    )
    .emit(
        &mut ctx.printer,
        &format!(
            "Unstaked {} shares of track {}",
            token::ui_amount(amount, SHARE_DECIMALS),
            args.track
        ),
    )
}
