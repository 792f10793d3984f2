//! `encore gov ...` driven in-process against LiteSVM: governance set up
//! through the CLI by the program's upgrade authority, then proposals,
//! pauses, the authority handover and settlers.

mod authority;
mod init;
mod proposals;
mod settlers;

#[allow(unused_imports)]
use crate::support::chain::*;
