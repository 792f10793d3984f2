mod change;
mod config;
mod settler;

pub use change::*;
pub use config::*;
pub use settler::*;
