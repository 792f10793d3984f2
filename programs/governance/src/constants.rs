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
}

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
/// Beyond a month a timelock stops being a safeguard and becomes a freeze.
pub const MAX_TIMELOCK_DELAY_SECS: i64 = 30 * DAY_SECS;
/// A proposal not executed within this window after its eta goes stale and
/// can only be cancelled (by anyone), as in Compound's Timelock.
pub const CHANGE_GRACE_PERIOD_SECS: i64 = 14 * DAY_SECS;
