//! Pure instruction builders: `fn(accounts, args) -> Instruction`.

pub mod escrow;
pub mod gov;
pub mod pool;
pub mod registry;
pub mod shares;
