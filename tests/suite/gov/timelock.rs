//! Parameter changes through the timelock: propose, execute, cancel, expire.

use anchor_lang::prelude::Pubkey;
use encore_sdk::governance::constants::*;
use encore_sdk::governance::errors::GovernanceError;
use encore_sdk::governance::state::{ChangeStatus, ParamChange, ProposedChange, ProtocolParams};
use encore_sdk::instructions::gov as ix;
use encore_sdk::pda;
use proptest::prelude::*;
use solana_signer::Signer;

use super::{config, execute, governed, params, propose, try_propose, TIMELOCK};
use crate::support::fixture::assert_error;

#[test]
fn a_change_waits_for_its_timelock_then_anyone_executes_it() {
    let (mut f, gov) = governed();
    let proposed_at = f.now();
    let change = ParamChange::ProtocolFeeBps(750);
    let id = propose(&mut f, &gov, change);
    assert_eq!(id, 0);
    assert_eq!(config(&mut f).change_count, 1);
    let record: ProposedChange = f.state(&pda::change(id).0);
    assert_eq!(record.id, 0);
    assert_eq!(record.change, change);
    assert_eq!(record.proposer, gov.authority.pubkey());
    assert_eq!(record.eta, proposed_at + TIMELOCK);
    assert_eq!(record.status, ChangeStatus::Pending);

    assert_error(
        execute(&mut f, id, &change),
        GovernanceError::TimelockNotElapsed,
    );
    f.warp_seconds(TIMELOCK - 1);
    assert_error(
        execute(&mut f, id, &change),
        GovernanceError::TimelockNotElapsed,
    );
    assert_eq!(config(&mut f).params.protocol_fee_bps, 300);

    f.warp_seconds(1);
    // Executed by a stranger who pays for the transaction.
    let stranger = f.keypair();
    f.send_as(&stranger, &[ix::execute_change(id, &change, None)], &[])
        .expect("execute");
    let c = config(&mut f);
    assert_eq!(c.params.protocol_fee_bps, 750);
    assert_eq!(c.updated_at, f.now());
    let record: ProposedChange = f.state(&pda::change(id).0);
    assert_eq!(record.status, ChangeStatus::Executed);
    assert_eq!(record.resolved_at, f.now());

    f.warp_seconds(1);
    assert_error(
        execute(&mut f, id, &change),
        GovernanceError::ChangeNotPending,
    );
    let list = encore_sdk::accounts::change(&f, id).expect("sdk fetch");
    assert_eq!(list.status, ChangeStatus::Executed);
}

#[test]
fn every_parameter_changes_through_the_timelock() {
    let (mut f, gov) = governed();
    let new_treasury = Pubkey::new_unique();
    let changes = [
        ParamChange::ProtocolFeeBps(MAX_PROTOCOL_FEE_BPS),
        ParamChange::MaxSettlerFeeBps(0),
        ParamChange::WithdrawalNoticeSecs(DAY_SECS),
        ParamChange::ReleasePeriodSecs(30 * DAY_SECS),
        ParamChange::TimelockDelaySecs(3 * DAY_SECS),
        ParamChange::Treasury(new_treasury),
    ];
    let ids: Vec<u64> = changes.iter().map(|c| propose(&mut f, &gov, *c)).collect();
    assert_eq!(ids, vec![0, 1, 2, 3, 4, 5]);
    f.warp_seconds(TIMELOCK);
    for (id, change) in ids.iter().zip(changes.iter()) {
        execute(&mut f, *id, change).expect("execute");
    }
    let p = config(&mut f).params;
    assert_eq!(
        p,
        ProtocolParams {
            treasury: new_treasury,
            protocol_fee_bps: MAX_PROTOCOL_FEE_BPS,
            max_settler_fee_bps: 0,
            withdrawal_notice_secs: DAY_SECS,
            release_period_secs: 30 * DAY_SECS,
            timelock_delay_secs: 3 * DAY_SECS,
            challenge_window_secs: DAY_SECS,
            min_bond_ratio_bps: 10_000,
            dispute_deposit_lamports: 50_000_000,
            dispute_reward_bps: 1_000,
        }
    );

    // The new delay governs proposals made after it took effect.
    let now = f.now();
    let id = propose(&mut f, &gov, ParamChange::ProtocolFeeBps(1));
    assert_eq!(
        f.state::<ProposedChange>(&pda::change(id).0).eta,
        now + 3 * DAY_SECS
    );
}

