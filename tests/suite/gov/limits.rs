//! Governance at its limits: bonds of every token a mint can hold, posted,
//! locked, withdrawn and slashed exactly; the first unit past u64::MAX
//! refused with `MathOverflow` and nothing changed; and each parameter
//! bound and time boundary tried from both sides on chain.

use encore_sdk::governance::constants::*;
use encore_sdk::governance::errors::GovernanceError;
use encore_sdk::governance::state::{ChangeStatus, ParamChange, ProposedChange, ProtocolParams};
use encore_sdk::instructions::gov as ix;
use encore_sdk::{pda, token};
use solana_signer::Signer;

use super::settlers::{registered, settler, slash, vault, Candidate};
use super::{config, execute, governed, params, propose, try_propose, Gov, TIMELOCK};
use crate::support::fixture::{assert_error, Fixture};

/// What a refused bond instruction must leave alone: the record, the
/// vault, and the wallet's tokens.
fn bond_state(f: &mut Fixture, c: &Candidate) -> (Option<solana_account::Account>, u64, u64) {
    let record = pda::settler(&c.wallet.pubkey()).0;
    (
        f.account(&record),
        f.token_balance(&vault(c)),
        f.token_balance(&c.tokens),
    )
}

#[test]
fn a_bond_of_u64_max_posts_locks_and_leaves_exactly() {
    let (mut f, gov) = governed();
    let a = gov.authority.pubkey();
    let c = registered(&mut f, u64::MAX);
    let w = c.wallet.pubkey();
    let approve = |min_bond| ix::approve_settler(&a, &w, min_bond);

    // One unit short of the largest minimum the council can name.
    f.send(&[ix::post_bond(&w, &c.tokens, u64::MAX - 1)], &[&c.wallet])
        .expect("post");
    assert_error(
        f.send(&[approve(u64::MAX)], &[&gov.authority]),
        GovernanceError::InsufficientBond,
    );
    assert!(!settler(&mut f, &c).approved);
    f.send(&[ix::post_bond(&w, &c.tokens, 1)], &[&c.wallet])
        .expect("post the last unit of the mint");
    assert_eq!(settler(&mut f, &c).bond_amount, u64::MAX);
    assert_eq!(f.token_balance(&vault(&c)), u64::MAX);

    // One unit more cannot be counted: refused by name before any token
    // moves (the wallet holds none, which would otherwise fail the transfer).
    let before = bond_state(&mut f, &c);
    for amount in [1, u64::MAX] {
        assert_error(
            f.send(&[ix::post_bond(&w, &c.tokens, amount)], &[&c.wallet]),
            GovernanceError::MathOverflow,
        );
        assert_eq!(bond_state(&mut f, &c), before);
    }
    f.send(&[approve(u64::MAX)], &[&gov.authority])
        .expect("approve at the largest minimum");
    assert!(settler(&mut f, &c).approved);

    // Revoked: locked through the last second of the timelock delay, free on the next.
    f.send(&[ix::revoke_settler(&a, &w)], &[&gov.authority])
        .expect("revoke");
    f.warp_seconds(TIMELOCK - 1);
    let before = bond_state(&mut f, &c);
    assert_error(
        f.send(&[ix::withdraw_bond(&w, &c.tokens, u64::MAX)], &[&c.wallet]),
        GovernanceError::BondLocked,
    );
    assert_eq!(bond_state(&mut f, &c), before);
    f.warp_seconds(1);
    f.send(&[ix::withdraw_bond(&w, &c.tokens, u64::MAX)], &[&c.wallet])
        .expect("withdraw everything");
    assert_eq!(settler(&mut f, &c).bond_amount, 0);
    assert_eq!(
        (f.token_balance(&vault(&c)), f.token_balance(&c.tokens)),
        (0, u64::MAX)
    );
}

/// Proposes `change` as the authority, expecting it to land.
fn proposed(f: &mut Fixture, gov: &Gov, change: ParamChange) -> u64 {
    let id = propose(f, gov, change);
    assert_eq!(
        f.state::<ProposedChange>(&pda::change(id).0).status,
        ChangeStatus::Pending
    );
    id
}

