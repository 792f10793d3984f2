//! Settlement windows: a listener's plays in `[first, last]`, settled by
//! one settler in one part or over several batches, each entry once, and
//! never again once the window closes. Every refusal of a window by name,
//! with nothing changed.

use encore_sdk::stream_escrow::batch::{encode, Entry, Part, PartHeader};
use encore_sdk::stream_escrow::errors::EscrowError;
use solana_signer::Signer;

use super::{cont, open, Stream};
use crate::support::fixture::assert_error;

#[test]
fn a_window_in_one_part_charges_every_entry_and_closes() {
    let mut s = Stream::new(&[1_003, 2_599]);
    let l = s.add_listener(100_000);
    let vault = s.vault_balance();
    let now = s.f.now();
    let (first, last) = (now - 100, now - 40);

    let event = s
        .settle_events(1, &[open(l, first, last, 2, &[(0, 0, 7), (1, 1, 3)])])
        .expect("settle");

    // 7 × 1,003 = 7,021 and 3 × 2,599 = 7,797. The fee is taken per entry,
    // rounded down: 70 + 77 = 147 (1 % of the sum would be 148).
    assert_eq!(event.settler, s.settler.pubkey());
    assert_eq!(event.payment_mint, s.mint);
    assert_eq!(event.seq, 1);
    assert_eq!(event.audit_root, [1u8; 32]);
    assert_eq!((event.parts, event.entries), (1, 2));
    assert_eq!((event.windows_opened, event.windows_closed), (1, 1));
    assert_eq!(event.plays_paid, 10);
    assert_eq!(event.plays_short, 0);
    assert_eq!(event.plays_track_paused, 0);
    assert_eq!(event.plays_track_retired, 0);
    assert_eq!(event.plays_unpriced, 0);
    assert_eq!(event.listeners_short, 0);
    assert_eq!(event.amount, 14_818);
    assert_eq!(event.settler_fees, 147);

    let listener = s.listener(l);
    assert_eq!(listener.balance, 100_000 - 14_818);
    assert_eq!(listener.settled_through, last);
    assert!(
        !listener.window.open,
        "every entry settled: the window closed"
    );
    assert_eq!((listener.window.first, listener.window.last), (first, last));
    assert_eq!((listener.window.entries, listener.window.settled), (2, 2));
    assert_eq!(listener.windows_opened, 1);
    assert_eq!(listener.lifetime_spent, 14_818);
    assert_eq!(listener.spent_this_period, 14_818);
    assert_eq!(listener.lifetime_plays, 10);

    let (l0, l1) = (s.ledger(0), s.ledger(1));
    assert_eq!(
        (l0.owed, l0.lifetime_earned, l0.lifetime_plays),
        (6_951, 6_951, 7)
    );
    assert_eq!(
        (l1.owed, l1.lifetime_earned, l1.lifetime_plays),
        (7_720, 7_720, 3)
    );

    let state = s.settler_state();
    assert_eq!((state.fees_owed, state.lifetime_fees), (147, 147));
    assert_eq!(state.lifetime_plays, 10);
    assert_eq!(state.lifetime_amount, 14_818);
    assert_eq!((state.highest_seq, state.landed, state.batches), (1, 1, 1));
    assert_eq!(state.last_settled_at, now);

    assert_eq!(s.vault_balance(), vault, "settlement moves no tokens");
    s.assert_conserved();
}