#[test]
fn out_of_range_proposals_are_rejected_by_name() {
    let (mut f, gov) = governed();
    let cases = [
        (
            ParamChange::ProtocolFeeBps(MAX_PROTOCOL_FEE_BPS + 1),
            GovernanceError::ProtocolFeeTooHigh,
        ),
        (
            ParamChange::MaxSettlerFeeBps(MAX_SETTLER_FEE_BPS + 1),
            GovernanceError::SettlerFeeTooHigh,
        ),
        (
            ParamChange::WithdrawalNoticeSecs(0),
            GovernanceError::InvalidWithdrawalNotice,
        ),
        (
            ParamChange::WithdrawalNoticeSecs(MAX_WITHDRAWAL_NOTICE_SECS + 1),
            GovernanceError::InvalidWithdrawalNotice,
        ),
        (
            ParamChange::ReleasePeriodSecs(-DAY_SECS),
            GovernanceError::InvalidReleasePeriod,
        ),
        (
            ParamChange::ReleasePeriodSecs(MAX_RELEASE_PERIOD_SECS + 1),
            GovernanceError::InvalidReleasePeriod,
        ),
        (
            ParamChange::TimelockDelaySecs(0),
            GovernanceError::InvalidTimelockDelay,
        ),
        (
            ParamChange::TimelockDelaySecs(MAX_TIMELOCK_DELAY_SECS + 1),
            GovernanceError::InvalidTimelockDelay,
        ),
        (
            ParamChange::Treasury(Pubkey::default()),
            GovernanceError::InvalidTreasury,
        ),
    ];
    for (change, expected) in cases {
        assert_error(try_propose(&mut f, &gov.authority, 0, change), expected);
    }
    assert_eq!(config(&mut f).change_count, 0);
    assert!(f.account(&pda::change(0).0).is_none());

    let stranger = f.keypair();
    assert_error(
        try_propose(&mut f, &stranger, 0, ParamChange::ProtocolFeeBps(1)),
        GovernanceError::Unauthorized,
    );
}

#[test]
fn a_cancelled_change_never_executes() {
    let (mut f, gov) = governed();
    let change = ParamChange::MaxSettlerFeeBps(450);
    let id = propose(&mut f, &gov, change);
    let stranger = f.keypair();
    assert_error(
        f.send(
            &[ix::cancel_change(&stranger.pubkey(), id, &change)],
            &[&stranger],
        ),
        GovernanceError::Unauthorized,
    );
    f.send(
        &[ix::cancel_change(&gov.authority.pubkey(), id, &change)],
        &[&gov.authority],
    )
    .expect("cancel");
    let record: ProposedChange = f.state(&pda::change(id).0);
    assert_eq!(record.status, ChangeStatus::Cancelled);

    f.warp_seconds(TIMELOCK);
    assert_error(
        execute(&mut f, id, &change),
        GovernanceError::ChangeNotPending,
    );
    assert_error(
        f.send(
            &[ix::cancel_change(&gov.authority.pubkey(), id, &change)],
            &[&gov.authority],
        ),
        GovernanceError::ChangeNotPending,
    );
    assert_eq!(config(&mut f).params.max_settler_fee_bps, 200);
}

#[test]
fn a_stale_change_expires_and_anyone_may_clear_it() {
    let (mut f, gov) = governed();
    let change = ParamChange::ReleasePeriodSecs(DAY_SECS);
    let id = propose(&mut f, &gov, change);
    let stranger = f.keypair();
    f.warp_seconds(TIMELOCK + CHANGE_GRACE_PERIOD_SECS);
    // The last moment of the grace period still counts, but the stranger
    // cannot cancel yet.
    assert_error(
        f.send(
            &[ix::cancel_change(&stranger.pubkey(), id, &change)],
            &[&stranger],
        ),
        GovernanceError::Unauthorized,
    );
    f.warp_seconds(1);
    assert_error(execute(&mut f, id, &change), GovernanceError::ChangeExpired);
    f.send(
        &[ix::cancel_change(&stranger.pubkey(), id, &change)],
        &[&stranger],
    )
    .expect("anyone clears an expired change");
    assert_eq!(
        f.state::<ProposedChange>(&pda::change(id).0).status,
        ChangeStatus::Cancelled
    );
    assert_eq!(config(&mut f).params.release_period_secs, 7 * DAY_SECS);
}

