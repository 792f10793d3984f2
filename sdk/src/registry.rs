//! Client-side helpers for the registry: audio hashing, ISRC handling, and
//! track changes that reach settlement atomically.

use std::io::Read;
use std::path::Path;

use anchor_lang::solana_program::instruction::Instruction;
use sha2::{Digest, Sha256};
use track_registry::checks::check_isrc;

use crate::client::EncoreClient;
use crate::error::{Result, SdkError};
use crate::instructions::registry::with_ledger_sync;
use crate::{pda, Pubkey};

pub use crate::instructions::registry::commitment;

/// A fresh random salt for a commitment (keep it until the reveal).
pub fn new_salt() -> [u8; 32] {
    rand::random()
}

/// sha256 of a file, streamed so large masters do not need to fit in memory.
pub fn hash_audio_file(path: &Path) -> Result<[u8; 32]> {
    let mut file = std::fs::File::open(path)
        .map_err(|e| SdkError::InvalidInput(format!("cannot read {}: {e}", path.display())))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher.finalize().into())
}

/// Accepts `US-RC1-76-07839` or `usrc17607839`; returns the stored form.
pub fn parse_isrc(text: &str) -> Result<[u8; 12]> {
    let cleaned: Vec<u8> = text
        .bytes()
        .filter(|b| *b != b'-')
        .map(|b| b.to_ascii_uppercase())
        .collect();
    let isrc: [u8; 12] = cleaned
        .try_into()
        .map_err(|_| SdkError::InvalidInput(format!("ISRC {text:?} must have 12 characters")))?;
    check_isrc(&isrc).map_err(|e| SdkError::InvalidInput(format!("ISRC {text:?}: {e}")))?;
    Ok(isrc)
}

/// `USRC17607839` -> `US-RC1-76-07839`.
pub fn format_isrc(isrc: &[u8; 12]) -> String {
    let s = String::from_utf8_lossy(isrc);
    format!("{}-{}-{}-{}", &s[0..2], &s[2..5], &s[5..7], &s[7..12])
}

/// The instructions of a change to `track` that settlement reads (pause,
/// resume, retire, update terms): `change`, then the sync of the track's
/// escrow ledger if it has one. See [`with_ledger_sync`].
pub fn track_change(
    client: &dyn EncoreClient,
    track: &Pubkey,
    change: Instruction,
) -> Result<Vec<Instruction>> {
    // Owned by the escrow, the ledger's address holds nothing but the ledger;
    // lamports sent there before it opens must not block the change.
    let ledger_open = client
        .get_account(&pda::ledger(track).0)?
        .is_some_and(|a| a.owner == stream_escrow::ID);
    Ok(with_ledger_sync(change, track, ledger_open))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every track registered as a derivative of `parent`, by address.
pub fn derivatives_of(
    client: &dyn crate::EncoreClient,
    parent: &Pubkey,
) -> Result<Vec<(Pubkey, track_registry::state::Track)>> {
    use anchor_lang::Discriminator;
    let filters = [
        crate::client::MemcmpFilter::new(0, track_registry::state::Track::DISCRIMINATOR.to_vec()),
        crate::client::MemcmpFilter::new(
            track_registry::state::Track::PARENT_OFFSET,
            parent.to_bytes().to_vec(),
        ),
    ];
    let mut out = client
        .get_program_accounts(&track_registry::ID, &filters)?
        .into_iter()
        .map(|(key, account)| {
            Ok((
                key,
                crate::accounts::decode::<track_registry::state::Track>(
                    &key,
                    &account.data,
                    "track",
                )?,
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    out.sort_by_key(|(key, _)| *key);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isrc_round_trip() {
        let isrc = parse_isrc("us-rc1-76-07839").unwrap();
        assert_eq!(&isrc, b"USRC17607839");
        assert_eq!(format_isrc(&isrc), "US-RC1-76-07839");
        assert!(parse_isrc("US-RC1-76-0783").is_err());
        assert!(parse_isrc("U1-RC1-76-07839").is_err());
    }
}
