//! `encore shares ...`: a track's revenue as share tokens; staking and claims.

use anyhow::{anyhow, Context as _};
use clap::Subcommand;
use encore_sdk::instructions::shares::{self as ix, DISTRIBUTE_BATCH};
use encore_sdk::royalty_shares::state::{Position, RoyaltyConfig};
use encore_sdk::shares::{self, SHARE_DECIMALS};
use encore_sdk::{EncoreClient, Pubkey};
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::error::HintExt;
use crate::hints::Known;
use crate::send::send;
use crate::units::{mint_decimals, parse_amount, Amount};
use crate::Context;

pub mod claim;
pub mod close;
pub mod create;
pub mod deposit_revenue;
pub mod distribute;
pub mod holders;
pub mod positions;
pub mod show;
pub mod stake;
pub mod unstake;
pub mod view;

pub use view::{Accounting, AllocationView, PositionNow, PositionView, SharesView};

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
    /// Who holds a track's shares: staked, in wallets, in pools
    Holders(TrackArg),
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
            SharesCommand::Holders(args) => holders::run(ctx, args),
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

/// Stakes every allocation not yet distributed in its holder's position,
/// [`DISTRIBUTE_BATCH`] recipients a transaction, paid by `payer`. Returns the signatures.
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
        let ixs = [ix::distribute_shares(&payer.pubkey(), track, batch)];
        signatures.push(send(client, &ixs, payer, &[], &Known::track(track))?);
    }
    Ok(signatures)
}

/// The decimals of the payment mint a track's revenue is in.
pub fn revenue_decimals(client: &dyn EncoreClient, config: &RoyaltyConfig) -> anyhow::Result<u8> {
    mint_decimals(client, &config.payment_mint, "payment mint", None)
}

/// Share amounts always have [`SHARE_DECIMALS`].
pub fn share_amount(amount: u64) -> Amount {
    Amount::new(amount, SHARE_DECIMALS)
}

/// Parses a number of shares given as `flag`.
pub fn parse_shares(text: &str, flag: &str) -> anyhow::Result<u64> {
    parse_amount(text, flag, "shares", SHARE_DECIMALS)
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

/// Shares a wallet can spend in one transaction: what its associated
/// account holds, plus what it has staked, since distributed shares start
/// staked. `unstake` brings out the part beyond the account's balance.
pub struct Spendable {
    pub held: u64,
    pub staked: u64,
}

impl Spendable {
    pub fn load(client: &dyn EncoreClient, owner: &Pubkey, track: &Pubkey) -> anyhow::Result<Self> {
        let share_mint = encore_sdk::pda::share_mint(track).0;
        let held = encore_sdk::token::balance(
            client,
            &encore_sdk::token::associated_address(owner, &share_mint),
        )?;
        let staked = shares::position(client, track, owner)?.map_or(0, |p| p.stake.staked);
        Ok(Self { held, staked })
    }

    pub fn total(&self) -> u64 {
        self.held.saturating_add(self.staked)
    }

    /// The instructions that put `needed` shares in the owner's associated
    /// account, unstaking the shortfall (none if it already holds them).
    pub fn bring_out(
        &self,
        owner: &Pubkey,
        track: &Pubkey,
        needed: u64,
    ) -> Vec<solana_instruction::Instruction> {
        let shortfall = needed.saturating_sub(self.held).min(self.staked);
        if shortfall == 0 {
            return Vec::new();
        }
        let share_mint = encore_sdk::pda::share_mint(track).0;
        let account = encore_sdk::token::associated_address(owner, &share_mint);
        vec![
            encore_sdk::token::create_associated_idempotent(owner, owner, &share_mint),
            ix::unstake(owner, track, &account, shortfall),
        ]
    }
}
