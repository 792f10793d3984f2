//! What a settle transaction costs: its exact serialized size, its account
//! locks and a compute-unit model.
//!
//! Sizes follow the wire format byte for byte (tests compare them with real
//! serialized transactions): one signature (the settler pays and signs),
//! the message header, static keys, blockhash, the settle instruction (and a
//! compute-budget instruction when the model asks for more than the default
//! limit) and, for v0 messages, the lookup-table section.
//!
//! Compute units cannot be measured here (the programs run natively, not as
//! SBF), so [`ComputeModel`] is a documented estimate with headroom: a fixed
//! cost (dispatch, three PDA checks, the clock, the event), a cost per
//! listener or ledger account (decode, period roll, encode), the duplicate
//! check's pairwise key comparisons, and a cost per entry (charge, fee split,
//! checked arithmetic, and its 10 bytes in the `EntriesCharged` event). When the estimate exceeds the 200,000-unit default,
//! the transaction carries `SetComputeUnitLimit` (one more account lock and
//! 40 more bytes).

use serde::{Deserialize, Serialize};

/// The packet limit of a transaction, signatures included.
pub const MAX_TX_BYTES: usize = 1_232;
/// The runtime's account-lock limit, program ids and table-loaded keys included.
pub const MAX_ACCOUNT_LOCKS: usize = 64;
/// settler, settler state, governance approval, governance config, escrow program.
pub const SETTLE_FIXED_KEYS: usize = 5;
/// Compute units a transaction gets without a compute-budget instruction
/// (one non-builtin instruction).
pub const DEFAULT_COMPUTE_LIMIT: u64 = 200_000;
pub const MAX_COMPUTE_LIMIT: u64 = 1_400_000;
/// Settle instruction data besides its parts: discriminator, seq, audit
/// root, base time and the parts' length prefix.
pub const SETTLE_DATA_FIXED: usize = 8 + 8 + 32 + 8 + 4;
pub use stream_escrow::batch::{CONTINUE_HEADER_BYTES, ENTRY_BYTES, OPEN_HEADER_BYTES};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComputeModel {
    pub base: u64,
    pub per_account: u64,
    /// Per pair of listener/ledger accounts: the duplicate-account check.
    pub per_account_pair: u64,
    pub per_entry: u64,
    /// Headroom on top of the estimate when setting a limit, in percent.
    pub margin_percent: u64,
}

impl Default for ComputeModel {
    fn default() -> Self {
        Self {
            base: 30_000,
            per_account: 2_500,
            per_account_pair: 30,
            per_entry: 860,
            margin_percent: 25,
        }
    }
}

impl ComputeModel {
    pub fn estimate(&self, accounts: usize, entries: usize) -> u64 {
        let n = accounts as u64;
        let pairs = n * n.saturating_sub(1) / 2;
        self.base
            + self.per_account * n
            + self.per_account_pair * pairs
            + self.per_entry * entries as u64
    }

    /// The limit to request, or `None` when the default suffices.
    pub fn limit(&self, accounts: usize, entries: usize) -> Option<u32> {
        let estimate = self.estimate(accounts, entries);
        if estimate <= DEFAULT_COMPUTE_LIMIT {
            return None;
        }
        let with_margin = estimate + estimate * self.margin_percent / 100;
        Some(with_margin.min(MAX_COMPUTE_LIMIT) as u32)
    }
}

/// Bytes of a compact-u16 length prefix.
pub fn compact_len(n: usize) -> usize {
    match n {
        0..=0x7f => 1,
        0x80..=0x3fff => 2,
        _ => 3,
    }
}

/// The shape of one settle transaction, enough to know its size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TxShape {
    /// Listener and ledger accounts.
    pub accounts: usize,
    pub entries: usize,
    /// Bytes of the parts' headers (opening or continuing a window).
    pub header_bytes: usize,
    /// Whether a `SetComputeUnitLimit` instruction rides along.
    pub compute_budget: bool,
    /// `None`: a legacy message with every key inline. `Some(tables)`: a v0
    /// message whose listener and ledger keys all come from `tables` tables.
    pub lookup_tables: Option<usize>,
}

impl TxShape {
    /// A settle transaction with these accounts and entries, carrying a
    /// compute-budget instruction exactly when `compute` asks for one.
    pub fn settle(
        accounts: usize,
        entries: usize,
        header_bytes: usize,
        lookup_tables: Option<usize>,
        compute: &ComputeModel,
    ) -> Self {
        Self {
            accounts,
            entries,
            header_bytes,
            compute_budget: compute.limit(accounts, entries).is_some(),
            lookup_tables,
        }
    }

    /// Account locks: fixed keys, the compute-budget program, every listener and ledger.
    pub fn locks(&self) -> usize {
        SETTLE_FIXED_KEYS + usize::from(self.compute_budget) + self.accounts
    }

