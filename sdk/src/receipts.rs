//! Listener receipts for client apps: sign what the listener accepts being
//! charged, check a receipt, and build the ed25519 instruction a disputed
//! settler answers with.
//!
//! A receipt is cumulative (see `stream_escrow::receipt`): the app signs a
//! new one after every few plays, for the total so far in the listener's
//! tab with its settler, and the settler keeps the latest. The listener's
//! `Listener` account names the key that signs ([`receipt_epoch`] and the
//! tab's `epoch` say which tab a receipt belongs to).
//!
//! ```
//! use encore_sdk::receipts::{self, Receipt};
//! use encore_sdk::Pubkey;
//! use solana_keypair::Keypair;
//! use solana_signer::Signer;
//!
//! let listener = Keypair::new();
//! let receipt = Receipt {
//!     listener: listener.pubkey(),
//!     payment_mint: Pubkey::new_unique(),
//!     settler: Pubkey::new_unique(),
//!     epoch: 0,
//!     total: 1_500_000,
//!     through: 1_790_000_000,
//! };
//! let signed = receipts::sign(receipt, &listener);
//! assert!(signed.verify());
//! let line = signed.to_line();
//! assert_eq!(receipts::SignedReceipt::from_line(&line).unwrap(), signed);
//! ```

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use serde::{Deserialize, Serialize};
use solana_keypair::Keypair;
use solana_signature::Signature;
use solana_signer::Signer;
use stream_escrow::receipt::ed25519_layout as layout;
pub use stream_escrow::receipt::{Receipt, ED25519_PROGRAM_ID, RECEIPT_LEN};

use crate::error::{Result, SdkError};

/// A receipt, the key that signed it and the signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignedReceipt {
    pub receipt: Receipt,
    pub signer: Pubkey,
    pub signature: Signature,
}

/// Signs `receipt` with `key` (the listener's wallet or device key).
pub fn sign(receipt: Receipt, key: &Keypair) -> SignedReceipt {
    SignedReceipt {
        receipt,
        signer: key.pubkey(),
        signature: key.sign_message(&receipt.message()),
    }
}

/// A receipt as one JSON line: what play logs carry beside the plays and
/// what settlers store.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct ReceiptLine {
    pub listener: String,
    pub payment_mint: String,
    pub settler: String,
    pub epoch: u32,
    pub total: u64,
    pub through: i64,
    pub signer: String,
    pub signature: String,
}

fn key(text: &str, field: &str) -> Result<Pubkey> {
    text.parse()
        .map_err(|_| SdkError::InvalidInput(format!("receipt {field}: not an address: {text}")))
}

impl SignedReceipt {
    /// Whether the signature is the signer's over the receipt's message.
    pub fn verify(&self) -> bool {
        self.signature
            .verify(self.signer.as_ref(), &self.receipt.message())
    }

    /// The ed25519 program instruction that verifies this receipt in a
    /// transaction, with key, signature and message inside it.
    pub fn verify_instruction(&self) -> Instruction {
        let message = self.receipt.message();
        let mut data = vec![0u8; layout::MESSAGE_AT + RECEIPT_LEN];
        let this = layout::THIS_INSTRUCTION.to_le_bytes();
        let offsets: [u16; 7] = [
            layout::SIGNATURE_AT as u16,
            u16::MAX,
            layout::PUBKEY_AT as u16,
            u16::MAX,
            layout::MESSAGE_AT as u16,
            RECEIPT_LEN as u16,
            u16::MAX,
        ];
        data[0] = 1;
        for (i, value) in offsets.iter().enumerate() {
            let at = 2 + 2 * i;
            let bytes = if *value == u16::MAX {
                this
            } else {
                value.to_le_bytes()
            };
            data[at..at + 2].copy_from_slice(&bytes);
        }
        data[layout::PUBKEY_AT..layout::PUBKEY_AT + 32].copy_from_slice(self.signer.as_ref());
        data[layout::SIGNATURE_AT..layout::SIGNATURE_AT + 64]
            .copy_from_slice(self.signature.as_ref());
        data[layout::MESSAGE_AT..].copy_from_slice(&message);
        Instruction {
            program_id: ED25519_PROGRAM_ID,
            accounts: Vec::new(),
            data,
        }
    }

    pub fn to_line(&self) -> String {
        let r = &self.receipt;
        let line = ReceiptLine {
            listener: r.listener.to_string(),
            payment_mint: r.payment_mint.to_string(),
            settler: r.settler.to_string(),
            epoch: r.epoch,
            total: r.total,
            through: r.through,
            signer: self.signer.to_string(),
            signature: self.signature.to_string(),
        };
        serde_json::to_string(&line).unwrap_or_default()
    }

    /// Parses a line written by [`SignedReceipt::to_line`]; the signature
    /// is not checked here ([`SignedReceipt::verify`]).
    pub fn from_line(text: &str) -> Result<Self> {
        let line: ReceiptLine = serde_json::from_str(text)
            .map_err(|e| SdkError::InvalidInput(format!("not a receipt line: {e}")))?;
        Self::from_fields(&line)
    }

