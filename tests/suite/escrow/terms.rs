//! The price of a play's time: a rise waits one withdrawal notice, a cut
//! and a status change apply at once, a window across any change of its
//! tracks' terms is refused, plays of a paused or retired track are
//! reported rather than charged (retirement and its payout in collect.rs),
//! and plays older than what a ledger knows are reported unpriced. Each
//! boundary is checked on both sides of its second.

use encore_sdk::instructions::{escrow as ix, registry as reg_ix};
use encore_sdk::pda;
use encore_sdk::stream_escrow::errors::EscrowError;
use encore_sdk::stream_escrow::events::LedgerSynced;
use encore_sdk::stream_escrow::state::TermsPoint;
use encore_sdk::track_registry::state::TrackStatus;
use solana_signer::Signer;

use super::{open, Stream, NOTICE};
use crate::support::fixture::assert_error;

fn point(from: i64, price: u64, status: TrackStatus) -> TermsPoint {
    TermsPoint {
        from,
        price,
        status,
    }
}

fn active(from: i64, price: u64) -> TermsPoint {
    point(from, price, TrackStatus::Active)
}

/// Sets track `t`'s price and syncs its ledger; returns the sync's event.
fn reprice(s: &mut Stream, t: usize, price: u64) -> LedgerSynced {
    let change = s.price_ix(t, price);
    let ixs = reg_ix::with_ledger_sync(change, &s.tracks[t], true);
    let (payer, artist) = (s.f.payer().insecure_clone(), s.artist.insecure_clone());
    let mut events: Vec<LedgerSynced> =
        s.f.send_for_events(&payer, &ixs, &[&artist])
            .expect("reprice");
    assert_eq!(events.len(), 1);
    events.remove(0)
}

#[test]
fn a_rise_applies_one_notice_after_it_is_announced() {
    let mut s = Stream::new(&[1_000]);
    let l = s.add_listener(1_000_000);
    let t0 = s.f.now();
    let rise_at = t0 + NOTICE;
    let event = reprice(&mut s, 0, 1_500);
    assert_eq!(event.track, s.tracks[0]);
    assert_eq!((event.price_before, event.price_after), (1_000, 1_500));
    assert_eq!((event.effective_at, event.terms_version), (rise_at, 2));
    let ledger = s.ledger(0);
    assert_eq!(
        ledger.points(),
        &[active(i64::MIN, 1_000), active(rise_at, 1_500)]
    );
    assert_eq!((ledger.terms_version, ledger.synced_at), (2, t0));

    s.f.warp_seconds(NOTICE + 100);
    let before = s.snapshot();
    assert_error(
        s.settle_parts(1, &[open(l, rise_at - 1, rise_at, 1, &[(0, 0, 3)])]),
        EscrowError::WindowSpansChange,
    );
    s.assert_unchanged(&before);
    s.settle_parts(1, &[open(l, rise_at - 1, rise_at - 1, 1, &[(0, 0, 3)])])
        .expect("the second before the rise");
    assert_eq!(s.listener(l).balance, 1_000_000 - 3_000);
    s.settle_parts(2, &[open(l, rise_at, rise_at + 10, 1, &[(0, 0, 3)])])
        .expect("from the rise on");
    assert_eq!(s.listener(l).balance, 1_000_000 - 3_000 - 4_500);
    assert_eq!(s.ledger(0).owed, 3_000 - 30 + 4_500 - 45);
    s.assert_conserved();
}

