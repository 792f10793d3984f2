use anchor_lang::prelude::*;

/// Royalty share errors. Append only: the codes (6000 + position) are a public interface.
#[error_code]
pub enum RoyaltyError {
    #[msg("split basis points must sum to exactly 10000")]
    InvalidSplitTotal,
    #[msg("a recipient appears twice in the split")]
    DuplicateRecipient,
    #[msg("every recipient needs more than 0 bps")]
    ZeroBps,
    #[msg("a split has 1 to 16 recipients")]
    InvalidRecipientCount,
    #[msg("this track already has royalty shares")]
    SharesAlreadyCreated,
    #[msg("only the track's authority may create its shares")]
    NotTrackAuthority,
    #[msg("the track is retired")]
    TrackRetired,
    #[msg("the payment mint differs from the track's")]
    WrongPaymentMint,
    #[msg("token account has the wrong mint")]
    WrongMint,
    #[msg("token account is not a recipient's associated account for the share mint")]
    UnknownRecipientAccount,
    #[msg("amount must be greater than zero")]
    ZeroAmount,
    #[msg("cannot unstake more than is staked")]
    UnstakeExceedsStake,
    #[msg("nothing to claim")]
    NothingToClaim,
    #[msg("position still holds stake or unclaimed revenue")]
    PositionNotEmpty,
    #[msg("new activity is paused by governance")]
    Paused,
    #[msg("arithmetic overflow")]
    MathOverflow,
    #[msg("account invariant violated")]
    InvariantViolated,
    #[msg("nothing new to harvest")]
    NothingToHarvest,
    #[msg("the signer is not this track's royalty pool")]
    NotAPool,
    #[msg("shares wait until a slot after the track was claimed")]
    ClaimNotSettled,
}

impl RoyaltyError {
    /// Every variant in code order, so clients can name an error from its code.
    pub const ALL: &'static [RoyaltyError] = &[
        RoyaltyError::InvalidSplitTotal,
        RoyaltyError::DuplicateRecipient,
        RoyaltyError::ZeroBps,
        RoyaltyError::InvalidRecipientCount,
        RoyaltyError::SharesAlreadyCreated,
        RoyaltyError::NotTrackAuthority,
        RoyaltyError::TrackRetired,
        RoyaltyError::WrongPaymentMint,
        RoyaltyError::WrongMint,
        RoyaltyError::UnknownRecipientAccount,
        RoyaltyError::ZeroAmount,
        RoyaltyError::UnstakeExceedsStake,
        RoyaltyError::NothingToClaim,
        RoyaltyError::PositionNotEmpty,
        RoyaltyError::Paused,
        RoyaltyError::MathOverflow,
        RoyaltyError::InvariantViolated,
        RoyaltyError::NothingToHarvest,
        RoyaltyError::NotAPool,
        RoyaltyError::ClaimNotSettled,
    ];
}