#[test]
fn a_window_settles_over_several_batches_in_any_entry_order() {
    let mut s = Stream::new(&[100, 200, 300]);
    let a = s.add_listener(100_000);
    let b = s.add_listener(100_000);
    let now = s.f.now();
    let (a_first, a_last, b_at) = (now - 500, now - 400, now - 300);

    // a's window has three entries, settled 2, 0, 1 over three batches;
    // b's two, settled 1, 0 over two.
    let e1 = s
        .settle_events(
            1,
            &[
                open(a, a_first, a_last, 3, &[(2, 2, 5)]),
                open(b, b_at, b_at, 2, &[(1, 0, 4)]),
            ],
        )
        .expect("batch 1");
    assert_eq!((e1.windows_opened, e1.windows_closed), (2, 0));
    assert_eq!((e1.plays_paid, e1.amount), (9, 1_500 + 400));
    let la = s.listener(a);
    assert!(la.window.open);
    assert_eq!((la.window.entries, la.window.settled), (3, 1));
    assert_eq!(la.settled_through, 0, "nothing settled for good yet");
    assert_eq!(la.balance, 98_500);

    // Continues carry the window's tag: the low 7 bits of windows opened (1).
    let e2 = s
        .settle_events(2, &[cont(a, 1, &[(0, 0, 3)]), cont(b, 1, &[(0, 2, 1)])])
        .expect("batch 2");
    assert_eq!((e2.windows_opened, e2.windows_closed), (0, 1));
    assert_eq!((e2.entries, e2.amount), (2, 300 + 300));
    let lb = s.listener(b);
    assert!(!lb.window.open);
    assert_eq!(lb.settled_through, b_at);
    assert_eq!(lb.balance, 100_000 - 400 - 300);
    let la = s.listener(a);
    assert!(la.window.open);
    assert_eq!(la.window.settled, 2);
    assert_eq!(la.balance, 98_200);

    let e3 = s
        .settle_events(3, &[cont(a, 1, &[(1, 1, 4)])])
        .expect("batch 3");
    assert_eq!((e3.windows_closed, e3.amount), (1, 800));
    let la = s.listener(a);
    assert!(!la.window.open);
    assert_eq!(la.settled_through, a_last);
    assert_eq!(la.balance, 97_400);
    assert_eq!(la.lifetime_plays, 12);

    // Per entry: a 1,500 (track 2), 300 (track 0), 800 (track 1); b 400
    // (track 0), 300 (track 2); each less its own 1 % fee.
    assert_eq!(s.ledger(0).owed, 300 - 3 + 400 - 4);
    assert_eq!(s.ledger(1).owed, 800 - 8);
    assert_eq!(s.ledger(2).owed, 1_500 - 15 + 300 - 3);
    assert_eq!(s.settler_state().fees_owed, 15 + 3 + 8 + 4 + 3);

    // a's next window is its second: its parts carry tag 2.
    s.settle_parts(4, &[open(a, a_last + 1, a_last + 1, 2, &[(0, 0, 1)])])
        .expect("open the second window");
    assert_error(
        s.settle_parts(5, &[cont(a, 1, &[(1, 1, 1)])]),
        EscrowError::NoOpenWindow,
    );
    s.settle_parts(5, &[cont(a, 2, &[(1, 1, 1)])])
        .expect("continue with tag 2");
    assert_eq!(s.listener(a).settled_through, a_last + 1);
    s.assert_conserved();
}

#[test]
fn plays_at_or_before_the_mark_are_refused_whoever_sends_them() {
    let mut s = Stream::new(&[100]);
    let l = s.add_listener(10_000);
    let other = s.add_settler(100);
    let now = s.f.now();
    let (first, mark) = (now - 100, now - 50);
    let window = open(l, first, mark, 1, &[(0, 0, 10)]);
    s.settle_parts(1, std::slice::from_ref(&window))
        .expect("settle");
    assert_eq!(s.listener(l).balance, 9_000);
    let before = s.snapshot();

    // The same plays again: as a new batch, and from another settler.
    assert_error(
        s.settle_parts(2, std::slice::from_ref(&window)),
        EscrowError::PlaysAlreadySettled,
    );
    assert_error(
        s.settle_as(&other, 1, std::slice::from_ref(&window)),
        EscrowError::PlaysAlreadySettled,
    );
    // A window starting at the mark overlaps it by one second.
    assert_error(
        s.settle_as(&other, 1, &[open(l, mark, now - 10, 1, &[(0, 0, 3)])]),
        EscrowError::PlaysAlreadySettled,
    );
    s.assert_unchanged(&before);
    assert_eq!(s.listener(l).balance, 9_000, "charged once");

    // One second later is new: either settler may settle it.
    s.settle_as(&other, 1, &[open(l, mark + 1, mark + 1, 1, &[(0, 0, 3)])])
        .expect("the next second");
    assert_eq!(s.listener(l).balance, 8_700);
    assert_eq!(s.listener(l).settled_through, mark + 1);

    // An entry twice in one part, or again in a later part.
    let before = s.snapshot();
    assert_error(
        s.settle_parts(
            2,
            &[open(l, mark + 2, mark + 2, 2, &[(0, 0, 1), (0, 0, 1)])],
        ),
        EscrowError::PlaysAlreadySettled,
    );
    s.assert_unchanged(&before);
    s.settle_parts(2, &[open(l, mark + 2, mark + 2, 2, &[(0, 0, 1)])])
        .expect("first entry");
    let before = s.snapshot();
    assert_error(
        s.settle_parts(3, &[cont(l, 3, &[(0, 0, 1)])]),
        EscrowError::PlaysAlreadySettled,
    );
    s.assert_unchanged(&before);
    assert_eq!(s.listener(l).balance, 8_600);
    s.assert_conserved();
}

#[test]
fn a_listener_has_one_window_open_at_a_time() {
    let mut s = Stream::new(&[100, 100]);
    let l = s.add_listener(10_000);
    let other = s.add_settler(100);
    let now = s.f.now();
    s.settle_parts(1, &[open(l, now - 100, now - 90, 2, &[(0, 0, 1)])])
        .expect("open");
    let before = s.snapshot();
    let later = open(l, now - 80, now - 80, 1, &[(0, 1, 1)]);
    assert_error(
        s.settle_parts(2, std::slice::from_ref(&later)),
        EscrowError::ListenerWindowOpen,
    );
    assert_error(
        s.settle_as(&other, 1, std::slice::from_ref(&later)),
        EscrowError::ListenerWindowOpen,
    );
    s.assert_unchanged(&before);

    s.settle_parts(2, &[cont(l, 1, &[(1, 1, 1)])])
        .expect("finish the window");
    s.settle_as(&other, 1, std::slice::from_ref(&later))
        .expect("the next window opens");
    assert_eq!(s.listener(l).settled_through, now - 80);
}

