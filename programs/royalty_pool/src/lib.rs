//! Encore royalty pool: constant-product pools of a track's royalty shares
//! against a payment token, so investors can trade shares and artists can
//! find liquidity. One pool per (share mint, quote mint); reserves kept on
//! the pool's own books; fees on the input, part of them to the protocol;
//! a time-weighted price accumulator for TWAPs.

use anchor_lang::prelude::*;

pub mod constants;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod math;
pub mod state;

use instructions::*;

declare_id!("6epvHL2JKusNjoQsfDVt2swe7GWvU3Ci3x7T7VpDe5SE");

#[program]
pub mod royalty_pool {
    use super::*;

    /// Anyone holding shares, once per pair: creates the pool, its LP mint
    /// and vaults, takes the opening deposit and mints
    /// `floor(sqrt(share × quote)) - 1,000` LP units to the creator's
    /// associated account (1,000 stay locked). `royalty` must be the
    /// `RoyaltyConfig` whose share mint is `share_mint`; the track's
    /// authority co-signs (or is the creator).
    /// Errors: PoolAlreadyExists, NotRoyaltyShareMint, WrongTrack,
    /// NotTrackAuthority, SameMint, Paused, FeeTooHigh, ZeroAmount,
    /// InsufficientInitialLiquidity, WrongMint, InsufficientFunds.
    pub fn create_pool(ctx: Context<CreatePool>, args: CreatePoolArgs) -> Result<()> {
        create_pool::handler(ctx, args)
    }

    /// Anyone: mints exactly `lp_amount` LP units for `ceil(lp × R / L)` of
    /// each reserve, at most `max_share` and `max_quote`.
    /// Errors: ZeroAmount, Paused, ExcessiveInput, InsufficientFunds,
    /// WrongMint, WrongVault, WrongLpMint.
    pub fn deposit(ctx: Context<Deposit>, args: DepositArgs) -> Result<()> {
        deposit::handler(ctx, args)
    }

    /// LP holder: burns `lp_amount` for `floor(lp × R / L)` of each reserve,
    /// at least `min_share` and `min_quote`. Works while paused.
    /// Errors: ZeroAmount, InsufficientFunds, InsufficientOutput, WrongMint,
    /// WrongVault, WrongLpMint.
    pub fn withdraw(ctx: Context<Withdraw>, args: WithdrawArgs) -> Result<()> {
        withdraw::handler(ctx, args)
    }

    /// Trader: sells exactly `amount_in` of the side `direction` names.
    /// Errors: ZeroAmount, Paused, ZeroOutput, InsufficientOutput,
    /// InsufficientFunds, WrongMint, WrongVault.
    pub fn swap_exact_in(ctx: Context<Swap>, args: SwapExactInArgs) -> Result<()> {
        swap::exact_in_handler(ctx, args)
    }

    /// Trader: buys exactly `amount_out` of the other side, paying the least
    /// input that covers it (rounded up).
    /// Errors: ZeroAmount, Paused, InsufficientLiquidity, ExcessiveInput,
    /// InsufficientFunds, WrongMint, WrongVault.
    pub fn swap_exact_out(ctx: Context<Swap>, args: SwapExactOutArgs) -> Result<()> {
        swap::exact_out_handler(ctx, args)
    }

    /// Anyone (a crank): pays accrued protocol fees, both sides, to the
    /// treasury's token accounts. Works while paused.
    /// Errors: NothingToCollect, WrongTreasuryAccount, WrongVault.
    pub fn collect_protocol_fees(ctx: Context<CollectProtocolFees>) -> Result<()> {
        collect_protocol_fees::handler(ctx)
    }
}
