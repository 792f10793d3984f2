//! `encore shares unstake --track T --amount N`

use encore_sdk::instructions::shares as ix;
use encore_sdk::shares::SHARE_DECIMALS;
use encore_sdk::token;
use solana_signer::Signer;

use super::stake::AmountArgs;
use super::{amount_arg, hint, require_position, require_shares, PositionSent};
use crate::error::sent_with;
use crate::Context;

/// To the keypair's associated share account (created if needed). Works
/// while governance has paused new activity.
pub fn run(ctx: &mut Context, args: AmountArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let owner = wallet.pubkey();
    let config = require_shares(ctx.client, &args.track)?;
    let position = require_position(ctx.client, &args.track, &owner)?;
    let amount = amount_arg(&args.amount, SHARE_DECIMALS, "shares")?;
    let destination = token::associated_address(&owner, &config.share_mint);
    let ixs = [
        token::create_associated_idempotent(&owner, &owner, &config.share_mint),
        ix::unstake(&owner, &args.track, &destination, amount),
    ];
    let staked = token::ui_amount(position.stake.staked, SHARE_DECIMALS);
    let signature = sent_with(
        ctx.client.send_instructions(&ixs, &wallet, &[]),
        |name| match name {
            "UnstakeExceedsStake" => Some(format!(
                "the position has {staked} shares staked; unstake at most that"
            )),
            _ => hint(name, &args.track),
        },
    )?;
    PositionSent::emit(
        ctx,
        format!(
            "Unstaked {} shares of track {}",
            token::ui_amount(amount, SHARE_DECIMALS),
            args.track
        ),
        &args.track,
        &owner,
        signature.to_string(),
    )
}