    pub fn from_fields(line: &ReceiptLine) -> Result<Self> {
        let signature = line.signature.parse().map_err(|_| {
            SdkError::InvalidInput(format!("receipt signature: {}", line.signature))
        })?;
        Ok(Self {
            receipt: Receipt {
                listener: key(&line.listener, "listener")?,
                payment_mint: key(&line.payment_mint, "payment_mint")?,
                settler: key(&line.settler, "settler")?,
                epoch: line.epoch,
                total: line.total,
                through: line.through,
            },
            signer: key(&line.signer, "signer")?,
            signature,
        })
    }
}

/// The epoch a new receipt for `settler` belongs to: its tab's if it has
/// one, else the epoch the tab will take at the settler's first charge.
pub fn receipt_epoch(listener: &stream_escrow::state::Listener, settler: &Pubkey) -> u32 {
    listener
        .tabs
        .iter()
        .find(|t| t.settler == *settler)
        .map_or(listener.tab_epoch, |t| t.epoch)
}

/// The receipts a settler keeps: per listener, payment mint, settler and
/// tab epoch, the one with the highest total (for an honest app, the
/// latest). Stored as JSON lines ([`SignedReceipt::to_line`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReceiptStore {
    receipts: std::collections::BTreeMap<(Pubkey, Pubkey, Pubkey, u32), SignedReceipt>,
}

impl ReceiptStore {
    /// Reads a store (or any file of receipt lines); a missing file is an
    /// empty store. A line that is not a receipt fails with its number.
    pub fn load(path: &std::path::Path) -> Result<Self> {
        let mut store = Self::default();
        store.add_file(path)?;
        Ok(store)
    }

    /// Adds the receipts of a file of receipt lines (a missing file adds
    /// none), keeping the best per tab as [`ReceiptStore::insert`] does.
    pub fn add_file(&mut self, path: &std::path::Path) -> Result<()> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => {
                return Err(SdkError::InvalidInput(format!(
                    "cannot read receipts {}: {e}",
                    path.display()
                )))
            }
        };
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let signed = SignedReceipt::from_line(line).map_err(|e| {
                SdkError::InvalidInput(format!("{} line {}: {e}", path.display(), i + 1))
            })?;
            self.insert(signed);
        }
        Ok(())
    }

    /// Keeps `signed` if its signature holds and it beats what is kept for
    /// its tab; returns whether it was kept.
    pub fn insert(&mut self, signed: SignedReceipt) -> bool {
        if !signed.verify() {
            return false;
        }
        let r = &signed.receipt;
        let key = (r.listener, r.payment_mint, r.settler, r.epoch);
        match self.receipts.get(&key) {
            Some(kept) if kept.receipt.total >= r.total => false,
            _ => {
                self.receipts.insert(key, signed);
                true
            }
        }
    }

    /// The best receipt for a tab.
    pub fn best(
        &self,
        listener: &Pubkey,
        payment_mint: &Pubkey,
        settler: &Pubkey,
        epoch: u32,
    ) -> Option<&SignedReceipt> {
        self.receipts
            .get(&(*listener, *payment_mint, *settler, epoch))
    }

    pub fn len(&self) -> usize {
        self.receipts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.receipts.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &SignedReceipt> {
        self.receipts.values()
    }

    /// Writes the store, one line per tab, replacing the file whole.
    pub fn save(&self, path: &std::path::Path) -> Result<()> {
        let mut text = String::new();
        for signed in self.receipts.values() {
            text.push_str(&signed.to_line());
            text.push('\n');
        }
        let tmp = path.with_extension("tmp");
        let fail = |e: std::io::Error| {
            SdkError::InvalidInput(format!("cannot write receipts {}: {e}", path.display()))
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(fail)?;
        }
        std::fs::write(&tmp, text).map_err(fail)?;
        std::fs::rename(&tmp, path).map_err(fail)
    }
}

/// The receipt in a play-log line, if the line carries one: in JSON lines
/// an object `{"receipt": {...}}` with the fields of [`ReceiptLine`]; in
/// CSV a row whose first field is `receipt`, then listener, payment_mint,
/// settler, epoch, total, through, signer and signature.
fn receipt_in(line: &str) -> Option<Result<SignedReceipt>> {
    let trimmed = line.trim();
    if let Some(rest) = trimmed.strip_prefix("receipt,") {
        let f: Vec<&str> = rest
            .split(',')
            .map(|f| f.trim().trim_matches('"'))
            .collect();
        let [listener, payment_mint, settler, epoch, total, through, signer, signature] = f[..]
        else {
            return Some(Err(SdkError::InvalidInput(
                "a receipt row has 9 fields: receipt,listener,payment_mint,settler,epoch,total,through,signer,signature".into(),
            )));
        };
        let number = |text: &str, field: &str| {
            SdkError::InvalidInput(format!("receipt {field}: not a number: {text}"))
        };
        let parsed = (|| {
            Ok(ReceiptLine {
                listener: listener.into(),
                payment_mint: payment_mint.into(),
                settler: settler.into(),
                epoch: epoch.parse().map_err(|_| number(epoch, "epoch"))?,
                total: total.parse().map_err(|_| number(total, "total"))?,
                through: through.parse().map_err(|_| number(through, "through"))?,
                signer: signer.into(),
                signature: signature.into(),
            })
        })();
        return Some(parsed.and_then(|l| SignedReceipt::from_fields(&l)));
    }
    let body = trimmed.strip_prefix('{')?.trim_start();
    if !body.starts_with("\"receipt\"") {
        return None;
    }
    #[derive(Deserialize)]
    struct Wrapped {
        receipt: ReceiptLine,
    }
    Some(
        serde_json::from_str::<Wrapped>(trimmed)
            .map_err(|e| SdkError::InvalidInput(format!("not a receipt: {e}")))
            .and_then(|w| SignedReceipt::from_fields(&w.receipt)),
    )
}

