//! Committed money: a lowered cap and a withdrawal take effect one notice
//! after the listener asks, so plays made before are charged against the
//! cap and balance as they stood, whenever they settle; a raise applies at
//! once; cap periods roll by play time; a window across any of these
//! changes is refused. Each boundary on both sides of its second. Also
//! closing a window: its settler at any time, anyone after the notice.

use encore_sdk::governance::state::PauseArea;
use encore_sdk::instructions::escrow as ix;
use encore_sdk::stream_escrow::errors::EscrowError;
use encore_sdk::stream_escrow::events::{CapSet, WindowClosed, WithdrawalRequested};
use encore_sdk::stream_escrow::instructions::SetCapArgs;
use encore_sdk::stream_escrow::state::CapChange;
use solana_signer::Signer;

use super::{cont, open, Stream, NOTICE};
use crate::support::fixture::assert_error;

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;

/// Listener `l` sets its cap; returns the `CapSet` event.
fn cap_event(s: &mut Stream, l: usize, cap: Option<u64>, period_secs: i64) -> CapSet {
    let wallet = s.listeners[l].insecure_clone();
    let ixn = ix::set_cap(&wallet.pubkey(), &s.mint, SetCapArgs { cap, period_secs });
    let mut events: Vec<CapSet> = s.f.send_for_events(&wallet, &[ixn], &[]).expect("set cap");
    events.remove(0)
}

/// Settles `plays` of track 0 by listener `l` at the one second `at`;
/// returns (plays paid, plays short).
fn plays_at(s: &mut Stream, seq: u64, l: usize, at: i64, plays: u16) -> (u64, u64) {
    let e = s
        .settle_events(seq, &[open(l, at, at, 1, &[(0, 0, plays)])])
        .expect("settle");
    (e.plays_paid, e.plays_short)
}

#[test]
fn a_lowered_cap_counts_from_one_notice_on() {
    let mut s = Stream::new(&[100]);
    let l = s.add_listener(100_000);
    let t0 = s.f.now();
    let takes_effect = t0 + NOTICE;
    let event = cap_event(&mut s, l, Some(500), 30 * DAY);
    assert_eq!(event.listener, s.listener_address(l));
    assert_eq!(
        (event.cap_per_period, event.cap_period_secs),
        (500, 30 * DAY)
    );
    assert_eq!(event.effective_at, takes_effect);
    let listener = s.listener(l);
    assert_eq!(listener.cap_per_period, u64::MAX, "not yet");
    assert_eq!(
        listener.cap_changes(),
        &[CapChange {
            at: takes_effect,
            cap: 500,
            period_secs: 30 * DAY
        }]
    );

    s.f.warp_seconds(NOTICE + 100);
    let before = s.snapshot();
    assert_error(
        s.settle_parts(
            1,
            &[open(l, takes_effect - 1, takes_effect, 1, &[(0, 0, 20)])],
        ),
        EscrowError::WindowSpansChange,
    );
    s.assert_unchanged(&before);
    // The last second under the old cap (none): every play paid.
    assert_eq!(plays_at(&mut s, 1, l, takes_effect - 1, 20), (20, 0));
    // From the change on: 500 a period buys 5 plays; the rest are short.
    let e = s
        .settle_events(2, &[open(l, takes_effect, takes_effect, 1, &[(0, 0, 20)])])
        .expect("under the new cap");
    assert_eq!((e.plays_paid, e.plays_short, e.listeners_short), (5, 15, 1));
    assert_eq!(e.amount, 500);
    let listener = s.listener(l);
    assert_eq!(
        (listener.cap_per_period, listener.cap_period_secs),
        (500, 30 * DAY)
    );
    assert_eq!(
        listener.period_start, takes_effect,
        "a new period starts then"
    );
    assert_eq!(listener.spent_this_period, 500);
    assert!(listener.cap_changes().is_empty(), "adopted");
    assert_eq!(listener.balance, 100_000 - 2_000 - 500);
    assert_eq!(plays_at(&mut s, 3, l, takes_effect + 1, 3), (0, 3));
    s.assert_conserved();
}

