use anchor_lang::prelude::*;

pub use encore_utils::log_event;

#[event]
#[derive(Debug)]
pub struct EscrowInitialized {
    pub payment_mint: Pubkey,
    pub vault: Pubkey,
}

#[event]
#[derive(Debug)]
pub struct ListenerDeposited {
    pub listener: Pubkey,
    pub amount: u64,
    pub balance_before: u64,
    pub balance_after: u64,
}

/// A cap change: in force at once (`effective_at` = now) when it raises
/// the cap, else for plays from `effective_at`, one withdrawal notice later.
#[event]
#[derive(Debug)]
pub struct CapSet {
    pub listener: Pubkey,
    pub cap_per_period: u64,
    pub cap_period_secs: i64,
    pub effective_at: i64,
}

#[event]
#[derive(Debug)]
pub struct WithdrawalRequested {
    pub listener: Pubkey,
    pub amount: u64,
    pub available_at: i64,
}

#[event]
#[derive(Debug)]
pub struct WithdrawalCancelled {
    pub listener: Pubkey,
}

#[event]
#[derive(Debug)]
pub struct ListenerWithdrew {
    pub listener: Pubkey,
    pub amount: u64,
    pub balance_after: u64,
}

/// A track's terms recorded: `price_before` is what a play started now
/// cost before the sync, `price_after` what one costs from `effective_at`
/// (now for a cut, one withdrawal notice later for a rise).
#[event]
#[derive(Debug)]
pub struct LedgerSynced {
    pub track: Pubkey,
    pub price_before: u64,
    pub price_after: u64,
    pub effective_at: i64,
    pub terms_version: u32,
}

/// One settle batch. `audit_root` is the Merkle root of the raw play events
/// the batch covers. Plays not paid are counted by reason: the listener's
/// balance or cap (`plays_short`, in `listeners_short` listeners), the
/// track paused or retired when they were played, or their price no longer
/// on the ledger (`plays_unpriced`).
#[event]
#[derive(Debug)]
pub struct PlaysSettled {
    pub settler: Pubkey,
    pub payment_mint: Pubkey,
    pub seq: u64,
    pub audit_root: [u8; 32],
    pub parts: u16,
    pub entries: u16,
    pub windows_opened: u16,
    pub windows_closed: u16,
    pub plays_paid: u64,
    pub plays_short: u64,
    pub plays_track_paused: u64,
    pub plays_track_retired: u64,
    pub plays_unpriced: u64,
    /// Plays of listeners whose tab with this settler is disputed or
    /// who have no free tab slot: not charged.
    pub plays_held: u64,
    pub listeners_short: u16,
    pub amount: u64,
    pub settler_fees: u64,
}

/// What one settle batch charged each entry, in the batch's order (parts in
/// order, each part's entries in order): what a listener's app or a
/// dashboard needs to show a listener's charges per track, exactly, from the
/// settle instruction's parts (part `i` is the listener at remaining
/// account `i`; an entry names its ledger by index). Logged right after the
/// batch's `PlaysSettled`.
#[event]
#[derive(Debug)]
pub struct EntriesCharged {
    pub settler: Pubkey,
    pub seq: u64,
    pub charges: Vec<EntryCharge>,
}

/// One entry's charge: plays paid and the amount taken from the listener
/// (settler fee included); zero for plays short, held, unpriced, or of a
/// paused or retired track.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EntryCharge {
    pub plays: u16,
    pub amount: u64,
}

/// A window closed before all its entries settled: its plays are settled
/// through `last`, and the entries left were never charged.
#[event]
#[derive(Debug)]
pub struct WindowClosed {
    pub listener: Pubkey,
    pub settler: Pubkey,
    pub closed_by: Pubkey,
    pub first: i64,
    pub last: i64,
    pub entries: u16,
    pub entries_settled: u16,
}

/// A track's earnings paid out: to its revenue vault, or (a track retired
/// without shares) to its authority's token account, `destination`.
#[event]
#[derive(Debug)]
pub struct EarningsCollected {
    pub track: Pubkey,
    pub destination: Pubkey,
    pub owed: u64,
    pub protocol_fee: u64,
    /// Derivatives' shares collected with the track's own earnings.
    pub from_derivatives: u64,
    /// The parent's share, credited to the parent's ledger.
    pub to_parent: u64,
    pub paid_to_vault: u64,
}

#[event]
#[derive(Debug)]
pub struct SettlerFeesClaimed {
    pub settler: Pubkey,
    pub amount: u64,
}

#[event]
#[derive(Debug)]
pub struct ReceiptKeySet {
    pub listener: Pubkey,
    pub key: Pubkey,
    /// The key replaced: it still signs for plays up to now.
    pub replaced: Pubkey,
}

#[event]
#[derive(Debug)]
pub struct TabClosed {
    pub listener: Pubkey,
    pub settler: Pubkey,
    pub charged: u64,
    pub epoch_after: u32,
}

#[event]
#[derive(Debug)]
pub struct DisputeOpened {
    pub dispute: Pubkey,
    pub listener: Pubkey,
    pub settler: Pubkey,
    pub disputer: Pubkey,
    pub charged: u64,
    pub open_amount: u64,
    pub signed_total: u64,
    pub held: u64,
    pub answer_by: i64,
}

#[event]
#[derive(Debug)]
pub struct DisputeDecided {
    pub dispute: Pubkey,
    pub listener: Pubkey,
    pub settler: Pubkey,
    pub upheld: bool,
    /// The receipt's total, when answered.
    pub answered_total: Option<u64>,
    pub refund: u64,
    pub reward: u64,
    /// To the disputer when upheld, to the settler when dismissed.
    pub deposit: u64,
}