#[test]
fn a_cut_applies_at_once() {
    let mut s = Stream::new(&[1_000]);
    let l = s.add_listener(1_000_000);
    let t0 = s.f.now();
    let event = reprice(&mut s, 0, 600);
    assert_eq!((event.price_before, event.price_after), (1_000, 600));
    assert_eq!(event.effective_at, t0);
    assert_eq!(
        s.ledger(0).points(),
        &[active(i64::MIN, 1_000), active(t0, 600)]
    );

    let before = s.snapshot();
    assert_error(
        s.settle_parts(1, &[open(l, t0 - 1, t0, 1, &[(0, 0, 5)])]),
        EscrowError::WindowSpansChange,
    );
    s.assert_unchanged(&before);
    s.settle_parts(1, &[open(l, t0 - 1, t0 - 1, 1, &[(0, 0, 5)])])
        .expect("before the cut");
    assert_eq!(s.listener(l).balance, 1_000_000 - 5_000);
    s.settle_parts(2, &[open(l, t0, t0, 1, &[(0, 0, 5)])])
        .expect("the cut's own second");
    assert_eq!(s.listener(l).balance, 1_000_000 - 5_000 - 3_000);
    s.assert_conserved();
}

#[test]
fn a_cut_while_a_rise_is_pending_lowers_what_is_coming() {
    let mut s = Stream::new(&[1_000, 1_000]);
    let a = s.add_listener(1_000_000);
    let b = s.add_listener(1_000_000);
    let t0 = s.f.now();
    let rise_at = t0 + NOTICE;
    reprice(&mut s, 0, 2_000);
    reprice(&mut s, 1, 2_000);
    s.f.warp_seconds(1_000);
    let t1 = s.f.now();
    // Track 0 to 1,500: above today's price, below the announced 2,000, so
    // it lands at the announced time. Track 1 to 500: below both, at once.
    reprice(&mut s, 0, 1_500);
    reprice(&mut s, 1, 500);
    assert_eq!(
        s.ledger(0).points(),
        &[active(i64::MIN, 1_000), active(rise_at, 1_500)]
    );
    assert_eq!(
        s.ledger(1).points(),
        &[active(i64::MIN, 1_000), active(t1, 500)]
    );

    s.f.warp_seconds(NOTICE);
    let charge = |s: &mut Stream, l: usize, seq: u64, at: i64, t: usize| {
        let before = s.listener(l).balance;
        s.settle_parts(seq, &[open(l, at, at, 1, &[(0, t, 2)])])
            .expect("settle");
        (before - s.listener(l).balance) / 2
    };
    assert_eq!(charge(&mut s, a, 1, t1, 0), 1_000);
    assert_eq!(charge(&mut s, a, 2, rise_at - 1, 0), 1_000);
    assert_eq!(charge(&mut s, a, 3, rise_at, 0), 1_500);
    assert_eq!(charge(&mut s, b, 4, t1 - 1, 1), 1_000);
    assert_eq!(charge(&mut s, b, 5, t1, 1), 500);
    assert_eq!(
        charge(&mut s, b, 6, rise_at, 1),
        500,
        "the rise never lands"
    );
    s.assert_conserved();
}

#[test]
fn a_pause_reports_later_plays_and_charges_earlier_ones() {
    let mut s = Stream::new(&[1_000, 500]);
    let l = s.add_listener(100_000);
    let paused_at = s.f.now();
    s.pause_track(0).expect("pause");
    assert_eq!(
        s.ledger(0).points(),
        &[
            active(i64::MIN, 1_000),
            point(paused_at, 1_000, TrackStatus::Paused)
        ]
    );
    let before = s.snapshot();
    assert_error(
        s.settle_parts(1, &[open(l, paused_at - 1, paused_at, 1, &[(0, 0, 4)])]),
        EscrowError::WindowSpansChange,
    );
    s.assert_unchanged(&before);
    let e1 = s
        .settle_events(1, &[open(l, paused_at - 1, paused_at - 1, 1, &[(0, 0, 4)])])
        .expect("before the pause");
    assert_eq!(
        (e1.plays_paid, e1.plays_track_paused, e1.amount),
        (4, 0, 4_000)
    );

    s.f.warp_seconds(100);
    // In one window: the paused track's plays reported, the other's charged.
    let e2 = s
        .settle_events(
            2,
            &[open(
                l,
                paused_at,
                paused_at + 50,
                2,
                &[(0, 0, 6), (1, 1, 2)],
            )],
        )
        .expect("during the pause");
    assert_eq!(
        (e2.plays_paid, e2.plays_track_paused, e2.amount),
        (2, 6, 1_000)
    );
    assert_eq!(
        e2.windows_closed, 1,
        "reported plays still settle the window"
    );
    assert_eq!(s.listener(l).settled_through, paused_at + 50);
    assert_eq!(s.listener(l).balance, 100_000 - 4_000 - 1_000);

    let resumed_at = s.f.now();
    s.resume_track(0).expect("resume");
    let e3 = s
        .settle_events(
            3,
            &[open(l, resumed_at - 1, resumed_at - 1, 1, &[(0, 0, 2)])],
        )
        .expect("the last paused second");
    assert_eq!((e3.plays_paid, e3.plays_track_paused), (0, 2));
    let e4 = s
        .settle_events(4, &[open(l, resumed_at, resumed_at, 1, &[(0, 0, 3)])])
        .expect("resumed");
    assert_eq!((e4.plays_paid, e4.amount), (3, 3_000));
    assert_eq!(s.ledger(0).owed, 4_000 - 40 + 3_000 - 30);
    assert_eq!(s.ledger(0).lifetime_plays, 7);
    s.assert_conserved();
}