#[test]
fn a_raised_cap_applies_at_once_and_drops_a_pending_lowering() {
    let mut s = Stream::new(&[100]);
    let l = s.add_listener(100_000);
    let lowered_at = s.f.now() + NOTICE;
    s.set_cap(l, Some(300), 30 * DAY).expect("lower");
    s.f.warp_seconds(NOTICE + 100);
    assert_eq!(plays_at(&mut s, 1, l, lowered_at, 5), (3, 2));

    let now = s.f.now();
    let event = cap_event(&mut s, l, Some(1_000), 30 * DAY);
    assert_eq!(event.effective_at, now, "a raise is immediate");
    assert_eq!(s.listener(l).cap_per_period, 1_000);
    // Earlier plays of the same period now fit in the raised cap: 700 left.
    assert_eq!(plays_at(&mut s, 2, l, lowered_at + 10, 10), (7, 3));

    // A lowering, then a raise before it lands: the raise wins, at once.
    s.set_cap(l, Some(200), 30 * DAY).expect("lower again");
    assert_eq!(
        s.listener(l).cap_changes().last().map(|c| c.at),
        Some(now + NOTICE)
    );
    s.set_cap(l, Some(2_000), 30 * DAY).expect("raise");
    let listener = s.listener(l);
    assert_eq!(listener.cap_per_period, 2_000);
    assert!(listener.cap_changes().is_empty());
    assert_eq!(plays_at(&mut s, 3, l, lowered_at + 20, 10), (10, 0));
    assert_eq!(s.listener(l).spent_this_period, 2_000);
    s.assert_conserved();
}

/// The cap as it stood when the plays were made, even once a second lower
/// cap is asked for.
#[test]
fn a_second_lowering_keeps_the_first_for_plays_made_under_it() {
    let mut s = Stream::new(&[100]);
    let l = s.add_listener(100_000);
    let first_at = s.f.now() + NOTICE;
    s.set_cap(l, Some(300), 30 * DAY).expect("lower to 300");
    s.f.warp_seconds(NOTICE + 100);
    // Plays under the 300 cap, not yet settled; then a lower cap still.
    let second_at = s.f.now() + NOTICE;
    s.set_cap(l, Some(200), 30 * DAY).expect("lower to 200");
    assert_eq!(
        s.listener(l).cap_changes(),
        &[
            CapChange {
                at: first_at,
                cap: 300,
                period_secs: 30 * DAY
            },
            CapChange {
                at: second_at,
                cap: 200,
                period_secs: 30 * DAY
            }
        ]
    );
    assert_eq!(plays_at(&mut s, 1, l, first_at + 10, 10), (3, 7));
    assert_eq!(s.listener(l).balance, 100_000 - 300);
    // The second change starts its own period once its notice is over.
    s.f.warp_seconds(NOTICE + 100);
    assert_eq!(plays_at(&mut s, 2, l, second_at + 10, 10), (2, 8));
    let listener = s.listener(l);
    assert_eq!(listener.balance, 100_000 - 500);
    assert_eq!(
        (listener.cap_per_period, listener.period_start),
        (200, second_at)
    );
    assert!(listener.cap_changes().is_empty());
    s.assert_conserved();
}

/// A raise changes the cap in force now, even one not yet met by
/// settlement; the plays before it keep theirs.
#[test]
fn a_raise_changes_the_cap_in_force_now() {
    let mut s = Stream::new(&[100]);
    let l = s.add_listener(100_000);
    let lowered_at = s.f.now() + NOTICE;
    s.set_cap(l, Some(300), 30 * DAY).expect("lower to 300");
    s.f.warp_seconds(NOTICE + 100);
    let now = s.f.now();
    let event = cap_event(&mut s, l, Some(400), 30 * DAY);
    assert_eq!(event.effective_at, now, "a raise over 300 is immediate");
    assert_eq!(
        s.listener(l).cap_changes(),
        &[CapChange {
            at: lowered_at,
            cap: 400,
            period_secs: 30 * DAY
        }]
    );
    assert_eq!(s.listener(l).cap_per_period, u64::MAX);
    // Before the lowering: uncapped; from it: 400 a period.
    assert_eq!(plays_at(&mut s, 1, l, lowered_at - 5, 10), (10, 0));
    assert_eq!(plays_at(&mut s, 2, l, lowered_at + 5, 10), (4, 6));
    assert_eq!(s.listener(l).balance, 100_000 - 1_000 - 400);
    s.assert_conserved();
}

