//! Receipts and disputes over random sequences, through the real programs,
//! against an independent model written here: listeners play and their
//! apps sign cumulative receipts (some never reach the settler), a settler
//! honest or not charges plays, a watcher disputes every charge beyond the
//! listener's latest receipt at once, the settler answers with the latest
//! receipt it holds (or not at all), and the clock moves. After every step
//! balances, tabs, disputes and the bond match the model to the base unit;
//! once every dispute is decided, no settler keeps more from a listener
//! than the listener's latest receipt allows, and an honest settler never
//! loses a dispute, its bond or its approval.
//!
//! The model counts charges open to dispute its own way: each charge with
//! the challenge window it fell in (aligned to multiples of the window),
//! open until the end of the window after it; refunds come off the newest.

use encore_sdk::instructions::escrow as ix;
use encore_sdk::pda;
use encore_sdk::receipts::{self, SignedReceipt};
use encore_sdk::stream_escrow::errors::EscrowError;
use encore_sdk::stream_escrow::state::{Dispute, DisputeStatus};
use proptest::prelude::*;
use solana_signer::Signer;

use super::{open, Stream, SETTLER_BOND};
use crate::support::fixture::assert_error;

const DAY: i64 = 86_400;
const PRICE: u64 = 100;
const DEPOSIT: u64 = 1_000_000;
const REWARD_BPS: u64 = 1_000;
const DISPUTE_DEPOSIT: u64 = 50_000_000;
const LISTENERS: usize = 2;
const WARPS: [i64; 6] = [1, 3_600, DAY - 1, DAY, DAY + 1, 2 * DAY];

#[derive(Clone, Debug)]
enum Op {
    /// Listener `l` plays `n` times; its app signs the new total, and the
    /// receipt reaches the settler if `delivered`.
    Play {
        l: usize,
        n: u64,
        delivered: bool,
    },
    /// The settler charges `n` plays to `l` (an honest settler only what
    /// the receipts it holds cover).
    Settle {
        l: usize,
        n: u16,
    },
    /// The settler answers `l`'s open dispute with its latest receipt.
    Answer {
        l: usize,
    },
    /// A disputer with a stale or false figure disputes `l`'s tab claiming
    /// `under` less than charged was signed; an honest settler answers at
    /// once.
    Lie {
        l: usize,
        under: u64,
    },
    Warp(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..LISTENERS, 1..5u64, proptest::bool::weighted(0.8))
            .prop_map(|(l, n, delivered)| Op::Play { l, n, delivered }),
        4 => (0..LISTENERS, 1..8u16).prop_map(|(l, n)| Op::Settle { l, n }),
        2 => (0..LISTENERS).prop_map(|l| Op::Answer { l }),
        2 => (0..LISTENERS, 1..600u64).prop_map(|(l, under)| Op::Lie { l, under }),
        2 => (0..WARPS.len()).prop_map(Op::Warp),
    ]
}

/// One listener's tab as the model sees it.
#[derive(Clone, Debug, Default)]
struct Tab {
    /// (window start, amount) per charge, oldest first; refunds come off
    /// the newest.
    charges: Vec<(i64, u64)>,
    disputes: u32,
    open: Option<OpenDispute>,
}

#[derive(Clone, Copy, Debug)]
struct OpenDispute {
    charged: u64,
    open_amount: u64,
    signed_total: u64,
    held: u64,
    answer_by: i64,
}

impl Tab {
    fn charged(&self) -> u64 {
        self.charges.iter().map(|(_, a)| a).sum()
    }

    fn open_at(&self, now: i64) -> u64 {
        self.charges
            .iter()
            .filter(|(start, _)| start + 2 * DAY > now)
            .map(|(_, a)| a)
            .sum()
    }

    fn refund(&mut self, mut amount: u64) {
        for (_, a) in self.charges.iter_mut().rev() {
            let take = amount.min(*a);
            *a -= take;
            amount -= take;
        }
        assert_eq!(amount, 0, "a refund is never more than the tab");
    }
}

#[derive(Debug)]
struct Model {
    honest: bool,
    played: [u64; LISTENERS],
    /// The latest total each listener's app signed, and the latest the
    /// settler received.
    signed: [u64; LISTENERS],
    held_by_settler: [Option<SignedReceipt>; LISTENERS],
    balance: [u64; LISTENERS],
    tabs: [Tab; LISTENERS],
    bond: u64,
    approved: bool,
    disputes_lost: u32,
    disputes_won: u32,
    seq: u64,
}

fn reward(amount: u64) -> u64 {
    amount * REWARD_BPS / 10_000
}

fn window_start(t: i64) -> i64 {
    t - t.rem_euclid(DAY)
}

struct World {
    s: Stream,
    m: Model,
    watcher: solana_keypair::Keypair,
}

