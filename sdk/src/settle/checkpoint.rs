//! The runner's local checkpoint: what was planned and how far it got.
//!
//! It holds what rebuilding the plan needs besides the play log (the
//! config, the first sequence number and the exclusions found on chain at
//! planning time), a digest of the plan to check the rebuild against, the
//! lookup tables created, and the last batch known confirmed. The chain's
//! `last_seq` stays the authority on what landed: the checkpoint only says
//! which plan those numbers belong to.
//!
//! Writes are atomic: the new content goes to a temporary file in the same
//! folder, is synced, then renamed over the old one, so a crash leaves
//! either the old or the new checkpoint, never a torn one.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::plan::{Exclusions, PlanConfig, Skip};
use crate::registry::hex;
use crate::Pubkey;

pub const VERSION: u32 = 1;

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
    pub first_seq: u64,
    pub batches: u64,
    /// [`super::plan::Plan::digest`], hex.
    pub plan_digest: String,
    pub excluded_listeners: BTreeMap<String, Skip>,
    pub excluded_tracks: BTreeMap<String, Skip>,
    /// The settler state's lifetime counters before the first batch, so a
    /// resumed run reports the whole epoch.
    pub lifetime_plays_before: u64,
    pub lifetime_amount_before: u64,
    pub lifetime_fees_before: u64,
    /// Lookup tables by plan table index, recorded before creation is sent.
    pub lookup_tables: Vec<TableRecord>,
    /// The last batch known confirmed (`first_seq - 1` before any).
    pub confirmed_seq: u64,
}

impl Checkpoint {
    pub fn last_seq(&self) -> u64 {
        self.first_seq + self.batches - 1
    }

    pub fn exclusions(&self) -> Result<Exclusions, String> {
        let parse = |map: &BTreeMap<String, Skip>| -> Result<BTreeMap<Pubkey, Skip>, String> {
            map.iter()
                .map(|(k, v)| {
                    k.parse::<Pubkey>()
                        .map(|k| (k, *v))
                        .map_err(|_| format!("{k:?} is not an address"))
                })
                .collect()
        };
        Ok(Exclusions {
            listeners: parse(&self.excluded_listeners)?,
            tracks: parse(&self.excluded_tracks)?,
        })
    }

    pub fn set_exclusions(&mut self, exclusions: &Exclusions) {
        let names = |map: &BTreeMap<Pubkey, Skip>| {
            map.iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect::<BTreeMap<_, _>>()
        };
        self.excluded_listeners = names(&exclusions.listeners);
        self.excluded_tracks = names(&exclusions.tracks);
    }

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
