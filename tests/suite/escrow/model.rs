//! An independent model of one payment mint's escrow, written from the
//! rules in docs/DESIGN.md ("Money safety") and the instructions' docs in
//! `stream_escrow::lib`, for the property test in conservation.rs: every
//! balance, cap, withdrawal, window, terms schedule, owed amount and fee,
//! in plain integers. It calls nothing of the program or the SDK.
//!
//! The one piece written differently on purpose is a track's price over
//! time. The program keeps a list of points and rewrites it at each sync;
//! the model keeps every sync `(s_k, v_k)` and prices a play at `t` in
//! closed form: with `j` the latest sync whose rise has landed
//! (`s_j + notice <= t`, the opening counting as landed), the price is the
//! lowest `v_k` of syncs `k >= j` made by `t`; the status is the latest
//! sync's by `t`. Its points are where that function changes, less the
//! oldest beyond eight.

use encore_sdk::stream_escrow::errors::EscrowError;
use encore_sdk::track_registry::state::TrackStatus;

pub const BPS: u128 = 10_000;
pub const MIN_PERIOD: i64 = 3_600;
pub const MAX_PERIOD: i64 = 365 * 86_400;
pub const POINTS_KEPT: usize = 8;

/// The part of a batch for one listener, as the settler decided it.
#[derive(Clone, Debug)]
pub struct PartPlan {
    pub listener: usize,
    pub open: Option<(i64, i64, u16)>,
    pub tag: u8,
    /// (index in the window, track, plays).
    pub entries: Vec<(u8, usize, u16)>,
    /// An opening part: what each index of the window is, (track, plays).
    pub plan: Vec<(usize, u16)>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub parts: u16,
    pub entries: u16,
    pub windows_opened: u16,
    pub windows_closed: u16,
    pub plays_paid: u64,
    pub plays_short: u64,
    pub plays_paused: u64,
    pub plays_retired: u64,
    pub plays_unpriced: u64,
    pub listeners_short: u16,
    pub amount: u64,
    pub fees: u64,
    /// (listener, first, last, index) of every entry charged or reported.
    pub settled_entries: Vec<(usize, i64, i64, u8)>,
}

#[derive(Clone, Debug)]
pub struct Window {
    pub open: bool,
    pub settler: usize,
    pub first: i64,
    pub last: i64,
    pub done: Vec<bool>,
    pub opened_at: i64,
    /// The settler's plan: each index's (track, plays).
    pub plan: Vec<(usize, u16)>,
}

#[derive(Clone, Debug)]
pub struct Pending {
    pub cap: u64,
    pub period: i64,
    pub at: i64,
}

#[derive(Clone, Debug)]
pub struct Withdrawal {
    pub amount: u64,
    pub requested_at: i64,
    pub available_at: i64,
}

#[derive(Clone, Debug)]
pub struct MListener {
    pub balance: u64,
    pub cap: u64,
    pub period: i64,
    pub period_start: i64,
    pub spent: u64,
    pub pending: Option<Pending>,
    pub withdrawal: Option<Withdrawal>,
    pub settled_through: i64,
    pub windows_opened: u32,
    pub window: Option<Window>,
    pub lifetime_spent: u64,
    pub lifetime_plays: u64,
}

#[derive(Clone, Debug)]
pub struct MTrack {
    pub registry_price: u64,
    pub registry_status: TrackStatus,
    pub registry_version: u32,
    /// Every sync: (time, price, status); the ledger's opening first, at i64::MIN.
    pub syncs: Vec<(i64, u64, TrackStatus)>,
    /// The `from` of the oldest point kept: older plays are unpriced.
    pub floor: i64,
    pub ledger_version: u32,
    pub synced_at: i64,
    pub owed: u64,
    pub lifetime_earned: u64,
    pub lifetime_plays: u64,
    pub lifetime_collected: u64,
}

