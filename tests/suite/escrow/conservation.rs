//! Conservation over random deposit / settle / withdraw / collect sequences.

use encore_sdk::instructions::{escrow as ix, shares as shares_ix};
use proptest::prelude::*;
use solana_signer::Signer;

use super::{entry, Stream};

#[derive(Clone, Debug)]
enum Op {
    Deposit(usize, u64),
    Settle(Vec<(usize, usize, u16)>),
    Withdraw(usize, u64),
    Collect(usize),
    Warp(i64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..3usize, 1..50_000u64).prop_map(|(l, a)| Op::Deposit(l, a)),
        prop::collection::vec((0..3usize, 0..2usize, 1..40u16), 1..6).prop_map(Op::Settle),
        (0..3usize, 1..60_000u64).prop_map(|(l, a)| Op::Withdraw(l, a)),
        (0..2usize).prop_map(Op::Collect),
        (1..3 * 86_400i64).prop_map(Op::Warp),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, ..ProptestConfig::default() })]

    /// Vault balance = Σ listener balances + Σ track owed + settler fees
    /// owed, and the flow counters agree, after every step; no listener ever
    /// goes below zero or above what it put in.
    #[test]
    fn the_vault_always_equals_what_it_owes(ops in prop::collection::vec(op(), 1..12)) {
        let mut s = Stream::new(&[700, 1_300]);
        for _ in 0..3 {
            s.add_listener(20_000);
        }
        s.shares_for_artist(0);
        s.shares_for_artist(1);
        let treasury = s.treasury_account();
        let mut seq = 0;
        let mut deposited = [20_000u64; 3];
        for op in ops {
            match op {
                Op::Deposit(l, amount) => {
                    let wallet = s.listeners[l].insecure_clone();
                    let (w, mint, authority) = (wallet.pubkey(), s.mint, s.mint_authority.insecure_clone());
                    let source = s.f.ata(&w, &mint);
                    s.f.mint_to(&mint, &authority, &source, amount);
                    s.f.send(&[ix::deposit(&w, &mint, &source, amount)], &[&wallet]).expect("deposit");
                    deposited[l] += amount;
                }
                Op::Settle(raw) => {
                    // Index the distinct listeners and tracks this batch touches.
                    let mut ls: Vec<usize> = raw.iter().map(|r| r.0).collect();
                    ls.sort();
                    ls.dedup();
                    let entries = raw
                        .iter()
                        .map(|(l, t, p)| entry(ls.iter().position(|x| x == l).unwrap() as u8, *t as u8, *p))
                        .collect();
                    seq += 1;
                    s.settle(seq, &ls, &[0, 1], entries).expect("settle");
                }
                Op::Withdraw(l, amount) => {
                    let wallet = s.listeners[l].insecure_clone();
                    let (w, mint) = (wallet.pubkey(), s.mint);
                    let balance = s.listener(l).balance;
                    if balance > 0 {
                        let dest = s.f.ata(&w, &mint);
                        s.f.send(&[ix::request_withdrawal(&w, &mint, amount.min(balance))], &[&wallet]).expect("request");
                        s.f.warp_seconds(crate::gov::TIMELOCK);
                        s.f.send(&[ix::withdraw(&w, &mint, &dest)], &[&wallet]).expect("withdraw");
                    }
                }
                Op::Collect(t) => {
                    if s.ledger(t).owed > 0 {
                        let (track, mint) = (s.tracks[t], s.mint);
                        s.f.send(&[shares_ix::harvest(&track, &mint, &treasury)], &[]).expect("harvest");
                    }
                }
                Op::Warp(secs) => s.f.warp_seconds(secs),
            }
            s.assert_conserved();
            for (l, put_in) in deposited.iter().enumerate() {
                let listener = s.listener(l);
                prop_assert!(listener.balance + listener.lifetime_spent <= *put_in);
            }
        }
    }
}
