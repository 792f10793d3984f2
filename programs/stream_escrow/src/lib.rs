//! Encore streaming escrow: listeners prepay into a pooled vault per payment
//! mint; governance-approved settlers batch play counts into an internal
//! ledger; collected earnings flow to each track's royalty revenue vault.

use anchor_lang::prelude::*;

pub mod batch;
pub mod constants;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod math;
pub mod receipt;
pub mod state;

use instructions::*;

declare_id!("FnfbPWWuFWokDffxVq7XVnxqGy69rVSFADAcNMwHTLpf");

#[program]
pub mod stream_escrow {
    use super::*;

    /// Anyone: opens the pooled vault of a payment mint, once.
    pub fn init_escrow(ctx: Context<InitEscrow>) -> Result<()> {
        init_escrow::handler(ctx)
    }

    /// Opens the signer's listener balance (uncapped, 30-day cap period,
    /// nothing settled).
    pub fn open_listener(ctx: Context<OpenListener>) -> Result<()> {
        open_listener::handler(ctx)
    }

    /// Listener only. Errors: ZeroAmount, SettlementPaused, WrongPaymentMint.
    pub fn deposit(ctx: Context<Deposit>, amount: u64) -> Result<()> {
        deposit::handler(ctx, amount)
    }

    /// Listener only; `None` removes the cap. A raise applies at once; a
    /// lower cap or longer period after the withdrawal notice.
    /// Errors: InvalidCapPeriod.
    pub fn set_cap(ctx: Context<SetCap>, args: SetCapArgs) -> Result<()> {
        set_cap::handler(ctx, args)
    }

    /// Listener only; plays started before the notice ends are still
    /// charged against the whole balance. Errors: ZeroAmount, InsufficientBalance.
    pub fn request_withdrawal(ctx: Context<RequestWithdrawal>, amount: u64) -> Result<()> {
        request_withdrawal::handler(ctx, amount)
    }

    /// Listener only. Errors: NoWithdrawalRequest.
    pub fn cancel_withdrawal(ctx: Context<CancelWithdrawal>) -> Result<()> {
        cancel_withdrawal::handler(ctx)
    }

    /// Listener only, once the notice fixed at the request has passed;
    /// works while paused. Errors: NoWithdrawalRequest, WithdrawalNotReady,
    /// WrongPaymentMint.
    pub fn withdraw(ctx: Context<Withdraw>) -> Result<()> {
        withdraw::handler(ctx)
    }

    /// Anyone: opens a track's ledger with the registry's terms.
    pub fn open_ledger(ctx: Context<OpenLedger>) -> Result<()> {
        open_ledger::handler(ctx)
    }

    /// Anyone: records the registry's current terms (a cut or status change
    /// from now, a rise one withdrawal notice later). Errors: MathOverflow.
    pub fn sync_ledger(ctx: Context<SyncLedger>) -> Result<()> {
        sync_ledger::handler(ctx)
    }

    /// A settler opens its batch sequence in a mint. Errors: SettlerFeeTooHigh.
    pub fn open_settler(ctx: Context<OpenSettler>, fee_bps: u16) -> Result<()> {
        open_settler::handler(ctx, fee_bps)
    }

    /// Settler only. Errors: SettlerFeeTooHigh.
    pub fn set_settler_fee(ctx: Context<SetSettlerFee>, fee_bps: u16) -> Result<()> {
        set_settler_fee::handler(ctx, fee_bps)
    }

    /// An approved settler's batch of window parts (see `batch`). Plays
    /// that cannot be charged are reported in `PlaysSettled`, never refused.
    /// Errors: SettlementPaused, SettlerNotApproved, InvalidSeq,
    /// BatchAlreadySettled, BatchTooOld, MalformedBatch, EmptyBatch,
    /// InvalidEntryIndex, DuplicateAccount, InvalidSettlementAccount,
    /// WrongPaymentMint, PlaysAlreadySettled, ListenerWindowOpen,
    /// InvalidWindow, WindowSpansChange, NoOpenWindow, ZeroPlays.
    pub fn settle<'info>(ctx: Context<'info, Settle<'info>>, args: SettleArgs) -> Result<()> {
        settle::handler(ctx, args)
    }

    /// Anyone: pays a track's owed earnings to its royalty revenue vault, less
    /// the protocol fee to the treasury. Errors: NothingToCollect,
    /// WrongRevenueVault, WrongTreasuryAccount.
    pub fn collect(ctx: Context<Collect>) -> Result<()> {
        collect::handler(ctx)
    }

    /// Anyone: pays a track retired before it had shares its owed earnings,
    /// less the protocol fee, to its authority's token account.
    /// Errors: TrackNotRetired, TrackHasShares, WrongTrack,
    /// WrongPayoutAccount, WrongTreasuryAccount, NothingToCollect.
    pub fn collect_unshared(ctx: Context<CollectUnshared>) -> Result<()> {
        collect_unshared::handler(ctx)
    }

    /// The window's settler at any time, anyone a withdrawal notice after
    /// it opened: ends a listener's window, its unsettled entries uncharged.
    /// Errors: NoOpenWindow, WindowStillActive.
    pub fn close_window(ctx: Context<CloseWindow>) -> Result<()> {
        close_window::handler(ctx)
    }

    /// Settler only; a suspended or revoked settler's fees wait until
    /// nothing it charged is open to dispute. Errors: NothingToClaim,
    /// WrongPaymentMint, FeesLockedByDisputes.
    pub fn claim_settler_fees(ctx: Context<ClaimSettlerFees>) -> Result<()> {
        claim_settler_fees::handler(ctx)
    }

    /// Listener only: the key its receipts are signed with (`None`: the
    /// wallet again). The replaced key still signs for plays up to now.
    /// Errors: InvalidReceiptKey, ReceiptKeyUnchanged.
    pub fn set_receipt_key(ctx: Context<ListenerOnly>, key: Option<Pubkey>) -> Result<()> {
        receipt_key::set_key(ctx, key)
    }

    /// Listener only: frees a settler's tab slot once nothing in it is open
    /// to dispute. Errors: NoSuchTab, TabStillOpen.
    pub fn close_tab(ctx: Context<ListenerOnly>, settler: Pubkey) -> Result<()> {
        receipt_key::close_tab(ctx, settler)
    }

    /// Anyone: disputes a settler's charges to a listener beyond what the
    /// listener signed. Errors: NoSuchTab, DisputeAlreadyOpen,
    /// WrongDisputeAccount, DisputeWindowClosed, NothingToDispute.
    pub fn open_dispute(ctx: Context<OpenDispute>, args: OpenDisputeArgs) -> Result<()> {
        dispute::open(ctx, args)
    }

    /// Anyone with the listener's receipt, after its ed25519 verification,
    /// within the answer window. Errors: see `dispute::answer`.
    pub fn answer_dispute(ctx: Context<DecideDispute>, receipt: receipt::Receipt) -> Result<()> {
        dispute::answer(ctx, receipt)
    }

    /// Anyone, once the answer window closed unanswered: refunds the
    /// excess from the settler's bond. Errors: DisputeNotOpen, AnswerWindowOpen.
    pub fn resolve_dispute(ctx: Context<DecideDispute>) -> Result<()> {
        dispute::resolve(ctx)
    }
}