#[derive(Clone, Debug)]
pub struct MSettler {
    pub fee_bps: u16,
    pub highest_seq: u64,
    pub batches: u64,
    pub fees_owed: u64,
    pub lifetime_fees: u64,
    pub lifetime_plays: u64,
    pub lifetime_amount: u64,
    pub last_settled_at: i64,
    /// Paid out to the settler's token account.
    pub claimed: u64,
}

#[derive(Clone, Debug)]
pub struct Model {
    pub now: i64,
    pub notice: i64,
    pub protocol_fee_bps: u16,
    pub listeners: Vec<MListener>,
    pub tracks: Vec<MTrack>,
    pub settlers: Vec<MSettler>,
    pub total_deposited: u64,
    pub total_withdrawn: u64,
    pub total_collected: u64,
    pub total_protocol_fees: u64,
    pub total_settler_fees: u64,
    /// Token balances outside the escrow: listeners' wallets (what they
    /// withdrew), revenue vaults, the treasury.
    pub withdrawn_by: Vec<u64>,
    pub revenue: Vec<u64>,
    pub treasury: u64,
}

type Res<T = ()> = Result<T, EscrowError>;

fn fee_of(amount: u64, bps: u16) -> u64 {
    u64::try_from(u128::from(amount) * u128::from(bps) / BPS).expect("a fee fits")
}

/// The end of the `period`-long period from `start` that `t` falls in; a
/// time before `start` counts in the first.
pub fn period_end(start: i64, period: i64, t: i64) -> i64 {
    let elapsed = (t - start).max(0);
    start + (elapsed / period + 1) * period
}

impl MTrack {
    pub fn new(price: u64) -> Self {
        Self {
            registry_price: price,
            registry_status: TrackStatus::Active,
            registry_version: 1,
            syncs: vec![(i64::MIN, price, TrackStatus::Active)],
            floor: i64::MIN,
            ledger_version: 1,
            synced_at: 0,
            owed: 0,
            lifetime_earned: 0,
            lifetime_plays: 0,
            lifetime_collected: 0,
        }
    }

    /// The schedule in closed form, ignoring what the ledger forgot.
    fn schedule(&self, t: i64, notice: i64) -> (u64, TrackStatus) {
        let landed = (1..self.syncs.len())
            .filter(|k| i128::from(self.syncs[*k].0) + i128::from(notice) < i128::from(t))
            .max()
            .unwrap_or(0);
        let price = self.syncs[landed..]
            .iter()
            .filter(|s| s.0 <= t)
            .map(|s| s.1)
            .min()
            .expect("the landed sync is by t");
        let status = self
            .syncs
            .iter()
            .rev()
            .find(|s| s.0 <= t)
            .expect("the opening is by any time")
            .2;
        (price, status)
    }

    /// The price and status of a play at `t`; `None` before the oldest point kept.
    pub fn terms_at(&self, t: i64, notice: i64) -> Option<(u64, TrackStatus)> {
        (t >= self.floor).then(|| self.schedule(t, notice))
    }

    /// Where the schedule changes, from the floor on: the ledger's points.
    pub fn points(&self, notice: i64) -> Vec<(i64, u64, TrackStatus)> {
        let mut times: Vec<i64> = vec![self.floor];
        for s in &self.syncs[1..] {
            times.push(s.0);
            times.push(s.0 + notice);
        }
        times.retain(|t| *t >= self.floor);
        times.sort_unstable();
        times.dedup();
        let mut points: Vec<(i64, u64, TrackStatus)> = Vec::new();
        for t in times {
            let (price, status) = self.schedule(t, notice);
            match points.last() {
                Some(p) if p.1 == price && p.2 == status => {}
                _ => points.push((t, price, status)),
            }
        }
        points
    }

    /// Whether the terms change for plays in `(first, last]`.
    pub fn spans_change(&self, first: i64, last: i64, notice: i64) -> bool {
        self.points(notice)
            .iter()
            .any(|p| first < p.0 && p.0 <= last)
    }

