mod dispute;
mod escrow;
mod ledger;
mod listener;
mod settler_state;
mod tab;

pub use dispute::*;
pub use escrow::*;
pub use ledger::*;
pub use listener::*;
pub use settler_state::*;
pub use tab::*;
