//! Encore royalty shares: each track's future revenue as a fixed-supply SPL
//! share token, split exactly among collaborators, earning the track's
//! revenue through time-weighted staking.

use anchor_lang::prelude::*;

pub mod constants;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod math;
pub mod state;

use instructions::*;
use math::Split;

declare_id!("D1rpRDNBr8Ptvp8WaeqdaeAFaRQGTBdDrcrUAdzvDG8b");

#[program]
pub mod royalty_shares {
    use super::*;

    /// Track authority only, once per track: creates the share mint (6
    /// decimals, 1,000,000 shares), the revenue and share vaults, fixes each
    /// recipient's allocation (largest remainder) and records the mint in the
    /// registry. Errors: NotTrackAuthority, SharesAlreadyCreated, TrackRetired,
    /// WrongPaymentMint, InvalidRecipientCount, ZeroBps, DuplicateRecipient,
    /// InvalidSplitTotal, Paused, ClaimNotSettled (in the slot the track was claimed).
    pub fn create_shares(ctx: Context<CreateShares>, splits: Vec<Split>) -> Result<()> {
        create_shares::handler(ctx, splits)
    }

    /// Anyone: stakes the allocations of the recipients whose positions are
    /// passed as remaining accounts (opened here, paid by `payer`, if they
    /// do not exist), so distributed shares earn at once; the last one
    /// removes the mint authority and starts the revenue schedule.
    /// Errors: UnknownRecipientAccount, WrongMint.
    pub fn distribute_shares<'info>(ctx: Context<'info, DistributeShares<'info>>) -> Result<()> {
        distribute_shares::handler(ctx)
    }

    /// Anyone: adds revenue, released over governance's release period.
    /// Errors: ZeroAmount, WrongMint.
    pub fn deposit_revenue(ctx: Context<DepositRevenue>, amount: u64) -> Result<()> {
        deposit_revenue::handler(ctx, amount)
    }

    /// Anyone (a crank): collects the track's settled earnings from the
    /// streaming escrow into the revenue vault, and releases everything new
    /// in the vault (collected earnings, direct transfers) to stakers.
    /// Errors: NothingToHarvest, and the escrow's collect errors.
    pub fn harvest(ctx: Context<Harvest>) -> Result<()> {
        harvest::handler(ctx)
    }

    /// Opens `owner`'s position for a track; the payer gets the rent back on close.
    pub fn open_position(ctx: Context<OpenPosition>) -> Result<()> {
        open_position::handler(ctx)
    }

    /// Owner only. Errors: ZeroAmount, WrongMint, Paused.
    pub fn stake(ctx: Context<StakeShares>, amount: u64) -> Result<()> {
        stake::handler(ctx, amount)
    }

    /// Owner only: stakes what `source` holds above `keep` (what a swap in
    /// the same transaction bought). Errors: ZeroAmount (nothing above
    /// `keep`), Paused, WrongMint.
    pub fn stake_above(ctx: Context<StakeShares>, keep: u64) -> Result<()> {
        stake::above(ctx, keep)
    }

    /// Owner only; works while paused. Errors: ZeroAmount, UnstakeExceedsStake, WrongMint.
    pub fn unstake(ctx: Context<UnstakeShares>, amount: u64) -> Result<()> {
        unstake::handler(ctx, amount)
    }

    /// Owner only; works while paused. Errors: NothingToClaim, WrongMint.
    pub fn claim(ctx: Context<Claim>) -> Result<()> {
        claim::handler(ctx)
    }

    /// A royalty pool only (its PDA signs): pays the pool what its share
    /// reserve earned into `earnings_vault` and sets the pool's position to
    /// `reserve`. Errors: NotAPool, WrongMint.
    pub fn sync_pool(ctx: Context<SyncPool>, pool_bump: u8, reserve: u64) -> Result<()> {
        sync_pool::handler(ctx, pool_bump, reserve)
    }

    /// Owner only: closes an empty position, rent to its payer. Errors: PositionNotEmpty.
    pub fn close_position(ctx: Context<ClosePosition>) -> Result<()> {
        close_position::handler(ctx)
    }
}