#[test]
fn plays_from_before_a_late_ledger_knew_the_terms_are_reported_unpriced() {
    let mut s = Stream::new(&[1_000]);
    let l = s.add_listener(1_000_000);
    let artist = s.artist.insecure_clone();
    let mint = s.mint;
    let t0 = s.f.now();
    // Two tracks registered without ledgers: one repriced, one never.
    let (changed, unchanged) = ([90u8; 32], [91u8; 32]);
    for (hash, price) in [(changed, 1_000), (unchanged, 700)] {
        let mut args = crate::registry::track_args(hash);
        args.terms.price_per_play = price;
        s.f.send(
            &[reg_ix::register_track(&artist.pubkey(), &mint, args)],
            &[&artist],
        )
        .expect("register");
        s.tracks.push(pda::track(&hash).0);
    }
    s.f.warp_seconds(10);
    let updated_at = s.f.now();
    let change = s.price_ix(1, 2_000);
    s.change_track(1, change, false).expect("reprice");
    s.f.warp_seconds(50);
    let payer = s.f.payer().pubkey();
    for t in [1, 2] {
        let track = s.tracks[t];
        s.f.send(&[ix::open_ledger(&payer, &track)], &[])
            .expect("open ledger");
    }
    // The repriced track may have risen without notice before its ledger
    // existed: its price counts from one notice after the change.
    let known_from = updated_at + NOTICE;
    assert_eq!(s.ledger(1).points(), &[active(known_from, 2_000)]);
    assert_eq!(s.ledger(1).terms_version, 2);
    assert_eq!(s.ledger(2).points(), &[active(i64::MIN, 700)]);

    s.f.warp_seconds(NOTICE);
    let e1 = s
        .settle_events(1, &[open(l, t0 - 1_000, t0 - 1_000, 1, &[(0, 2, 2)])])
        .expect("an unchanged track prices any time");
    assert_eq!((e1.plays_paid, e1.amount), (2, 1_400));
    let e2 = s
        .settle_events(
            2,
            &[open(
                l,
                known_from - 1,
                known_from - 1,
                2,
                &[(0, 1, 3), (1, 2, 1)],
            )],
        )
        .expect("one second too early");
    assert_eq!((e2.plays_unpriced, e2.plays_paid, e2.amount), (3, 1, 700));
    let e3 = s
        .settle_events(3, &[open(l, known_from, known_from, 1, &[(0, 1, 3)])])
        .expect("known from here");
    assert_eq!((e3.plays_unpriced, e3.plays_paid, e3.amount), (0, 3, 6_000));
    assert_eq!(s.listener(l).balance, 1_000_000 - 1_400 - 700 - 6_000);
    s.assert_conserved();
}