/// Four cap changes may wait; a fifth waits until the oldest have been in
/// force for a notice (the settlers' deadline), which adopts them early.
#[test]
fn cap_changes_wait_four_at_a_time() {
    let mut s = Stream::new(&[100]);
    let l = s.add_listener(100_000);
    let t0 = s.f.now();
    for (i, cap) in [900, 800, 700, 600].into_iter().enumerate() {
        assert_eq!(s.f.now(), t0 + i as i64);
        s.set_cap(l, Some(cap), 30 * DAY).expect("lower");
        s.f.warp_seconds(1);
    }
    assert_eq!(s.listener(l).cap_changes().len(), 4);
    let before = s.snapshot();
    assert_error(
        s.set_cap(l, Some(500), 30 * DAY),
        EscrowError::CapChangesPending,
    );
    s.assert_unchanged(&before);
    // Once the first two have been in force for a notice, they make room.
    let now = t0 + 1 + 2 * NOTICE;
    let wait = now - s.f.now();
    s.f.warp_seconds(wait);
    s.set_cap(l, Some(500), 30 * DAY).expect("room made");
    let listener = s.listener(l);
    assert_eq!(
        (
            listener.cap_per_period,
            listener.period_start,
            listener.spent_this_period
        ),
        (800, t0 + 1 + NOTICE, 0)
    );
    let at: Vec<i64> = listener.cap_changes().iter().map(|c| c.at).collect();
    assert_eq!(at, vec![t0 + 2 + NOTICE, t0 + 3 + NOTICE, now + NOTICE]);
}

/// A withdrawal whose notice is over withholds its amount from later
/// plays: a new request would undo that, so it must be completed or
/// cancelled first. One still in its notice is simply replaced.
#[test]
fn a_ready_withdrawal_is_not_replaced() {
    let mut s = Stream::new(&[100]);
    let l = s.add_listener(10_000);
    s.request_withdrawal(l, 1_000).expect("request");
    s.f.warp_seconds(10);
    s.request_withdrawal(l, 2_000)
        .expect("replaced in its notice");
    assert_eq!(s.listener(l).withdrawal_amount, 2_000);
    s.f.warp_seconds(NOTICE);
    let before = s.snapshot();
    assert_error(s.request_withdrawal(l, 3_000), EscrowError::WithdrawalReady);
    s.assert_unchanged(&before);
    s.cancel_withdrawal(l).expect("cancel");
    s.request_withdrawal(l, 3_000)
        .expect("a new request after a cancel");
    assert_eq!(s.listener(l).withdrawal_amount, 3_000);
}

#[test]
fn a_withdrawal_withholds_only_from_plays_after_its_notice() {
    let mut s = Stream::new(&[50]);
    let l = s.add_listener(10_000);
    let t0 = s.f.now();
    let available_at = t0 + NOTICE;
    let wallet = s.listeners[l].insecure_clone();
    let ixn = ix::request_withdrawal(&wallet.pubkey(), &s.mint, 4_000);
    let events: Vec<WithdrawalRequested> =
        s.f.send_for_events(&wallet, &[ixn], &[]).expect("request");
    assert_eq!(
        (events[0].amount, events[0].available_at),
        (4_000, available_at)
    );
    let listener = s.listener(l);
    assert_eq!(
        (
            listener.withdrawal_amount,
            listener.withdrawal_requested_at,
            listener.withdrawal_available_at
        ),
        (4_000, t0, available_at)
    );

    // Plays from before the request, settled after it: the whole balance.
    assert_eq!(plays_at(&mut s, 1, l, t0 - 10, 60), (60, 0));
    s.f.warp_seconds(NOTICE + 100);
    let before = s.snapshot();
    assert_error(
        s.settle_parts(
            2,
            &[open(l, available_at - 1, available_at, 1, &[(0, 0, 1)])],
        ),
        EscrowError::WindowSpansChange,
    );
    s.assert_unchanged(&before);
    // The notice's last second: still the whole balance (7,000).
    assert_eq!(plays_at(&mut s, 2, l, available_at - 1, 20), (20, 0));
    // From then on: 6,000 less the 4,000 asked for leaves 2,000, 40 plays.
    assert_eq!(plays_at(&mut s, 3, l, available_at, 50), (40, 10));
    assert_eq!(s.listener(l).balance, 4_000);

    let dest = s.wallet_tokens(l);
    s.withdraw(l).expect("withdraw");
    assert_eq!(s.f.token_balance(&dest), 4_000);
    assert_eq!(s.listener(l).balance, 0);
    s.assert_conserved();
}

