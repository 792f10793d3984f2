//! The runner's local checkpoint: the lookup tables a log's runs read.
//!
//! What was charged is the chain's to say: every listener records the time
//! through which it is settled, and each run plans from there. The
//! checkpoint only saves work: it ties a play log (by hash) to the plan
//! config its tables were laid out with and to the tables created, so a
//! rerun reads them instead of paying for new ones. Losing it charges
//! nothing twice; it only costs new tables.
//!
//! Writes are atomic: the new content goes to a temporary file in the same
//! folder, is synced, then renamed over the old one, so a crash leaves
//! either the old or the new checkpoint, never a torn one.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::plan::PlanConfig;
use crate::registry::hex;

pub const VERSION: u32 = 2;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableRecord {
    pub address: String,
    pub recent_slot: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub version: u32,
    /// sha256 of the play log file, hex.
    pub input_sha256: String,
    pub settler: String,
    pub payment_mint: String,
    pub config: PlanConfig,
    /// Lookup tables by plan table index, recorded before creation is sent.
    pub lookup_tables: Vec<TableRecord>,
    /// Runs of this log so far, and batches they landed.
    pub runs: u64,
    pub batches_landed: u64,
}

impl Checkpoint {
    /// The checkpoint at `path`, if there is one.
    pub fn load(path: &Path) -> Result<Option<Self>, String> {
        let text = match std::fs::read(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
        let checkpoint: Self = serde_json::from_slice(&text)
            .map_err(|e| format!("{} is not a settle checkpoint: {e}", path.display()))?;
        if checkpoint.version != VERSION {
            return Err(format!(
                "{} is a version {} checkpoint; this encore reads version {VERSION}",
                path.display(),
                checkpoint.version
            ));
        }
        Ok(Some(checkpoint))
    }

    /// Writes atomically: temporary file, sync, rename.
    pub fn save(&self, path: &Path) -> Result<(), String> {
        let fail = |e: std::io::Error| format!("cannot write checkpoint {}: {e}", path.display());
        let tmp = temporary_path(path);
        let bytes = serde_json::to_vec_pretty(self).map_err(|e| e.to_string())?;
        {
            let mut file = std::fs::File::create(&tmp).map_err(fail)?;
            file.write_all(&bytes).map_err(fail)?;
            file.sync_all().map_err(fail)?;
        }
        std::fs::rename(&tmp, path).map_err(fail)
    }
}

fn temporary_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    path.with_file_name(name)
}

/// sha256 of `bytes`, hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex(&Sha256::digest(bytes))
}

/// The checkpoint path used when none is given: next to the play log.
pub fn default_path(plays: &Path) -> PathBuf {
    let mut name = plays.file_name().unwrap_or_default().to_os_string();
    name.push(".checkpoint.json");
    plays.with_file_name(name)
}
