//! What the test modules share: the program-test fixture, and the CLI
//! runners and worlds built on LiteSVM.

pub mod chain;
pub mod cli;
pub mod fixture;
pub mod studio;