/// A ledger opened after its track was repriced knows the price only from
/// one notice after the change (it may have been a rise); a sync before
/// then, which anyone may send, must not bring that time forward.
#[test]
fn a_sync_keeps_plays_before_a_late_ledgers_first_point_unpriced() {
    let mut s = Stream::new(&[1_000]);
    let l = s.add_listener(1_000_000);
    let artist = s.artist.insecure_clone();
    let mint = s.mint;
    let hash = [92u8; 32];
    let mut args = crate::registry::track_args(hash);
    args.terms.price_per_play = 1_000;
    s.f.send(
        &[reg_ix::register_track(&artist.pubkey(), &mint, args)],
        &[&artist],
    )
    .expect("register");
    let track = pda::track(&hash).0;
    s.tracks.push(track);
    s.f.warp_seconds(10);
    let raised_at = s.f.now();
    let change = s.price_ix(1, 2_000);
    s.change_track(1, change, false)
        .expect("a rise, no ledger yet");
    s.f.warp_seconds(50);
    let payer = s.f.payer().pubkey();
    s.f.send(&[ix::open_ledger(&payer, &track)], &[])
        .expect("open ledger");
    let known_from = raised_at + NOTICE;
    assert_eq!(s.ledger(1).points(), &[active(known_from, 2_000)]);

    s.f.warp_seconds(10);
    s.f.send(&[ix::sync_ledger(&track)], &[])
        .expect("anyone syncs");
    s.f.warp_seconds(NOTICE);
    let e = s
        .settle_events(
            1,
            &[open(l, known_from - 1, known_from - 1, 1, &[(0, 1, 3)])],
        )
        .expect("settle");
    assert_eq!(
        (e.plays_unpriced, e.plays_paid),
        (3, 0),
        "the rise is early"
    );
    assert_eq!(s.ledger(1).points(), &[active(known_from, 2_000)]);
}

#[test]
fn a_ledger_keeps_the_last_eight_terms_points() {
    let mut s = Stream::new(&[1_000]);
    let l = s.add_listener(1_000_000);
    let early = s.f.now() - 5;
    let mut cuts = Vec::new();
    for k in 1..=8u64 {
        s.f.warp_seconds(10);
        cuts.push(s.f.now());
        reprice(&mut s, 0, 1_000 - 10 * k);
        let ledger = s.ledger(0);
        if k == 7 {
            assert_eq!(ledger.point_count, 8);
            assert_eq!(ledger.points()[0], active(i64::MIN, 1_000));
        }
    }
    // Nine points: the oldest, the price before the first cut, is gone.
    let expected: Vec<TermsPoint> = (1..=8u64)
        .map(|k| active(cuts[k as usize - 1], 1_000 - 10 * k))
        .collect();
    assert_eq!(s.ledger(0).points(), expected.as_slice());

    let first_cut = cuts[0];
    let e1 = s
        .settle_events(1, &[open(l, early, early, 1, &[(0, 0, 5)])])
        .expect("plays before every kept point");
    assert_eq!((e1.plays_unpriced, e1.plays_paid), (5, 0));
    let before = s.snapshot();
    assert_error(
        s.settle_parts(2, &[open(l, first_cut - 1, first_cut, 1, &[(0, 0, 5)])]),
        EscrowError::WindowSpansChange,
    );
    s.assert_unchanged(&before);
    let e2 = s
        .settle_events(2, &[open(l, first_cut - 1, first_cut - 1, 1, &[(0, 0, 5)])])
        .expect("the second before the oldest point");
    assert_eq!((e2.plays_unpriced, e2.plays_paid), (5, 0));
    let e3 = s
        .settle_events(3, &[open(l, first_cut, first_cut, 1, &[(0, 0, 5)])])
        .expect("the oldest point's second");
    assert_eq!((e3.plays_paid, e3.amount), (5, 4_950));
    let last_cut = cuts[7];
    let e4 = s
        .settle_events(4, &[open(l, last_cut, last_cut, 1, &[(0, 0, 5)])])
        .expect("the newest point");
    assert_eq!((e4.plays_paid, e4.amount), (5, 4_600));
    assert_eq!(s.listener(l).settled_through, last_cut);
    s.assert_conserved();
}
