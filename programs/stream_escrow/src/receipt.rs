//! Listener receipts: what a listener accepts being charged by one settler.
//!
//! A receipt is cumulative: "in tab `epoch` with `settler`, in
//! `payment_mint`, charge me at most `total` for plays through `through`".
//! The listener's app signs its [`Receipt::message`] with the key on the
//! listener's account, after every few plays; only the latest matters.
//! Settlement never carries receipts. A disputed settler answers with the
//! latest it holds, verified by the ed25519 program in the instruction
//! just before the answer (read through the instructions sysvar).

use anchor_lang::prelude::*;
use anchor_lang::solana_program::instruction::Instruction;

use crate::errors::EscrowError;

/// The first bytes of every receipt message, so no other signed message
/// can pass for one.
pub const RECEIPT_DOMAIN: [u8; 16] = *b"encore-receipt-1";
/// Domain, listener, mint, settler, epoch, total, through.
pub const RECEIPT_LEN: usize = 16 + 32 * 3 + 4 + 8 + 8;

/// The ed25519 signature-verification program.
pub const ED25519_PROGRAM_ID: Pubkey = pubkey!("Ed25519SigVerify111111111111111111111111111");

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Receipt {
    /// The listener's wallet.
    pub listener: Pubkey,
    pub payment_mint: Pubkey,
    /// The settler's wallet.
    pub settler: Pubkey,
    /// The listener's tab epoch with this settler (see `Tab`).
    pub epoch: u32,
    /// All the listener accepts being charged in this tab, base units.
    pub total: u64,
    /// The plays covered started at or before this time.
    pub through: i64,
}

impl Receipt {
    /// The bytes the listener signs.
    pub fn message(&self) -> [u8; RECEIPT_LEN] {
        let mut out = [0u8; RECEIPT_LEN];
        let parts: [&[u8]; 7] = [
            &RECEIPT_DOMAIN,
            self.listener.as_ref(),
            self.payment_mint.as_ref(),
            self.settler.as_ref(),
            &self.epoch.to_le_bytes(),
            &self.total.to_le_bytes(),
            &self.through.to_le_bytes(),
        ];
        let mut rest = &mut out[..];
        for part in parts {
            let (head, tail) = rest.split_at_mut(part.len());
            head.copy_from_slice(part);
            rest = tail;
        }
        out
    }
}

/// Layout of an ed25519 program instruction with one signature whose
/// key, signature and message all sit in the instruction itself.
pub mod ed25519_layout {
    pub const HEADER: usize = 16;
    pub const PUBKEY_AT: usize = HEADER;
    pub const SIGNATURE_AT: usize = PUBKEY_AT + 32;
    pub const MESSAGE_AT: usize = SIGNATURE_AT + 64;
    /// "In this instruction" for the offsets' instruction indexes.
    pub const THIS_INSTRUCTION: u16 = u16::MAX;
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    let bytes = data.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([bytes[0], bytes[1]]))
}

/// The key that signed `message` in `ix`, if `ix` is an ed25519 program
/// instruction verifying exactly one signature of exactly `message`, with
/// everything inside itself. The runtime has verified the signature by the
/// time a later instruction runs.
pub fn signer_of(ix: &Instruction, message: &[u8]) -> Result<Pubkey> {
    use ed25519_layout::THIS_INSTRUCTION;
    let data = &ix.data;
    let check = || -> Option<Pubkey> {
        if ix.program_id != ED25519_PROGRAM_ID || *data.first()? != 1 {
            return None;
        }
        let signature_at = u16_at(data, 2)?;
        let signature_ix = u16_at(data, 4)?;
        let pubkey_at = usize::from(u16_at(data, 6)?);
        let pubkey_ix = u16_at(data, 8)?;
        let message_at = usize::from(u16_at(data, 10)?);
        let message_len = usize::from(u16_at(data, 12)?);
        let message_ix = u16_at(data, 14)?;
        if [signature_ix, pubkey_ix, message_ix] != [THIS_INSTRUCTION; 3]
            || usize::from(signature_at).checked_add(64)? > data.len()
            || message_len != message.len()
            || data.get(message_at..message_at.checked_add(message_len)?)? != message
        {
            return None;
        }
        let key = data.get(pubkey_at..pubkey_at.checked_add(32)?)?;
        Pubkey::try_from(key).ok()
    };
    check().ok_or_else(|| error!(EscrowError::ReceiptNotVerified))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_is_the_fields_in_order() {
        let receipt = Receipt {
            listener: Pubkey::new_from_array([1; 32]),
            payment_mint: Pubkey::new_from_array([2; 32]),
            settler: Pubkey::new_from_array([3; 32]),
            epoch: 0x0405_0607,
            total: 0x0809,
            through: -1,
        };
        let m = receipt.message();
        assert_eq!(&m[..16], b"encore-receipt-1");
        assert_eq!(&m[16..48], &[1; 32]);
        assert_eq!(&m[48..80], &[2; 32]);
        assert_eq!(&m[80..112], &[3; 32]);
        assert_eq!(&m[112..116], &[7, 6, 5, 4]);
        assert_eq!(&m[116..124], &[9, 8, 0, 0, 0, 0, 0, 0]);
        assert_eq!(&m[124..132], &[0xff; 8]);
    }
}
