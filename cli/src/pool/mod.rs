//! `encore pool ...`: constant-product pools of a track's royalty shares
//! against a payment token. Quotes, deposit costs and withdrawal proceeds
//! come from the program's own math (through the SDK), so what a command
//! quotes is what the chain executes, to the base unit.

use anyhow::Context as _;
use clap::{Subcommand, ValueEnum};
use encore_sdk::instructions::pool::{PoolKeys, SwapDirection};
use encore_sdk::pool::{self, Pool, LP_DECIMALS};
use encore_sdk::shares::SHARE_DECIMALS;
use encore_sdk::{token, EncoreClient, Pubkey};
use serde::Serialize;
use solana_instruction::Instruction;
use solana_keypair::Keypair;

use crate::error::{sent_with, HintExt};
use crate::shares::decimals;
use crate::units::Amount;
use crate::Context;

pub mod collect_fees;
pub mod create;
pub mod deposit;
pub mod quote;
pub mod show;
pub mod swap;
pub mod view;
pub mod withdraw;

pub use view::PoolView;

/// The slippage tolerance commands apply when no explicit bound is given.
pub const DEFAULT_SLIPPAGE_BPS: &str = "50";

#[derive(Subcommand, Debug)]
pub enum PoolCommand {
    /// Open the pool of a track's shares against a quote mint, with the opening deposit
    Create(create::CreateArgs),
    /// Show a pool: reserves, LP supply, fee, protocol fees, spot price, price accumulators
    Show(show::ShowArgs),
    /// Add liquidity: mint LP tokens for shares and quote at the pool's ratio
    Deposit(deposit::DepositArgs),
    /// Remove liquidity: burn LP tokens for shares and quote
    Withdraw(withdraw::WithdrawArgs),
    /// Trade shares for quote or quote for shares
    Swap(swap::SwapArgs),
    /// Price a trade against a pool on chain, or against given reserves offline
    Quote(quote::QuoteArgs),
    /// Pay the pool's accrued protocol fees to governance's treasury (anyone may)
    CollectFees(PoolArg),
}