    /// The serialized size in bytes.
    pub fn size(&self) -> usize {
        let static_keys = SETTLE_FIXED_KEYS
            + usize::from(self.compute_budget)
            + if self.lookup_tables.is_some() {
                0
            } else {
                self.accounts
            };
        let ix_accounts = 4 + self.accounts;
        let data = SETTLE_DATA_FIXED + ENTRY_BYTES * self.entries + self.header_bytes;
        let settle_ix = 1 + compact_len(ix_accounts) + ix_accounts + compact_len(data) + data;
        // program index, no accounts, 5 bytes of data (tag + u32 limit)
        let budget_ix = if self.compute_budget {
            1 + 1 + 1 + 5
        } else {
            0
        };
        let instructions = 1 + usize::from(self.compute_budget);
        let mut size = 1 + 64 // signatures
            + 3 // header
            + compact_len(static_keys) + 32 * static_keys
            + 32 // blockhash
            + compact_len(instructions) + settle_ix + budget_ix;
        if let Some(tables) = self.lookup_tables {
            // version prefix; per table: key, writable indexes, no readonly ones.
            // The per-table index counts are below 128, one byte each.
            size += 1 + compact_len(tables) + tables * (32 + 1 + 1) + self.accounts;
        }
        size
    }
}

/// Bytes left for parts (headers and entries) beside `accounts`
/// listener/ledger accounts, with a compute-budget instruction (a batch
/// that turns out not to need it is only smaller); `None` if the accounts
/// alone break a limit.
pub fn part_bytes(accounts: usize, lookup_tables: Option<usize>) -> Option<usize> {
    // Parts of 128 bytes or more (any batch worth sending) take a 2-byte
    // length prefix for the instruction data: size with that prefix.
    const PROBE: usize = 200;
    let shape = TxShape {
        accounts,
        entries: 0,
        header_bytes: PROBE,
        compute_budget: true,
        lookup_tables,
    };
    let fixed = shape.size() - PROBE;
    if shape.locks() > MAX_ACCOUNT_LOCKS || fixed > MAX_TX_BYTES {
        return None;
    }
    Some(MAX_TX_BYTES - fixed)
}

/// The most entries the compute limit allows beside `accounts` accounts.
pub fn compute_entries(accounts: usize, compute: &ComputeModel) -> usize {
    let base = compute.estimate(accounts, 0);
    (MAX_COMPUTE_LIMIT.saturating_sub(base) / compute.per_entry.max(1)) as usize
}

/// The most lookup tables a batch may reference.
pub const MAX_TABLES_PER_TX: usize = 16;

/// What one batch may hold: part bytes for each number of accounts and,
/// with lookup tables, each number of tables referenced, and entries the
/// compute limit allows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Capacity {
    lookup: bool,
    /// `bytes[n][k]`: part bytes beside `n` listener/ledger accounts read
    /// from `k` tables (`k` is 0 for legacy messages).
    bytes: Vec<Vec<usize>>,
    compute: Vec<usize>,
}

impl Capacity {
    /// For legacy messages (`lookup: false`) or v0 messages reading every
    /// listener and ledger from lookup tables.
    pub fn new(lookup: bool, compute: &ComputeModel) -> Self {
        let (mut bytes, mut entries) = (Vec::new(), Vec::new());
        loop {
            let n = bytes.len();
            if part_bytes(n, lookup.then_some(1)).is_none() {
                break;
            }
            let row: Vec<usize> = if lookup {
                (0..=MAX_TABLES_PER_TX)
                    .map(|k| part_bytes(n, Some(k.max(1))).unwrap_or(0))
                    .collect()
            } else {
                vec![part_bytes(n, None).unwrap_or(0)]
            };
            bytes.push(row);
            entries.push(compute_entries(n, compute));
        }
        Self {
            lookup,
            bytes,
            compute: entries,
        }
    }

    pub fn lookup(&self) -> bool {
        self.lookup
    }

    /// Most listener/ledger accounts a batch can carry.
    pub fn max_accounts(&self) -> usize {
        self.bytes.len().saturating_sub(1)
    }

    /// Part bytes that fit beside `accounts` accounts from `tables` tables.
    pub fn bytes(&self, accounts: usize, tables: usize) -> usize {
        self.bytes
            .get(accounts)
            .and_then(|row| row.get(if self.lookup { tables } else { 0 }))
            .copied()
            .unwrap_or(0)
    }

    /// Whether `entries` entries and `header_bytes` of headers fit.
    pub fn fits(
        &self,
        accounts: usize,
        tables: usize,
        entries: usize,
        header_bytes: usize,
    ) -> bool {
        ENTRY_BYTES * entries + header_bytes <= self.bytes(accounts, tables)
            && entries <= self.compute.get(accounts).copied().unwrap_or(0)
    }

    /// Entries that fit beside `accounts` accounts with no headers (for
    /// lower bounds).
    pub fn entries(&self, accounts: usize, tables: usize) -> usize {
        (self.bytes(accounts, tables) / ENTRY_BYTES)
            .min(self.compute.get(accounts).copied().unwrap_or(0))
    }
}
