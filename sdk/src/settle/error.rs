//! What a settlement run reports when it stops, and the stages it goes
//! through: shared by the runner and the tools around it.

use serde::Serialize;

use super::ingest::IngestError;
use crate::error::SdkError;
use crate::Pubkey;

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Sdk(#[from] SdkError),
    #[error(transparent)]
    Ingest(#[from] IngestError),
    #[error("{0}")]
    Checkpoint(String),
    /// The chain or the checkpoint disagrees with the run.
    #[error("{0}")]
    Conflict(String),
    #[error("settler {0} is not approved by governance")]
    NotApproved(Pubkey),
    /// Plays of the log still wait to be settled.
    #[error("the run is not complete: {pending} plays of this log still wait to be settled")]
    Incomplete { pending: u64 },
    /// Passes stopped settling anything while plays remain.
    #[error("settlement made no progress: {0}")]
    Stalled(String),
    /// The failure-injection hook stopped the run.
    #[error("stopped after batch {0} was sent")]
    Interrupted(u64),
}

/// What a run is doing, for progress bars.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Ledgers,
    LookupTables,
    Batches,
}
