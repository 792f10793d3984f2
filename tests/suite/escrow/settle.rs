//! The settle hot path: internal ledger moves, partial payment, sequencing,
//! and every rejection by name.

use encore_sdk::governance::state::PauseArea;
use encore_sdk::instructions::{escrow as ix, gov as gov_ix, registry as reg_ix};
use encore_sdk::pda;
use encore_sdk::stream_escrow::errors::EscrowError;
use encore_sdk::stream_escrow::events::PlaysSettled;
use encore_sdk::stream_escrow::instructions::SettleArgs;
use encore_sdk::track_registry::instructions::UpdateTermsArgs;
use solana_signer::Signer;

use super::{entry, Stream, SETTLER_FEE_BPS};
use crate::support::fixture::assert_error;

#[test]
fn a_batch_moves_value_from_listeners_to_ledgers_without_moving_tokens() {
    let mut s = Stream::new(&[1_000, 2_500]);
    let a = s.add_listener(100_000);
    let b = s.add_listener(50_000);
    let vault_before = s.vault_balance();
    s.settle(
        1,
        &[a, b],
        &[0, 1],
        vec![entry(0, 0, 10), entry(0, 1, 4), entry(1, 1, 6)],
    )
    .expect("settle");

    assert_eq!(
        s.vault_balance(),
        vault_before,
        "settlement moves no tokens"
    );
    assert_eq!(s.listener(a).balance, 100_000 - 10_000 - 10_000);
    assert_eq!(s.listener(b).balance, 50_000 - 15_000);
    assert_eq!(s.listener(a).lifetime_plays, 14);
    // 1 % settler fee, rounded down, split off per entry.
    let fee = |amount: u64| amount * SETTLER_FEE_BPS as u64 / 10_000;
    assert_eq!(s.ledger(0).owed, 10_000 - fee(10_000));
    assert_eq!(
        s.ledger(1).owed,
        10_000 - fee(10_000) + 15_000 - fee(15_000)
    );
    assert_eq!(s.ledger(1).lifetime_plays, 10);
    let state = s.settler_state();
    assert_eq!(state.last_seq, 1);
    assert_eq!(state.last_audit_root, [1u8; 32]);
    assert_eq!(state.fees_owed, fee(10_000) + fee(10_000) + fee(15_000));
    assert_eq!(state.lifetime_plays, 20);
    s.assert_conserved();
}

#[test]
fn a_listener_who_cannot_pay_gets_whole_plays_and_never_fails_the_batch() {
    let mut s = Stream::new(&[300]);
    let poor = s.add_listener(1_000);
    let rich = s.add_listener(10_000);
    s.settle(1, &[poor, rich], &[0], vec![entry(0, 0, 5), entry(1, 0, 5)])
        .expect("settle");
    // 3 of 5 plays affordable: charged 900, 100 left; never a part-play.
    assert_eq!(s.listener(poor).balance, 100);
    assert_eq!(s.listener(poor).lifetime_plays, 3);
    assert_eq!(s.listener(rich).balance, 8_500);
    assert_eq!(s.ledger(0).lifetime_plays, 8);
    s.assert_conserved();
}

