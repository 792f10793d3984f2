//! Seeds, parameter bounds and timelock windows.

pub mod seeds {
    /// `[CONFIG]`: the one `ProtocolConfig` of a deployment. Also the
    /// authority of every bond vault.
    pub const CONFIG: &[u8] = b"config";
    /// `[SETTLER, wallet]`: a settler's approval and bond record.
    pub const SETTLER: &[u8] = b"settler";
    /// `[BOND, wallet]`: the token account holding a settler's bond.
    pub const BOND: &[u8] = b"bond";
    /// `[CHANGE, id as u64 little-endian]`: one timelocked proposal.
    pub const CHANGE: &[u8] = b"change";
    /// `[DISPUTE_AUTHORITY]` of stream_escrow: the only signer that may
    /// hold, release and slash a bond for a listener's dispute.
    pub const DISPUTE_AUTHORITY: &[u8] = b"dispute_authority";
}

/// The escrow program whose dispute authority holds and slashes bonds.
pub const STREAM_ESCROW_PROGRAM_ID: anchor_lang::prelude::Pubkey =
    anchor_lang::pubkey!("FnfbPWWuFWokDffxVq7XVnxqGy69rVSFADAcNMwHTLpf");

/// A dispute window longer than a withdrawal notice's maximum would leave
/// charges open (and fees locked) for weeks.
pub const MAX_CHALLENGE_WINDOW_SECS: i64 = 7 * DAY_SECS;
/// The bond must at least refund what is open to dispute; beyond 10x it
/// only shuts settlers out.
pub const MIN_BOND_RATIO_BPS: u16 = 10_000;
pub const MAX_BOND_RATIO_BPS: u16 = 50_000;
/// A reward above half the excess would make disputes a business of their own.
pub const MAX_DISPUTE_REWARD_BPS: u16 = 5_000;
/// 10 SOL: more would price listeners out of disputing.
pub const MAX_DISPUTE_DEPOSIT_LAMPORTS: u64 = 10_000_000_000;

pub const DAY_SECS: i64 = 86_400;

/// The protocol's cut of settled revenue.
pub const MAX_PROTOCOL_FEE_BPS: u16 = 1_000;
/// The most a settler may charge for settling a track's plays.
pub const MAX_SETTLER_FEE_BPS: u16 = 500;
/// A listener's unspent balance must stay reachable: a longer notice would
/// let governance freeze escrowed money in all but name.
pub const MAX_WITHDRAWAL_NOTICE_SECS: i64 = 7 * DAY_SECS;
/// Revenue is released to stakers over this period; longer starves holders.
pub const MAX_RELEASE_PERIOD_SECS: i64 = 90 * DAY_SECS;
/// Revenue arrives in lumps (a harvest of settled plays, typically daily):
/// released over at least a day, a stake held for a moment around a
/// deposit earns that moment's part of it, not the deposit.
pub const MIN_RELEASE_PERIOD_SECS: i64 = DAY_SECS;
/// Beyond a month a timelock stops being a safeguard and becomes a freeze.
pub const MAX_TIMELOCK_DELAY_SECS: i64 = 30 * DAY_SECS;
/// A proposal not executed within this window after its eta goes stale and
/// can only be cancelled (by anyone), as in Compound's Timelock.
pub const CHANGE_GRACE_PERIOD_SECS: i64 = 14 * DAY_SECS;