/// The attack the notice answers: listen all day, then cap spending to
/// nothing and ask for everything back before the settler's batch lands.
#[test]
fn listening_then_capping_to_zero_and_withdrawing_still_pays_for_the_plays() {
    let mut s = Stream::new(&[100]);
    let l = s.add_listener(50_000);
    let t0 = s.f.now();
    let (w, mint) = (s.wallet(l), s.mint);
    s.as_listener(
        l,
        &[
            ix::set_cap(
                &w,
                &mint,
                SetCapArgs {
                    cap: Some(0),
                    period_secs: 30 * DAY,
                },
            ),
            ix::request_withdrawal(&w, &mint, 50_000),
        ],
    )
    .expect("cap to zero and ask for everything");

    // The day's plays, settled after the requests.
    let e = s
        .settle_events(1, &[open(l, t0 - DAY, t0 - 1, 1, &[(0, 0, 300)])])
        .expect("the day");
    assert_eq!((e.plays_paid, e.amount), (300, 30_000));
    // Plays during the notice are charged as well.
    s.f.warp_seconds(1_000);
    assert_eq!(plays_at(&mut s, 2, l, t0 + 500, 50), (50, 0));

    s.f.warp_seconds(NOTICE - 1_000);
    let dest = s.wallet_tokens(l);
    s.withdraw(l).expect("withdraw at the notice's end");
    assert_eq!(s.f.token_balance(&dest), 50_000 - 30_000 - 5_000);
    // From the notice's end the cap of zero holds.
    assert_eq!(plays_at(&mut s, 3, l, t0 + NOTICE, 10), (0, 10));
    assert_eq!(s.ledger(0).owed, 30_000 - 300 + 5_000 - 50);
    s.assert_conserved();
}

#[test]
fn cap_periods_roll_by_play_time() {
    let mut s = Stream::new(&[100]);
    let l = s.add_listener(100_000);
    let start = s.f.now() + NOTICE;
    s.set_cap(l, Some(500), HOUR).expect("500 an hour");
    s.f.warp_seconds(NOTICE + 3 * HOUR);

    let e = s
        .settle_events(1, &[open(l, start, start + 10, 1, &[(0, 0, 5)])])
        .expect("the first hour");
    assert_eq!(e.plays_paid, 5);
    let before = s.snapshot();
    assert_error(
        s.settle_parts(2, &[open(l, start + 3_500, start + HOUR, 1, &[(0, 0, 1)])]),
        EscrowError::WindowSpansChange,
    );
    s.assert_unchanged(&before);
    assert_eq!(plays_at(&mut s, 2, l, start + HOUR - 1, 3), (0, 3));
    // Settled in the same second, but played in the next hour: a new cap.
    assert_eq!(plays_at(&mut s, 3, l, start + HOUR, 5), (5, 0));
    let listener = s.listener(l);
    assert_eq!(
        (listener.period_start, listener.spent_this_period),
        (start + HOUR, 500)
    );
    // Skipping an hour without plays: the period of the play's time.
    assert_eq!(plays_at(&mut s, 4, l, start + 2 * HOUR + 7, 2), (2, 0));
    let listener = s.listener(l);
    assert_eq!(
        (listener.period_start, listener.spent_this_period),
        (start + 2 * HOUR, 200)
    );
    s.assert_conserved();
}

