//! The compact encoding of a settle batch's parts, decoded by the program
//! and encoded by clients (`encore_sdk::settle`).
//!
//! A part settles some entries of one listener's window, the listener
//! being the remaining account at the part's position:
//! - opening a window: `0x80`, `first` and `last` as u32 seconds after the
//!   batch's `base_time`, the window's entry count less one (u8), the
//!   part's entry count (u8), then its entries;
//! - continuing the listener's open window: its tag (`windows_opened` mod
//!   128, below `0x80`), the entry count (u8), then its entries.
//!
//! An entry is 4 bytes: its index in the window (u8), the ledger it pays
//! (u8, an index into the ledgers after the listeners) and the plays (u16
//! LE). A window's entries are its distinct tracks, in any fixed order the
//! settler chooses; each index settles once.

use crate::errors::EscrowError;

pub const OPEN_FLAG: u8 = 0x80;
pub const OPEN_HEADER_BYTES: usize = 11;
pub const CONTINUE_HEADER_BYTES: usize = 2;
pub const ENTRY_BYTES: usize = 4;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartHeader {
    Open {
        first_offset: u32,
        last_offset: u32,
        /// 1 to 256.
        window_entries: u16,
    },
    Continue {
        tag: u8,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub index: u8,
    pub ledger: u8,
    pub plays: u16,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub header: PartHeader,
    pub entries: Vec<Entry>,
}

fn take<'a>(data: &mut &'a [u8], n: usize) -> Result<&'a [u8], EscrowError> {
    if data.len() < n {
        return Err(EscrowError::MalformedBatch);
    }
    let (head, rest) = data.split_at(n);
    *data = rest;
    Ok(head)
}

fn byte(data: &mut &[u8]) -> Result<u8, EscrowError> {
    take(data, 1)?
        .first()
        .copied()
        .ok_or(EscrowError::MalformedBatch)
}

fn u32_le(data: &mut &[u8]) -> Result<u32, EscrowError> {
    let bytes: [u8; 4] = take(data, 4)?
        .try_into()
        .map_err(|_| EscrowError::MalformedBatch)?;
    Ok(u32::from_le_bytes(bytes))
}

/// Decodes every part; fails on trailing bytes, a part without entries or
/// data cut short.
pub fn decode(mut data: &[u8]) -> Result<Vec<Part>, EscrowError> {
    let mut parts = Vec::new();
    while !data.is_empty() {
        let tag = byte(&mut data)?;
        let header = if tag & OPEN_FLAG != 0 {
            if tag != OPEN_FLAG {
                return Err(EscrowError::MalformedBatch);
            }
            let first_offset = u32_le(&mut data)?;
            let last_offset = u32_le(&mut data)?;
            let window_entries = u16::from(byte(&mut data)?)
                .checked_add(1)
                .ok_or(EscrowError::MathOverflow)?;
            PartHeader::Open {
                first_offset,
                last_offset,
                window_entries,
            }
        } else {
            PartHeader::Continue { tag }
        };
        let count = byte(&mut data)?;
        if count == 0 {
            return Err(EscrowError::MalformedBatch);
        }
        let mut entries = Vec::with_capacity(usize::from(count));
        for _ in 0..count {
            let raw = take(&mut data, ENTRY_BYTES)?;
            let (Some(index), Some(ledger), Some(lo), Some(hi)) =
                (raw.first(), raw.get(1), raw.get(2), raw.get(3))
            else {
                return Err(EscrowError::MalformedBatch);
            };
            entries.push(Entry {
                index: *index,
                ledger: *ledger,
                plays: u16::from_le_bytes([*lo, *hi]),
            });
        }
        parts.push(Part { header, entries });
    }
    Ok(parts)
}

/// Encodes parts as [`decode`] reads them.
pub fn encode(parts: &[Part]) -> Result<Vec<u8>, EscrowError> {
    let mut out = Vec::new();
    for part in parts {
        match part.header {
            PartHeader::Open {
                first_offset,
                last_offset,
                window_entries,
            } => {
                let n = window_entries
                    .checked_sub(1)
                    .and_then(|n| u8::try_from(n).ok())
                    .ok_or(EscrowError::InvalidWindow)?;
                out.push(OPEN_FLAG);
                out.extend_from_slice(&first_offset.to_le_bytes());
                out.extend_from_slice(&last_offset.to_le_bytes());
                out.push(n);
            }
            PartHeader::Continue { tag } => {
                if tag & OPEN_FLAG != 0 {
                    return Err(EscrowError::MalformedBatch);
                }
                out.push(tag);
            }
        }
        let count = u8::try_from(part.entries.len()).map_err(|_| EscrowError::MalformedBatch)?;
        if count == 0 {
            return Err(EscrowError::MalformedBatch);
        }
        out.push(count);
        for e in &part.entries {
            out.push(e.index);
            out.push(e.ledger);
            out.extend_from_slice(&e.plays.to_le_bytes());
        }
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    #[test]
    fn parts_round_trip_and_bad_data_fails_by_name() {
        let parts = vec![
            Part {
                header: PartHeader::Open {
                    first_offset: 5,
                    last_offset: 900,
                    window_entries: 256,
                },
                entries: vec![Entry {
                    index: 255,
                    ledger: 3,
                    plays: 65_535,
                }],
            },
            Part {
                header: PartHeader::Continue { tag: 0x7f },
                entries: vec![
                    Entry {
                        index: 0,
                        ledger: 0,
                        plays: 1,
                    },
                    Entry {
                        index: 9,
                        ledger: 1,
                        plays: 2,
                    },
                ],
            },
        ];
        let bytes = encode(&parts).unwrap();
        assert_eq!(
            bytes.len(),
            OPEN_HEADER_BYTES + ENTRY_BYTES + CONTINUE_HEADER_BYTES + 2 * ENTRY_BYTES
        );
        assert_eq!(bytes[0], 0x80);
        assert_eq!(&bytes[1..5], &5u32.to_le_bytes());
        assert_eq!(bytes[9], 255);
        assert_eq!(decode(&bytes).unwrap(), parts);
        let malformed = |data: &[u8]| matches!(decode(data), Err(EscrowError::MalformedBatch));
        assert!(malformed(&bytes[..bytes.len() - 1]));
        assert!(malformed(&[0x81, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0]));
        assert!(malformed(&[0x05, 0]));
        assert_eq!(decode(&[]).unwrap(), vec![]);
    }
}
