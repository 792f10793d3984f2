//! The `encore` CLI's registry commands, driven in-process: artist and
//! track commands against LiteSVM through `run_with_client`, and the
//! binary's own path through `run`.

mod artist;
mod errors;
mod global;
mod ownership;
mod track;

#[allow(unused_imports)]
use crate::support::cli::*;
