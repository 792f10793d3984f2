//! Encore integration tests: one binary, one module per program and per flow.

mod fixture;

mod harness;
mod registry;