#[test]
fn the_plays_settled_event_reports_the_batch_and_who_ran_short() {
    let mut s = Stream::new(&[300, 1_000]);
    let poor = s.add_listener(1_000);
    let rich = s.add_listener(10_000);
    s.settle(1, &[rich], &[0], vec![entry(0, 0, 1)])
        .expect("first batch");

    let audit_root: [u8; 32] = std::array::from_fn(|i| (i as u8).wrapping_mul(37) ^ 0x5a);
    let args = SettleArgs {
        seq: 2,
        audit_root,
        listener_count: 2,
        // The poor listener affords 3 of 5 plays of track 0 (900 of 1,000),
        // then none of track 1 with the 100 left: short twice, counted once.
        entries: vec![
            entry(0, 0, 5),
            entry(0, 1, 2),
            entry(1, 0, 5),
            entry(1, 1, 2),
        ],
    };
    let settler = s.settler.insecure_clone();
    let (mint, tracks) = (s.mint, [s.tracks[0], s.tracks[1]]);
    let ixn = ix::settle(
        &settler.pubkey(),
        &mint,
        &[s.wallet(poor), s.wallet(rich)],
        &tracks,
        args,
    );
    let events: Vec<PlaysSettled> = s.f.send_for_events(&settler, &[ixn], &[]).expect("settle");

    assert_eq!(events.len(), 1, "one event per batch");
    let event = &events[0];
    assert_eq!(event.settler, settler.pubkey());
    assert_eq!(event.payment_mint, mint);
    assert_eq!(event.seq, 2);
    assert_eq!(event.audit_root, audit_root);
    assert_eq!(event.entries, 4);
    assert_eq!(event.plays_paid, 3 + 5 + 2);
    assert_eq!(event.plays_unpaid, 2 + 2);
    assert_eq!(event.listeners_short, 1);
    assert_eq!(event.amount, 900 + 1_500 + 2_000);
    // 1 % per entry, rounded down: 9 + 0 + 15 + 20.
    assert_eq!(event.settler_fees, 44);

    // The event agrees with the books it summarises.
    assert_eq!(s.listener(poor).balance, 100);
    let state = s.settler_state();
    assert_eq!(state.last_seq, event.seq);
    assert_eq!(state.last_audit_root, event.audit_root);
    assert_eq!(state.fees_owed, 3 + event.settler_fees);
    s.assert_conserved();
}

#[test]
fn the_spending_cap_limits_each_period() {
    let mut s = Stream::new(&[100]);
    let l = s.add_listener(10_000);
    let wallet = s.listeners[l].insecure_clone();
    let mint = s.mint;
    s.f.send(
        &[ix::set_cap(
            &wallet.pubkey(),
            &mint,
            ix::SetCapArgs {
                cap: Some(450),
                period_secs: 86_400,
            },
        )],
        &[&wallet],
    )
    .expect("set cap");
    s.settle(1, &[l], &[0], vec![entry(0, 0, 10)])
        .expect("settle");
    assert_eq!(
        s.listener(l).balance,
        10_000 - 400,
        "cap exceeded: partial settle"
    );
    s.settle(2, &[l], &[0], vec![entry(0, 0, 10)])
        .expect("settle");
    assert_eq!(s.listener(l).balance, 9_600, "nothing left in this period");
    s.f.warp_seconds(86_400);
    s.settle(3, &[l], &[0], vec![entry(0, 0, 10)])
        .expect("settle");
    assert_eq!(
        s.listener(l).balance,
        9_200,
        "a new period restores the cap"
    );

    assert_error(
        s.f.send(
            &[ix::set_cap(
                &wallet.pubkey(),
                &mint,
                ix::SetCapArgs {
                    cap: Some(1),
                    period_secs: 60,
                },
            )],
            &[&wallet],
        ),
        EscrowError::InvalidCapPeriod,
    );
    s.f.send(
        &[ix::set_cap(
            &wallet.pubkey(),
            &mint,
            ix::SetCapArgs {
                cap: None,
                period_secs: 86_400,
            },
        )],
        &[&wallet],
    )
    .expect("remove cap");
    assert_eq!(s.listener(l).cap_per_period, u64::MAX);
    s.assert_conserved();
}

#[test]
fn a_replayed_or_skipped_batch_fails_and_changes_nothing() {
    let mut s = Stream::new(&[100]);
    let l = s.add_listener(10_000);
    s.settle(1, &[l], &[0], vec![entry(0, 0, 3)])
        .expect("first batch");
    let listener = pda::listener(&s.mint, &s.wallet(l)).0;
    let before = s.f.account(&listener).unwrap();
    s.f.warp_seconds(1);
    assert_error(
        s.settle(1, &[l], &[0], vec![entry(0, 0, 3)]),
        EscrowError::BatchAlreadySettled,
    );
    assert_error(
        s.settle(3, &[l], &[0], vec![entry(0, 0, 3)]),
        EscrowError::BatchOutOfSequence,
    );
    assert_eq!(s.f.account(&listener).unwrap(), before);
    assert_eq!(s.settler_state().last_seq, 1);
    s.settle(2, &[l], &[0], vec![entry(0, 0, 3)])
        .expect("next batch");
}

