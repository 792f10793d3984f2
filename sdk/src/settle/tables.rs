//! Address lookup tables for an epoch's listener and ledger accounts.
//!
//! With a table, a settle transaction names a listener or ledger with a
//! 1-byte index instead of a 32-byte key, so account slots and entries bind
//! instead of bytes. Each table a transaction references costs it 34 bytes
//! (the table's key and two index-list lengths), so the layout keeps the
//! tables a batch needs few, without repeating any address:
//! - listeners are ordered by how many pairs they have (most first) and
//!   filled into tables of 256 in that order; `group_tables` consecutive
//!   listener tables form a group, and a batch takes its listeners from one
//!   group (see [`super::pack`]);
//! - tracks fill their own tables in order of popularity (listeners per
//!   track), so the popular tracks most batches share sit together.
//!
//! The packer charges every table a batch references against its bytes, so
//! every planned transaction fits.

use super::aggregate::Pair;
use super::pack::{PackedBatch, TableMap};

/// Addresses a lookup table can hold.
pub const TABLE_CAPACITY: usize = 256;

/// Accounts are numbered listeners first (`l`), then tracks (`listeners + t`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableLayout {
    /// Each table's accounts, in extension order.
    pub tables: Vec<Vec<u32>>,
    /// For each batch, the tables it reads, ascending.
    pub batch_tables: Vec<Vec<u32>>,
}

impl TableLayout {
    pub fn addresses(&self) -> usize {
        self.tables.iter().map(Vec::len).sum()
    }
}

/// Orders `ids` by degree (most first, then index) and numbers them in
/// tables from `first_table`; ids with no pairs get no table.
fn fill(degrees: &[u32], first_table: u32) -> (Vec<u32>, Vec<Vec<u32>>) {
    let mut order: Vec<u32> = (0..degrees.len() as u32)
        .filter(|i| degrees[*i as usize] > 0)
        .collect();
    order.sort_unstable_by_key(|i| (std::cmp::Reverse(degrees[*i as usize]), *i));
    let mut table_of = vec![u32::MAX; degrees.len()];
    let mut tables: Vec<Vec<u32>> = Vec::new();
    for (rank, id) in order.iter().enumerate() {
        let table = rank / TABLE_CAPACITY;
        if table == tables.len() {
            tables.push(Vec::new());
        }
        tables[table].push(*id);
        table_of[*id as usize] = first_table + table as u32;
    }
    (table_of, tables)
}

/// Where every account of `pairs` goes, and the listener groups.
pub fn table_map(
    pairs: &[Pair],
    listener_count: usize,
    track_count: usize,
    group_tables: u32,
) -> (TableMap, TableLayout) {
    let mut listener_degree = vec![0u32; listener_count];
    let mut track_degree = vec![0u32; track_count];
    for p in pairs {
        listener_degree[p.listener as usize] += 1;
        track_degree[p.track as usize] += 1;
    }
    let (listener_table, listener_tables) = fill(&listener_degree, 0);
    let (track_table, track_tables) = fill(&track_degree, listener_tables.len() as u32);
    let group_tables = group_tables.max(1);
    let listener_group = listener_table
        .iter()
        .map(|t| if *t == u32::MAX { 0 } else { t / group_tables })
        .collect();
    let groups = (listener_tables.len() as u32).div_ceil(group_tables);
    let mut tables: Vec<Vec<u32>> = listener_tables;
    tables.extend(
        track_tables
            .into_iter()
            .map(|t| t.into_iter().map(|id| listener_count as u32 + id).collect()),
    );
    let map = TableMap {
        listener_table,
        track_table,
        listener_group,
        groups,
        tables: tables.len() as u32,
    };
    (
        map,
        TableLayout {
            tables,
            batch_tables: Vec::new(),
        },
    )
}

/// The tables each batch reads.
pub fn batch_tables(map: &TableMap, batch: &PackedBatch) -> Vec<u32> {
    let mut ids: Vec<u32> = batch
        .listeners
        .iter()
        .map(|l| map.listener_table[*l as usize])
        .chain(batch.tracks.iter().map(|t| map.track_table[*t as usize]))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}
