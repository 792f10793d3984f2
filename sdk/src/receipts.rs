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
