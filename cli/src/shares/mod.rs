//! `encore shares ...`: a track's revenue as share tokens; staking and claims.

use anyhow::{anyhow, Context as _};
use clap::Subcommand;
use encore_sdk::instructions::shares::{self as ix, DISTRIBUTE_BATCH};
use encore_sdk::royalty_shares::state::{Position, RoyaltyConfig};
use encore_sdk::shares::{self, SHARE_DECIMALS};
use encore_sdk::{token, EncoreClient, Pubkey};
use solana_instruction::Instruction;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::error::{sent_with, HintExt};
use crate::units::Amount;
use crate::Context;

pub mod claim;
pub mod close;
pub mod create;
pub mod deposit_revenue;
pub mod distribute;
pub mod positions;
pub mod show;
pub mod stake;
pub mod unstake;
pub mod view;

pub use view::{Accounting, AllocationView, PositionNow, PositionSent, PositionView, SharesView};

#[derive(Subcommand, Debug)]
pub enum SharesCommand {
    /// Create a track's shares, split among recipients, and distribute them
    Create(create::CreateArgs),
    /// Mint the allocations `create` has not distributed yet (anyone may)
    Distribute(TrackArg),
    /// Show a track's shares: allocations, revenue, staking
    Show(TrackArg),
    /// Stake shares to earn the track's revenue (opens the position if needed)
    Stake(stake::AmountArgs),
    /// Take staked shares back
    Unstake(stake::AmountArgs),
    /// Claim the revenue the keypair's position has earned
    Claim(TrackArg),
    /// Close the keypair's empty position; its rent returns to whoever paid it
    Close(TrackArg),
    /// List a wallet's positions with what each can claim now
    Positions(positions::PositionsArgs),
    /// Add revenue to a track (tips, licensing income), released to stakers over time
    DepositRevenue(deposit_revenue::DepositArgs),
}

impl SharesCommand {
    pub fn run(self, ctx: &mut Context) -> anyhow::Result<()> {
        match self {
            SharesCommand::Create(args) => create::run(ctx, args),
            SharesCommand::Distribute(args) => distribute::run(ctx, args),
            SharesCommand::Show(args) => show::run(ctx, args),
            SharesCommand::Stake(args) => stake::run(ctx, args),
            SharesCommand::Unstake(args) => unstake::run(ctx, args),
            SharesCommand::Claim(args) => claim::run(ctx, args),
            SharesCommand::Close(args) => close::run(ctx, args),
            SharesCommand::Positions(args) => positions::run(ctx, args),
            SharesCommand::DepositRevenue(args) => deposit_revenue::run(ctx, args),
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct TrackArg {
    /// Track address
    #[arg(long, value_name = "TRACK")]
    pub track: Pubkey,
}

/// A track's royalty config, or an error saying how its shares come to be.
pub fn require_shares(client: &dyn EncoreClient, track: &Pubkey) -> anyhow::Result<RoyaltyConfig> {
    shares::config(client, track)
        .with_context(|| format!("cannot load the shares of track {track}"))?
        .ok_or_else(|| anyhow!("track {track} has no royalty shares"))
        .hint("the track's authority creates them with `encore shares create --track <TRACK> --split <ADDRESS:BPS> ...`")
}

/// Hints for royalty errors, with the track filled in.
pub fn hint(name: &str, track: &Pubkey) -> Option<String> {
    Some(match name {
        "SharesAlreadyCreated" => {
            format!("see them with `encore shares show --track {track}`")
        }
        "NotTrackAuthority" => "sign with the track's authority keypair (-k)".into(),
        "TrackRetired" => "a retired track cannot issue shares".into(),
        "WrongPaymentMint" | "WrongMint" => {
            "a token account given is not in the expected mint; check the addresses".into()
        }
        "ZeroAmount" => "pass an amount greater than zero".into(),
        "NothingToClaim" => "revenue is released over governance's release period; \
                             `encore shares positions` shows what each position can claim"
            .into(),
        "UnstakeExceedsStake" => "`encore shares positions` shows what is staked".into(),
        "PositionNotEmpty" => "unstake and claim everything first".into(),
        "Paused" => "governance has paused new activity in the registry area; \
                     `encore gov show` shows the pause flags (unstake and claim still work)"
            .into(),
        "UnknownRecipientAccount" => {
            format!("`encore shares show --track {track}` lists the recipients")
        }
        _ => return None,
    })
}

/// Sends, hinting royalty errors for `track`.
pub fn send(
    ctx: &Context,
    ixs: &[Instruction],
    wallet: &Keypair,
    track: &Pubkey,
) -> anyhow::Result<String> {
    sent_with(ctx.client.send_instructions(ixs, wallet, &[]), |name| {
        hint(name, track)
    })
    .map(|s| s.to_string())
}

/// Mints every allocation not yet distributed, [`DISTRIBUTE_BATCH`]
/// recipients a transaction, paid by `payer`. Returns the signatures.
pub fn distribute_all(
    client: &dyn EncoreClient,
    payer: &Keypair,
    track: &Pubkey,
) -> anyhow::Result<Vec<String>> {
    let config = require_shares(client, track)?;
    let waiting: Vec<Pubkey> = config
        .allocations
        .iter()
        .filter(|a| !a.distributed)
        .map(|a| a.recipient)
        .collect();
    let mut signatures = Vec::new();
    for batch in waiting.chunks(DISTRIBUTE_BATCH) {
        let ixs = ix::distribute_shares(&payer.pubkey(), track, batch);
        let signature = sent_with(client.send_instructions(&ixs, payer, &[]), |name| {
            hint(name, track)
        })?;
        signatures.push(signature.to_string());
    }
    Ok(signatures)
}

/// Decimals of `mint`, with a hint when it cannot be read.
pub fn decimals(client: &dyn EncoreClient, mint: &Pubkey) -> anyhow::Result<u8> {
    Ok(token::mint_info(client, mint)
        .with_context(|| format!("cannot read mint {mint}"))?
        .decimals)
}

/// Share amounts always have [`SHARE_DECIMALS`].
pub fn share_amount(amount: u64) -> Amount {
    Amount::new(amount, SHARE_DECIMALS)
}

/// Parses `--amount` in UI units with `decimals`.
pub fn amount_arg(text: &str, decimals: u8, what: &str) -> anyhow::Result<u64> {
    token::parse_ui_amount(text, decimals).with_hint(|| {
        format!(
            "--amount is in UI units of {what}, which has {decimals} decimals (e.g. --amount 1.5)"
        )
    })
}

/// `owner`'s position in `track`, or an error saying how to open one.
pub fn require_position(
    client: &dyn EncoreClient,
    track: &Pubkey,
    owner: &Pubkey,
) -> anyhow::Result<Position> {
    shares::position(client, track, owner)?
        .ok_or_else(|| anyhow!("{owner} has no position in track {track}"))
        .with_hint(|| {
            format!("stake shares first: `encore shares stake --track {track} --amount <SHARES>`")
        })
}
