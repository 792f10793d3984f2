mod artist;
mod commit;
mod track;

pub use artist::*;
pub use commit::*;
pub use track::*;