#[test]
fn cap_periods_are_an_hour_to_a_year() {
    let mut s = Stream::new(&[100]);
    let l = s.add_listener(1_000);
    let before = s.snapshot();
    for period in [HOUR - 1, 365 * DAY + 1, 0, -HOUR] {
        assert_error(
            s.set_cap(l, Some(100), period),
            EscrowError::InvalidCapPeriod,
        );
    }
    s.assert_unchanged(&before);
    for period in [HOUR, 365 * DAY] {
        s.set_cap(l, Some(100), period).expect("in bounds");
        let changes = s.listener(l).cap_changes().to_vec();
        assert_eq!(changes.last().map(|c| c.period_secs), Some(period));
    }
}

#[test]
fn a_withdrawal_waits_for_its_notice_to_the_second_and_leaves_while_paused() {
    let mut s = Stream::new(&[100]);
    let l = s.add_listener(1_000);
    s.request_withdrawal(l, 600).expect("request");
    s.f.warp_seconds(NOTICE - 1);
    let before = s.snapshot();
    assert_error(s.withdraw(l), EscrowError::WithdrawalNotReady);
    s.assert_unchanged(&before);
    s.f.warp_seconds(1);
    s.set_pause(PauseArea::Settlement, true);
    s.set_pause(PauseArea::Registry, true);
    let dest = s.wallet_tokens(l);
    s.withdraw(l).expect("at the notice's end, while paused");
    assert_eq!(s.f.token_balance(&dest), 600);
    assert_eq!(s.listener(l).balance, 400);
    assert!(!s.listener(l).has_withdrawal_request());
    s.assert_conserved();
}

#[test]
fn a_window_is_closed_by_its_settler_at_any_time_and_by_anyone_after_the_notice() {
    let mut s = Stream::new(&[100, 100]);
    let a = s.add_listener(10_000);
    let b = s.add_listener(10_000);
    let other = s.add_settler(100);
    let stranger = s.f.keypair();
    let settler = s.settler.insecure_clone();
    let now = s.f.now();
    let (first, last) = (now - 100, now - 90);
    s.settle_parts(
        1,
        &[
            open(a, first, last, 3, &[(1, 0, 1)]),
            open(b, now - 50, now - 50, 2, &[(0, 1, 1)]),
        ],
    )
    .expect("open two windows");

    let before = s.snapshot();
    assert_error(s.close_window(&stranger, a), EscrowError::WindowStillActive);
    assert_error(s.close_window(&other, a), EscrowError::WindowStillActive);
    s.assert_unchanged(&before);

    let payer = s.f.payer().insecure_clone();
    let (w, mint) = (s.wallet(a), s.mint);
    let events: Vec<WindowClosed> =
        s.f.send_for_events(
            &payer,
            &[ix::close_window(&settler.pubkey(), &mint, &w)],
            &[&settler],
        )
        .expect("its settler closes it");
    let e = &events[0];
    assert_eq!(e.listener, s.listener_address(a));
    assert_eq!(
        (e.settler, e.closed_by),
        (settler.pubkey(), settler.pubkey())
    );
    assert_eq!(
        (e.first, e.last, e.entries, e.entries_settled),
        (first, last, 3, 1)
    );
    let listener = s.listener(a);
    assert!(!listener.window.open);
    assert_eq!(listener.settled_through, last);
    assert_eq!(listener.balance, 9_900, "the rest is never charged");
    assert_error(
        s.settle_parts(2, &[cont(a, 1, &[(0, 0, 1)])]),
        EscrowError::NoOpenWindow,
    );
    assert_error(
        s.settle_parts(2, &[open(a, first, last, 1, &[(0, 0, 1)])]),
        EscrowError::PlaysAlreadySettled,
    );
    assert_error(s.close_window(&settler, a), EscrowError::NoOpenWindow);

    // b's window opened at `now`: anyone may close it a notice later.
    s.f.warp_seconds(NOTICE - 1);
    let before = s.snapshot();
    assert_error(s.close_window(&stranger, b), EscrowError::WindowStillActive);
    s.assert_unchanged(&before);
    s.f.warp_seconds(1);
    s.close_window(&stranger, b)
        .expect("anyone, after the notice");
    let listener = s.listener(b);
    assert!(!listener.window.open);
    assert_eq!(listener.settled_through, now - 50);
    assert_eq!(listener.balance, 9_900);
    s.assert_conserved();
}
