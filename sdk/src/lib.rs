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
pub mod registry;
pub mod royalty;
pub mod settle;
pub mod token;

#[cfg(feature = "native")]
pub mod native;

#[cfg(feature = "localnet")]
pub mod localnet;

pub use anchor_lang::prelude::Pubkey;
pub use client::{EncoreClient, RpcClient};
pub use error::{Result, SdkError};
pub use governance;
pub use royalty_pool;
pub use royalty_shares;
pub use stream_escrow;
pub use track_registry;

/// Program ids of the deployment these bindings were built for.
pub mod program_ids {
    use anchor_lang::prelude::Pubkey;

    pub const TRACK_REGISTRY: Pubkey = track_registry::ID;
    pub const ROYALTY_SHARES: Pubkey = royalty_shares::ID;
    pub const GOVERNANCE: Pubkey = governance::ID;
    pub const STREAM_ESCROW: Pubkey = stream_escrow::ID;
    pub const ROYALTY_POOL: Pubkey = royalty_pool::ID;
}