#[test]
fn a_continue_needs_this_settlers_open_window_and_its_tag() {
    let mut s = Stream::new(&[100, 100]);
    let l = s.add_listener(10_000);
    let other = s.add_settler(100);
    let now = s.f.now();

    let before = s.snapshot();
    assert_error(
        s.settle_parts(1, &[cont(l, 0, &[(0, 0, 1)])]),
        EscrowError::NoOpenWindow,
    );
    s.assert_unchanged(&before);

    s.settle_parts(1, &[open(l, now - 100, now - 90, 2, &[(0, 0, 1)])])
        .expect("open");
    let before = s.snapshot();
    assert_error(
        s.settle_parts(2, &[cont(l, 2, &[(1, 1, 1)])]),
        EscrowError::NoOpenWindow,
    );
    assert_error(
        s.settle_as(&other, 1, &[cont(l, 1, &[(1, 1, 1)])]),
        EscrowError::NoOpenWindow,
    );
    s.assert_unchanged(&before);
    s.settle_parts(2, &[cont(l, 1, &[(1, 1, 1)])])
        .expect("the right settler and tag");
    assert!(!s.listener(l).window.open);
    // Closed: nothing left to continue.
    assert_error(
        s.settle_parts(3, &[cont(l, 1, &[(1, 1, 1)])]),
        EscrowError::NoOpenWindow,
    );
}

#[test]
fn a_window_must_be_ordered_and_already_played() {
    let mut s = Stream::new(&[100]);
    let l = s.add_listener(10_000);
    let now = s.f.now();
    let before = s.snapshot();
    assert_error(
        s.settle_parts(1, &[open(l, now - 5, now + 1, 1, &[(0, 0, 1)])]),
        EscrowError::InvalidWindow,
    );
    // first after last, both after the batch's base time.
    let settler = s.settler.pubkey();
    let ixn = s.settle_ix_at(
        &settler,
        1,
        Some(now - 20),
        &[open(l, now - 10, now - 11, 1, &[(0, 0, 1)])],
    );
    let kp = s.settler.insecure_clone();
    assert_error(s.f.send_as(&kp, &[ixn], &[]), EscrowError::InvalidWindow);
    s.assert_unchanged(&before);

    // Plays up to this very second settle.
    s.settle_parts(1, &[open(l, now - 5, now, 1, &[(0, 0, 1)])])
        .expect("last = now");
    assert_eq!(s.listener(l).settled_through, now);
}

#[test]
fn entries_must_point_inside_their_window_and_the_accounts() {
    let mut s = Stream::new(&[100]);
    let l = s.add_listener(10_000);
    let now = s.f.now();
    let settler = s.settler.insecure_clone();
    let before = s.snapshot();

    // Index 2 of a two-entry window.
    assert_error(
        s.settle_parts(1, &[open(l, now - 9, now - 9, 2, &[(2, 0, 1)])]),
        EscrowError::InvalidEntryIndex,
    );
    // Ledger 1 when one ledger is passed.
    let part = |ledger: u8| Part {
        header: PartHeader::Open {
            first_offset: 0,
            last_offset: 0,
            window_entries: 1,
        },
        entries: vec![Entry {
            index: 0,
            ledger,
            plays: 1,
        }],
    };
    let ixn = s.raw_settle_ix(
        &settler.pubkey(),
        1,
        now - 9,
        encode(&[part(1)]).unwrap(),
        &[l],
        &[0],
    );
    assert_error(
        s.f.send_as(&settler, &[ixn], &[]),
        EscrowError::InvalidEntryIndex,
    );
    // Three parts, two accounts.
    let ixn = s.raw_settle_ix(
        &settler.pubkey(),
        1,
        now - 9,
        encode(&[part(0), part(0), part(0)]).unwrap(),
        &[l],
        &[0],
    );
    assert_error(
        s.f.send_as(&settler, &[ixn], &[]),
        EscrowError::InvalidEntryIndex,
    );
    // An entry of no plays.
    assert_error(
        s.settle_parts(1, &[open(l, now - 9, now - 9, 1, &[(0, 0, 0)])]),
        EscrowError::ZeroPlays,
    );
    s.assert_unchanged(&before);

    let ixn = s.raw_settle_ix(
        &settler.pubkey(),
        1,
        now - 9,
        encode(&[part(0)]).unwrap(),
        &[l],
        &[0],
    );
    s.settle_sent(&settler, ixn)
        .expect("the same part, well aimed");
    assert_eq!(s.listener(l).balance, 9_900);
}
