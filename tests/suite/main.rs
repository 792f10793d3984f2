//! Encore integration tests: one binary, one module per program and per flow.

mod fixture;

mod escrow;

mod cli_registry;
mod governance;
mod harness;
mod registry;
mod royalty;
