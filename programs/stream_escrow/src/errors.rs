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
    #[msg("retired: batches no longer land in strict sequence")]
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
    #[msg("retired: plays of a paused track are reported, not refused")]
    TrackPaused,
    #[msg("retired: plays of a retired track are reported, not refused")]
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
    #[msg("plays at or before the listener's settled-through time, or an entry already settled")]
    PlaysAlreadySettled,
    #[msg("the listener already has a settlement window open")]
    ListenerWindowOpen,
    #[msg("a window needs first <= last <= now, and 1 to 256 entries")]
    InvalidWindow,
    #[msg(
        "a window spans a change of price, status, cap, cap period or withdrawal: split it there"
    )]
    WindowSpansChange,
    #[msg("no open window of this settler carries this tag")]
    NoOpenWindow,
    #[msg("batch number fell out of the settler's window of recent batches")]
    BatchTooOld,
    #[msg("batch numbers start at 1")]
    InvalidSeq,
    #[msg("batch data does not parse as parts and entries")]
    MalformedBatch,
    #[msg("only the window's settler may close it before one withdrawal notice has passed")]
    WindowStillActive,
    #[msg("earnings go to the track's revenue vault unless the track is retired without shares")]
    TrackNotRetired,
    #[msg("the track has royalty shares: collect into its revenue vault")]
    TrackHasShares,
    #[msg("destination is not a token account of the track's authority in the payment mint")]
    WrongPayoutAccount,
    #[msg("the track account is not this ledger's track")]
    WrongTrack,
    #[msg(
        "four cap changes are waiting already: try again once one has been in force for a notice"
    )]
    CapChangesPending,
    #[msg("the withdrawal's notice has passed: complete or cancel it before asking again")]
    WithdrawalReady,
    #[msg("this settler has no tab with the listener")]
    NoSuchTab,
    #[msg("the tab still has charges open to dispute, an open dispute or an open window")]
    TabStillOpen,
    #[msg("the receipt key cannot be the default key")]
    InvalidReceiptKey,
    #[msg("that is already the receipt key")]
    ReceiptKeyUnchanged,
    #[msg("the receipt is not signed by the listener's receipt key")]
    ReceiptWrongKey,
    #[msg("the receipt's key was replaced before the plays it covers")]
    ReceiptKeyRevoked,
    #[msg("the receipt is for another listener")]
    ReceiptWrongListener,
    #[msg("the receipt is for another payment mint")]
    ReceiptWrongMint,
    #[msg("the receipt is for another settler")]
    ReceiptWrongSettler,
    #[msg("the receipt is for an earlier tab, closed since")]
    ReceiptWrongEpoch,
    #[msg("no ed25519 verification of the receipt precedes this instruction")]
    ReceiptNotVerified,
    #[msg("nothing this settler charged is still open to dispute")]
    DisputeWindowClosed,
    #[msg("the settler charged no more than the signed total")]
    NothingToDispute,
    #[msg("a dispute on this tab is already open")]
    DisputeAlreadyOpen,
    #[msg("the dispute is already decided")]
    DisputeNotOpen,
    #[msg("the answer window has closed")]
    AnswerTooLate,
    #[msg("the settler may still answer: wait for the answer window to close")]
    AnswerWindowOpen,
    #[msg(
        "the batch would charge more in the challenge windows than the settler's free bond covers"
    )]
    ExposureExceedsBond,
    #[msg("the settler's bond is in another mint: it settles only in its bond's mint")]
    BondNotInPaymentMint,
    #[msg("a suspended or revoked settler's fees wait until no charge is open to dispute")]
    FeesLockedByDisputes,
    #[msg("an account does not belong to this dispute")]
    WrongDisputeAccount,
    #[msg("a new device key waits until nothing charged is open to dispute; revoking back to the wallet works now")]
    ReceiptKeyInUse,
    #[msg("a derivative's collection needs its parent track's ledger")]
    ParentLedgerMissing,
    #[msg("the parent ledger is not the ledger of this track's parent")]
    WrongParentLedger,
    #[msg("the track's ownership is disputed: its earnings wait until governance decides")]
    TrackDisputed,
    #[msg("an upheld dispute voided the track's shares: its earnings go to its authority")]
    SharesVoid,
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
        EscrowError::PlaysAlreadySettled,
        EscrowError::ListenerWindowOpen,
        EscrowError::InvalidWindow,
        EscrowError::WindowSpansChange,
        EscrowError::NoOpenWindow,
        EscrowError::BatchTooOld,
        EscrowError::InvalidSeq,
        EscrowError::MalformedBatch,
        EscrowError::WindowStillActive,
        EscrowError::TrackNotRetired,
        EscrowError::TrackHasShares,
        EscrowError::WrongPayoutAccount,
        EscrowError::WrongTrack,
        EscrowError::CapChangesPending,
        EscrowError::WithdrawalReady,
        EscrowError::NoSuchTab,
        EscrowError::TabStillOpen,
        EscrowError::InvalidReceiptKey,
        EscrowError::ReceiptKeyUnchanged,
        EscrowError::ReceiptWrongKey,
        EscrowError::ReceiptKeyRevoked,
        EscrowError::ReceiptWrongListener,
        EscrowError::ReceiptWrongMint,
        EscrowError::ReceiptWrongSettler,
        EscrowError::ReceiptWrongEpoch,
        EscrowError::ReceiptNotVerified,
        EscrowError::DisputeWindowClosed,
        EscrowError::NothingToDispute,
        EscrowError::DisputeAlreadyOpen,
        EscrowError::DisputeNotOpen,
        EscrowError::AnswerTooLate,
        EscrowError::AnswerWindowOpen,
        EscrowError::ExposureExceedsBond,
        EscrowError::BondNotInPaymentMint,
        EscrowError::FeesLockedByDisputes,
        EscrowError::WrongDisputeAccount,
        EscrowError::ReceiptKeyInUse,
        EscrowError::ParentLedgerMissing,
        EscrowError::WrongParentLedger,
        EscrowError::TrackDisputed,
        EscrowError::SharesVoid,
    ];
}
