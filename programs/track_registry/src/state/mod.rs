mod artist;
mod commit;
mod dispute;
mod track;

pub use artist::*;
pub use commit::*;
pub use dispute::*;
pub use track::*;
