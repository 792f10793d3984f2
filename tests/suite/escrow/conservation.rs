//! The escrow's books over random sequences, through the real programs,
//! step by step against the independent model in model.rs: deposits;
//! settle batches of either settler opening and continuing windows at the
//! edges of every change; price rises and cuts, pauses and resumes (synced
//! at once or later); cap changes; withdrawal requests, cancels and
//! completions; window closes; fee claims; harvests; clock warps. After
//! every step every amount matches the model exactly, the vault holds
//! Σ balances + Σ owed + Σ settler fees, no listener is charged beyond its
//! balance or cap, and no play is charged twice.

use std::collections::HashSet;
static STATS: std::sync::Mutex<std::collections::BTreeMap<String, u64>> = std::sync::Mutex::new(std::collections::BTreeMap::new());
fn stat(k: String) { *STATS.lock().unwrap().entry(k).or_default() += 1; }

use anchor_lang::prelude::Pubkey;
use encore_sdk::instructions::{escrow as ix, registry as reg_ix, shares as shares_ix};
use encore_sdk::pda;
use encore_sdk::track_registry::state::TrackStatus;
use proptest::prelude::*;
use solana_keypair::Keypair;
use solana_signer::Signer;

use super::model::{period_end, MListener, MSettler, MTrack, Model, Outcome, PartPlan};
use super::{cont, open, Stream, TestPart, NOTICE, SETTLER_FEE_BPS};
use crate::support::fixture::{assert_error, TxResult};

const DAY: i64 = 86_400;
const PRICES: [u64; 3] = [700, 1_300, 2_900];
const NEW_PRICES: [u64; 6] = [300, 700, 1_000, 1_300, 2_900, 5_000];
const CAPS: [Option<u64>; 5] = [None, Some(0), Some(2_000), Some(10_000), Some(40_000)];
const PERIODS: [i64; 4] = [3_599, 3_600, DAY, 30 * DAY];
const WARPS: [i64; 8] = [1, 59, 3_599, 3_600, DAY, NOTICE - 1, NOTICE, NOTICE + 1];
const OTHER_SETTLER_FEE_BPS: u16 = 150;

/// One listener's part of a batch, before the model's state decides
/// whether it opens or continues a window and at which times.
#[derive(Clone, Debug)]
struct PartSpec {
    listener: usize,
    first: u16,
    span: u8,
    /// The window's entries: (track, plays).
    tracks: Vec<(usize, u16)>,
    count: u8,
    /// Sent even where it must fail (another settler's window open).
    force: bool,
}

#[derive(Clone, Debug)]
enum Op {
    Deposit(usize, u64),
    Settle(usize, Vec<PartSpec>),
    /// The settler's last batch number again.
    Replay(usize),
    Price(usize, usize, bool),
    /// Pause an active track, resume a paused one.
    Status(usize, bool),
    Sync(usize),
    Cap(usize, usize, usize),
    /// Asks for (balance × n / 200): sometimes nothing, sometimes too much.
    Request(usize, u8),
    Cancel(usize),
    Withdraw(usize),
    /// 0 and 1: a settler; 2: a stranger.
    Close(usize, u8),
    Claim(usize),
    Collect(usize),
    Warp(i64),
}