#[test]
fn the_last_moment_of_the_grace_period_still_executes() {
    let (mut f, gov) = governed();
    let change = ParamChange::WithdrawalNoticeSecs(DAY_SECS);
    let id = propose(&mut f, &gov, change);
    f.warp_seconds(TIMELOCK + CHANGE_GRACE_PERIOD_SECS);
    execute(&mut f, id, &change).expect("execute at expiry");
    assert_eq!(config(&mut f).params.withdrawal_notice_secs, DAY_SECS);
}

#[test]
fn the_timelock_never_runs_shorter_than_the_withdrawal_notice() {
    let (mut f, gov) = governed();
    // Both at two days: a shorter timelock or a longer notice would let a
    // change land before a listener who objects could leave.
    let shorter = ParamChange::TimelockDelaySecs(DAY_SECS);
    let longer = ParamChange::WithdrawalNoticeSecs(3 * DAY_SECS);
    let (a, b) = (
        propose(&mut f, &gov, shorter),
        propose(&mut f, &gov, longer),
    );
    f.warp_seconds(TIMELOCK);
    let before = config(&mut f);
    for (id, change) in [(a, shorter), (b, longer)] {
        assert_error(
            execute(&mut f, id, &change),
            GovernanceError::TimelockShorterThanNotice,
        );
    }
    let after = config(&mut f);
    assert_eq!(
        (after.params, after.updated_at),
        (before.params, before.updated_at)
    );
    // In the other order it works: the timelock rises first, then the notice.
    let rise = ParamChange::TimelockDelaySecs(3 * DAY_SECS);
    let (c, d) = (propose(&mut f, &gov, rise), propose(&mut f, &gov, longer));
    f.warp_seconds(TIMELOCK);
    execute(&mut f, c, &rise).expect("the timelock first");
    execute(&mut f, d, &longer).expect("then the notice");
    let p = config(&mut f).params;
    assert_eq!(
        (p.timelock_delay_secs, p.withdrawal_notice_secs),
        (3 * DAY_SECS, 3 * DAY_SECS)
    );
}

fn any_change() -> impl Strategy<Value = ParamChange> {
    prop_oneof![
        (0u16..=2_000).prop_map(ParamChange::ProtocolFeeBps),
        (0u16..=1_000).prop_map(ParamChange::MaxSettlerFeeBps),
        (-DAY_SECS..=MAX_WITHDRAWAL_NOTICE_SECS * 2).prop_map(ParamChange::WithdrawalNoticeSecs),
        (-DAY_SECS..=MAX_RELEASE_PERIOD_SECS * 2).prop_map(ParamChange::ReleasePeriodSecs),
        (-DAY_SECS..=MAX_TIMELOCK_DELAY_SECS * 2).prop_map(ParamChange::TimelockDelaySecs),
        (-DAY_SECS..=15 * DAY_SECS).prop_map(ParamChange::ChallengeWindowSecs),
        (5_000u16..=60_000).prop_map(ParamChange::MinBondRatioBps),
        (0u64..=20_000_000_000).prop_map(ParamChange::DisputeDepositLamports),
        (0u16..=10_000).prop_map(ParamChange::DisputeRewardBps),
        any::<bool>().prop_map(|real| ParamChange::Treasury(if real {
            Pubkey::new_unique()
        } else {
            Pubkey::default()
        })),
    ]
}

