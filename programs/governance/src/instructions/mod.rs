//! One instruction a file. Anchor's #[program] needs every accounts struct
//! at this path; the per-file `handler`s are always called by module path.
#![allow(ambiguous_glob_reexports)]

pub mod accept_authority;
pub mod approve_settler;
pub mod cancel_change;
pub mod dispute_hold;
pub mod execute_change;
pub mod initialize;
pub mod post_bond;
pub mod propose_authority;
pub mod propose_change;
pub mod register_settler;
pub mod revoke_settler;
pub mod set_pause;
pub mod withdraw_bond;

pub use accept_authority::*;
pub use approve_settler::*;
pub use cancel_change::*;
pub use dispute_hold::*;
pub use execute_change::*;
pub use initialize::*;
pub use post_bond::*;
pub use propose_authority::*;
pub use propose_change::*;
pub use register_settler::*;
pub use revoke_settler::*;
pub use set_pause::*;
pub use withdraw_bond::*;