fn part() -> impl Strategy<Value = PartSpec> {
    let tracks = (
        prop::sample::subsequence(vec![0usize, 1, 2], 1..=3),
        prop::collection::vec(1..25u16, 3),
    )
        .prop_map(|(ts, plays)| ts.into_iter().zip(plays).collect::<Vec<_>>())
        .prop_shuffle();
    (
        0..4usize,
        any::<u16>(),
        any::<u8>(),
        tracks,
        any::<u8>(),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(listener, first, span, tracks, count, force)| PartSpec {
            listener,
            first,
            span,
            tracks,
            count,
            force,
        })
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..4usize, 1..100_000u64).prop_map(|(l, a)| Op::Deposit(l, a)),
        12 => (0..2usize, prop::collection::vec(part(), 1..=2)).prop_map(|(s, p)| Op::Settle(s, p)),
        1 => (0..2usize).prop_map(Op::Replay),
        2 => (0..3usize, 0..NEW_PRICES.len(), prop::bool::weighted(0.8))
            .prop_map(|(t, p, sync)| Op::Price(t, p, sync)),
        1 => (0..3usize, prop::bool::weighted(0.8)).prop_map(|(t, sync)| Op::Status(t, sync)),
        1 => (0..3usize).prop_map(Op::Sync),
        2 => (0..4usize, 0..CAPS.len(), 0..PERIODS.len()).prop_map(|(l, c, p)| Op::Cap(l, c, p)),
        2 => (0..4usize, any::<u8>()).prop_map(|(l, n)| Op::Request(l, n)),
        1 => (0..4usize).prop_map(Op::Cancel),
        2 => (0..4usize).prop_map(Op::Withdraw),
        1 => (0..4usize, 0..3u8).prop_map(|(l, c)| Op::Close(l, c)),
        1 => (0..2usize).prop_map(Op::Claim),
        1 => (0..3usize).prop_map(Op::Collect),
        4 => prop_oneof![(0..WARPS.len()).prop_map(|i| WARPS[i]), 1..3 * DAY].prop_map(Op::Warp),
    ]
}

/// Checks that hold whatever the model says: windows of a listener never
/// overlap, and no entry of a window is settled twice.
#[derive(Default)]
struct Audit {
    windows: Vec<Vec<(i64, i64)>>,
    entries: HashSet<(usize, i64, i64, u8)>,
    deposited: Vec<u64>,
}

struct World {
    s: Stream,
    m: Model,
    settlers: Vec<Keypair>,
    stranger: Keypair,
    treasury: Pubkey,
    settler_tokens: Vec<Pubkey>,
    genesis: i64,
    audit: Audit,
}

