//! Off-chain settlement: from a play log to settle transactions on chain.
//!
//! ```text
//! play log --ingest--> plays --rules--> accepted --windows (against the chain)-->
//!     entries --pack--> batches (+ lookup tables) --merkle--> audit roots --runner--> chain
//! ```
//!
//! - [`ingest`]: CSV (`listener,track,timestamp,seconds_played`) or JSON
//!   lines, keys interned and decoded once.
//! - [`rules`]: the fraud rules and their defaults (30 s minimum, exact
//!   duplicates, overlapping plays beyond a 10 s tolerance, 3,000 plays per
//!   listener per UTC day).
//! - [`view`] and [`windows`]: what the chain has settled and the terms of
//!   every play's time; each listener's unsettled plays cut into windows
//!   the program settles exactly once, counted per track ([`aggregate`]).
//! - [`pack`] and [`tables`]: batches within 1,232 bytes, 64 account locks
//!   and the compute model of [`cost`], reading accounts from address lookup
//!   tables when that needs fewer transactions in total.
//! - [`merkle`]: each batch's audit root, with proofs for log holders.
//! - [`plan`]: all of the above as one pure function; same input, same batches.
//! - [`runner`]: pipelined submission in passes, each planned from the
//!   chain, so a crash, a lost [`checkpoint`] or a second settler charges
//!   nothing twice.
//!
//! Planning works offline:
//!
//! ```
//! use encore_sdk::settle::{ingest, plan, ChainView, PlanConfig};
//! let log = "listener,track,timestamp,seconds_played\n\
//!            4Nd1mBQtrMJVYVfKf2PJy9NZUZdTAsp7D4xWLs4gDB4T,11111111111111111111111111111112,1700000000,200\n";
//! let log = ingest::parse(log.as_bytes()).unwrap();
//! let view = ChainView::offline(log.listeners.len(), &[], log.tracks.len());
//! let plan = plan(log, &view, 1, &PlanConfig::default());
//! assert_eq!(plan.batches.len(), 1);
//! assert_eq!(plan.batches[0].parts[0].entries[0].plays, 1);
//! ```

pub mod aggregate;
pub mod audit;
mod candidates;
pub mod checkpoint;
pub mod cost;
pub mod error;
pub mod ingest;
pub mod merkle;
pub mod pack;
pub mod plan;
pub mod prepare;
pub mod reclaim;
pub mod rules;
pub mod runner;
pub mod skip;
pub mod status;
pub mod summary;
pub mod tables;
pub mod tx;
pub mod view;
pub mod windows;

pub use error::{RunError, Stage};
pub use plan::{plan, Encoding, EncodingChoice, Plan, PlanConfig};
pub use reclaim::{reclaim_tables, ReclaimReport};
pub use rules::{Rejections, Rules};
pub use runner::{run, RunConfig, RunOptions, RunReport};
pub use skip::Skip;
pub use status::{status, SettleStatus};
pub use summary::{check, PlanSummary};
pub use view::ChainView;
