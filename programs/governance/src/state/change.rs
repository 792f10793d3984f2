use anchor_lang::prelude::*;

use crate::constants::{seeds, CHANGE_GRACE_PERIOD_SECS};
use crate::state::ProtocolParams;

/// A timelocked change. Parameter values are validated when proposed.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, PartialEq, Eq, Debug, InitSpace)]
pub enum ParamChange {
    ProtocolFeeBps(u16),
    MaxSettlerFeeBps(u16),
    WithdrawalNoticeSecs(i64),
    ReleasePeriodSecs(i64),
    /// Applies to changes proposed after it executes; pending ones keep their eta.
    TimelockDelaySecs(i64),
    Treasury(Pubkey),
    ChallengeWindowSecs(i64),
    MinBondRatioBps(u16),
    DisputeDepositLamports(u64),
    DisputeRewardBps(u16),
    /// Moves `amount` of the settler's bond to the treasury and records
    /// `reason` (an off-chain reason-code table). The amount is reserved from
    /// the bond when proposed, so the settler cannot withdraw it meanwhile.
    SlashSettler {
        settler: Pubkey,
        amount: u64,
        reason: u16,
    },
    /// Decides the ownership dispute over `track` filed at `filed_at`:
    /// `uphold` reassigns the track to the claimant (its bond back),
    /// otherwise the bond goes to the track's owner. The registry applies
    /// an executed decision (`resolve_track_dispute`).
    ResolveTrackDispute {
        track: Pubkey,
        filed_at: i64,
        uphold: bool,
    },
}

impl ParamChange {
    /// The parameters after this change; `None` for changes that are not
    /// parameters (slashes).
    pub fn applied_to(&self, params: &ProtocolParams) -> Option<ProtocolParams> {
        let mut next = *params;
        match *self {
            ParamChange::ProtocolFeeBps(v) => next.protocol_fee_bps = v,
            ParamChange::MaxSettlerFeeBps(v) => next.max_settler_fee_bps = v,
            ParamChange::WithdrawalNoticeSecs(v) => next.withdrawal_notice_secs = v,
            ParamChange::ReleasePeriodSecs(v) => next.release_period_secs = v,
            ParamChange::TimelockDelaySecs(v) => next.timelock_delay_secs = v,
            ParamChange::Treasury(v) => next.treasury = v,
            ParamChange::ChallengeWindowSecs(v) => next.challenge_window_secs = v,
            ParamChange::MinBondRatioBps(v) => next.min_bond_ratio_bps = v,
            ParamChange::DisputeDepositLamports(v) => next.dispute_deposit_lamports = v,
            ParamChange::DisputeRewardBps(v) => next.dispute_reward_bps = v,
            ParamChange::SlashSettler { .. } | ParamChange::ResolveTrackDispute { .. } => {
                return None
            }
        }
        Some(next)
    }

    /// The settler whose bond this change slashes, if it is a slash.
    pub fn slashed_settler(&self) -> Option<(Pubkey, u64)> {
        match *self {
            ParamChange::SlashSettler {
                settler, amount, ..
            } => Some((settler, amount)),
            _ => None,
        }
    }
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, PartialEq, Eq, Debug, InitSpace)]
pub enum ChangeStatus {
    Pending,
    Executed,
    Cancelled,
}

/// One proposal, at `[CHANGE, id.to_le_bytes()]`. Kept after execution or
/// cancellation as the on-chain record of what governance did.
#[account]
#[derive(InitSpace, Debug)]
pub struct ProposedChange {
    pub id: u64,
    pub proposer: Pubkey,
    pub proposed_at: i64,
    /// Earliest execution time: `proposed_at + timelock_delay_secs`.
    pub eta: i64,
    pub status: ChangeStatus,
    /// When it was executed or cancelled (0 while pending).
    pub resolved_at: i64,
    pub bump: u8,
    pub change: ParamChange,
}

impl ProposedChange {
    pub fn address(id: u64) -> Pubkey {
        Pubkey::find_program_address(&[seeds::CHANGE, &id.to_le_bytes()], &crate::ID).0
    }

    /// Last moment the change may execute; after it, it can only be cancelled.
    pub fn expires_at(&self) -> i64 {
        self.eta.saturating_add(CHANGE_GRACE_PERIOD_SECS)
    }

    pub fn is_pending(&self) -> bool {
        self.status == ChangeStatus::Pending
    }
}