    /// Records the registry's current terms, as of `now`.
    pub fn sync(&mut self, now: i64, notice: i64) {
        self.syncs
            .push((now, self.registry_price, self.registry_status));
        let points = self.points(notice);
        if points.len() > POINTS_KEPT {
            self.floor = points[points.len() - POINTS_KEPT].0;
        }
        self.ledger_version = self.registry_version;
        self.synced_at = now;
    }
}

impl MListener {
    pub fn new(balance: u64, opened_at: i64) -> Self {
        Self {
            balance,
            cap: u64::MAX,
            period: 30 * 86_400,
            period_start: opened_at,
            spent: 0,
            pending: None,
            withdrawal: None,
            settled_through: 0,
            windows_opened: 0,
            window: None,
            lifetime_spent: 0,
            lifetime_plays: 0,
        }
    }

    pub fn window_open(&self) -> bool {
        self.window.as_ref().is_some_and(|w| w.open)
    }

    /// Whether plays in `[first, last]` would fall under two regimes.
    fn spans_change(&self, first: i64, last: i64) -> bool {
        let crosses = |at: i64| first < at && at <= last;
        if self.pending.as_ref().is_some_and(|p| crosses(p.at))
            || self
                .withdrawal
                .as_ref()
                .is_some_and(|w| crosses(w.available_at))
        {
            return true;
        }
        let (start, period) = match &self.pending {
            Some(p) if first >= p.at => (p.at, p.period),
            _ => (self.period_start, self.period),
        };
        last >= period_end(start, period, first)
    }

    /// The regime of plays starting at `first`: adopts a pending cap in
    /// force by then, rolls to their period; returns what is withheld.
    fn regime(&mut self, first: i64) -> u64 {
        if let Some(p) = self.pending.clone().filter(|p| first >= p.at) {
            self.cap = p.cap;
            self.period = p.period;
            self.period_start = p.at;
            self.spent = 0;
            self.pending = None;
        }
        let start = period_end(self.period_start, self.period, first) - self.period;
        if start > self.period_start {
            self.period_start = start;
            self.spent = 0;
        }
        self.withdrawal
            .as_ref()
            .filter(|w| first >= w.available_at)
            .map_or(0, |w| w.amount)
    }

    /// Whole plays within the balance (less what is withheld) and the cap.
    fn charge(&mut self, withheld: u64, plays: u64, price: u64) -> (u64, u64) {
        let cap_left = self.cap.saturating_sub(self.spent);
        let spendable = self.balance.saturating_sub(withheld).min(cap_left);
        let paid = plays.min(spendable / price);
        let amount = paid * price;
        assert!(amount <= spendable, "never beyond balance or cap");
        self.balance -= amount;
        self.spent += amount;
        assert!(self.spent <= self.cap);
        self.lifetime_spent += amount;
        self.lifetime_plays += paid;
        (paid, amount)
    }
}

impl MSettler {
    pub fn new(fee_bps: u16) -> Self {
        Self {
            fee_bps,
            highest_seq: 0,
            batches: 0,
            fees_owed: 0,
            lifetime_fees: 0,
            lifetime_plays: 0,
            lifetime_amount: 0,
            last_settled_at: 0,
            claimed: 0,
        }
    }
}

impl Model {
    pub fn vault(&self) -> u64 {
        self.total_deposited
            - self.total_withdrawn
            - self.total_collected
            - self.total_protocol_fees
            - self.total_settler_fees
    }

    pub fn deposit(&mut self, l: usize, amount: u64) -> Res {
        self.listeners[l].balance += amount;
        self.total_deposited += amount;
        Ok(())
    }

    pub fn set_cap(&mut self, l: usize, cap: Option<u64>, period: i64) -> Res {
        if !(MIN_PERIOD..=MAX_PERIOD).contains(&period) {
            return Err(EscrowError::InvalidCapPeriod);
        }
        let cap = cap.unwrap_or(u64::MAX);
        let (now, notice) = (self.now, self.notice);
        let listener = &mut self.listeners[l];
        if cap >= listener.cap && period <= listener.period {
            listener.cap = cap;
            listener.period = period;
            listener.pending = None;
        } else {
            listener.pending = Some(Pending {
                cap,
                period,
                at: now + notice,
            });
        }
        Ok(())
    }

