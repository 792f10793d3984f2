//! Rust SDK for Encore: PDAs, instruction builders, account decoders and one
//! client trait with a JSON-RPC and an in-process implementation.
//!
//! ```
//! use encore_sdk::{pda, registry::parse_isrc};
//! let hash = [7u8; 32];
//! let (track, _bump) = pda::track(&hash);
//! assert_eq!(track, pda::track(&hash).0);
//! assert_eq!(&parse_isrc("us-rc1-76-07839").unwrap(), b"USRC17607839");
//! ```

pub mod accounts;
pub mod client;
pub mod error;
pub mod escrow;
pub mod events;
pub mod instructions;
pub mod pda;
pub mod pool;
pub mod programs;
pub mod receipts;
pub mod registry;
pub mod settle;
pub mod shares;
pub mod token;

#[cfg(feature = "native")]
pub mod native;

#[cfg(feature = "localnet")]
pub mod localnet;

pub use anchor_lang::prelude::Pubkey;
pub use client::{EncoreClient, RpcClient};
pub use error::{Result, SdkError};
pub use solana_signature::Signature;

/// The program crates, re-exported so clients depend on the SDK alone
/// (`encore_sdk::stream_escrow::state::Listener`, `encore_sdk::governance::ID`).
macro_rules! reexport_programs {
    ($(($krate:ident, $short:literal, $error:path)),* $(,)?) => {
        $(pub use $krate;)*
    };
}
for_each_program!(reexport_programs);
