//! The largest amounts through the program: balances and prices at and
//! near u64::MAX settle, pay fees and pay out exactly as u128 hand math
//! says; a sum that overflows fails with MathOverflow by name and changes
//! nothing.

use encore_sdk::instructions::{escrow as ix, shares as shares_ix};
use encore_sdk::pda;
use encore_sdk::stream_escrow::batch::{encode, Entry, Part, PartHeader};
use encore_sdk::stream_escrow::errors::EscrowError;
use solana_signer::Signer;

use super::{open, Bond, Stream, NOTICE, SETTLER_FEE_BPS};
use crate::support::fixture::assert_error;

const MAX: u64 = u64::MAX;

/// `floor(amount × bps / 10,000)` in u128.
fn bps_of(amount: u128, bps: u16) -> u128 {
    amount * u128::from(bps) / 10_000
}

fn narrow(x: u128) -> u64 {
    u64::try_from(x).expect("fits u64")
}

#[test]
fn one_play_at_u64_max_takes_a_whole_max_balance_and_pays_out_exactly() {
    let mut s = Stream::bonded(&[MAX], Bond::Max);
    let l = s.add_listener(MAX);
    let at = s.f.now() - 5;
    let e = s
        .settle_events(1, &[open(l, at, at, 1, &[(0, 0, 3)])])
        .expect("settle");
    let amount = u128::from(MAX);
    let settler_fee = bps_of(amount, SETTLER_FEE_BPS);
    let owed = amount - settler_fee;
    assert_eq!((e.plays_paid, e.plays_short, e.listeners_short), (1, 2, 1));
    assert_eq!(e.amount, MAX);
    assert_eq!(e.settler_fees, narrow(settler_fee));
    assert_eq!(s.listener(l).balance, 0);
    assert_eq!(s.ledger(0).owed, narrow(owed));
    assert_eq!(s.settler_state().fees_owed, narrow(settler_fee));
    s.assert_conserved();

    // Everything out: the track's earnings less 3 %, and the settler's fee.
    s.shares_for_artist(0);
    let treasury = s.treasury_account();
    let (track, mint) = (s.tracks[0], s.mint);
    s.f.send(&[shares_ix::harvest(&track, &mint, &treasury)], &[])
        .expect("harvest");
    let protocol_fee = bps_of(owed, 300);
    assert_eq!(s.f.token_balance(&treasury), narrow(protocol_fee));
    assert_eq!(
        s.f.token_balance(&pda::revenue_vault(&track).0),
        narrow(owed - protocol_fee)
    );
    let settler = s.settler.insecure_clone();
    let dest = s.f.ata(&settler.pubkey(), &mint);
    s.f.send(
        &[ix::claim_settler_fees(&settler.pubkey(), &mint, &dest)],
        &[&settler],
    )
    .expect("claim");
    assert_eq!(s.f.token_balance(&dest), narrow(settler_fee));
    assert_eq!(s.vault_balance(), 0);
    let escrow = s.escrow();
    assert_eq!(escrow.total_deposited, u128::from(MAX));
    assert_eq!(escrow.total_collected, owed - protocol_fee);
    assert_eq!(escrow.total_protocol_fees, protocol_fee);
    assert_eq!(escrow.total_settler_fees, settler_fee);
    s.assert_conserved();
}

#[test]
fn prices_near_u64_max_charge_whole_plays_within_the_balance() {
    // 2^63, u64::MAX and u64::MAX / 3 (three of which are exactly u64::MAX).
    let prices = [1u64 << 63, MAX, MAX / 3];
    let mut s = Stream::bonded(&prices, Bond::Max);
    let l = s.add_listener(MAX);
    let at = s.f.now() - 100;
    // (track, plays) one window each, in time order.
    let windows = [(0usize, 2u16), (1, 1), (2, 2), (0, 1)];
    let mut balance = u128::from(MAX);
    let mut owed = [0u128; 3];
    for (i, (t, plays)) in windows.into_iter().enumerate() {
        let price = u128::from(prices[t]);
        let paid = u128::from(plays).min(balance / price);
        let amount = paid * price;
        balance -= amount;
        owed[t] += amount - bps_of(amount, SETTLER_FEE_BPS);
        let time = at + i as i64;
        let e = s
            .settle_events(i as u64 + 1, &[open(l, time, time, 1, &[(0, t, plays)])])
            .expect("settle");
        assert_eq!(u128::from(e.plays_paid), paid, "window {i}");
        assert_eq!(u128::from(e.amount), amount, "window {i}");
        assert_eq!(u128::from(s.listener(l).balance), balance, "window {i}");
    }
    // 2^63 once, then nothing at u64::MAX, one at u64::MAX / 3, none left.
    assert_eq!(balance, (1u128 << 63) - 1 - u128::from(MAX / 3));
    for (t, expected) in owed.iter().enumerate() {
        assert_eq!(u128::from(s.ledger(t).owed), *expected, "track {t}");
    }
    s.assert_conserved();
}