impl World {
    fn new(honest: bool) -> Self {
        let mut s = Stream::new(&[PRICE]);
        for _ in 0..LISTENERS {
            s.add_listener(DEPOSIT);
        }
        let watcher = super::disputes::watcher(&mut s);
        let m = Model {
            honest,
            played: [0; LISTENERS],
            signed: [0; LISTENERS],
            held_by_settler: [None; LISTENERS],
            balance: [DEPOSIT; LISTENERS],
            tabs: Default::default(),
            bond: SETTLER_BOND,
            approved: true,
            disputes_lost: 0,
            disputes_won: 0,
            seq: 0,
        };
        Self { s, m, watcher }
    }

    fn apply(&mut self, op: &Op) {
        match *op {
            Op::Play { l, n, delivered } => {
                self.m.played[l] += n * PRICE;
                self.m.signed[l] = self.m.played[l];
                if delivered {
                    let receipt = self.s.receipt(l, self.m.signed[l]);
                    let key = self.s.listeners[l].insecure_clone();
                    self.m.held_by_settler[l] = Some(receipts::sign(receipt, &key));
                }
            }
            Op::Settle { l, n } => self.settle(l, n),
            Op::Answer { l } => self.answer(l),
            Op::Lie { l, under } => {
                let tab = &self.m.tabs[l];
                let now = self.s.f.now();
                if tab.open.is_some() || tab.open_at(now) == 0 {
                    return;
                }
                let claimed = tab.charged().saturating_sub(under);
                if claimed >= tab.charged() {
                    return;
                }
                self.dispute(l, claimed);
                if self.m.honest {
                    self.answer(l);
                }
            }
            Op::Warp(i) => {
                self.s.f.warp_seconds(WARPS[i]);
                self.resolve_due();
            }
        }
    }

    fn settle(&mut self, l: usize, n: u16) {
        let tab = &self.m.tabs[l];
        let n = if self.m.honest {
            let covered = self.m.held_by_settler[l].map_or(0, |r| r.receipt.total);
            let room = covered.saturating_sub(tab.charged()) / PRICE;
            u64::from(n).min(room) as u16
        } else {
            n
        };
        if n == 0 {
            return;
        }
        self.m.seq += 1;
        let at = self.s.play_time();
        let result = self
            .s
            .settle_events(self.m.seq, &[open(l, at, at, 1, &[(0, 0, n)])]);
        if !self.m.approved {
            assert_error(result, EscrowError::SettlerNotApproved);
            self.m.seq -= 1;
            return;
        }
        let e = result.expect("settle");
        let now = self.s.f.now();
        if self.m.tabs[l].open.is_some() {
            // Disputed: the plays are held, nothing charged.
            assert_eq!((e.plays_held, e.amount), (u64::from(n), 0));
            return;
        }
        let amount = u64::from(n) * PRICE;
        assert_eq!((e.plays_paid, e.amount), (u64::from(n), amount));
        self.m.balance[l] -= amount;
        self.m.tabs[l].charges.push((window_start(now), amount));
        self.watch(l);
    }

    /// The watcher disputes whatever the tab holds beyond the listener's
    /// latest receipt.
    fn watch(&mut self, l: usize) {
        let tab = &self.m.tabs[l];
        if tab.charged() > self.m.signed[l] && tab.open.is_none() {
            self.dispute(l, self.m.signed[l]);
        }
    }

    /// Disputes `l`'s tab as signed for `signed` (below what it charged).
    fn dispute(&mut self, l: usize, signed: u64) {
        let now = self.s.f.now();
        let tab = &self.m.tabs[l];
        let charged = tab.charged();
        let open_amount = tab.open_at(now);
        let claimed = open_amount.min(charged - signed);
        let holding: u64 = self
            .m
            .tabs
            .iter()
            .filter_map(|t| t.open.map(|o| o.held))
            .sum();
        let held = (claimed + reward(claimed)).min(self.m.bond - holding);
        let number = tab.disputes;
        let watcher = self.watcher.insecure_clone();
        self.s
            .dispute_numbered(&watcher, l, number, signed)
            .expect("dispute");
        let tab = &mut self.m.tabs[l];
        tab.disputes += 1;
        tab.open = Some(OpenDispute {
            charged,
            open_amount,
            signed_total: signed,
            held,
            answer_by: now + DAY,
        });
        let dispute = self.s.dispute_state(l, number);
        assert_eq!(
            (dispute.charged, dispute.open_amount, dispute.held),
            (charged, open_amount, held)
        );
    }

    fn answer(&mut self, l: usize) {
        let Some(open) = self.m.tabs[l].open else {
            return;
        };
        let Some(receipt) = self.m.held_by_settler[l] else {
            return;
        };
        let now = self.s.f.now();
        let number = self.m.tabs[l].disputes - 1;
        let parties = self.s.parties(l, number);
        let settler = self.s.settler.insecure_clone();
        let result = self
            .s
            .f
            .send_as(&settler, &ix::answer_dispute(&parties, &receipt), &[]);
        if now > open.answer_by {
            assert_error(result, EscrowError::AnswerTooLate);
            return;
        }
        result.expect("answer");
        let refund = open
            .open_amount
            .min(open.charged.saturating_sub(receipt.receipt.total));
        self.decide(l, refund, number);
    }

