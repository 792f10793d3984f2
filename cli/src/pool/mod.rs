//! `encore pool ...`: constant-product pools of a track's royalty shares
//! against a payment token. Quotes, deposit costs and withdrawal proceeds
//! come from the program's own math (through the SDK), so what a command
//! quotes is what the chain executes, to the base unit.

use anyhow::{anyhow, Context as _};
use clap::{Subcommand, ValueEnum};
use encore_sdk::instructions::pool::{PoolKeys, SwapDirection};
use encore_sdk::pool::{self, Pool, LP_DECIMALS};
use encore_sdk::shares::SHARE_DECIMALS;
use encore_sdk::{token, EncoreClient, Pubkey};
use serde::Serialize;

use crate::error::{hinted, HintExt};
use crate::hints::Known;
use crate::units::{mint_decimals, parse_amount, Amount};
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

/// The one event of type `E` that `signature` logged for `pool`.
pub fn event<E: encore_sdk::events::Event + PoolEvent>(
    client: &dyn EncoreClient,
    signature: &str,
    pool: &Pubkey,
) -> anyhow::Result<E> {
    let parsed: encore_sdk::Signature = signature
        .parse()
        .with_context(|| format!("signature {signature}"))?;
    let logs = client.transaction_logs(&parsed)?;
    encore_sdk::events::decode::<E>(&logs)?
        .into_iter()
        .find(|e| e.pool() == *pool)
        .ok_or_else(|| {
            anyhow!(
                "transaction {signature} logged no {} event for pool {pool}",
                E::NAME
            )
        })
}

/// Pool events name their pool.
pub trait PoolEvent {
    const NAME: &'static str;
    fn pool(&self) -> Pubkey;
}

macro_rules! pool_events {
    ($($event:ident),*) => {
        $(impl PoolEvent for encore_sdk::royalty_pool::events::$event {
            const NAME: &'static str = stringify!($event);
            fn pool(&self) -> Pubkey {
                self.pool
            }
        })*
    };
}
pool_events!(Swapped, LiquidityDeposited, LiquidityWithdrawn);

impl Loaded {
    pub fn load(client: &dyn EncoreClient, address: &Pubkey) -> anyhow::Result<Self> {
        let pool = pool::pool_at(client, address)
            .with_context(|| format!("cannot load pool {address}"))
            .hint(
                "check the address; `encore pool show --track <TRACK> --quote-mint <MINT>` finds a pool by its pair",
            )?;
        let keys = PoolKeys::derive(&pool.track, &pool.quote_mint);
        let quote_decimals = mint_decimals(client, &pool.quote_mint, "quote mint", None)?;
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
        parse_amount(text, flag, side.name(), self.decimals(side))
    }
}

/// LP amounts always have [`LP_DECIMALS`].
pub fn lp(base_units: u64) -> Amount {
    Amount::new(base_units, LP_DECIMALS)
}

/// Parses an amount of LP tokens given as `flag`.
pub fn parse_lp(text: &str, flag: &str) -> anyhow::Result<u64> {
    parse_amount(text, flag, "LP tokens", LP_DECIMALS)
}

/// A result of the SDK's pool math, its named errors hinted.
pub fn priced<T>(result: encore_sdk::Result<T>, pool: Option<&Pubkey>) -> anyhow::Result<T> {
    hinted(result, &Known::pool(pool))
}
