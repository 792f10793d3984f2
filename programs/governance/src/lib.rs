//! Encore governance: protocol parameters behind a timelock, an emergency
//! pause per area, a two-step authority handover, and settler approvals
//! with slashable bonds. Nothing here can move escrowed or accrued user
//! funds: the only tokens it touches are settlers' own bonds.

use anchor_lang::prelude::*;

pub mod checks;
pub mod constants;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod state;

use instructions::*;
use state::ParamChange;

declare_id!("6G6CTkW6dihcGUq7r5u36cwLy1dphSmffBkmF6CBK54p");

#[program]
pub mod governance {
    use super::*;

    /// Creates the deployment's `ProtocolConfig`, once; the signer becomes the
    /// authority. Not front-runnable: the signer must be the upgrade authority
    /// recorded in this program's ProgramData account (the address derived
    /// from the program id under the upgradeable loader, owned by the loader),
    /// so initialize before making the program immutable. Native tests satisfy
    /// the same check by planting a genuine ProgramData account at that address
    /// in genesis (`encore_sdk::native::plant_program_data`); the check itself
    /// has no test-only path.
    /// Errors: NotUpgradeAuthority, AlreadyInitialized, InvalidTreasury,
    /// ProtocolFeeTooHigh, SettlerFeeTooHigh, InvalidWithdrawalNotice,
    /// InvalidReleasePeriod, InvalidTimelockDelay.
    pub fn initialize(ctx: Context<Initialize>, args: InitializeArgs) -> Result<()> {
        initialize::handler(ctx, args)
    }

    /// Authority only: step one of a handover (`None` withdraws the proposal).
    /// Errors: Unauthorized, AuthorityUnchanged, NoPendingAuthority.
    pub fn propose_authority(
        ctx: Context<ProposeAuthority>,
        new_authority: Option<Pubkey>,
    ) -> Result<()> {
        propose_authority::handler(ctx, new_authority)
    }

    /// Step two, signed by the proposed authority.
    /// Errors: NoPendingAuthority, WrongPendingAuthority.
    pub fn accept_authority(ctx: Context<AcceptAuthority>) -> Result<()> {
        accept_authority::handler(ctx)
    }

    /// Authority only, immediate: pauses or resumes new activity per area.
    /// Exits (withdrawals, unstake, claim) never read the flags.
    /// Errors: Unauthorized, PauseUnchanged.
    pub fn set_pause(ctx: Context<SetPause>, args: SetPauseArgs) -> Result<()> {
        set_pause::handler(ctx, args)
    }

    /// Authority only: records a change executable after the timelock delay.
    /// A slash needs the settler's record and reserves the amount from its bond.
    /// Errors: Unauthorized, the parameter's bound (ProtocolFeeTooHigh,
    /// SettlerFeeTooHigh, InvalidWithdrawalNotice, InvalidReleasePeriod,
    /// InvalidTimelockDelay, InvalidTreasury), InvalidSlashAmount,
    /// MissingSlashAccounts, SettlerMismatch, SlashExceedsBond.
    pub fn propose_change(ctx: Context<ProposeChange>, change: ParamChange) -> Result<()> {
        propose_change::handler(ctx, change)
    }

    /// Anyone, between the change's eta and eta + 14 days. A slash moves the
    /// amount from the bond vault to the treasury's token account.
    /// Errors: ChangeNotPending, TimelockNotElapsed, ChangeExpired,
    /// MissingSlashAccounts, SettlerMismatch, BondVaultMismatch,
    /// TreasuryAccountMismatch.
    pub fn execute_change(ctx: Context<ExecuteChange>) -> Result<()> {
        execute_change::handler(ctx)
    }

    /// The authority, or anyone once the change has expired; releases a
    /// slash's reservation. Errors: ChangeNotPending, Unauthorized,
    /// MissingSlashAccounts, SettlerMismatch.
    pub fn cancel_change(ctx: Context<CancelChange>) -> Result<()> {
        cancel_change::handler(ctx)
    }

    /// Signed by the settler: opens its record and bond vault in `bond_mint`.
    /// Errors: SettlerAlreadyRegistered.
    pub fn register_settler(ctx: Context<RegisterSettler>) -> Result<()> {
        register_settler::handler(ctx)
    }

    /// Signed by the settler: adds to its bond, at any time.
    /// Errors: Unauthorized, BondMintMismatch, InvalidBondAmount.
    pub fn post_bond(ctx: Context<PostBond>, amount: u64) -> Result<()> {
        post_bond::handler(ctx, amount)
    }

    /// Signed by the settler: takes back free bond once unapproved and one
    /// timelock delay past its latest revocation.
    /// Errors: Unauthorized, BondMintMismatch, InvalidBondAmount,
    /// SettlerStillApproved, BondLocked, InsufficientBond.
    pub fn withdraw_bond(ctx: Context<WithdrawBond>, amount: u64) -> Result<()> {
        withdraw_bond::handler(ctx, amount)
    }

    /// Authority only, immediate. Errors: Unauthorized, SettlerAlreadyApproved,
    /// InsufficientBond.
    pub fn approve_settler(ctx: Context<ApproveSettler>, args: ApproveSettlerArgs) -> Result<()> {
        approve_settler::handler(ctx, args)
    }

    /// Authority only, immediate. Errors: Unauthorized, SettlerNotApproved.
    pub fn revoke_settler(ctx: Context<RevokeSettler>) -> Result<()> {
        revoke_settler::handler(ctx)
    }

    /// stream_escrow's dispute authority only: holds free bond for a
    /// listener's dispute. Errors: NotDisputeAuthority, InsufficientBond.
    pub fn hold_for_dispute(ctx: Context<HoldForDispute>, amount: u64) -> Result<()> {
        dispute_hold::hold(ctx, amount)
    }

    /// stream_escrow's dispute authority only: ends a dispute's hold, paying
    /// a refund and a reward out of it; an upheld dispute suspends the settler.
    /// Errors: NotDisputeAuthority, HoldExceedsHeld, BondMintMismatch.
    pub fn end_dispute_hold(ctx: Context<EndDisputeHold>, args: EndDisputeHoldArgs) -> Result<()> {
        dispute_hold::end(ctx, args)
    }
}