    /// Anyone decides the disputes whose answer window has closed.
    fn resolve_due(&mut self) {
        let now = self.s.f.now();
        for l in 0..LISTENERS {
            let Some(open) = self.m.tabs[l].open else {
                continue;
            };
            if now <= open.answer_by {
                continue;
            }
            let number = self.m.tabs[l].disputes - 1;
            let parties = self.s.parties(l, number);
            self.s
                .f
                .send(&[ix::resolve_dispute(&parties)], &[])
                .expect("resolve");
            let refund = open
                .open_amount
                .min(open.charged.saturating_sub(open.signed_total));
            self.decide(l, refund, number);
        }
    }

    fn decide(&mut self, l: usize, refund: u64, number: u32) {
        let open = self.m.tabs[l].open.take().expect("an open dispute");
        let refund_paid = refund.min(open.held);
        let reward_paid = reward(refund).min(open.held - refund_paid);
        self.m.balance[l] += refund_paid;
        self.m.tabs[l].refund(refund_paid);
        self.m.bond -= refund_paid + reward_paid;
        if refund > 0 {
            self.m.approved = false;
            self.m.disputes_lost += 1;
        } else {
            self.m.disputes_won += 1;
        }
        let address = self.s.dispute_address(l, number);
        let dispute: Dispute = self.s.f.state(&address);
        let status = if refund > 0 {
            DisputeStatus::Upheld
        } else {
            DisputeStatus::Dismissed
        };
        assert_eq!(
            (dispute.status, dispute.refund, dispute.reward),
            (status, refund_paid, reward_paid)
        );
        assert!(
            self.s.f.lamports(&address) < DISPUTE_DEPOSIT,
            "the deposit left the record"
        );
    }

    /// Everything on chain against the model.
    fn compare(&mut self) {
        let settler = self.s.settler.pubkey();
        for l in 0..LISTENERS {
            let listener = self.s.listener(l);
            assert_eq!(listener.balance, self.m.balance[l], "listener {l} balance");
            let tab = &self.m.tabs[l];
            match listener.tabs.iter().find(|t| t.settler == settler) {
                Some(t) => {
                    assert_eq!(t.charged, tab.charged(), "listener {l} tab");
                    assert_eq!(t.disputed, tab.open.is_some());
                    assert_eq!(t.disputes, tab.disputes);
                }
                None => assert_eq!(tab.charged(), 0),
            }
        }
        let address = pda::settler(&settler).0;
        let approval: encore_sdk::governance::state::Settler = self.s.f.state(&address);
        let held: u64 = self
            .m
            .tabs
            .iter()
            .filter_map(|t| t.open.map(|o| o.held))
            .sum();
        assert_eq!(
            (
                approval.bond_amount,
                approval.held_by_disputes,
                approval.approved
            ),
            (self.m.bond, held, self.m.approved)
        );
        let vault = pda::settler_bond(&settler).0;
        assert_eq!(self.s.f.token_balance(&vault), self.m.bond);
        let state = self.s.settler_state();
        assert_eq!(
            (state.disputes_won, state.disputes_lost),
            (self.m.disputes_won, self.m.disputes_lost)
        );
        self.s.assert_conserved();
    }

    /// Once every dispute is decided: nobody pays beyond their latest
    /// receipt, and an honest settler lost nothing.
    fn finish(&mut self) {
        self.s.f.warp_seconds(DAY + 1);
        self.resolve_due();
        self.compare();
        for l in 0..LISTENERS {
            let kept = DEPOSIT - self.m.balance[l];
            assert!(
                kept <= self.m.signed[l],
                "listener {l} paid {kept} with {} signed",
                self.m.signed[l]
            );
        }
        if self.m.honest {
            assert_eq!(self.m.disputes_lost, 0);
            assert!(self.m.approved);
            assert_eq!(self.m.bond, SETTLER_BOND);
            for l in 0..LISTENERS {
                assert_eq!(
                    DEPOSIT - self.m.balance[l],
                    self.m.tabs[l].charged(),
                    "an honest settler keeps all it charged"
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 32,
        max_shrink_iters: 100,
        ..ProptestConfig::default()
    })]

    #[test]
    fn no_settler_keeps_more_than_the_latest_receipt_allows(
        honest in any::<bool>(),
        ops in proptest::collection::vec(op(), 5..40),
    ) {
        let mut w = World::new(honest);
        for op in &ops {
            w.apply(op);
            w.compare();
        }
        w.finish();
    }
}
