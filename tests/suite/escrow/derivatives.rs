//! Licences that pay upstream: every collection of a derivative's earnings
//! credits its parent's ledger with the parent's derivative share (rounded
//! down, the rest to the derivative), and the parent passes its own
//! parent's share on when it is collected. By hand, by name, and over
//! random trees against a model of the documented rule.

use encore_sdk::instructions::escrow as ix;
use encore_sdk::pda;
use encore_sdk::stream_escrow::errors::EscrowError;
use proptest::prelude::*;

use super::Stream;
use crate::support::fixture::assert_error;

/// Collects track `t` into its revenue vault, its parent's ledger given.
fn collect(s: &mut Stream, t: usize, parent: Option<usize>) -> crate::support::fixture::TxResult {
    let treasury = s.treasury_account();
    let parent = parent.map(|p| s.tracks[p]);
    let ixn = ix::collect_derivative(&s.tracks[t], parent.as_ref(), &s.mint, &treasury);
    s.f.send(&[ixn], &[])
}

fn vault(s: &mut Stream, t: usize) -> u64 {
    let address = pda::revenue_vault(&s.tracks[t]).0;
    s.f.token_balance(&address)
}

/// An original (25 % to it from derivatives), a remix of it (10 % to it
/// from its own derivatives) and a remix of the remix. 10 plays of the
/// last at 1,000: 9,900 owed after the settler's 1 %. Its collection: 297
/// protocol fee (3 %), 960 to the remix (10 % of 9,603, rounded down),
/// 8,643 to its vault. The remix's: 240 to the original (25 % of 960), 720
/// to its vault. The original's: 240 to its vault.
#[test]
fn a_remix_of_a_remix_pays_each_level_its_share() {
    let mut s = Stream::tree(
        &[1_000, 1_000, 1_000],
        &[(2_500, None), (1_000, Some(0)), (0, Some(1))],
    );
    let l = s.add_listener(100_000);
    s.settle_plays(1, &[(l, &[(2, 10)])]).expect("settle");
    assert_eq!(s.ledger(2).owed, 9_900);
    assert_eq!(
        (s.ledger(2).parent, s.ledger(2).upstream_bps),
        (s.tracks[1], 1_000)
    );
    for t in 0..3 {
        s.shares_for_artist(t);
    }
    let treasury = s.treasury_account();

    // Without its parent's ledger, or with another's, a derivative's
    // collection is refused by name and nothing moves.
    assert_error(collect(&mut s, 2, None), EscrowError::ParentLedgerMissing);
    assert_error(collect(&mut s, 2, Some(0)), EscrowError::WrongParentLedger);
    assert_eq!(s.ledger(2).owed, 9_900);

    collect(&mut s, 2, Some(1)).expect("collect the remix of the remix");
    assert_eq!(s.f.token_balance(&treasury), 297);
    assert_eq!(vault(&mut s, 2), 8_643);
    assert_eq!(s.ledger(1).upstream_owed, 960);
    assert_eq!(s.ledger(2).upstream_paid, 960);
    s.assert_conserved();

    collect(&mut s, 1, Some(0)).expect("collect the remix");
    assert_eq!(vault(&mut s, 1), 720);
    assert_eq!(s.ledger(0).upstream_owed, 240);
    collect(&mut s, 0, None).expect("collect the original");
    assert_eq!(vault(&mut s, 0), 240);
    assert_eq!(s.f.token_balance(&treasury), 297, "fees were paid once");
    assert_eq!(8_643 + 720 + 240 + 297, 9_900);
    assert_error(collect(&mut s, 0, None), EscrowError::NothingToCollect);
    s.assert_conserved();
}

/// The documented rule, written again: a collection takes the ledger's own
/// owed less its protocol fee (3 %, rounded down) plus what derivatives
/// credited it; the parent's share of that is rounded down.
#[derive(Default, Clone)]
struct Books {
    upstream_owed: Vec<u64>,
    vaults: Vec<u64>,
    treasury: u64,
}

