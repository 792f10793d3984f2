//! `encore shares ...` and `encore demo`, driven in-process against LiteSVM
//! with governance initialized through the CLI.

mod create;
mod demo;
mod holders;
mod staking;

#[allow(unused_imports)]
use crate::support::studio::*;
