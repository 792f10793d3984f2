//! A plan's real transactions: settle batches (legacy or v0 with lookup
//! tables), lookup-table setup and ledger preparation.

use anchor_lang::solana_program::instruction::Instruction;
use solana_hash::Hash;
use solana_keypair::Keypair;
use solana_message::v0;
pub use solana_message::{AddressLookupTableAccount, Message as LegacyMessage, VersionedMessage};
use solana_signer::Signer;
use solana_transaction::versioned::VersionedTransaction;
use solana_transaction::Transaction;
use stream_escrow::batch::{self as wire, PartHeader};
use stream_escrow::instructions::SettleArgs;

use super::plan::{Batch, Encoding, PartKind, Plan, ADDRESSES_PER_EXTEND};
use crate::error::{Result, SdkError};
use crate::instructions::escrow as escrow_ix;
use crate::{pda, Pubkey};

pub const COMPUTE_BUDGET_PROGRAM: Pubkey =
    anchor_lang::pubkey!("ComputeBudget111111111111111111111111111111");
pub const LOOKUP_TABLE_PROGRAM: Pubkey =
    anchor_lang::pubkey!("AddressLookupTab1e1111111111111111111111111");
pub const SLOT_HASHES_SYSVAR: Pubkey =
    anchor_lang::pubkey!("SysvarS1otHashes111111111111111111111111111");
/// Bytes of a lookup table's header before its addresses.
pub const LOOKUP_TABLE_META_SIZE: usize = 56;

/// `SetComputeUnitLimit(units)` of the compute-budget program.
pub fn set_compute_unit_limit(units: u32) -> Instruction {
    let mut data = vec![2u8];
    data.extend_from_slice(&units.to_le_bytes());
    Instruction {
        program_id: COMPUTE_BUDGET_PROGRAM,
        accounts: Vec::new(),
        data,
    }
}

/// The chain addresses of a plan's accounts, derived once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanAccounts {
    pub settler: Pubkey,
    pub payment_mint: Pubkey,
    pub settler_state: Pubkey,
    /// Listener PDA per plan listener.
    pub listener_accounts: Vec<Pubkey>,
    /// Ledger PDA per plan track.
    pub ledgers: Vec<Pubkey>,
}

/// `f(key)` for every key, on two threads.
fn derive_all(keys: &[Pubkey], f: impl Fn(&Pubkey) -> Pubkey + Sync) -> Vec<Pubkey> {
    let half = keys.len() / 2;
    let work = |part: &[Pubkey]| part.iter().map(&f).collect::<Vec<_>>();
    std::thread::scope(|scope| {
        let second = scope.spawn(|| work(&keys[half..]));
        let mut out = work(&keys[..half]);
        match second.join() {
            Ok(rest) => out.extend(rest),
            Err(_) => out.extend(work(&keys[half..])),
        }
        out
    })
}

impl PlanAccounts {
    /// Derives the listener PDA of every wallet in `listeners` and the
    /// ledger PDA of every track in `tracks` (a plan's or a log's tables).
    pub fn derive(
        listeners: &[Pubkey],
        tracks: &[Pubkey],
        settler: &Pubkey,
        payment_mint: &Pubkey,
    ) -> Self {
        Self {
            settler: *settler,
            payment_mint: *payment_mint,
            settler_state: pda::settler_state(settler, payment_mint).0,
            listener_accounts: derive_all(listeners, |w| pda::listener(payment_mint, w).0),
            ledgers: derive_all(tracks, |t| pda::ledger(t).0),
        }
    }

    /// The address of table account id `account` (see [`Plan::tables`]).
    pub fn table_address(&self, plan: &Plan, account: u32) -> Pubkey {
        match plan.table_account(account) {
            Ok(l) => self.listener_accounts[l as usize],
            Err(t) => self.ledgers[t as usize],
        }
    }

    /// Every address of table `table`, in order.
    pub fn table_addresses(&self, plan: &Plan, table: usize) -> Vec<Pubkey> {
        plan.tables[table]
            .iter()
            .map(|a| self.table_address(plan, *a))
            .collect()
    }
}

