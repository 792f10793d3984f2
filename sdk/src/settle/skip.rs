//! Why accepted plays are left out of a plan.

use serde::{Deserialize, Serialize};

/// A reason an accepted play is not planned, found against the chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Skip {
    /// The listener has no escrow account in the payment mint.
    NoListenerAccount,
    /// The track is not a registered track.
    UnknownTrack,
    /// The track is paid in another mint than this settlement's.
    OtherMint,
    /// The track was paused when the play started.
    TrackPaused,
    /// The track was retired when the play started.
    TrackRetired,
    /// The play is older than the oldest price its track's ledger keeps.
    PriceUnknown,
    /// The play starts at or before the listener's settled-through time, or
    /// in an entry of this settler's window that already settled.
    AlreadySettled,
    /// Another settler's open window covers the play.
    SettlingElsewhere,
    /// The play follows another settler's open window (or a window of this
    /// settler's that the log does not reproduce): it waits for it to close.
    ListenerBusy,
    /// The play starts after the chain's clock.
    NotYetPlayed,
    /// This settler has a window open that the log does not reproduce.
    WindowMismatch,
    /// More plays start at one instant than one window holds.
    Simultaneous,
}
