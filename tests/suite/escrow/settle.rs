//! Settle batches as a whole: their encoding, their accounts, who may send
//! them and when, and their numbers (each lands once, in any order within
//! 128 of the highest). Every refusal by name, with nothing changed.
//! Windows inside a batch are in windows.rs.

use encore_sdk::governance::state::PauseArea;
use encore_sdk::instructions::{escrow as ix, gov as gov_ix, registry as reg_ix};
use encore_sdk::pda;
use encore_sdk::stream_escrow::errors::EscrowError;
use solana_signer::Signer;

use super::{open, Stream};
use crate::support::fixture::{assert_error, TxResult};

/// One play of track 0 by listener 0, in a fresh one-second window.
fn one_play(s: &mut Stream, seq: u64) -> TxResult {
    s.settle_plays(seq, &[(0, &[(0, 1)])])
}

#[test]
fn batch_data_must_parse_into_parts() {
    let mut s = Stream::new(&[100]);
    let l = s.add_listener(1_000);
    let settler = s.settler.insecure_clone();
    let now = s.f.now();
    let before = s.snapshot();
    let bad: [(&[u8], EscrowError); 5] = [
        // An opening part's flag with another bit set.
        (
            &[0x81, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0],
            EscrowError::MalformedBatch,
        ),
        // A continue of no entries.
        (&[0x01, 0], EscrowError::MalformedBatch),
        // An entry cut short.
        (
            &[0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1],
            EscrowError::MalformedBatch,
        ),
        // Trailing bytes after a whole part.
        (
            &[0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 7],
            EscrowError::MalformedBatch,
        ),
        (&[], EscrowError::EmptyBatch),
    ];
    for (parts, error) in bad {
        let ixn = s.raw_settle_ix(&settler.pubkey(), 1, now - 5, parts.to_vec(), &[l], &[0]);
        assert_error(s.f.send_as(&settler, &[ixn], &[]), error);
    }
    s.assert_unchanged(&before);
    let good = vec![0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0];
    let ixn = s.raw_settle_ix(&settler.pubkey(), 1, now - 5, good, &[l], &[0]);
    s.settle_sent(&settler, ixn).expect("well formed");
    assert_eq!(s.listener(l).balance, 900);
}

#[test]
fn each_account_comes_once_and_belongs_to_this_escrow() {
    let mut s = Stream::new(&[100]);
    let a = s.add_listener(1_000);
    let settler = s.settler.insecure_clone();
    let now = s.f.now();
    let before = s.snapshot();

    // The same listener for two parts: one debit would overwrite the other.
    let twice = [
        open(a, now - 9, now - 9, 1, &[(0, 0, 1)]),
        open(a, now - 8, now - 8, 1, &[(0, 0, 1)]),
    ];
    assert_error(s.settle_parts(1, &twice), EscrowError::DuplicateAccount);
    // The same ledger twice.
    let mut ixn = s.settle_ix(1, &[open(a, now - 9, now - 9, 1, &[(0, 0, 1)])]);
    ixn.accounts.push(ixn.accounts[5].clone());
    assert_error(
        s.f.send_as(&settler, &[ixn], &[]),
        EscrowError::DuplicateAccount,
    );

    let part = [open(a, now - 9, now - 9, 1, &[(0, 0, 1)])];
    // Accounts: settler, state, approval, config, then listener, ledger.
    let mut read_only = s.settle_ix(1, &part);
    read_only.accounts[4].is_writable = false;
    let mut track_as_ledger = s.settle_ix(1, &part);
    track_as_ledger.accounts[5].pubkey = s.tracks[0];
    let mut state_as_listener = s.settle_ix(1, &part);
    state_as_listener.accounts[4].pubkey = pda::settler_state(&settler.pubkey(), &s.mint).0;
    for ixn in [read_only, track_as_ledger, state_as_listener] {
        assert_error(
            s.f.send_as(&settler, &[ixn], &[]),
            EscrowError::InvalidSettlementAccount,
        );
    }

    // A ledger and a listener of another payment mint.
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
    let other_track = pda::track(&hash).0;
    s.f.send(
        &[
            ix::init_escrow(&payer, &other_mint),
            ix::open_ledger(&payer, &other_track),
        ],
        &[],
    )
    .expect("other ledger");
    let wallet = s.listeners[a].insecure_clone();
    s.f.send(
        &[ix::open_listener(&wallet.pubkey(), &other_mint)],
        &[&wallet],
    )
    .expect("other listener");
    let mut foreign_ledger = s.settle_ix(1, &part);
    foreign_ledger.accounts[5].pubkey = pda::ledger(&other_track).0;
    let mut foreign_listener = s.settle_ix(1, &part);
    foreign_listener.accounts[4].pubkey = pda::listener(&other_mint, &wallet.pubkey()).0;
    for ixn in [foreign_ledger, foreign_listener] {
        assert_error(
            s.f.send_as(&settler, &[ixn], &[]),
            EscrowError::WrongPaymentMint,
        );
    }
    s.assert_unchanged(&before);
    s.settle_parts(1, &part).expect("the right accounts");
}

