//! Encore integration tests: one binary, one module per program (named as
//! the program's SDK module and CLI noun, with its CLI tests in `cli`) and
//! per flow; shared fixtures and helpers in `support`.

mod support;

mod e2e;
mod escrow;
mod gov;
mod harness;
mod mints;
mod native_sol;
mod pool;
mod registry;
mod settle;
mod shares;
mod structure;
mod wallet;