/// The bounds, restated independently of the program's checks: the error
/// that refuses `change`, if any.
fn refusal(change: &ParamChange) -> Option<GovernanceError> {
    let outside = |v: i64, max_days: i64| !(1..=max_days * 86_400).contains(&v);
    match *change {
        ParamChange::ProtocolFeeBps(v) => {
            (v > 1_000).then_some(GovernanceError::ProtocolFeeTooHigh)
        }
        ParamChange::MaxSettlerFeeBps(v) => (v > 500).then_some(GovernanceError::SettlerFeeTooHigh),
        ParamChange::WithdrawalNoticeSecs(v) => {
            outside(v, 7).then_some(GovernanceError::InvalidWithdrawalNotice)
        }
        ParamChange::ReleasePeriodSecs(v) => {
            (v < 86_400 || outside(v, 90)).then_some(GovernanceError::InvalidReleasePeriod)
        }
        ParamChange::TimelockDelaySecs(v) => {
            outside(v, 30).then_some(GovernanceError::InvalidTimelockDelay)
        }
        ParamChange::Treasury(v) => {
            (v == Pubkey::default()).then_some(GovernanceError::InvalidTreasury)
        }
        ParamChange::ChallengeWindowSecs(v) => {
            outside(v, 7).then_some(GovernanceError::InvalidChallengeWindow)
        }
        ParamChange::MinBondRatioBps(v) => {
            (!(10_000..=50_000).contains(&v)).then_some(GovernanceError::InvalidBondRatio)
        }
        ParamChange::DisputeDepositLamports(v) => {
            (v > 10_000_000_000).then_some(GovernanceError::InvalidDisputeDeposit)
        }
        ParamChange::DisputeRewardBps(v) => {
            (v > 5_000).then_some(GovernanceError::InvalidDisputeReward)
        }
        ParamChange::SlashSettler { amount, .. } => {
            (amount == 0).then_some(GovernanceError::InvalidSlashAmount)
        }
        // A decision: the registry checks it against the open dispute.
        ParamChange::ResolveTrackDispute { .. } => None,
    }
}

/// What executing `change` on `params` is refused with, if anything: its
/// bound, or a timelock left shorter than the withdrawal notice.
fn refusal_on(change: &ParamChange, params: &ProtocolParams) -> Option<GovernanceError> {
    refusal(change).or_else(|| {
        let next = change.applied_to(params)?;
        (next.timelock_delay_secs < next.withdrawal_notice_secs)
            .then_some(GovernanceError::TimelockShorterThanNotice)
    })
}

fn code(error: Option<GovernanceError>) -> Option<u32> {
    error.map(u32::from)
}

proptest! {
    #[test]
    fn a_value_passes_the_checks_iff_within_bounds(change in any_change()) {
        let checked = encore_sdk::governance::checks::check_change(&change);
        prop_assert_eq!(code(checked.err()), code(refusal(&change)), "{:?}", change);
        // The config's own check names the same error for the changed params.
        let base = params(&Pubkey::new_unique());
        if let Some(next) = change.applied_to(&base) {
            let checked = encore_sdk::governance::checks::check_params(&next);
            prop_assert_eq!(code(checked.err()), code(refusal_on(&change, &base)), "{:?}", change);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
    /// On chain: a proposal lands iff its value is in bounds, is refused by
    /// governance with the bound's named error otherwise, and executing the
    /// landed ones leaves a config whose every parameter is in bounds.
    #[test]
    fn the_program_accepts_a_proposal_iff_within_bounds(changes in proptest::collection::vec(any_change(), 1..6)) {
        let (mut f, gov) = governed();
        let mut landed = Vec::new();
        for change in changes {
            let id = config(&mut f).change_count;
            let result = try_propose(&mut f, &gov.authority, id, change);
            match (refusal(&change), result) {
                (None, Ok(())) => landed.push((id, change)),
                (Some(expected), Err(e)) => {
                    prop_assert_eq!(e.custom_code(), code(Some(expected)), "{:?}: {:?}", change, e);
                    prop_assert_eq!(e.raised_by(), Some(encore_sdk::governance::ID));
                    prop_assert!(f.account(&pda::change(id).0).is_none());
                }
                (expected, result) => {
                    return Err(TestCaseError::fail(format!("{change:?}: expected {expected:?}, got {result:?}")));
                }
            }
        }
        f.warp_seconds(TIMELOCK);
        // Executed in order; one that would leave the timelock shorter than
        // the notice is refused by name and changes nothing.
        let mut expected = config(&mut f).params;
        for (id, change) in &landed {
            let result = execute(&mut f, *id, change);
            match refusal_on(change, &expected) {
                None => {
                    result.expect("execute");
                    expected = change.applied_to(&expected).unwrap_or(expected);
                }
                Some(error) => {
                    let e = result.expect_err("refused at execution");
                    prop_assert_eq!(e.custom_code(), code(Some(error)), "{:?}", change);
                }
            }
        }
        let c = config(&mut f);
        prop_assert_eq!(c.params, expected);
        prop_assert_eq!(code(encore_sdk::governance::checks::check_params(&c.params).err()), None);
        prop_assert_eq!(c.change_count, landed.len() as u64);
    }
}
