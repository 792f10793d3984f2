use anchor_lang::prelude::*;

/// Registry errors. Append only: the codes (6000 + position) are a public interface.
#[error_code]
pub enum RegistryError {
    #[msg("handle must be 3-32 characters of a-z, 0-9 or _")]
    InvalidHandle,
    #[msg("display name is longer than 64 bytes")]
    DisplayNameTooLong,
    #[msg("metadata URI is longer than 200 bytes")]
    UriTooLong,
    #[msg("ISRC must be CC-XXX-YY-NNNNN: 2 letters, 3 letters or digits, 2 digits, 5 digits")]
    InvalidIsrc,
    #[msg("content hash is already registered")]
    DuplicateContentHash,
    #[msg("content hash must not be all zeroes")]
    InvalidContentHash,
    #[msg("price per play must be greater than zero")]
    InvalidPrice,
    #[msg("derivative revenue share must be at most 10000 bps")]
    InvalidBps,
    #[msg("a derivative revenue share needs derivatives to be allowed")]
    DerivativeShareWithoutDerivatives,
    #[msg("signer is not the authority of this account")]
    Unauthorized,
    #[msg("track is retired and can no longer change")]
    TrackRetired,
    #[msg("track is already paused")]
    TrackAlreadyPaused,
    #[msg("track is not paused")]
    TrackNotPaused,
    #[msg("track has no pending ownership transfer")]
    NoPendingTransfer,
    #[msg("signer is not the pending owner of this track")]
    WrongPendingAuthority,
    #[msg("the new owner is already the owner")]
    TransferToSelf,
    #[msg("track already has a share mint")]
    ShareMintAlreadySet,
    #[msg("only the royalty shares program may set a share mint")]
    NotRoyaltyProgram,
    #[msg("artist profile does not belong to the signer")]
    ArtistMismatch,
    #[msg("nothing to update")]
    NothingToUpdate,
    #[msg("new registrations are paused by governance")]
    RegistryPaused,
    #[msg("this wallet already has an artist profile")]
    ArtistAlreadyExists,
    #[msg("arithmetic overflow")]
    MathOverflow,
    #[msg("the content hash, signer and salt do not open this commitment")]
    CommitmentMismatch,
    #[msg("a commitment is revealed in a later slot than it was made")]
    RevealTooEarly,
    #[msg("the parent track's terms do not allow derivatives")]
    DerivativeNotAllowed,
    #[msg("a derivative is paid in its parent's payment mint")]
    ParentPaymentMintMismatch,
    #[msg("derivative chains are at most 4 levels deep")]
    DerivativeChainTooDeep,
    #[msg("the track's owner cannot dispute its own track")]
    DisputeOwnTrack,
    #[msg("the track already has an open dispute")]
    DisputeAlreadyOpen,
    #[msg("the track has an open ownership dispute")]
    TrackUnderDispute,
    #[msg("governance has not decided this dispute")]
    NotDecidedByGovernance,
}

impl RegistryError {
    /// Every variant in code order, so clients can name an error from its code.
    pub const ALL: &'static [RegistryError] = &[
        RegistryError::InvalidHandle,
        RegistryError::DisplayNameTooLong,
        RegistryError::UriTooLong,
        RegistryError::InvalidIsrc,
        RegistryError::DuplicateContentHash,
        RegistryError::InvalidContentHash,
        RegistryError::InvalidPrice,
        RegistryError::InvalidBps,
        RegistryError::DerivativeShareWithoutDerivatives,
        RegistryError::Unauthorized,
        RegistryError::TrackRetired,
        RegistryError::TrackAlreadyPaused,
        RegistryError::TrackNotPaused,
        RegistryError::NoPendingTransfer,
        RegistryError::WrongPendingAuthority,
        RegistryError::TransferToSelf,
        RegistryError::ShareMintAlreadySet,
        RegistryError::NotRoyaltyProgram,
        RegistryError::ArtistMismatch,
        RegistryError::NothingToUpdate,
        RegistryError::RegistryPaused,
        RegistryError::ArtistAlreadyExists,
        RegistryError::MathOverflow,
        RegistryError::CommitmentMismatch,
        RegistryError::RevealTooEarly,
        RegistryError::DerivativeNotAllowed,
        RegistryError::ParentPaymentMintMismatch,
        RegistryError::DerivativeChainTooDeep,
        RegistryError::DisputeOwnTrack,
        RegistryError::DisputeAlreadyOpen,
        RegistryError::TrackUnderDispute,
        RegistryError::NotDecidedByGovernance,
    ];
}
