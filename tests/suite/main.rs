//! Encore integration tests: one binary, one module per program and per flow.

mod fixture;

mod escrow;

mod cli_gov;
mod cli_pool;
mod cli_registry;
mod cli_shares;
mod e2e;
mod governance;
mod harness;
mod pool;
mod registry;
mod registry_hook;
mod royalty;
mod settle;