/// Takes the receipts out of a play log (see [`receipt_in`] for their
/// lines), leaving the plays: receipt lines become blank, so the play
/// parser's line numbers still match the file. A malformed receipt fails
/// with its line number.
pub fn split_play_log(input: &[u8]) -> Result<(Vec<u8>, Vec<SignedReceipt>)> {
    let mut plays = input.to_vec();
    let mut receipts = Vec::new();
    let mut start = 0;
    for (i, line) in input.split(|b| *b == b'\n').enumerate() {
        let end = start + line.len();
        if let Ok(text) = std::str::from_utf8(line) {
            if let Some(found) = receipt_in(text) {
                let signed = found
                    .map_err(|e| SdkError::InvalidInput(format!("play log line {}: {e}", i + 1)))?;
                receipts.push(signed);
                plays[start..end].fill(b' ');
            }
        }
        start = end + 1;
    }
    Ok((plays, receipts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed(total: u64, key: &Keypair, settler: Pubkey) -> SignedReceipt {
        sign(
            Receipt {
                listener: key.pubkey(),
                payment_mint: Pubkey::new_from_array([9; 32]),
                settler,
                epoch: 0,
                total,
                through: 1_700_000_000,
            },
            key,
        )
    }

    #[test]
    fn the_store_keeps_the_highest_valid_total_per_tab() {
        let (a, b) = (Keypair::new(), Keypair::new());
        let settler = Pubkey::new_unique();
        let mut store = ReceiptStore::default();
        assert!(store.insert(signed(300, &a, settler)));
        assert!(store.insert(signed(500, &a, settler)));
        assert!(
            !store.insert(signed(400, &a, settler)),
            "an older, lower total"
        );
        let mut forged = signed(900, &a, settler);
        forged.receipt.total = 1_000;
        assert!(!store.insert(forged), "a signature over another total");
        assert!(store.insert(signed(100, &b, settler)));
        let mint = Pubkey::new_from_array([9; 32]);
        let best = store.best(&a.pubkey(), &mint, &settler, 0).unwrap();
        assert_eq!(best.receipt.total, 500);
        assert_eq!(store.len(), 2);
        let dir = std::env::temp_dir().join(format!("encore-store-{}", std::process::id()));
        let path = dir.join("receipts.jsonl");
        store.save(&path).unwrap();
        assert_eq!(ReceiptStore::load(&path).unwrap(), store);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn receipts_beside_plays_in_either_format() {
        let key = Keypair::new();
        let settler = Pubkey::new_unique();
        let r = signed(700, &key, settler);
        let line: ReceiptLine = serde_json::from_str(&r.to_line()).unwrap();
        let csv = format!(
            "listener,track,timestamp,seconds_played\nA,B,1,2\nreceipt,{},{},{},{},{},{},{},{}\nC,D,3,4\n",
            line.listener,
            line.payment_mint,
            line.settler,
            line.epoch,
            line.total,
            line.through,
            line.signer,
            line.signature
        );
        let (plays, receipts) = split_play_log(csv.as_bytes()).unwrap();
        assert_eq!(receipts, vec![r]);
        let text = String::from_utf8(plays).unwrap();
        assert_eq!(text.lines().count(), 4, "line numbers kept");
        assert!(text.lines().nth(2).unwrap().trim().is_empty());

        let json = format!(
            "{{\"listener\":\"A\",\"track\":\"B\",\"timestamp\":1,\"seconds_played\":2}}\n{{\"receipt\": {}}}\n",
            r.to_line()
        );
        let (plays, receipts) = split_play_log(json.as_bytes()).unwrap();
        assert_eq!(receipts, vec![r]);
        assert!(String::from_utf8(plays)
            .unwrap()
            .lines()
            .nth(1)
            .unwrap()
            .trim()
            .is_empty());

        let bad = "listener,track,timestamp,seconds_played\nreceipt,1,2\n";
        let err = split_play_log(bad.as_bytes()).unwrap_err().to_string();
        assert!(err.contains("line 2"), "{err}");
    }
}