#[test]
fn only_an_approved_settler_settles() {
    let mut s = Stream::new(&[100]);
    let l = s.add_listener(1_000);
    let authority = s.gov.authority.insecure_clone();
    let settler = s.settler.pubkey();
    s.f.send(
        &[gov_ix::revoke_settler(&authority.pubkey(), &settler)],
        &[&authority],
    )
    .expect("revoke");
    assert_error(
        s.settle(1, &[l], &[0], vec![entry(0, 0, 1)]),
        EscrowError::SettlerNotApproved,
    );

    // A registered but never approved settler.
    let rogue = s.f.keypair();
    let mint = s.mint;
    s.f.send(
        &[gov_ix::register_settler(&rogue.pubkey(), &mint)],
        &[&rogue],
    )
    .expect("register");
    s.f.send(&[ix::open_settler(&rogue.pubkey(), &mint, 0)], &[&rogue])
        .expect("open");
    let args = SettleArgs {
        seq: 1,
        audit_root: [0; 32],
        listener_count: 1,
        entries: vec![entry(0, 0, 1)],
    };
    let ixn = ix::settle(&rogue.pubkey(), &mint, &[s.wallet(l)], &[s.tracks[0]], args);
    assert_error(
        s.f.send_as(&rogue, &[ixn], &[]),
        EscrowError::SettlerNotApproved,
    );
    assert_eq!(s.listener(l).balance, 1_000);

    // A settler's own fee stays under governance's cap too.
    let settler_kp = s.settler.insecure_clone();
    assert_error(
        s.f.send(
            &[ix::set_settler_fee(&settler_kp.pubkey(), &mint, 201)],
            &[&settler_kp],
        ),
        EscrowError::SettlerFeeTooHigh,
    );
    s.f.send(
        &[ix::set_settler_fee(&settler_kp.pubkey(), &mint, 50)],
        &[&settler_kp],
    )
    .expect("lower fee");
    assert_eq!(s.settler_state().fee_bps, 50);

    let greedy = s.f.keypair();
    s.f.send(
        &[gov_ix::register_settler(&greedy.pubkey(), &mint)],
        &[&greedy],
    )
    .expect("register");
    assert_error(
        s.f.send(
            &[ix::open_settler(&greedy.pubkey(), &mint, 201)],
            &[&greedy],
        ),
        EscrowError::SettlerFeeTooHigh,
    );
}

#[test]
fn settlement_is_paused_with_the_settlement_area() {
    let mut s = Stream::new(&[100]);
    let l = s.add_listener(1_000);
    s.set_pause(PauseArea::Settlement, true);
    assert_error(
        s.settle(1, &[l], &[0], vec![entry(0, 0, 1)]),
        EscrowError::SettlementPaused,
    );
    s.set_pause(PauseArea::Settlement, false);
    s.settle(1, &[l], &[0], vec![entry(0, 0, 1)])
        .expect("settles after unpause");
}

#[test]
fn ledgers_must_share_the_settlers_payment_mint() {
    let mut s = Stream::new(&[100]);
    let l = s.add_listener(1_000);
    // A track priced in another mint, with its own escrow and ledger.
    let other_authority = s.f.keypair();
    let other_mint = s.f.create_mint(&other_authority, 6);
    let artist = s.artist.insecure_clone();
    let hash = [77u8; 32];
    s.f.send(
        &[reg_ix::register_track(
            &artist.pubkey(),
            &other_mint,
            crate::registry::track_args(hash),
        )],
        &[&artist],
    )
    .expect("register");
    let payer = s.f.payer().pubkey();
    s.f.send(
        &[
            ix::init_escrow(&payer, &other_mint),
            ix::open_ledger(&payer, &pda::track(&hash).0),
        ],
        &[],
    )
    .expect("other ledger");
    s.tracks.push(pda::track(&hash).0);
    assert_error(
        s.settle(1, &[l], &[1], vec![entry(0, 0, 1)]),
        EscrowError::WrongPaymentMint,
    );
}