impl PoolCommand {
    pub fn run(self, ctx: &mut Context) -> anyhow::Result<()> {
        match self {
            PoolCommand::Create(args) => create::run(ctx, args),
            PoolCommand::Show(args) => show::run(ctx, args),
            PoolCommand::Deposit(args) => deposit::run(ctx, args),
            PoolCommand::Withdraw(args) => withdraw::run(ctx, args),
            PoolCommand::Swap(args) => swap::run(ctx, args),
            PoolCommand::Quote(args) => quote::run(ctx, args),
            PoolCommand::CollectFees(args) => collect_fees::run(ctx, args),
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct PoolArg {
    /// Pool address (`encore pool show --track T --quote-mint M` finds it)
    #[arg(long, value_name = "POOL")]
    pub pool: Pubkey,
}

/// The side of a pool a trader gives.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// Sell shares for quote
    Shares,
    /// Sell quote for shares
    Quote,
}

impl Side {
    pub fn direction(self) -> SwapDirection {
        match self {
            Side::Shares => SwapDirection::SellShares,
            Side::Quote => SwapDirection::SellQuote,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Side::Shares => "shares",
            Side::Quote => "quote",
        }
    }

    pub fn other(self) -> Side {
        match self {
            Side::Shares => Side::Quote,
            Side::Quote => Side::Shares,
        }
    }
}

/// A pool read from the chain with what commands need beside it.
pub struct Loaded {
    pub address: Pubkey,
    pub pool: Pool,
    pub keys: PoolKeys,
    pub quote_decimals: u8,
}

impl Loaded {
    pub fn load(client: &dyn EncoreClient, address: &Pubkey) -> anyhow::Result<Self> {
        let pool = pool::pool_at(client, address)
            .with_context(|| format!("cannot load pool {address}"))
            .hint(
                "check the address; `encore pool show --track <TRACK> --quote-mint <MINT>` finds a pool by its pair",
            )?;
        let keys = PoolKeys::derive(&pool.share_mint, &pool.quote_mint);
        let quote_decimals = decimals(client, &pool.quote_mint)?;
        Ok(Self {
            address: *address,
            pool,
            keys,
            quote_decimals,
        })
    }

    pub fn decimals(&self, side: Side) -> u8 {
        match side {
            Side::Shares => SHARE_DECIMALS,
            Side::Quote => self.quote_decimals,
        }
    }

    pub fn mint(&self, side: Side) -> Pubkey {
        match side {
            Side::Shares => self.pool.share_mint,
            Side::Quote => self.pool.quote_mint,
        }
    }

    /// `base_units` of `side` as printed.
    pub fn amount(&self, side: Side, base_units: u64) -> Amount {
        Amount::new(base_units, self.decimals(side))
    }

    /// `owner`'s associated-account balance of `side`.
    pub fn balance(
        &self,
        client: &dyn EncoreClient,
        owner: &Pubkey,
        side: Side,
    ) -> anyhow::Result<u64> {
        Ok(token::balance(
            client,
            &token::associated_address(owner, &self.mint(side)),
        )?)
    }

    pub fn lp_balance(&self, client: &dyn EncoreClient, owner: &Pubkey) -> anyhow::Result<u64> {
        Ok(token::balance(
            client,
            &token::associated_address(owner, &self.keys.lp_mint),
        )?)
    }

    /// Parses a UI amount of `side`, naming `flag` in the hint.
    pub fn parse(&self, text: &str, side: Side, flag: &str) -> anyhow::Result<u64> {
        ui_arg(text, self.decimals(side), flag, side.name())
    }
}

/// LP amounts always have [`LP_DECIMALS`].
pub fn lp(base_units: u64) -> Amount {
    Amount::new(base_units, LP_DECIMALS)
}

/// Parses a UI amount of `what` (which has `decimals`) given as `flag`.
pub fn ui_arg(text: &str, decimals: u8, flag: &str, what: &str) -> anyhow::Result<u64> {
    token::parse_ui_amount(text, decimals).with_hint(|| {
        format!("{flag} is in UI units of {what}, which has {decimals} decimals (e.g. {flag} 1.5)")
    })
}

/// Hints for pool errors, with the pool filled in when known.
pub fn hint(name: &str, pool: Option<&Pubkey>) -> Option<String> {
    let show = match pool {
        Some(pool) => format!("`encore pool show --pool {pool}`"),
        None => "`encore pool show`".to_string(),
    };
    Some(match name {
        "InsufficientOutput" => format!(
            "price moved; raise --slippage-bps or retry ({show} shows the current reserves)"
        ),
        "ExcessiveInput" => format!(
            "price moved; raise --slippage-bps (or the --max-* bound you gave) or retry ({show} shows the current reserves)"
        ),
        "Paused" => "governance has paused the pools (new pools, swaps, deposits); withdrawals \
                     and fee collection still work; `encore gov show` shows the pause flags"
            .into(),
        "PoolAlreadyExists" => format!("the pair already has a pool: {show}; add to it with `encore pool deposit`"),
        "NotRoyaltyShareMint" => "the share mint must be the track's royalty share mint".into(),
        "NotTrackAuthority" => "the track's authority approves its market: sign with it \
                                (-k, or --track-authority on `encore pool create`)"
            .into(),
        "WrongTrack" => "the track account must be the one the shares belong to".into(),
        "SameMint" => "the quote mint must differ from the share mint".into(),
        "FeeTooHigh" => "--fee-bps is at most 1000 (10%)".into(),
        "ZeroAmount" => "pass an amount greater than zero".into(),
        "InsufficientInitialLiquidity" => {
            "the opening deposit is too small: sqrt(shares x quote), in base units, must exceed 1000"
                .into()
        }
        "InsufficientLiquidity" => format!(
            "the pool cannot pay that much (and its locked minimum cannot be withdrawn); {show} shows the reserves"
        ),
        "ZeroOutput" => "the amount is too small to buy one base unit; trade more".into(),
        "InsufficientFunds" => {
            "the keypair's token account holds too little of what it pays; check its balances in the pool's mints"
                .into()
        }
        "NothingToCollect" => format!("no protocol fees have accrued since the last collection; {show} shows them"),
        "WrongTreasuryAccount" => {
            "the treasury's token accounts must be its associated accounts; `encore gov show` names the treasury"
                .into()
        }
        "WrongMint" | "WrongVault" | "WrongLpMint" => {
            "an account given does not belong to this pool; check the addresses".into()
        }
        _ => return None,
    })
}

/// Sends `ixs` signed by `wallet`, hinting pool errors.
pub fn send(
    ctx: &Context,
    ixs: &[Instruction],
    wallet: &Keypair,
    pool: &Pubkey,
) -> anyhow::Result<String> {
    send_signed(ctx, ixs, wallet, &[], pool)
}

/// [`send`] with more signers than the paying keypair.
pub fn send_signed(
    ctx: &Context,
    ixs: &[Instruction],
    wallet: &Keypair,
    signers: &[&Keypair],
    pool: &Pubkey,
) -> anyhow::Result<String> {
    sent_with(ctx.client.send_instructions(ixs, wallet, signers), |name| {
        hint(name, Some(pool))
    })
    .map(|s| s.to_string())
}

/// A result of the SDK's pool math, its named errors hinted.
pub fn priced<T>(result: encore_sdk::Result<T>, pool: Option<&Pubkey>) -> anyhow::Result<T> {
    sent_with(result, |name| hint(name, pool))
}
