//! What planning needs to know of the chain, as plain data: per listener,
//! how far it is settled, its open window and when what it may be charged
//! changes; per track, its terms over time. [`ChainView::offline`] stands
//! in for a chain that has settled nothing (`encore settle plan`).
//!
//! Every rule here mirrors the program's (`stream_escrow::state`), so a
//! window the planner cuts is one the program accepts.

use stream_escrow::state::{next_change, CapChange, Listener, TermsPoint, TrackLedger};
use track_registry::state::{Track, TrackStatus};

use crate::Pubkey;

/// A listener's window open on chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenWindow {
    /// Opened by the settler this view was read for.
    pub mine: bool,
    pub first: i64,
    pub last: i64,
    pub entries: u16,
    pub done: [u8; 32],
    /// The tag its later parts carry.
    pub tag: u8,
}

impl OpenWindow {
    pub fn is_done(&self, index: usize) -> bool {
        self.done
            .get(index / 8)
            .is_some_and(|b| b & (1 << (index % 8)) != 0)
    }
}

/// A listener as settlement sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListenerView {
    pub settled_through: i64,
    pub window: Option<OpenWindow>,
    pub windows_opened: u32,
    period_start: i64,
    period_secs: i64,
    cap_changes: Vec<CapChange>,
    withdrawal_at: i64,
}

impl ListenerView {
    /// A listener with nothing settled, no change pending and cap periods
    /// too long to matter.
    pub fn fresh() -> Self {
        Self {
            settled_through: 0,
            window: None,
            windows_opened: 0,
            period_start: 0,
            period_secs: i64::MAX / 2,
            cap_changes: Vec::new(),
            withdrawal_at: 0,
        }
    }

    pub fn of(listener: &Listener, settler: &Pubkey) -> Self {
        let window = listener.window.open.then(|| OpenWindow {
            mine: listener.window.settler == *settler,
            first: listener.window.first,
            last: listener.window.last,
            entries: listener.window.entries,
            done: listener.window.done,
            tag: listener.window_tag(),
        });
        Self {
            settled_through: listener.settled_through,
            window,
            windows_opened: listener.windows_opened,
            period_start: listener.period_start,
            period_secs: listener.cap_period_secs,
            cap_changes: listener.cap_changes().to_vec(),
            withdrawal_at: listener.withdrawal_available_at,
        }
    }

    /// The first time after `first` at which what this listener may be
    /// charged changes (a pending cap, a withdrawal in effect, the end of a
    /// cap period): a window starting at `first` must end before it.
    pub fn next_change(&self, first: i64) -> i64 {
        next_change(
            self.period_start,
            self.period_secs,
            &self.cap_changes,
            self.withdrawal_at,
            first,
        )
        .unwrap_or(i64::MAX)
    }
}

/// A track as settlement sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TrackView {
    /// Not a registered track.
    Unknown,
    /// Paid in another mint.
    OtherMint,
    /// Its terms over time, oldest first (the ledger's points, or the one
    /// point `open_ledger` will record).
    Terms(Vec<TermsPoint>),
}

impl TrackView {
    pub fn from_ledger(ledger: &TrackLedger) -> Self {
        Self::Terms(ledger.points().to_vec())
    }

    /// The one point a ledger opened now would start with (see the
    /// program's `open_ledger`).
    pub fn from_track(track: &Track, notice_secs: i64) -> Self {
        let from = if track.terms_version <= 1 {
            i64::MIN
        } else {
            track.updated_at.saturating_add(notice_secs)
        };
        Self::Terms(vec![TermsPoint {
            from,
            price: track.terms.price_per_play,
            status: track.status,
        }])
    }

    /// One price forever, active.
    pub fn fixed(price: u64) -> Self {
        Self::Terms(vec![TermsPoint {
            from: i64::MIN,
            price,
            status: TrackStatus::Active,
        }])
    }

    pub fn terms_at(&self, time: i64) -> Option<TermsPoint> {
        match self {
            Self::Terms(points) => points.iter().rev().find(|p| p.from <= time).copied(),
            _ => None,
        }
    }

    /// The first time after `first` at which the terms change.
    pub fn next_change(&self, first: i64) -> i64 {
        match self {
            Self::Terms(points) => points
                .iter()
                .map(|p| p.from)
                .find(|from| *from > first)
                .unwrap_or(i64::MAX),
            _ => i64::MAX,
        }
    }
}

/// The chain as one settlement plan sees it: the clock, each log listener
/// (`None`: no escrow account in the mint) and each log track.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainView {
    pub now: i64,
    pub listeners: Vec<Option<ListenerView>>,
    pub tracks: Vec<TrackView>,
}

impl ChainView {
    /// Nothing settled, every listener able to pay, every track active at
    /// `prices` (by index) or 1 a play, and no clock limit.
    pub fn offline(listeners: usize, prices: &[Option<u64>], tracks: usize) -> Self {
        Self {
            now: i64::MAX,
            listeners: vec![Some(ListenerView::fresh()); listeners],
            tracks: (0..tracks)
                .map(|t| TrackView::fixed(prices.get(t).copied().flatten().unwrap_or(1)))
                .collect(),
        }
    }
}
