//! Anchor events from a transaction's log messages.
//!
//! A program's `emit!` (or `stream_escrow::events::log_event`) writes one
//! `Program data: <base64>` line: the event's 8-byte discriminator, then its
//! borsh fields. RPC nodes return these lines as the transaction's
//! `log_messages`, and so do the in-process chains of [`crate::native`].
//!
//! ```
//! use anchor_lang::Event;
//! use base64::Engine;
//! use encore_sdk::events;
//! use encore_sdk::stream_escrow::events::{SettlerFeesClaimed, WithdrawalCancelled};
//!
//! let event = SettlerFeesClaimed { settler: Default::default(), amount: 42 };
//! let line = format!("Program data: {}", base64::prelude::BASE64_STANDARD.encode(event.data()));
//! let logs = vec!["Program log: Instruction: ClaimSettlerFees".to_string(), line];
//! let found: Vec<SettlerFeesClaimed> = events::decode(&logs).unwrap();
//! assert_eq!(found[0].amount, 42);
//! assert!(events::decode::<WithdrawalCancelled>(&logs).unwrap().is_empty());
//! ```

pub use anchor_lang::Event;
use base64::prelude::{Engine, BASE64_STANDARD};

use crate::error::{Result, SdkError};

/// How the runtime prefixes a program's `sol_log_data` line.
pub const DATA_PREFIX: &str = "Program data: ";

/// Every event of type `E` in `logs`, in order. Data lines of other events
/// (another discriminator, or not base64) are skipped; a line with `E`'s
/// discriminator whose fields do not decode is an error.
pub fn decode<E: Event>(logs: &[String]) -> Result<Vec<E>> {
    let mut events = Vec::new();
    for line in logs {
        let Some(encoded) = line.strip_prefix(DATA_PREFIX) else {
            continue;
        };
        // `sol_log_data` writes one base64 field per slice; Anchor logs one.
        let Some(Ok(bytes)) = encoded
            .split(' ')
            .next()
            .map(|field| BASE64_STANDARD.decode(field))
        else {
            continue;
        };
        let Some(fields) = bytes.strip_prefix(E::DISCRIMINATOR) else {
            continue;
        };
        let event = E::deserialize(&mut &fields[..]).map_err(|e| {
            SdkError::InvalidInput(format!(
                "an event line carries {}'s discriminator but does not decode: {e}",
                std::any::type_name::<E>()
            ))
        })?;
        events.push(event);
    }
    Ok(events)
}

/// A successful transaction of an address's history, with its log lines.
#[derive(Clone, Debug)]
pub struct Logged {
    pub signature: crate::Signature,
    pub slot: u64,
    /// Unix seconds, when the node knows the block's time.
    pub block_time: Option<i64>,
    pub logs: Vec<String>,
}

/// The successful transactions among the latest `limit` that touched
/// `address`, oldest first, with their logs: one `getSignaturesForAddress`
/// and one `getTransaction` each.
pub fn history(
    client: &dyn crate::EncoreClient,
    address: &crate::Pubkey,
    limit: usize,
) -> Result<Vec<Logged>> {
    let mut entries = client.address_history(address, limit)?;
    entries.retain(|e| !e.failed);
    entries.reverse();
    entries
        .into_iter()
        .map(|e| {
            Ok(Logged {
                logs: client.transaction_logs(&e.signature)?,
                signature: e.signature,
                slot: e.slot,
                block_time: e.block_time,
            })
        })
        .collect()
}
