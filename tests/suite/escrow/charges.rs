//! `EntriesCharged`: what a batch charged each entry, in the batch's order,
//! by hand; the per-track charges a listener's app reads back from it.

use encore_sdk::events;
use encore_sdk::stream_escrow::events::{EntriesCharged, EntryCharge, PlaysSettled};
use solana_signer::Signer;

use super::{open, Stream};

fn charge(plays: u16, amount: u64) -> EntryCharge {
    EntryCharge { plays, amount }
}

/// Sends `parts` as batch `seq`; returns its two events.
fn settle(s: &mut Stream, seq: u64, parts: &[super::TestPart]) -> (PlaysSettled, EntriesCharged) {
    let settler = s.settler.insecure_clone();
    let ixn = s.settle_ix_as(&settler.pubkey(), seq, parts);
    let logs = s.f.send_logged(&settler, &[ixn], &[]).expect("settle");
    let mut settled: Vec<PlaysSettled> = events::decode(&logs).unwrap();
    let mut charged: Vec<EntriesCharged> = events::decode(&logs).unwrap();
    assert_eq!((settled.len(), charged.len()), (1, 1));
    (settled.remove(0), charged.remove(0))
}

#[test]
fn each_entry_s_charge_is_logged_in_batch_order() {
    // Prices 100, 250 and 40 a play.
    let mut s = Stream::new(&[100, 250, 40]);
    let poor = s.add_listener(700);
    let rich = s.add_listener(100_000);
    let at = s.play_time();
    let (settled, charged) = settle(
        &mut s,
        1,
        &[
            open(poor, at, at, 3, &[(0, 0, 3), (1, 1, 4), (2, 2, 2)]),
            open(rich, at, at, 2, &[(0, 1, 2), (1, 0, 1)]),
        ],
    );
    // The poor listener's 700: 3 plays at 100 (400 left), one of 4 at 250
    // (150 left), then both plays at 40 (70 left). The rich one pays all.
    assert_eq!(
        charged.charges,
        vec![
            charge(3, 300),
            charge(1, 250),
            charge(2, 80),
            charge(2, 500),
            charge(1, 100)
        ]
    );
    assert_eq!((charged.settler, charged.seq), (s.settler.pubkey(), 1));
    assert_eq!(settled.amount, 300 + 250 + 80 + 500 + 100);
    assert_eq!(settled.plays_short, 3);
    assert_eq!(s.listener(poor).balance, 70);
    assert_eq!(s.listener(poor).lifetime_spent, 630);

    // A paused track's plays are logged at zero, in their place.
    s.pause_track(2).expect("pause");
    s.f.warp_seconds(10);
    let now = s.f.now() - 1;
    let (settled, charged) = settle(
        &mut s,
        2,
        &[open(rich, now, now, 2, &[(0, 2, 5), (1, 0, 1)])],
    );
    assert_eq!(charged.charges, vec![charge(0, 0), charge(1, 100)]);
    assert_eq!((settled.plays_track_paused, settled.amount), (5, 100));
}
