mod position;
mod royalty_config;

pub use position::*;
pub use royalty_config::*;
