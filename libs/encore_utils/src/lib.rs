//! Plumbing every Encore program needs and none owns: logging events so
//! they reach a transaction's logs on SBF and natively alike, and creating
//! PDAs that a pre-funded address cannot block.
//!
//! A program depends on another program only to read its accounts or call
//! it; shared code lives here.

pub mod create_pda;
pub mod events;
pub mod lamports;

pub use create_pda::create_pda_account;
pub use events::log_event;
pub use lamports::move_lamports;
