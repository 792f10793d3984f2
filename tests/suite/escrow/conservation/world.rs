//! A property test case's deployment and its steps, each applied to the
//! chain and to the model, the chain's answer checked against the model's.

use std::collections::HashSet;

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use encore_sdk::instructions::{escrow as ix, registry as reg_ix, shares as shares_ix};
use encore_sdk::stream_escrow::errors::EscrowError;
use encore_sdk::track_registry::state::TrackStatus;
use proptest::prelude::*;
use solana_keypair::Keypair;
use solana_signer::Signer;

use super::model::{MSettler, Model, Outcome, PartPlan};
use super::regime::MListener;
use super::schedule::MTrack;
use super::{Op, PartSpec, CAPS, NEW_PRICES, OTHER_SETTLER_FEE_BPS, PERIODS, PRICES};
use crate::escrow::{cont, open, Stream, TestPart, NOTICE, SETTLER_FEE_BPS};
use crate::support::fixture::{assert_error, TxResult};

/// Checks that hold whatever the model says: windows of a listener never
/// overlap, and no entry of a window is settled twice.
#[derive(Default)]
pub(super) struct Audit {
    windows: Vec<Vec<(i64, i64)>>,
    entries: HashSet<(usize, i64, i64, u8)>,
    pub(super) deposited: Vec<u64>,
}

pub(super) struct World {
    pub(super) s: Stream,
    pub(super) m: Model,
    pub(super) settlers: Vec<Keypair>,
    pub(super) stranger: Keypair,
    pub(super) treasury: Pubkey,
    pub(super) settler_tokens: Vec<Pubkey>,
    pub(super) genesis: i64,
    pub(super) audit: Audit,
}

impl World {
    /// Listeners with `balances`, each asking at once for a cap
    /// `(CAPS[c], PERIODS[p])`, a notice before the first step.
    pub(super) fn new(balances: &[u64], caps: &[(usize, usize)]) -> Self {
        let mut s = Stream::new(&PRICES);
        let other = s.add_settler(OTHER_SETTLER_FEE_BPS);
        let genesis = s.f.now();
        for b in balances {
            s.add_listener(*b);
        }
        for t in 0..PRICES.len() {
            s.shares_for_artist(t);
        }
        let treasury = s.treasury_account();
        let settlers = vec![s.settler.insecure_clone(), other];
        let mint = s.mint;
        let settler_tokens = settlers
            .iter()
            .map(|k| s.f.ata(&k.pubkey(), &mint))
            .collect();
        let stranger = s.f.keypair();
        assert_eq!(s.f.now(), genesis, "set-up moves no clock");
        let mut tracks: Vec<MTrack> = PRICES.iter().map(|p| MTrack::new(*p)).collect();
        for t in &mut tracks {
            t.synced_at = genesis;
        }
        let mut m = Model {
            now: genesis,
            notice: NOTICE,
            protocol_fee_bps: 300,
            listeners: balances
                .iter()
                .map(|b| MListener::new(*b, genesis))
                .collect(),
            tracks,
            settlers: vec![
                MSettler::new(SETTLER_FEE_BPS),
                MSettler::new(OTHER_SETTLER_FEE_BPS),
            ],
            total_deposited: balances.iter().sum(),
            total_withdrawn: 0,
            total_collected: 0,
            total_protocol_fees: 0,
            total_settler_fees: 0,
            withdrawn_by: vec![0; balances.len()],
            revenue: vec![0; PRICES.len()],
            treasury: 0,
        };
        for (l, (c, p)) in caps.iter().enumerate() {
            m.set_cap(l, CAPS[*c], PERIODS[*p]).expect("a valid cap");
            s.set_cap(l, CAPS[*c], PERIODS[*p]).expect("set cap");
        }
        s.f.warp_seconds(NOTICE + 1);
        m.now += NOTICE + 1;
        let audit = Audit {
            windows: vec![Vec::new(); balances.len()],
            deposited: balances.to_vec(),
            ..Audit::default()
        };
        Self {
            s,
            m,
            settlers,
            stranger,
            treasury,
            settler_tokens,
            genesis,
            audit,
        }
    }

