//! Off-chain settlement: from a play log to settle transactions on chain.
//!
//! ```text
//! play log --ingest--> plays --rules--> accepted --aggregate--> pairs
//!     --pack--> batches (+ lookup tables) --merkle--> audit roots --runner--> chain
//! ```
//!
//! - [`ingest`]: CSV (`listener,track,timestamp,seconds_played`) or JSON
//!   lines, keys interned and decoded once.
//! - [`rules`]: the fraud rules and their defaults (30 s minimum, exact
//!   duplicates, overlapping plays beyond a 10 s tolerance, 3,000 plays per
//!   listener per UTC day).
//! - [`aggregate`]: plays per (listener, track).
//! - [`pack`] and [`tables`]: batches within 1,232 bytes, 64 account locks
//!   and the compute model of [`cost`], reading accounts from address lookup
//!   tables when that needs fewer transactions in total.
//! - [`merkle`]: each batch's audit root, with proofs for log holders.
//! - [`plan`]: all of the above as one pure function; same input, same batches.
//! - [`runner`] and [`checkpoint`]: submission in sequence with a local
//!   checkpoint; a crashed run resumes from the chain's `last_seq`.
//!
//! Planning works offline:
//!
//! ```
//! use encore_sdk::settle::{ingest, plan};
//! let log = "listener,track,timestamp,seconds_played\n\
//!            4Nd1mBQtrMJVYVfKf2PJy9NZUZdTAsp7D4xWLs4gDB4T,11111111111111111111111111111112,1700000000,200\n";
//! let log = ingest::parse(log.as_bytes()).unwrap();
//! let plan = plan::plan(log, &plan::Exclusions::default(), 1, &plan::PlanConfig::default());
//! assert_eq!(plan.batches.len(), 1);
//! assert_eq!(plan.batches[0].entries[0].plays, 1);
//! ```

pub mod aggregate;
pub mod audit;
mod candidates;
pub mod checkpoint;
pub mod cost;
pub mod ingest;
pub mod merkle;
pub mod pack;
pub mod plan;
pub mod prepare;
pub mod reclaim;
pub mod rules;
pub mod runner;
pub mod status;
pub mod summary;
pub mod tables;
pub mod tx;

pub use plan::{plan, Encoding, EncodingChoice, Exclusions, Plan, PlanConfig, Skip};
pub use reclaim::{reclaim_tables, ReclaimReport};
pub use rules::{Rejections, Rules};
pub use runner::{run, RunConfig, RunError, RunOptions, RunReport};
pub use status::{status, SettleStatus};
pub use summary::{check, PlanSummary};
