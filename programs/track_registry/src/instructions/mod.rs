//! One instruction a file. Anchor's #[program] needs every accounts struct
//! at this path; the per-file `handler`s are always called by module path.
#![allow(ambiguous_glob_reexports)]

pub mod accept_transfer;
pub mod commit_registration;
pub mod create_artist;
pub mod dispute;
pub mod propose_transfer;
pub mod register_committed;
pub mod register_track;
pub mod set_share_mint;
pub mod track_status;
pub mod update_artist;
pub mod update_terms;

pub use accept_transfer::*;
pub use commit_registration::*;
pub use create_artist::*;
pub use dispute::*;
pub use propose_transfer::*;
pub use register_committed::*;
pub use register_track::*;
pub use set_share_mint::*;
pub use track_status::*;
pub use update_artist::*;
pub use update_terms::*;