#[test]
fn paused_and_retired_tracks_reject_plays_once_synced() {
    let mut s = Stream::new(&[100, 100]);
    let l = s.add_listener(10_000);
    let artist = s.artist.insecure_clone();
    let (t0, t1) = (s.tracks[0], s.tracks[1]);
    s.f.send(
        &[
            reg_ix::pause_track(&artist.pubkey(), &t0),
            ix::sync_ledger(&t0),
        ],
        &[&artist],
    )
    .expect("pause and sync");
    assert_error(
        s.settle(1, &[l], &[0], vec![entry(0, 0, 1)]),
        EscrowError::TrackPaused,
    );
    s.f.send(
        &[
            reg_ix::retire_track(&artist.pubkey(), &t1),
            ix::sync_ledger(&t1),
        ],
        &[&artist],
    )
    .expect("retire and sync");
    assert_error(
        s.settle(1, &[l], &[1], vec![entry(0, 0, 1)]),
        EscrowError::TrackRetired,
    );
    assert_eq!(s.listener(l).balance, 10_000);
}

#[test]
fn a_price_change_takes_effect_at_the_next_sync() {
    let mut s = Stream::new(&[100]);
    let l = s.add_listener(10_000);
    let artist = s.artist.insecure_clone();
    let track = s.tracks[0];
    let mut terms = crate::registry::terms(250);
    terms.derivative_share_bps = 2_500;
    s.f.send(
        &[reg_ix::update_terms(
            &artist.pubkey(),
            &track,
            UpdateTermsArgs {
                terms,
                metadata_uri: None,
            },
        )],
        &[&artist],
    )
    .expect("new price");
    s.settle(1, &[l], &[0], vec![entry(0, 0, 1)])
        .expect("settle at cached price");
    assert_eq!(s.listener(l).balance, 9_900);
    s.f.send(&[ix::sync_ledger(&track)], &[]).expect("sync");
    assert_eq!(s.ledger(0).terms_version, 2);
    s.settle(2, &[l], &[0], vec![entry(0, 0, 1)])
        .expect("settle at new price");
    assert_eq!(s.listener(l).balance, 9_650);
}

#[test]
fn malformed_batches_are_rejected_by_name() {
    let mut s = Stream::new(&[100]);
    let l = s.add_listener(1_000);
    assert_error(s.settle(1, &[l], &[0], vec![]), EscrowError::EmptyBatch);
    assert_error(
        s.settle(1, &[l], &[0], vec![entry(0, 0, 0)]),
        EscrowError::ZeroPlays,
    );
    assert_error(
        s.settle(1, &[l], &[0], vec![entry(1, 0, 1)]),
        EscrowError::InvalidEntryIndex,
    );
    assert_error(
        s.settle(1, &[l], &[0], vec![entry(0, 1, 1)]),
        EscrowError::InvalidEntryIndex,
    );
    // The same listener twice would let one debit overwrite the other.
    assert_error(
        s.settle(1, &[l, l], &[0], vec![entry(0, 0, 1), entry(1, 0, 1)]),
        EscrowError::DuplicateAccount,
    );

    // A settler state is not a listener.
    let settler = s.settler.insecure_clone();
    let mint = s.mint;
    let args = SettleArgs {
        seq: 1,
        audit_root: [0; 32],
        listener_count: 1,
        entries: vec![entry(0, 0, 1)],
    };
    let mut ixn = ix::settle(
        &settler.pubkey(),
        &mint,
        &[s.wallet(l)],
        &[s.tracks[0]],
        args,
    );
    ixn.accounts[4].pubkey = pda::settler_state(&settler.pubkey(), &mint).0;
    assert_error(
        s.f.send_as(&settler, &[ixn], &[]),
        EscrowError::InvalidSettlementAccount,
    );
    assert_eq!(s.listener(l).balance, 1_000);
    assert_eq!(s.settler_state().last_seq, 0);
}
