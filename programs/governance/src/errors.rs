use anchor_lang::prelude::*;

/// Governance errors. Append only: the codes (6000 + position) are a public interface.
#[error_code]
pub enum GovernanceError {
    #[msg("signer is not the upgrade authority recorded in this program's ProgramData")]
    NotUpgradeAuthority,
    #[msg("the protocol config is already initialized")]
    AlreadyInitialized,
    #[msg("signer is not the governance authority")]
    Unauthorized,
    #[msg("protocol fee must be at most 1000 bps")]
    ProtocolFeeTooHigh,
    #[msg("maximum settler fee must be at most 500 bps")]
    SettlerFeeTooHigh,
    #[msg("withdrawal notice must be between 1 second and 7 days")]
    InvalidWithdrawalNotice,
    #[msg("royalty release period must be between 1 day and 90 days")]
    InvalidReleasePeriod,
    #[msg("timelock delay must be between 1 second and 30 days")]
    InvalidTimelockDelay,
    #[msg("treasury must not be the default address")]
    InvalidTreasury,
    #[msg("the change's timelock has not elapsed yet")]
    TimelockNotElapsed,
    #[msg("the change was not executed within its grace period; cancel it")]
    ChangeExpired,
    #[msg("the change was already executed or cancelled")]
    ChangeNotPending,
    #[msg("there is no pending authority")]
    NoPendingAuthority,
    #[msg("signer is not the pending authority")]
    WrongPendingAuthority,
    #[msg("the proposed authority is already the authority")]
    AuthorityUnchanged,
    #[msg("the pause flags would not change")]
    PauseUnchanged,
    #[msg("settler is already approved")]
    SettlerAlreadyApproved,
    #[msg("settler is not approved")]
    SettlerNotApproved,
    #[msg("settler is still approved; its bond is locked until it is revoked")]
    SettlerStillApproved,
    #[msg("settler's free bond is smaller than required")]
    InsufficientBond,
    #[msg("bond amount must be greater than zero")]
    InvalidBondAmount,
    #[msg("bond stays locked for one timelock delay after revocation")]
    BondLocked,
    #[msg("token account is not in the settler's bond mint")]
    BondMintMismatch,
    #[msg("slash amount must be greater than zero")]
    InvalidSlashAmount,
    #[msg("slash amount exceeds the settler's bond not already reserved by pending slashes")]
    SlashExceedsBond,
    #[msg("a slash needs the settler, bond vault, treasury token account and token program")]
    MissingSlashAccounts,
    #[msg("settler account does not belong to the settler named in the change")]
    SettlerMismatch,
    #[msg("bond vault is not the settler's")]
    BondVaultMismatch,
    #[msg("token account is not the treasury's account in the bond mint")]
    TreasuryAccountMismatch,
    #[msg("this wallet is already a registered settler")]
    SettlerAlreadyRegistered,
    #[msg("arithmetic overflow")]
    MathOverflow,
    #[msg("the challenge window must be 1 second to 7 days")]
    InvalidChallengeWindow,
    #[msg("the minimum bond ratio must be 10000 to 50000 bps")]
    InvalidBondRatio,
    #[msg("the dispute deposit is at most 10 SOL")]
    InvalidDisputeDeposit,
    #[msg("the dispute reward is at most 5000 bps of the excess")]
    InvalidDisputeReward,
    #[msg("only the escrow's dispute authority may hold or slash a bond for a dispute")]
    NotDisputeAuthority,
    #[msg("the hold released is more than the disputes hold")]
    HoldExceedsHeld,
    #[msg("the timelock may not be shorter than the withdrawal notice: listeners must be able to leave before a change lands")]
    TimelockShorterThanNotice,
}

impl GovernanceError {
    /// Every variant in code order, so clients can name an error from its code.
    pub const ALL: &'static [GovernanceError] = &[
        GovernanceError::NotUpgradeAuthority,
        GovernanceError::AlreadyInitialized,
        GovernanceError::Unauthorized,
        GovernanceError::ProtocolFeeTooHigh,
        GovernanceError::SettlerFeeTooHigh,
        GovernanceError::InvalidWithdrawalNotice,
        GovernanceError::InvalidReleasePeriod,
        GovernanceError::InvalidTimelockDelay,
        GovernanceError::InvalidTreasury,
        GovernanceError::TimelockNotElapsed,
        GovernanceError::ChangeExpired,
        GovernanceError::ChangeNotPending,
        GovernanceError::NoPendingAuthority,
        GovernanceError::WrongPendingAuthority,
        GovernanceError::AuthorityUnchanged,
        GovernanceError::PauseUnchanged,
        GovernanceError::SettlerAlreadyApproved,
        GovernanceError::SettlerNotApproved,
        GovernanceError::SettlerStillApproved,
        GovernanceError::InsufficientBond,
        GovernanceError::InvalidBondAmount,
        GovernanceError::BondLocked,
        GovernanceError::BondMintMismatch,
        GovernanceError::InvalidSlashAmount,
        GovernanceError::SlashExceedsBond,
        GovernanceError::MissingSlashAccounts,
        GovernanceError::SettlerMismatch,
        GovernanceError::BondVaultMismatch,
        GovernanceError::TreasuryAccountMismatch,
        GovernanceError::SettlerAlreadyRegistered,
        GovernanceError::MathOverflow,
        GovernanceError::InvalidChallengeWindow,
        GovernanceError::InvalidBondRatio,
        GovernanceError::InvalidDisputeDeposit,
        GovernanceError::InvalidDisputeReward,
        GovernanceError::NotDisputeAuthority,
        GovernanceError::HoldExceedsHeld,
        GovernanceError::TimelockShorterThanNotice,
    ];
}
