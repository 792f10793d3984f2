//! Audit roots: the tree's shape, proofs for every leaf, and proofs of
//! settled plays rebuilt from the play log.

use std::collections::BTreeSet;

use anchor_lang::prelude::Pubkey;
use encore_sdk::settle::merkle::{leaf, prove, root, verify, Proof};
use encore_sdk::settle::PlanConfig;
use sha2::{Digest, Sha256};

use super::epoch::{generate, EpochSpec};
use super::{key, plan_of};

fn node(a: &[u8; 32], b: &[u8; 32]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(a);
    h.update(b);
    h.finalize().into()
}

#[test]
fn leaves_hash_the_canonical_encoding() {
    let (l, t) = (key(1), key(2));
    let mut data = Vec::new();
    data.extend_from_slice(l.as_ref());
    data.extend_from_slice(t.as_ref());
    data.extend_from_slice(&1_700_000_000i64.to_le_bytes());
    data.extend_from_slice(&215u32.to_le_bytes());
    assert_eq!(data.len(), 76);
    let expected: [u8; 32] = Sha256::digest(&data).into();
    assert_eq!(leaf(&l, &t, 1_700_000_000, 215), expected);
}

#[test]
fn an_odd_node_is_promoted() {
    let leaves: Vec<[u8; 32]> = (0..3u8).map(|i| [i; 32]).collect();
    assert_eq!(root(&[]), [0u8; 32]);
    assert_eq!(root(&leaves[..1]), leaves[0]);
    assert_eq!(root(&leaves[..2]), node(&leaves[0], &leaves[1]));
    // [a b c] -> [ab c] -> [ab|c]
    assert_eq!(
        root(&leaves),
        node(&node(&leaves[0], &leaves[1]), &leaves[2])
    );
}

#[test]
fn every_leaf_of_every_size_proves_and_nothing_else_does() {
    for n in 1..=33usize {
        let leaves: Vec<[u8; 32]> = (0..n)
            .map(|i| Sha256::digest((i as u32).to_le_bytes()).into())
            .collect();
        let r = root(&leaves);
        for (i, l) in leaves.iter().enumerate() {
            let proof = prove(&leaves, i).unwrap();
            assert!(verify(&r, l, &proof), "leaf {i} of {n}");
            let mut wrong = *l;
            wrong[0] ^= 1;
            assert!(!verify(&r, &wrong, &proof));
            if n > 1 {
                // Leaves are distinct hashes, so another leaf's path never
                // leads this one to the root.
                let other = prove(&leaves, (i + 1) % n).unwrap();
                assert_ne!(leaves[(i + 1) % n], *l);
                assert!(
                    !verify(&r, l, &other),
                    "leaf {i} of {n} with leaf {}'s proof",
                    (i + 1) % n
                );
            }
        }
        assert!(prove(&leaves, n).is_none());
    }
    assert!(!verify(&[1u8; 32], &[2u8; 32], &Proof::default()));
}

/// The default fraud rules restated (`encore_sdk::settle::rules`): the
/// plays of a log that count, as a set. An exact copy counts once; a play
/// under 30 seconds never; a listener's play counts only if it starts no
/// earlier than 10 seconds before its previous counted play ends; at most
/// 3,000 counted plays per listener per UTC day.
fn counted_plays(events: &[(Pubkey, Pubkey, i64, u32)]) -> BTreeSet<(Pubkey, Pubkey, i64, u32)> {
    let mut plays = events.to_vec();
    plays.sort_by_key(|&(l, t, ts, s)| (l, ts, t, s));
    plays.dedup();
    let mut counted = BTreeSet::new();
    let mut listener = None;
    let (mut busy_until, mut day, mut day_count) = (i64::MIN, i64::MIN, 0u32);
    for (l, t, ts, s) in plays {
        if s < 30 {
            continue;
        }
        if listener != Some(l) {
            listener = Some(l);
            (busy_until, day) = (i64::MIN, i64::MIN);
        }
        if ts < busy_until {
            continue;
        }
        if ts.div_euclid(86_400) != day {
            (day, day_count) = (ts.div_euclid(86_400), 0);
        }
        if day_count >= 3_000 {
            continue;
        }
        day_count += 1;
        busy_until = ts + i64::from(s) - 10;
        counted.insert((l, t, ts, s));
    }
    counted
}

#[test]
fn a_log_holder_proves_a_settled_play_against_its_batch_root() {
    let epoch = generate(EpochSpec::small(200, 50, 6_000, 9));
    let plan = plan_of(&epoch.csv(), &PlanConfig::default());
    let events = epoch.keyed();
    let counted = counted_plays(&events);
    assert_eq!(plan.plays_in, events.len() as u64);
    assert_eq!(
        plan.rejected.total(),
        (events.len() - counted.len()) as u64,
        "the plan rejects exactly the plays the rules reject"
    );
    let (mut proved, mut refused) = (0, 0);
    for (i, event) in events.iter().enumerate().step_by(37) {
        let (l, t, ts, s) = *event;
        match plan.prove(&l, &t, ts, s) {
            Some(p) => {
                assert!(
                    counted.contains(event),
                    "event {i} was proved but the rules reject it"
                );
                let batch = &plan.batches[(p.seq - plan.first_seq) as usize];
                assert_eq!(p.audit_root, batch.audit_root);
                assert_eq!(p.leaf, leaf(&l, &t, ts, s));
                assert!(verify(&batch.audit_root, &p.leaf, &p.proof), "event {i}");
                proved += 1;
            }
            // Rejected by a rule: in no batch.
            None => {
                assert!(
                    !counted.contains(event),
                    "event {i} counts but has no proof"
                );
                refused += 1;
            }
        }
    }
    // Both kinds of event were sampled.
    assert!(
        proved > 100 && refused > 0,
        "{proved} proved, {refused} refused"
    );
    assert!(plan.prove(&key(1), &key(2), 0, 40).is_none());
}