impl World {
    fn new(balances: &[u64]) -> Self {
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
        let m = Model {
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

    /// Times worth settling at for listener `l` and `tracks`: just after
    /// its mark, now, and each side of every change that splits windows.
    fn times(&self, l: usize, tracks: &[(usize, u16)]) -> Vec<i64> {
        let listener = &self.m.listeners[l];
        let now = self.m.now;
        let lo = (listener.settled_through + 1).max(self.genesis - 5 * DAY);
        let mut edges = vec![
            period_end(listener.period_start, listener.period, lo),
            period_end(listener.period_start, listener.period, now),
        ];
        if let Some(p) = &listener.pending {
            edges.push(p.at);
            edges.push(period_end(p.at, p.period, now));
        }
        if let Some(w) = &listener.withdrawal {
            edges.push(w.available_at);
        }
        for (t, _) in tracks {
            edges.extend(
                self.m.tracks[*t]
                    .points(NOTICE)
                    .iter()
                    .map(|p| p.0)
                    .filter(|f| *f > i64::MIN),
            );
        }
        let mut times = vec![lo, lo + 1, now - 1, now];
        for e in edges {
            times.extend([e - 1, e, e + 1]);
        }
        times.retain(|t| (lo..=now).contains(t));
        times.sort_unstable();
        times.dedup();
        times
    }

    /// The part `spec` becomes for settler `s`, given the model's state;
    /// `None` to leave this listener out of the batch.
    fn plan(&self, s: usize, spec: &PartSpec) -> Option<PartPlan> {
        let l = spec.listener;
        let listener = &self.m.listeners[l];
        let tag = (listener.windows_opened & 0x7f) as u8;
        match listener.window.as_ref().filter(|w| w.open) {
            Some(w) if w.settler == s => {
                let remaining: Vec<u8> = (0..w.done.len())
                    .filter(|i| !w.done[*i])
                    .map(|i| i as u8)
                    .collect();
                let k = 1 + usize::from(spec.count) % remaining.len();
                let skip = usize::from(spec.first) % remaining.len();
                let entries = remaining
                    .iter()
                    .cycle()
                    .skip(skip)
                    .take(k)
                    .map(|i| {
                        let (t, plays) = w.plan[usize::from(*i)];
                        (*i, t, plays)
                    })
                    .collect();
                Some(PartPlan {
                    listener: l,
                    open: None,
                    tag,
                    entries,
                    plan: Vec::new(),
                })
            }
            Some(_) if !spec.force => None,
            Some(_) if spec.span % 2 == 0 => Some(PartPlan {
                // Continuing another settler's window.
                listener: l,
                open: None,
                tag,
                entries: vec![(0, spec.tracks[0].0, spec.tracks[0].1)],
                plan: Vec::new(),
            }),
            _ => {
                if !spec.force && listener.settled_through >= self.m.now {
                    return None;
                }
                let times = self.times(l, &spec.tracks);
                let now = self.m.now;
                let first = if times.is_empty() {
                    listener.settled_through + 1
                } else {
                    times[usize::from(spec.first) % times.len()]
                };
                let later: Vec<i64> = times.iter().copied().filter(|t| *t >= first).collect();
                let last = match spec.span {
                    255 => now + 1,
                    n if n % 3 == 0 || later.is_empty() => first,
                    n if n % 3 == 1 => (first + i64::from(n)).min(now).max(first),
                    n => later[usize::from(n) % later.len()],
                };
                let n = spec.tracks.len();
                let k = 1 + usize::from(spec.count) % n;
                let entries = (0..n)
                    .cycle()
                    .skip(usize::from(spec.span) % n)
                    .take(k)
                    .map(|i| (i as u8, spec.tracks[i].0, spec.tracks[i].1))
                    .collect();
                Some(PartPlan {
                    listener: l,
                    open: Some((first, last, n as u16)),
                    tag: 0,
                    entries,
                    plan: spec.tracks.clone(),
                })
            }
        }
    }

    fn settle(&mut self, s: usize, seq: Option<u64>, specs: &[PartSpec]) -> Result<(), TestCaseError> {
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
        match &expected { Err(e) => stat(format!("settle err {e:?}")), Ok(o) => { stat("settle ok".into()); if o.plays_short > 0 { stat("short".into()) } if o.plays_paused > 0 { stat("paused".into()) } if o.plays_unpriced > 0 { stat("unpriced".into()) } if o.windows_opened > o.windows_closed { stat("left open".into()) } if plans.iter().any(|p| p.open.is_none()) { stat("continue".into()) } if plans.iter().any(|p| p.open.is_some_and(|(f,l,_)| f < l)) { stat("multi-second".into()) } if plans.iter().any(|p| self.m.listeners[p.listener].withdrawal.is_some()) { stat("during withdrawal".into()) } if plans.len() > 1 { stat("2 parts".into()) } } }
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
                prop_assert!(earlier.iter().all(|(_, l)| first > *l), "overlapping windows");
                earlier.push((first, last));
            }
        }
        for e in &out.settled_entries {
            prop_assert!(self.audit.entries.insert(*e), "an entry settled twice: {:?}", e);
        }
        Ok(())
    }

