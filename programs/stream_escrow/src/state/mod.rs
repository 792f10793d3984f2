mod escrow;
mod ledger;
mod listener;
mod settler_state;

pub use escrow::*;
pub use ledger::*;
pub use listener::*;
pub use settler_state::*;