#[test]
fn a_slash_of_u64_max_moves_the_whole_bond_and_the_record_stops_there() {
    let (mut f, gov) = governed();
    let a = gov.authority.pubkey();
    let c = registered(&mut f, u64::MAX);
    let w = c.wallet.pubkey();
    f.send(&[ix::post_bond(&w, &c.tokens, u64::MAX)], &[&c.wallet])
        .expect("post");
    let treasury_tokens = f.ata(&gov.treasury.pubkey(), &c.mint);

    // The whole bond is reserved; nothing is left for a second slash.
    let everything = slash(&c, u64::MAX, 1);
    let id = proposed(&mut f, &gov, everything);
    assert_eq!(settler(&mut f, &c).pending_slash_amount, u64::MAX);
    let next = config(&mut f).change_count;
    assert_error(
        try_propose(&mut f, &gov.authority, next, slash(&c, 1, 2)),
        GovernanceError::SlashExceedsBond,
    );

    // Due on the second its timelock ends, not one before.
    f.warp_seconds(TIMELOCK - 1);
    let run = |f: &mut Fixture, id, change: &ParamChange| {
        f.send(
            &[ix::execute_change(id, change, Some(&treasury_tokens))],
            &[],
        )
    };
    assert_error(
        run(&mut f, id, &everything),
        GovernanceError::TimelockNotElapsed,
    );
    f.warp_seconds(1);
    run(&mut f, id, &everything).expect("slash everything");
    assert_eq!(f.token_balance(&treasury_tokens), u64::MAX);
    assert_eq!(f.token_balance(&vault(&c)), 0);
    let s = settler(&mut f, &c);
    assert_eq!(
        (
            s.bond_amount,
            s.pending_slash_amount,
            s.slashed_total,
            s.slash_count
        ),
        (0, 0, u64::MAX, 1)
    );

    // The treasury hands one token back, bonded and slashed again: the
    // lifetime total cannot count it, so execution is refused by name,
    // nothing moves, and the council can still cancel the slash.
    let back = anchor_spl::token::spl_token::instruction::transfer(
        &token::TOKEN_PROGRAM_ID,
        &treasury_tokens,
        &c.tokens,
        &gov.treasury.pubkey(),
        &[],
        1,
    )
    .expect("transfer instruction");
    f.send(&[back], &[&gov.treasury]).expect("one token back");
    f.send(&[ix::post_bond(&w, &c.tokens, 1)], &[&c.wallet])
        .expect("post one");
    let one = slash(&c, 1, 3);
    let id = proposed(&mut f, &gov, one);
    f.warp_seconds(TIMELOCK);
    let watched = |f: &mut Fixture| {
        (
            f.account(&pda::settler(&w).0),
            f.account(&pda::change(id).0),
            f.token_balance(&vault(&c)),
            f.token_balance(&treasury_tokens),
        )
    };
    let before = watched(&mut f);
    assert_error(run(&mut f, id, &one), GovernanceError::MathOverflow);
    assert_eq!(watched(&mut f), before);
    f.send(&[ix::cancel_change(&a, id, &one)], &[&gov.authority])
        .expect("cancel");
    let s = settler(&mut f, &c);
    assert_eq!((s.bond_amount, s.pending_slash_amount), (1, 0));
}

