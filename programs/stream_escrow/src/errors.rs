use anchor_lang::prelude::*;

/// Escrow errors. Append only: the codes (6000 + position) are a public interface.
#[error_code]
pub enum EscrowError {
    #[msg("amount must be greater than zero")]
    ZeroAmount,
    #[msg("new deposits and settlements are paused by governance")]
    SettlementPaused,
    #[msg("cap period must be between 1 hour and 1 year")]
    InvalidCapPeriod,
    #[msg("amount exceeds the listener's balance")]
    InsufficientBalance,
    #[msg("no withdrawal has been requested")]
    NoWithdrawalRequest,
    #[msg("the withdrawal notice period has not passed")]
    WithdrawalNotReady,
    #[msg("settler is not approved by governance")]
    SettlerNotApproved,
    #[msg("settler fee exceeds governance's cap")]
    SettlerFeeTooHigh,
    #[msg("this batch was already settled")]
    BatchAlreadySettled,
    #[msg("batch sequence skips ahead: settle last_seq + 1")]
    BatchOutOfSequence,
    #[msg("batch has no entries")]
    EmptyBatch,
    #[msg("an entry points past the accounts passed")]
    InvalidEntryIndex,
    #[msg("an entry has zero plays")]
    ZeroPlays,
    #[msg("an account is passed twice")]
    DuplicateAccount,
    #[msg("account is not a listener or ledger of this escrow")]
    InvalidSettlementAccount,
    #[msg("payment mint differs between listener, track and settler")]
    WrongPaymentMint,
    #[msg("track is paused")]
    TrackPaused,
    #[msg("track is retired")]
    TrackRetired,
    #[msg("track has nothing owed")]
    NothingToCollect,
    #[msg("destination is not the track's royalty revenue vault")]
    WrongRevenueVault,
    #[msg("destination is not a treasury account in the payment mint")]
    WrongTreasuryAccount,
    #[msg("no settler fees to claim")]
    NothingToClaim,
    #[msg("arithmetic overflow")]
    MathOverflow,
    #[msg("an account's books do not balance")]
    InvariantViolated,
}

impl EscrowError {
    /// Every variant in code order, so clients can name an error from its code.
    pub const ALL: &'static [EscrowError] = &[
        EscrowError::ZeroAmount,
        EscrowError::SettlementPaused,
        EscrowError::InvalidCapPeriod,
        EscrowError::InsufficientBalance,
        EscrowError::NoWithdrawalRequest,
        EscrowError::WithdrawalNotReady,
        EscrowError::SettlerNotApproved,
        EscrowError::SettlerFeeTooHigh,
        EscrowError::BatchAlreadySettled,
        EscrowError::BatchOutOfSequence,
        EscrowError::EmptyBatch,
        EscrowError::InvalidEntryIndex,
        EscrowError::ZeroPlays,
        EscrowError::DuplicateAccount,
        EscrowError::InvalidSettlementAccount,
        EscrowError::WrongPaymentMint,
        EscrowError::TrackPaused,
        EscrowError::TrackRetired,
        EscrowError::NothingToCollect,
        EscrowError::WrongRevenueVault,
        EscrowError::WrongTreasuryAccount,
        EscrowError::NothingToClaim,
        EscrowError::MathOverflow,
        EscrowError::InvariantViolated,
    ];
}