/// The batch's parts in the program's encoding (`stream_escrow::batch`).
pub fn encode_parts(batch: &Batch) -> Result<Vec<u8>> {
    let offset = |t: i64| {
        u32::try_from(t - batch.base_time).map_err(|_| {
            SdkError::InvalidInput(format!(
                "batch {}: a window starts more than u32 seconds after the batch's base time",
                batch.seq
            ))
        })
    };
    let parts = batch
        .parts
        .iter()
        .map(|p| {
            let header = match p.kind {
                PartKind::Open {
                    first,
                    last,
                    entries,
                } => PartHeader::Open {
                    first_offset: offset(first)?,
                    last_offset: offset(last)?,
                    window_entries: entries,
                },
                PartKind::Continue { tag } => PartHeader::Continue { tag },
            };
            Ok(wire::Part {
                header,
                entries: p
                    .entries
                    .iter()
                    .map(|e| wire::Entry {
                        index: e.index,
                        ledger: e.track,
                        plays: e.plays,
                    })
                    .collect(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    wire::encode(&parts).map_err(|e| SdkError::InvalidInput(format!("batch {}: {e}", batch.seq)))
}

/// The batch's instructions: a compute-unit limit when the model asks for
/// one, then the settle instruction.
pub fn settle_instructions(
    plan: &Plan,
    batch: &Batch,
    accounts: &PlanAccounts,
) -> Result<Vec<Instruction>> {
    let args = SettleArgs {
        seq: batch.seq,
        audit_root: batch.audit_root,
        base_time: batch.base_time,
        parts: encode_parts(batch)?,
    };
    let listeners: Vec<Pubkey> = batch
        .listeners
        .iter()
        .map(|l| accounts.listener_accounts[*l as usize])
        .collect();
    let ledgers: Vec<Pubkey> = batch
        .tracks
        .iter()
        .map(|t| accounts.ledgers[*t as usize])
        .collect();
    let settle = escrow_ix::settle_with_accounts(
        &accounts.settler,
        &accounts.settler_state,
        &listeners,
        &ledgers,
        args,
    );
    let mut out = Vec::with_capacity(2);
    if let Some(limit) = plan
        .config
        .compute
        .limit(batch.shape.accounts, batch.entry_count())
    {
        out.push(set_compute_unit_limit(limit));
    }
    out.push(settle);
    Ok(out)
}

/// The batch's message: legacy, or v0 against `tables` (the plan's lookup
/// tables with their on-chain addresses, indexed like [`Plan::tables`]).
pub fn settle_message(
    plan: &Plan,
    batch: &Batch,
    accounts: &PlanAccounts,
    tables: &[AddressLookupTableAccount],
    blockhash: Hash,
) -> Result<VersionedMessage> {
    let instructions = settle_instructions(plan, batch, accounts)?;
    match plan.encoding {
        Encoding::Legacy => Ok(VersionedMessage::Legacy(LegacyMessage::new_with_blockhash(
            &instructions,
            Some(&accounts.settler),
            &blockhash,
        ))),
        Encoding::LookupTables => {
            let used: Vec<AddressLookupTableAccount> = batch
                .tables
                .iter()
                .map(|t| {
                    tables.get(*t as usize).cloned().ok_or_else(|| {
                        SdkError::InvalidInput(format!("lookup table {t} is not known"))
                    })
                })
                .collect::<Result<_>>()?;
            v0::Message::try_compile(&accounts.settler, &instructions, &used, blockhash)
                .map(VersionedMessage::V0)
                .map_err(|e| {
                    SdkError::InvalidInput(format!("cannot compile batch {}: {e}", batch.seq))
                })
        }
    }
}

/// Signs `message` with `signer`, its only signer.
pub fn sign(message: VersionedMessage, signer: &Keypair) -> Result<VersionedTransaction> {
    VersionedTransaction::try_new(message, &[signer])
        .map_err(|e| SdkError::InvalidInput(format!("cannot sign: {e}")))
}

/// Serialized bytes of a transaction with `message` and its signatures.
pub fn transaction_size(message: &VersionedMessage) -> usize {
    let signatures = usize::from(message.header().num_required_signatures);
    super::cost::compact_len(signatures) + 64 * signatures + message.serialize().len()
}

/// Account locks of `message`: every static and table-loaded key.
pub fn account_locks(message: &VersionedMessage) -> usize {
    let loaded: usize = message
        .address_table_lookups()
        .unwrap_or_default()
        .iter()
        .map(|l| l.writable_indexes.len() + l.readonly_indexes.len())
        .sum();
    message.static_account_keys().len() + loaded
}

/// The address of the lookup table `authority` creates at `recent_slot`.
pub fn lookup_table_address(authority: &Pubkey, recent_slot: u64) -> Pubkey {
    solana_address_lookup_table_interface::instruction::derive_lookup_table_address(
        authority,
        recent_slot,
    )
    .0
}

/// Adds `addresses` to `table`; `authority` signs and pays.
pub fn extend_lookup_table(
    table: &Pubkey,
    authority: &Pubkey,
    addresses: Vec<Pubkey>,
) -> Instruction {
    solana_address_lookup_table_interface::instruction::extend_lookup_table(
        *table,
        *authority,
        Some(*authority),
        addresses,
    )
}

/// The setup transactions' instructions for one table holding `addresses`,
/// of which `on_chain` are already in it; the first creates the table when
/// `create_at` gives its recent slot.
pub fn table_setup(
    authority: &Pubkey,
    table: &Pubkey,
    create_at: Option<u64>,
    addresses: &[Pubkey],
    on_chain: usize,
) -> Vec<Vec<Instruction>> {
    use solana_address_lookup_table_interface::instruction as alt;
    let mut out: Vec<Vec<Instruction>> = Vec::new();
    let mut create = create_at.map(|slot| alt::create_lookup_table(*authority, *authority, slot).0);
    for chunk in addresses[on_chain.min(addresses.len())..].chunks(ADDRESSES_PER_EXTEND) {
        let mut ixs: Vec<Instruction> = create.take().into_iter().collect();
        ixs.push(extend_lookup_table(table, authority, chunk.to_vec()));
        out.push(ixs);
    }
    if let Some(create) = create {
        out.push(vec![create]);
    }
    out
}

/// The addresses an on-chain lookup table holds, from its account data.
pub fn table_contents(data: &[u8]) -> Option<Vec<Pubkey>> {
    let raw = data.get(LOOKUP_TABLE_META_SIZE..)?;
    if raw.len() % 32 != 0 {
        return None;
    }
    Some(
        raw.chunks_exact(32)
            .map(|c| Pubkey::new_from_array(c.try_into().unwrap_or([0u8; 32])))
            .collect(),
    )
}

/// Slots in a SlotHashes sysvar's data, newest first.
pub fn slot_hashes(data: &[u8]) -> Vec<u64> {
    let count = data
        .get(..8)
        .and_then(|b| b.try_into().ok())
        .map_or(0, u64::from_le_bytes) as usize;
    (0..count)
        .filter_map(|i| {
            let at = 8 + i * 40;
            data.get(at..at + 8)
                .and_then(|b| b.try_into().ok())
                .map(u64::from_le_bytes)
        })
        .collect()
}

/// Instructions that open or refresh ledgers, packed into transactions
/// that fit: `open` tracks get `open_ledger`, `stale` ones `sync_ledger`.
pub fn ledger_setup(payer: &Pubkey, open: &[Pubkey], stale: &[Pubkey]) -> Vec<Vec<Instruction>> {
    let all: Vec<Instruction> = open
        .iter()
        .map(|t| escrow_ix::open_ledger(payer, t))
        .chain(stale.iter().map(escrow_ix::sync_ledger))
        .collect();
    pack_instructions(payer, all)
}

/// Groups `instructions` in order into as few legacy transactions as fit.
pub fn pack_instructions(payer: &Pubkey, instructions: Vec<Instruction>) -> Vec<Vec<Instruction>> {
    let mut out: Vec<Vec<Instruction>> = Vec::new();
    let mut current: Vec<Instruction> = Vec::new();
    for ix in instructions {
        current.push(ix);
        let message = VersionedMessage::Legacy(LegacyMessage::new(&current, Some(payer)));
        if transaction_size(&message) > super::cost::MAX_TX_BYTES && current.len() > 1 {
            let last = current.pop();
            out.push(std::mem::take(&mut current));
            current.extend(last);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// A signed legacy transaction paid by `payer`.
pub fn legacy_transaction(
    instructions: &[Instruction],
    payer: &Keypair,
    blockhash: Hash,
) -> Transaction {
    Transaction::new_signed_with_payer(instructions, Some(&payer.pubkey()), &[payer], blockhash)
}