    pub fn request_withdrawal(&mut self, l: usize, amount: u64) -> Res {
        let (now, notice) = (self.now, self.notice);
        let listener = &mut self.listeners[l];
        if amount == 0 {
            return Err(EscrowError::ZeroAmount);
        }
        if amount > listener.balance {
            return Err(EscrowError::InsufficientBalance);
        }
        listener.withdrawal = Some(Withdrawal {
            amount,
            requested_at: now,
            available_at: now + notice,
        });
        Ok(())
    }

    pub fn cancel_withdrawal(&mut self, l: usize) -> Res {
        let listener = &mut self.listeners[l];
        listener
            .withdrawal
            .take()
            .map(|_| ())
            .ok_or(EscrowError::NoWithdrawalRequest)
    }

    pub fn withdraw(&mut self, l: usize) -> Res {
        let now = self.now;
        let listener = &mut self.listeners[l];
        let request = listener
            .withdrawal
            .clone()
            .ok_or(EscrowError::NoWithdrawalRequest)?;
        if now < request.available_at {
            return Err(EscrowError::WithdrawalNotReady);
        }
        let amount = request.amount.min(listener.balance);
        listener.balance -= amount;
        listener.withdrawal = None;
        self.total_withdrawn += amount;
        self.withdrawn_by[l] += amount;
        Ok(())
    }

    /// `closer`: a settler by index, or `None` for anyone else.
    pub fn close_window(&mut self, l: usize, closer: Option<usize>) -> Res {
        let (now, notice) = (self.now, self.notice);
        let listener = &mut self.listeners[l];
        let window = listener
            .window
            .as_mut()
            .filter(|w| w.open)
            .ok_or(EscrowError::NoOpenWindow)?;
        if closer != Some(window.settler) && now < window.opened_at + notice {
            return Err(EscrowError::WindowStillActive);
        }
        window.open = false;
        listener.settled_through = listener.settled_through.max(window.last);
        Ok(())
    }

    pub fn collect(&mut self, t: usize) -> Res {
        let track = &mut self.tracks[t];
        let owed = track.owed;
        if owed == 0 {
            return Err(EscrowError::NothingToCollect);
        }
        let protocol_fee = fee_of(owed, self.protocol_fee_bps);
        track.owed = 0;
        track.lifetime_collected += owed;
        self.total_collected += owed - protocol_fee;
        self.total_protocol_fees += protocol_fee;
        self.revenue[t] += owed - protocol_fee;
        self.treasury += protocol_fee;
        Ok(())
    }

    pub fn claim_fees(&mut self, s: usize) -> Res {
        let settler = &mut self.settlers[s];
        let amount = settler.fees_owed;
        if amount == 0 {
            return Err(EscrowError::NothingToClaim);
        }
        settler.fees_owed = 0;
        settler.claimed += amount;
        self.total_settler_fees += amount;
        Ok(())
    }

    /// Whether the batch number lands (numbers are sent in order here, so
    /// every number up to the highest has landed).
    fn check_seq(&self, s: usize, seq: u64) -> Res {
        let highest = self.settlers[s].highest_seq;
        if seq == 0 {
            Err(EscrowError::InvalidSeq)
        } else if seq > highest {
            Ok(())
        } else if highest - seq >= 128 {
            Err(EscrowError::BatchTooOld)
        } else {
            Err(EscrowError::BatchAlreadySettled)
        }
    }

    /// A settle batch of settler `s`: all or nothing.
    pub fn settle(&mut self, s: usize, seq: u64, parts: &[PartPlan]) -> Res<Outcome> {
        let mut next = self.clone();
        let outcome = next.apply_settle(s, seq, parts)?;
        *self = next;
        Ok(outcome)
    }

