//! Pure instruction builders: `fn(accounts, args) -> Instruction`.

pub mod registry;