    fn settle(
        &mut self,
        s: usize,
        seq: Option<u64>,
        specs: &[PartSpec],
    ) -> Result<(), TestCaseError> {
        let mut plans: Vec<PartPlan> = Vec::new();
        for spec in specs {
            if plans.iter().any(|p| p.listener == spec.listener) {
                continue;
            }
            plans.extend(self.plan(s, spec));
        }
        if plans.is_empty() {
            return Ok(());
        }
        let seq = seq.unwrap_or(self.m.settlers[s].highest_seq + 1);
        let parts: Vec<TestPart> = plans
            .iter()
            .map(|p| match p.open {
                Some((first, last, n)) => open(p.listener, first, last, n, &p.entries),
                None => cont(p.listener, p.tag, &p.entries),
            })
            .collect();
        let settler = self.settlers[s].insecure_clone();
        let ixn = self.s.settle_ix_as(&settler.pubkey(), seq, &parts);
        let expected = self.m.settle(s, seq, &plans);
        let before = self.s.snapshot();
        let result = self.s.settle_sent(&settler, ixn);
        match expected {
            Err(e) => {
                assert_error(result, e);
                self.s.assert_unchanged(&before);
            }
            Ok(out) => {
                let event = result.expect("the model settles this batch");
                let got = Outcome {
                    parts: event.parts,
                    entries: event.entries,
                    windows_opened: event.windows_opened,
                    windows_closed: event.windows_closed,
                    plays_paid: event.plays_paid,
                    plays_short: event.plays_short,
                    plays_paused: event.plays_track_paused,
                    plays_retired: event.plays_track_retired,
                    plays_unpriced: event.plays_unpriced,
                    listeners_short: event.listeners_short,
                    amount: event.amount,
                    fees: event.settler_fees,
                    settled_entries: out.settled_entries.clone(),
                };
                prop_assert_eq!(&got, &out);
                prop_assert_eq!(event.seq, seq);
                self.audit_batch(&plans, &out)?;
            }
        }
        Ok(())
    }

    /// Independent of the model: a listener's windows are disjoint and in
    /// time order, and each entry of each window settles once.
    fn audit_batch(&mut self, plans: &[PartPlan], out: &Outcome) -> Result<(), TestCaseError> {
        for p in plans {
            if let Some((first, last, _)) = p.open {
                let earlier = &mut self.audit.windows[p.listener];
                prop_assert!(
                    earlier.iter().all(|(_, l)| first > *l),
                    "overlapping windows"
                );
                earlier.push((first, last));
            }
        }
        for e in &out.settled_entries {
            prop_assert!(
                self.audit.entries.insert(*e),
                "an entry settled twice: {:?}",
                e
            );
        }
        Ok(())
    }

    /// Registry `change` of track `t`, synced at once when `sync` (and the
    /// sync would not leave the ledger's oldest point in the future).
    fn change_track(&mut self, t: usize, change: Instruction, sync: bool) {
        let sync = sync && self.sync_is_plain(t);
        self.s
            .change_track(t, change, sync)
            .expect("registry change");
        self.m.tracks[t].registry_version += 1;
        if sync {
            self.m.tracks[t].sync(self.m.now, NOTICE);
        }
    }

    /// A sync keeps some point at or before now: the ledger forgets only
    /// the past (eight rises within one notice would not).
    fn sync_is_plain(&self, t: usize) -> bool {
        let mut track = self.m.tracks[t].clone();
        track.sync(self.m.now, NOTICE);
        track.floor <= self.m.now
    }