    fn apply_settle(&mut self, s: usize, seq: u64, parts: &[PartPlan]) -> Res<Outcome> {
        self.check_seq(s, seq)?;
        if parts.is_empty() {
            return Err(EscrowError::EmptyBatch);
        }
        let (now, notice) = (self.now, self.notice);
        let fee_bps = self.settlers[s].fee_bps;
        let mut out = Outcome {
            parts: parts.len() as u16,
            ..Outcome::default()
        };
        for part in parts {
            let tracks = &mut self.tracks;
            let listener = &mut self.listeners[part.listener];
            match part.open {
                Some((first, last, n)) => {
                    if first <= listener.settled_through {
                        return Err(EscrowError::PlaysAlreadySettled);
                    }
                    if listener.window_open() {
                        return Err(EscrowError::ListenerWindowOpen);
                    }
                    if first > last || last > now || n == 0 || n > 256 {
                        return Err(EscrowError::InvalidWindow);
                    }
                    if listener.spans_change(first, last) {
                        return Err(EscrowError::WindowSpansChange);
                    }
                    listener.windows_opened += 1;
                    listener.window = Some(Window {
                        open: true,
                        settler: s,
                        first,
                        last,
                        done: vec![false; usize::from(n)],
                        opened_at: now,
                        plan: part.plan.clone(),
                    });
                    out.windows_opened += 1;
                }
                None => {
                    let ok = listener.window.as_ref().is_some_and(|w| {
                        w.open
                            && w.settler == s
                            && (listener.windows_opened & 0x7f) as u8 == part.tag
                    });
                    if !ok {
                        return Err(EscrowError::NoOpenWindow);
                    }
                }
            }
            let (first, last) = {
                let w = listener.window.as_ref().expect("open");
                (w.first, w.last)
            };
            let withheld = listener.regime(first);
            let mut short = false;
            for &(index, t, plays) in &part.entries {
                let window = listener.window.as_mut().expect("open");
                let slot = window
                    .done
                    .get_mut(usize::from(index))
                    .ok_or(EscrowError::InvalidEntryIndex)?;
                if *slot {
                    return Err(EscrowError::PlaysAlreadySettled);
                }
                *slot = true;
                out.entries += 1;
                if plays == 0 {
                    return Err(EscrowError::ZeroPlays);
                }
                let track = &mut tracks[t];
                if track.spans_change(first, last, notice) {
                    return Err(EscrowError::WindowSpansChange);
                }
                out.settled_entries
                    .push((part.listener, first, last, index));
                let plays = u64::from(plays);
                match track.terms_at(last, notice) {
                    None => out.plays_unpriced += plays,
                    Some((_, TrackStatus::Paused)) => out.plays_paused += plays,
                    Some((_, TrackStatus::Retired)) => out.plays_retired += plays,
                    Some((price, TrackStatus::Active)) => {
                        let (paid, amount) = listener.charge(withheld, plays, price);
                        short |= paid < plays;
                        out.plays_short += plays - paid;
                        let fee = fee_of(amount, fee_bps);
                        track.owed += amount - fee;
                        track.lifetime_earned += amount - fee;
                        track.lifetime_plays += paid;
                        out.plays_paid += paid;
                        out.amount += amount;
                        out.fees += fee;
                    }
                }
            }
            if short {
                out.listeners_short += 1;
            }
            let window = listener.window.as_mut().expect("open");
            if window.done.iter().all(|d| *d) {
                window.open = false;
                listener.settled_through = listener.settled_through.max(last);
                out.windows_closed += 1;
            }
        }
        let settler = &mut self.settlers[s];
        settler.highest_seq = settler.highest_seq.max(seq);
        settler.batches += 1;
        settler.last_settled_at = now;
        settler.fees_owed += out.fees;
        settler.lifetime_fees += out.fees;
        settler.lifetime_plays += out.plays_paid;
        settler.lifetime_amount += out.amount;
        Ok(out)
    }
}