#[test]
fn three_plays_at_a_third_of_u64_max_spend_exactly_u64_max() {
    let mut s = Stream::bonded(&[MAX / 3], Bond::Max);
    let l = s.add_listener(MAX);
    let at = s.f.now() - 5;
    let e = s
        .settle_events(1, &[open(l, at, at, 1, &[(0, 0, 4)])])
        .expect("settle");
    assert_eq!(u128::from(MAX / 3) * 3, u128::from(MAX));
    assert_eq!((e.plays_paid, e.plays_short, e.amount), (3, 1, MAX));
    assert_eq!(s.listener(l).balance, 0);
    assert_eq!(s.listener(l).lifetime_spent, u128::from(MAX));
    let fee = bps_of(u128::from(MAX), SETTLER_FEE_BPS);
    assert_eq!(s.ledger(0).owed, narrow(u128::from(MAX) - fee));
    s.assert_conserved();
}

#[test]
fn a_window_time_past_i64_max_is_math_overflow() {
    let mut s = Stream::new(&[100]);
    let l = s.add_listener(1_000);
    let settler = s.settler.insecure_clone();
    let before = s.snapshot();
    let base_time = i64::MAX - 5;
    // first past i64::MAX; then first fine and last past it.
    for (first_offset, last_offset) in [(10, 10), (0, 10)] {
        let part = Part {
            header: PartHeader::Open {
                first_offset,
                last_offset,
                window_entries: 1,
            },
            entries: vec![Entry {
                index: 0,
                ledger: 0,
                plays: 1,
            }],
        };
        let ixn = s.raw_settle_ix(
            &settler.pubkey(),
            1,
            base_time,
            encode(&[part]).unwrap(),
            &[l],
            &[0],
        );
        assert_error(
            s.f.send_as(&settler, &[ixn], &[]),
            EscrowError::MathOverflow,
        );
    }
    s.assert_unchanged(&before);
}

/// Lifetime counters are u64 while a mint's supply may be u64::MAX: once
/// that much has passed through, the escrow must still take deposits.
#[test]
fn deposits_still_land_after_u64_max_has_passed_through_the_escrow() {
    let mut s = Stream::bonded(&[100], Bond::Max);
    let l = s.add_listener(MAX);
    s.request_withdrawal(l, MAX).expect("request");
    s.f.warp_seconds(NOTICE);
    s.withdraw(l).expect("withdraw everything");
    let (w, mint) = (s.wallet(l), s.mint);
    let source = s.wallet_tokens(l);
    s.as_listener(l, &[ix::deposit(&w, &mint, &source, 1)])
        .expect("deposit again");
    assert_eq!(s.listener(l).balance, 1);
    s.assert_conserved();
}

/// A track that has earned u64::MAX over its life (collected as it went)
/// must not fail the batches that carry its plays.
#[test]
fn a_track_that_earned_u64_max_over_its_life_still_settles() {
    let mut s = Stream::new(&[100]);
    let l = s.add_listener(10_000);
    let address = pda::ledger(&s.tracks[0]).0;
    let mut ledger = s.ledger(0);
    // As after u64::MAX less 1,000 earned and collected, batch by batch.
    ledger.lifetime_earned = u128::from(MAX - 1_000);
    ledger.lifetime_collected = u128::from(MAX - 1_000);
    s.f.set_state(&address, &ledger);
    let at = s.f.now() - 5;
    s.settle_parts(1, &[open(l, at, at, 1, &[(0, 0, 20)])])
        .expect("settle");
    assert_eq!(s.ledger(0).owed, 2_000 - 20);
}