    pub(super) fn step(&mut self, op: &Op) -> Result<(), TestCaseError> {
        let mint = self.s.mint;
        match op.clone() {
            Op::Deposit(l, amount) => {
                self.m.deposit(l, amount).expect("deposits are open");
                self.s.deposit(l, amount).expect("deposit");
                self.audit.deposited[l] += amount;
            }
            Op::Settle(s, specs) => self.settle(s, None, &specs)?,
            Op::Replay(s) => {
                let seq = self.m.settlers[s].highest_seq;
                if seq > 0 {
                    let spec = PartSpec {
                        listener: 0,
                        first: 0,
                        span: 0,
                        tracks: vec![(0, 1)],
                        count: 0,
                        force: true,
                        straddle: false,
                    };
                    self.settle(s, Some(seq), &[spec])?;
                }
            }
            // A retired track takes no more changes (the registry's
            // TrackRetired, tested with the registry).
            Op::Price(t, ..) | Op::Status(t, _) | Op::Retire(t, _)
                if self.m.tracks[t].registry_status == TrackStatus::Retired => {}
            Op::Retire(t, sync) => {
                let (artist, track) = (self.s.artist.pubkey(), self.s.tracks[t]);
                self.m.tracks[t].registry_status = TrackStatus::Retired;
                self.change_track(t, reg_ix::retire_track(&artist, &track), sync);
            }
            Op::Price(t, p, sync) => {
                let change = self.s.price_ix(t, NEW_PRICES[p]);
                self.m.tracks[t].registry_price = NEW_PRICES[p];
                self.change_track(t, change, sync);
            }
            Op::Status(t, sync) => {
                let (artist, track) = (self.s.artist.pubkey(), self.s.tracks[t]);
                let (change, status) = match self.m.tracks[t].registry_status {
                    TrackStatus::Active => {
                        (reg_ix::pause_track(&artist, &track), TrackStatus::Paused)
                    }
                    _ => (reg_ix::resume_track(&artist, &track), TrackStatus::Active),
                };
                self.m.tracks[t].registry_status = status;
                self.change_track(t, change, sync);
            }
            Op::Sync(t) => {
                if self.sync_is_plain(t) {
                    let track = self.s.tracks[t];
                    self.s
                        .f
                        .send(&[ix::sync_ledger(&track)], &[])
                        .expect("sync");
                    self.m.tracks[t].sync(self.m.now, NOTICE);
                }
            }
            Op::Cap(l, c, p) => {
                let expected = self.m.set_cap(l, CAPS[c], PERIODS[p]);
                expect(self.s.set_cap(l, CAPS[c], PERIODS[p]), expected);
            }
            Op::Request(l, n) => {
                let amount =
                    u64::try_from(u128::from(self.m.listeners[l].balance) * u128::from(n) / 200)
                        .expect("fits");
                let expected = self.m.request_withdrawal(l, amount);
                expect(self.s.request_withdrawal(l, amount), expected);
            }
            Op::Cancel(l) => {
                let expected = self.m.cancel_withdrawal(l);
                expect(self.s.cancel_withdrawal(l), expected);
            }
            Op::Withdraw(l) => {
                let expected = self.m.withdraw(l);
                expect(self.s.withdraw(l), expected);
            }
            Op::Close(l, c) => {
                let (closer, who) = match c {
                    0 | 1 => (
                        self.settlers[usize::from(c)].insecure_clone(),
                        Some(usize::from(c)),
                    ),
                    _ => (self.stranger.insecure_clone(), None),
                };
                let expected = self.m.close_window(l, who);
                expect(self.s.close_window(&closer, l), expected);
            }
            Op::Claim(s) => {
                let settler = self.settlers[s].insecure_clone();
                let expected = self.m.claim_fees(s);
                let ixn = ix::claim_settler_fees(&settler.pubkey(), &mint, &self.settler_tokens[s]);
                expect(self.s.f.send(&[ixn], &[&settler]), expected);
            }
            Op::Collect(t) => {
                if self.m.tracks[t].owed > 0 {
                    self.m.collect(t).expect("owed");
                    let track = self.s.tracks[t];
                    self.s
                        .f
                        .send(&[shares_ix::harvest(&track, &mint, &self.treasury)], &[])
                        .expect("harvest");
                }
            }
            Op::Warp(secs) => {
                self.s.f.warp_seconds(secs);
                self.m.now += secs;
            }
        }
        prop_assert_eq!(self.s.f.now(), self.m.now);
        self.compare()
    }
}

/// The instruction's result is the model's: success, or its named error
/// with nothing changed (the transaction is refused whole).
#[track_caller]
fn expect(result: TxResult, expected: Result<(), EscrowError>) {
    match expected {
        Ok(()) => result.expect("the model accepts this"),
        Err(e) => assert_error(result, e),
    }
}
