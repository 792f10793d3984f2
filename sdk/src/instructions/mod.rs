//! Pure instruction builders: `fn(accounts, args) -> Instruction`.

pub mod escrow;
pub mod governance;
pub mod pool;
pub mod registry;
pub mod royalty;
