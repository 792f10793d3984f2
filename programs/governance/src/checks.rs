//! Pure validation, shared by the handlers and mirrored by the SDK.

use anchor_lang::prelude::Pubkey;

use crate::constants::*;
use crate::errors::GovernanceError;
use crate::state::{ParamChange, ProtocolParams};

pub fn check_protocol_fee(bps: u16) -> Result<(), GovernanceError> {
    if bps <= MAX_PROTOCOL_FEE_BPS {
        Ok(())
    } else {
        Err(GovernanceError::ProtocolFeeTooHigh)
    }
}

pub fn check_settler_fee(bps: u16) -> Result<(), GovernanceError> {
    if bps <= MAX_SETTLER_FEE_BPS {
        Ok(())
    } else {
        Err(GovernanceError::SettlerFeeTooHigh)
    }
}

fn in_period(secs: i64, max: i64, err: GovernanceError) -> Result<(), GovernanceError> {
    if (1..=max).contains(&secs) {
        Ok(())
    } else {
        Err(err)
    }
}

pub fn check_withdrawal_notice(secs: i64) -> Result<(), GovernanceError> {
    in_period(
        secs,
        MAX_WITHDRAWAL_NOTICE_SECS,
        GovernanceError::InvalidWithdrawalNotice,
    )
}

pub fn check_release_period(secs: i64) -> Result<(), GovernanceError> {
    if secs < MIN_RELEASE_PERIOD_SECS {
        return Err(GovernanceError::InvalidReleasePeriod);
    }
    in_period(
        secs,
        MAX_RELEASE_PERIOD_SECS,
        GovernanceError::InvalidReleasePeriod,
    )
}

pub fn check_timelock_delay(secs: i64) -> Result<(), GovernanceError> {
    in_period(
        secs,
        MAX_TIMELOCK_DELAY_SECS,
        GovernanceError::InvalidTimelockDelay,
    )
}

pub fn check_challenge_window(secs: i64) -> Result<(), GovernanceError> {
    in_period(
        secs,
        MAX_CHALLENGE_WINDOW_SECS,
        GovernanceError::InvalidChallengeWindow,
    )
}

pub fn check_bond_ratio(bps: u16) -> Result<(), GovernanceError> {
    if (MIN_BOND_RATIO_BPS..=MAX_BOND_RATIO_BPS).contains(&bps) {
        Ok(())
    } else {
        Err(GovernanceError::InvalidBondRatio)
    }
}

pub fn check_dispute_deposit(lamports: u64) -> Result<(), GovernanceError> {
    if lamports <= MAX_DISPUTE_DEPOSIT_LAMPORTS {
        Ok(())
    } else {
        Err(GovernanceError::InvalidDisputeDeposit)
    }
}

pub fn check_dispute_reward(bps: u16) -> Result<(), GovernanceError> {
    if bps <= MAX_DISPUTE_REWARD_BPS {
        Ok(())
    } else {
        Err(GovernanceError::InvalidDisputeReward)
    }
}

pub fn check_treasury(treasury: &Pubkey) -> Result<(), GovernanceError> {
    if *treasury != Pubkey::default() {
        Ok(())
    } else {
        Err(GovernanceError::InvalidTreasury)
    }
}

/// Every parameter in bounds; the first failing one names the error.
pub fn check_params(p: &ProtocolParams) -> Result<(), GovernanceError> {
    check_treasury(&p.treasury)?;
    check_protocol_fee(p.protocol_fee_bps)?;
    check_settler_fee(p.max_settler_fee_bps)?;
    check_withdrawal_notice(p.withdrawal_notice_secs)?;
    check_release_period(p.release_period_secs)?;
    check_timelock_delay(p.timelock_delay_secs)?;
    check_challenge_window(p.challenge_window_secs)?;
    check_bond_ratio(p.min_bond_ratio_bps)?;
    check_dispute_deposit(p.dispute_deposit_lamports)?;
    check_dispute_reward(p.dispute_reward_bps)?;
    check_timelock_covers_notice(p)
}

/// A change is announced at least one withdrawal notice before it lands,
/// so a listener who does not accept it can leave first.
pub fn check_timelock_covers_notice(p: &ProtocolParams) -> Result<(), GovernanceError> {
    if p.timelock_delay_secs < p.withdrawal_notice_secs {
        return Err(GovernanceError::TimelockShorterThanNotice);
    }
    Ok(())
}

/// A proposal's value in bounds. Slashes are checked against the settler's
/// bond by the handler, which has the account.
pub fn check_change(change: &ParamChange) -> Result<(), GovernanceError> {
    match *change {
        ParamChange::ProtocolFeeBps(v) => check_protocol_fee(v),
        ParamChange::MaxSettlerFeeBps(v) => check_settler_fee(v),
        ParamChange::WithdrawalNoticeSecs(v) => check_withdrawal_notice(v),
        ParamChange::ReleasePeriodSecs(v) => check_release_period(v),
        ParamChange::TimelockDelaySecs(v) => check_timelock_delay(v),
        ParamChange::Treasury(v) => check_treasury(&v),
        ParamChange::ChallengeWindowSecs(v) => check_challenge_window(v),
        ParamChange::MinBondRatioBps(v) => check_bond_ratio(v),
        ParamChange::DisputeDepositLamports(v) => check_dispute_deposit(v),
        ParamChange::DisputeRewardBps(v) => check_dispute_reward(v),
        ParamChange::SlashSettler { amount, .. } => {
            if amount > 0 {
                Ok(())
            } else {
                Err(GovernanceError::InvalidSlashAmount)
            }
        }
        // Checked against the open dispute by the registry when applied.
        ParamChange::ResolveTrackDispute { .. } => Ok(()),
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_inclusive() {
        assert!(check_protocol_fee(1_000).is_ok());
        assert!(matches!(
            check_protocol_fee(1_001),
            Err(GovernanceError::ProtocolFeeTooHigh)
        ));
        assert!(check_settler_fee(500).is_ok());
        assert!(check_settler_fee(501).is_err());
        assert!(check_withdrawal_notice(0).is_err());
        assert!(check_withdrawal_notice(1).is_ok());
        assert!(check_withdrawal_notice(MAX_WITHDRAWAL_NOTICE_SECS).is_ok());
        assert!(check_withdrawal_notice(MAX_WITHDRAWAL_NOTICE_SECS + 1).is_err());
        assert!(check_timelock_delay(-5).is_err());
        assert!(check_release_period(MIN_RELEASE_PERIOD_SECS - 1).is_err());
        assert!(check_release_period(MIN_RELEASE_PERIOD_SECS).is_ok());
        assert!(check_release_period(MAX_RELEASE_PERIOD_SECS).is_ok());
        assert!(check_treasury(&Pubkey::default()).is_err());
        assert!(check_challenge_window(0).is_err());
        assert!(check_challenge_window(MAX_CHALLENGE_WINDOW_SECS).is_ok());
        assert!(check_challenge_window(MAX_CHALLENGE_WINDOW_SECS + 1).is_err());
        assert!(check_bond_ratio(9_999).is_err());
        assert!(check_bond_ratio(10_000).is_ok());
        assert!(check_bond_ratio(50_000).is_ok());
        assert!(check_bond_ratio(50_001).is_err());
        assert!(check_dispute_reward(5_000).is_ok());
        assert!(check_dispute_reward(5_001).is_err());
        assert!(check_dispute_deposit(0).is_ok());
        assert!(check_dispute_deposit(10_000_000_001).is_err());
    }
}
