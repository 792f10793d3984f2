//! An independent model of one payment mint's escrow, written from the
//! rules in docs/DESIGN.md ("Money safety") and the instructions' docs in
//! `stream_escrow::lib`: every balance, cap, withdrawal, window, terms
//! schedule, owed amount and fee, in plain integers. It calls nothing of
//! the program or the SDK. A listener's regime is in regime.rs, a track's
//! price over time in schedule.rs; the instructions and settlement here.

use encore_sdk::stream_escrow::errors::EscrowError;
use encore_sdk::track_registry::state::TrackStatus;

use super::regime::{MListener, Pending, Window, Withdrawal};
use super::schedule::MTrack;

pub const BPS: u128 = 10_000;
pub const MIN_PERIOD: i64 = 3_600;
pub const MAX_PERIOD: i64 = 365 * 86_400;

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
        // The cap in force now: the last change already in force, or the cap.
        let in_force = listener.pending.iter().filter(|p| p.at <= now).count();
        let (cap_now, period_now) = match in_force.checked_sub(1) {
            Some(i) => (listener.pending[i].cap, listener.pending[i].period),
            None => (listener.cap, listener.period),
        };
        if cap >= cap_now && period <= period_now {
            // A raise: of the cap in force now; later changes are dropped.
            listener.pending.truncate(in_force);
            match listener.pending.last_mut() {
                Some(p) => {
                    p.cap = cap;
                    p.period = period;
                }
                None => {
                    listener.cap = cap;
                    listener.period = period;
                }
            }
        } else {
            let at = now + notice;
            listener.pending.retain(|p| p.at < at);
            if listener.pending.len() == 4 {
                listener.adopt_through(now - notice);
            }
            if listener.pending.len() == 4 {
                return Err(EscrowError::CapChangesPending);
            }
            listener.pending.push(Pending { cap, period, at });
        }
        Ok(())
    }

    pub fn request_withdrawal(&mut self, l: usize, amount: u64) -> Res {
        let (now, notice) = (self.now, self.notice);
        let listener = &mut self.listeners[l];
        if amount == 0 {
            return Err(EscrowError::ZeroAmount);
        }
        // A matured request must be completed or cancelled first, whatever
        // the new amount.
        if listener
            .withdrawal
            .as_ref()
            .is_some_and(|w| w.available_at <= now)
        {
            return Err(EscrowError::WithdrawalReady);
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