#[test]
fn only_an_approved_settler_settles_and_only_while_settlement_is_open() {
    let mut s = Stream::new(&[100]);
    let l = s.add_listener(1_000);
    let before = s.snapshot();

    s.set_pause(PauseArea::Settlement, true);
    assert_error(one_play(&mut s, 1), EscrowError::SettlementPaused);
    s.set_pause(PauseArea::Settlement, false);

    let authority = s.gov.authority.insecure_clone();
    let settler = s.settler.pubkey();
    s.f.send(
        &[gov_ix::revoke_settler(&authority.pubkey(), &settler)],
        &[&authority],
    )
    .expect("revoke");
    assert_error(one_play(&mut s, 1), EscrowError::SettlerNotApproved);

    // Registered and with a sequence, but never approved.
    let rogue = s.f.keypair();
    let mint = s.mint;
    s.f.send(
        &[gov_ix::register_settler(&rogue.pubkey(), &mint)],
        &[&rogue],
    )
    .expect("register");
    s.f.send(&[ix::open_settler(&rogue.pubkey(), &mint, 0)], &[&rogue])
        .expect("open");
    let at = s.play_time();
    assert_error(
        s.settle_as(&rogue, 1, &[open(l, at, at, 1, &[(0, 0, 1)])]),
        EscrowError::SettlerNotApproved,
    );
    s.assert_unchanged(&before);

    // A fee above governance's 200 bps cap is refused at either door.
    let greedy = s.f.keypair();
    assert_error(
        s.f.send(
            &[ix::open_settler(&greedy.pubkey(), &mint, 201)],
            &[&greedy],
        ),
        EscrowError::SettlerFeeTooHigh,
    );
    let settler_kp = s.settler.insecure_clone();
    assert_error(
        s.f.send(
            &[ix::set_settler_fee(&settler_kp.pubkey(), &mint, 201)],
            &[&settler_kp],
        ),
        EscrowError::SettlerFeeTooHigh,
    );
    s.f.send(
        &[gov_ix::approve_settler(&authority.pubkey(), &settler, 0)],
        &[&authority],
    )
    .expect("approve again");
    one_play(&mut s, 1).expect("approved and open");
    assert_eq!(s.listener(l).balance, 900);
}

#[test]
fn batch_numbers_land_once_in_any_order_within_128_of_the_highest() {
    let mut s = Stream::new(&[1]);
    s.add_listener(1_000_000);
    let before = s.snapshot();
    assert_error(one_play(&mut s, 0), EscrowError::InvalidSeq);
    s.assert_unchanged(&before);

    // Out of order: 5, 3, 4, 1, 2. Bit i of `landed` is `highest - i`.
    for (seq, landed) in [(5, 0b1), (3, 0b101), (4, 0b111), (1, 0b10111), (2, 0b11111)] {
        one_play(&mut s, seq).expect("lands");
        let state = s.settler_state();
        assert_eq!(
            (state.highest_seq, state.landed),
            (5, landed),
            "after {seq}"
        );
    }
    let before = s.snapshot();
    for seq in 1..=5 {
        assert_error(one_play(&mut s, seq), EscrowError::BatchAlreadySettled);
    }
    s.assert_unchanged(&before);

    // 200 lands; 72 is 128 below it, too old; 73 is 127 below, still new.
    one_play(&mut s, 200).expect("a jump ahead");
    let state = s.settler_state();
    assert_eq!((state.highest_seq, state.landed), (200, 1));
    let before = s.snapshot();
    assert_error(one_play(&mut s, 72), EscrowError::BatchTooOld);
    assert_error(one_play(&mut s, 6), EscrowError::BatchTooOld);
    s.assert_unchanged(&before);
    one_play(&mut s, 73).expect("127 below the highest");
    let state = s.settler_state();
    assert_eq!((state.highest_seq, state.landed), (200, 1 | 1u128 << 127));
    assert_eq!(state.batches, 7);
    assert_error(one_play(&mut s, 73), EscrowError::BatchAlreadySettled);
    assert_eq!(s.listener(0).lifetime_plays, 7);
    s.assert_conserved();
}
