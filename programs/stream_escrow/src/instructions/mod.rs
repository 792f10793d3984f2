//! One instruction a file. Anchor's #[program] needs every accounts struct
//! at this path; the per-file `handler`s are always called by module path.
#![allow(ambiguous_glob_reexports)]

pub mod cancel_withdrawal;
pub mod claim_settler_fees;
pub mod close_window;
pub mod collect;
pub mod collect_unshared;
pub mod deposit;
pub mod dispute;
pub mod init_escrow;
pub mod open_ledger;
pub mod open_listener;
pub mod open_settler;
pub mod receipt_key;
pub mod request_withdrawal;
pub mod set_cap;
pub mod set_settler_fee;
pub mod settle;
pub mod sync_ledger;
pub mod withdraw;

pub use cancel_withdrawal::*;
pub use claim_settler_fees::*;
pub use close_window::*;
pub use collect::*;
pub use collect_unshared::*;
pub use deposit::*;
pub use dispute::*;
pub use init_escrow::*;
pub use open_ledger::*;
pub use open_listener::*;
pub use open_settler::*;
pub use receipt_key::*;
pub use request_withdrawal::*;
pub use set_cap::*;
pub use set_settler_fee::*;
pub use settle::*;
pub use sync_ledger::*;
pub use withdraw::*;

/// Signer seeds of a mint's `Escrow` PDA, the vault authority.
#[macro_export]
macro_rules! escrow_signer {
    ($mint:expr, $bump:expr) => {
        &[&[$crate::constants::seeds::ESCROW, $mint.as_ref(), &[$bump]][..]]
    };
}