    /// Registry `change` of track `t`, synced at once when `sync` (and the
    /// sync would not leave the ledger's oldest point in the future).
    fn change_track(&mut self, t: usize, change: anchor_lang::solana_program::instruction::Instruction, sync: bool) {
        let sync = sync && self.sync_is_plain(t);
        self.s.change_track(t, change, sync).expect("registry change");
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

    fn step(&mut self, op: &Op) -> Result<(), TestCaseError> {
        let mint = self.s.mint;
        stat(format!("op {}", format!("{op:?}").split('(').next().unwrap()));
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
                    };
                    self.settle(s, Some(seq), &[spec])?;
                }
            }
            Op::Price(t, p, sync) => {
                let change = self.s.price_ix(t, NEW_PRICES[p]);
                self.m.tracks[t].registry_price = NEW_PRICES[p];
                self.change_track(t, change, sync);
            }
            Op::Status(t, sync) => {
                let (artist, track) = (self.s.artist.pubkey(), self.s.tracks[t]);
                let (change, status) = match self.m.tracks[t].registry_status {
                    TrackStatus::Active => (reg_ix::pause_track(&artist, &track), TrackStatus::Paused),
                    _ => (reg_ix::resume_track(&artist, &track), TrackStatus::Active),
                };
                self.m.tracks[t].registry_status = status;
                self.change_track(t, change, sync);
            }
            Op::Sync(t) => {
                if self.sync_is_plain(t) {
                    let track = self.s.tracks[t];
                    self.s.f.send(&[ix::sync_ledger(&track)], &[]).expect("sync");
                    self.m.tracks[t].sync(self.m.now, NOTICE);
                }
            }
            Op::Cap(l, c, p) => {
                // A lowering already in force but not yet adopted would be
                // dropped by a new change (the ignored test
                // commitments::a_second_lowering_keeps_the_first_for_plays_made_under_it).
                let in_force = self.m.listeners[l]
                    .pending
                    .as_ref()
                    .is_some_and(|p| p.at <= self.m.now);
                if !in_force {
                    let expected = self.m.set_cap(l, CAPS[c], PERIODS[p]);
                    expect(self.s.set_cap(l, CAPS[c], PERIODS[p]), expected);
                }
            }
            Op::Request(l, n) => {
                let amount = u64::try_from(
                    u128::from(self.m.listeners[l].balance) * u128::from(n) / 200,
                )
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
                    0 | 1 => (self.settlers[usize::from(c)].insecure_clone(), Some(usize::from(c))),
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

    /// Every amount on chain equals the model's, and the vault holds
    /// exactly what the escrow owes.
    fn compare(&mut self) -> Result<(), TestCaseError> {
        let keys = self.s.settler_keys();
        let mut balances = 0u128;
        for l in 0..self.m.listeners.len() {
            let p = self.s.listener(l);
            let m = self.m.listeners[l].clone();
            prop_assert_eq!(p.balance, m.balance, "listener {} balance", l);
            prop_assert_eq!(
                (p.cap_per_period, p.cap_period_secs, p.period_start, p.spent_this_period),
                (m.cap, m.period, m.period_start, m.spent),
                "listener {} cap",
                l
            );
            prop_assert!(p.spent_this_period <= p.cap_per_period);
            let pending = m.pending.as_ref().map_or((0, 0, 0), |x| (x.cap, x.period, x.at));
            prop_assert_eq!(
                (p.pending_cap, p.pending_cap_period_secs, p.pending_cap_at),
                pending,
                "listener {} pending cap",
                l
            );
            let request = m
                .withdrawal
                .as_ref()
                .map_or((0, 0, 0), |w| (w.amount, w.requested_at, w.available_at));
            prop_assert_eq!(
                (p.withdrawal_amount, p.withdrawal_requested_at, p.withdrawal_available_at),
                request,
                "listener {} withdrawal",
                l
            );
            prop_assert_eq!(
                (p.settled_through, p.windows_opened, p.lifetime_spent, p.lifetime_plays),
                (m.settled_through, m.windows_opened, m.lifetime_spent, m.lifetime_plays),
                "listener {} settlement",
                l
            );
            match &m.window {
                None => prop_assert!(!p.window.open && p.window.entries == 0),
                Some(w) => {
                    let done: Vec<bool> = (0..w.done.len())
                        .map(|i| p.window.done[i / 8] >> (i % 8) & 1 == 1)
                        .collect();
                    prop_assert_eq!(
                        (p.window.open, p.window.settler, p.window.first, p.window.last),
                        (w.open, keys[w.settler], w.first, w.last),
                        "listener {} window",
                        l
                    );
                    prop_assert_eq!(
                        (usize::from(p.window.entries), usize::from(p.window.settled), p.window.opened_at),
                        (w.done.len(), w.done.iter().filter(|d| **d).count(), w.opened_at)
                    );
                    prop_assert_eq!(done, w.done.clone());
                }
            }
            let wallet = self.s.wallet_tokens(l);
            prop_assert_eq!(self.s.f.token_balance(&wallet), self.m.withdrawn_by[l]);
            // Every token a listener put in is in its balance, was spent
            // on plays, or came back to it.
            prop_assert_eq!(
                u128::from(p.balance) + u128::from(p.lifetime_spent) + u128::from(self.m.withdrawn_by[l]),
                u128::from(self.audit.deposited[l])
            );
            balances += u128::from(p.balance);
        }
        let mut owed = 0u128;
        for t in 0..self.m.tracks.len() {
            let p = self.s.ledger(t);
            let m = self.m.tracks[t].clone();
            prop_assert_eq!(
                (p.owed, p.lifetime_earned, p.lifetime_plays, p.lifetime_collected),
                (m.owed, m.lifetime_earned, m.lifetime_plays, m.lifetime_collected),
                "track {} books",
                t
            );
            let points: Vec<(i64, u64, TrackStatus)> =
                p.points().iter().map(|x| (x.from, x.price, x.status)).collect();
            prop_assert_eq!(points, m.points(NOTICE), "track {} points", t);
            prop_assert_eq!((p.terms_version, p.synced_at), (m.ledger_version, m.synced_at));
            let vault = pda::revenue_vault(&self.s.tracks[t]).0;
            prop_assert_eq!(self.s.f.token_balance(&vault), self.m.revenue[t]);
            owed += u128::from(p.owed);
        }
        let mut fees = 0u128;
        for (s, key) in keys.iter().enumerate() {
            let p = self.s.settler_state_of(key);
            let m = self.m.settlers[s].clone();
            prop_assert_eq!(
                (p.fees_owed, p.lifetime_fees, p.lifetime_plays, p.lifetime_amount),
                (m.fees_owed, m.lifetime_fees, m.lifetime_plays, m.lifetime_amount),
                "settler {} books",
                s
            );
            prop_assert_eq!(
                (p.highest_seq, p.batches, p.last_settled_at),
                (m.highest_seq, m.batches, m.last_settled_at)
            );
            prop_assert_eq!(self.s.f.token_balance(&self.settler_tokens[s]), m.claimed);
            fees += u128::from(p.fees_owed);
        }
        let escrow = self.s.escrow();
        prop_assert_eq!(
            (
                escrow.total_deposited,
                escrow.total_withdrawn,
                escrow.total_collected,
                escrow.total_protocol_fees,
                escrow.total_settler_fees
            ),
            (
                self.m.total_deposited,
                self.m.total_withdrawn,
                self.m.total_collected,
                self.m.total_protocol_fees,
                self.m.total_settler_fees
            )
        );
        let vault = self.s.vault_balance();
        prop_assert_eq!(vault, self.m.vault());
        prop_assert_eq!(u128::from(vault), balances + owed + fees, "conservation");
        prop_assert_eq!(self.s.f.token_balance(&self.treasury), self.m.treasury);
        Ok(())
    }
}

/// The instruction's result is the model's: success, or its named error
/// with nothing changed (the transaction is refused whole).
#[track_caller]
fn expect(result: TxResult, expected: Result<(), encore_sdk::stream_escrow::errors::EscrowError>) {
    stat(format!("other {:?}", expected));
    match expected {
        Ok(()) => result.expect("the model accepts this"),
        Err(e) => assert_error(result, e),
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 40,
        max_shrink_iters: 200,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_amount_follows_the_model_and_the_vault_holds_what_it_owes(
        balances in prop::collection::vec(0..150_000u64, 4),
        ops in prop::collection::vec(op(), 1..=30),
    ) {
        let mut w = World::new(&balances);
        w.compare()?;
        for op in &ops {
            w.step(op)?;
        }
        eprintln!("{:#?}", STATS.lock().unwrap());
    }
}