fn tree() -> impl Strategy<Value = Vec<(u16, Option<usize>)>> {
    (2..7usize).prop_flat_map(|n| {
        let nodes: Vec<_> = (0..n)
            .map(|i| {
                let parent = if i == 0 {
                    Just(None).boxed()
                } else {
                    prop_oneof![Just(None), (0..i).prop_map(Some)].boxed()
                };
                (0..=10_000u16, parent)
            })
            .collect();
        nodes
    })
}

/// Depth of each node below its original.
fn depths(lineage: &[(u16, Option<usize>)]) -> Vec<u8> {
    let mut d = vec![0u8; lineage.len()];
    for (i, (_, parent)) in lineage.iter().enumerate() {
        if let Some(p) = parent {
            d[i] = d[*p] + 1;
        }
    }
    d
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Random trees (depth within the bound), plays and collection orders:
    /// every base unit collected ends in exactly one revenue vault or the
    /// treasury, each parent receives its share by the rule, nothing is
    /// lost to rounding.
    #[test]
    fn every_unit_of_a_derivative_ends_in_one_vault(
        lineage in tree(),
        prices in prop::collection::vec(1..5_000u64, 6),
        plays in prop::collection::vec(0..40u16, 6),
        order in prop::collection::vec(0..6usize, 1..30),
    ) {
        prop_assume!(depths(&lineage).iter().all(|d| *d <= 4));
        let n = lineage.len();
        let mut s = Stream::tree(&prices[..n], &lineage);
        let l = s.add_listener(10_000_000);
        let entries: Vec<(usize, u16)> = (0..n).map(|t| (t, plays[t].max(1))).collect();
        s.settle_plays(1, &[(l, &entries)]).expect("settle");
        for t in 0..n {
            s.shares_for_artist(t);
        }
        let settled: u64 = (0..n).map(|t| s.ledger(t).owed).sum();
        let mut owed: Vec<u64> = (0..n).map(|t| s.ledger(t).owed).collect();
        let mut m = Books { upstream_owed: vec![0; n], vaults: vec![0; n], treasury: 0 };
        let collect_in_model = |m: &mut Books, owed: &mut Vec<u64>, t: usize| {
            let own = std::mem::take(&mut owed[t]);
            let fee = own * 300 / 10_000;
            m.treasury += fee;
            let received = own - fee + std::mem::take(&mut m.upstream_owed[t]);
            let up = match lineage[t].1 {
                Some(p) => {
                    let share = received * u64::from(lineage[p].0) / 10_000;
                    m.upstream_owed[p] += share;
                    share
                }
                None => 0,
            };
            m.vaults[t] += received - up;
        };
        // Collections in a random order, then bottom up until nothing is owed.
        let drain: Vec<usize> = (0..n).rev().collect();
        for t in order.iter().map(|o| o % n).chain(drain) {
            let has = owed[t] > 0 || m.upstream_owed[t] > 0;
            let result = collect(&mut s, t, lineage[t].1);
            if has {
                result.expect("collect");
                collect_in_model(&mut m, &mut owed, t);
            } else {
                assert_error(result, EscrowError::NothingToCollect);
            }
        }
        for t in 0..n {
            prop_assert_eq!(vault(&mut s, t), m.vaults[t], "track {}", t);
            prop_assert_eq!(s.ledger(t).upstream_owed, m.upstream_owed[t]);
        }
        let treasury = s.treasury_account();
        prop_assert_eq!(s.f.token_balance(&treasury), m.treasury);
        // Every unit settled is in a vault, the treasury or still owed up the tree.
        let waiting: u64 = m.upstream_owed.iter().sum();
        prop_assert_eq!(m.vaults.iter().sum::<u64>() + m.treasury + waiting, settled);
        s.assert_conserved();
    }
}