#[test]
fn every_parameter_bound_holds_from_both_sides() {
    let (mut f, gov) = governed();
    let day = DAY_SECS;
    // (the last value allowed, the first refused, its error) at each edge,
    // in an order that keeps the timelock at least the notice as they run.
    let edges = [
        (
            ParamChange::ProtocolFeeBps(MAX_PROTOCOL_FEE_BPS),
            ParamChange::ProtocolFeeBps(MAX_PROTOCOL_FEE_BPS + 1),
            GovernanceError::ProtocolFeeTooHigh,
        ),
        (
            ParamChange::MaxSettlerFeeBps(MAX_SETTLER_FEE_BPS),
            ParamChange::MaxSettlerFeeBps(MAX_SETTLER_FEE_BPS + 1),
            GovernanceError::SettlerFeeTooHigh,
        ),
        (
            ParamChange::WithdrawalNoticeSecs(1),
            ParamChange::WithdrawalNoticeSecs(0),
            GovernanceError::InvalidWithdrawalNotice,
        ),
        (
            ParamChange::TimelockDelaySecs(1),
            ParamChange::TimelockDelaySecs(0),
            GovernanceError::InvalidTimelockDelay,
        ),
        (
            ParamChange::TimelockDelaySecs(30 * day),
            ParamChange::TimelockDelaySecs(30 * day + 1),
            GovernanceError::InvalidTimelockDelay,
        ),
        (
            ParamChange::WithdrawalNoticeSecs(7 * day),
            ParamChange::WithdrawalNoticeSecs(7 * day + 1),
            GovernanceError::InvalidWithdrawalNotice,
        ),
        (
            ParamChange::ReleasePeriodSecs(MIN_RELEASE_PERIOD_SECS),
            ParamChange::ReleasePeriodSecs(MIN_RELEASE_PERIOD_SECS - 1),
            GovernanceError::InvalidReleasePeriod,
        ),
        (
            ParamChange::ReleasePeriodSecs(90 * day),
            ParamChange::ReleasePeriodSecs(90 * day + 1),
            GovernanceError::InvalidReleasePeriod,
        ),
    ];
    let mut landed = Vec::new();
    for (allowed, refused, error) in edges {
        let next = config(&mut f).change_count;
        assert_error(try_propose(&mut f, &gov.authority, next, refused), error);
        assert!(f.account(&pda::change(next).0).is_none());
        landed.push((proposed(&mut f, &gov, allowed), allowed));
    }
    f.warp_seconds(TIMELOCK);
    for (id, change) in &landed {
        execute(&mut f, *id, change).expect("execute an edge value");
    }
    // Later edges of the same parameter win: the upper ones.
    let expected = ProtocolParams {
        protocol_fee_bps: MAX_PROTOCOL_FEE_BPS,
        max_settler_fee_bps: MAX_SETTLER_FEE_BPS,
        withdrawal_notice_secs: 7 * day,
        release_period_secs: 90 * day,
        timelock_delay_secs: 30 * day,
        ..params(&gov.treasury.pubkey())
    };
    assert_eq!(config(&mut f).params, expected);

    // Under the longest delay a change waits exactly 30 days, and may run
    // until exactly 14 days after that.
    let change = ParamChange::ProtocolFeeBps(0);
    let proposed_at = f.now();
    let id = proposed(&mut f, &gov, change);
    let record: ProposedChange = f.state(&pda::change(id).0);
    assert_eq!(record.eta, proposed_at + 30 * day);
    f.warp_seconds(30 * day - 1);
    assert_error(
        execute(&mut f, id, &change),
        GovernanceError::TimelockNotElapsed,
    );
    f.warp_seconds(1 + CHANGE_GRACE_PERIOD_SECS);
    execute(&mut f, id, &change).expect("the last second of the grace period");
    assert_eq!(config(&mut f).params.protocol_fee_bps, 0);
}

#[test]
fn under_the_shortest_delay_a_change_waits_one_second() {
    let (mut f, gov) = governed();
    // The notice first: the timelock is never shorter than it.
    let notice = ParamChange::WithdrawalNoticeSecs(1);
    let shortest = ParamChange::TimelockDelaySecs(1);
    let notice_id = proposed(&mut f, &gov, notice);
    let id = proposed(&mut f, &gov, shortest);
    f.warp_seconds(TIMELOCK);
    execute(&mut f, notice_id, &notice).expect("notice of one second");
    execute(&mut f, id, &shortest).expect("delay of one second");

    let change = ParamChange::MaxSettlerFeeBps(0);
    let id = proposed(&mut f, &gov, change);
    assert_eq!(
        f.state::<ProposedChange>(&pda::change(id).0).eta,
        f.now() + 1
    );
    assert_error(
        execute(&mut f, id, &change),
        GovernanceError::TimelockNotElapsed,
    );
    assert_eq!(config(&mut f).params.max_settler_fee_bps, 200);
    f.warp_seconds(1);
    execute(&mut f, id, &change).expect("one second later");
    assert_eq!(config(&mut f).params.max_settler_fee_bps, 0);
}
