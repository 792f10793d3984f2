mod artist;
mod track;

pub use artist::*;
pub use track::*;
