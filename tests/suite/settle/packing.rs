//! Every planned transaction, serialized for real, within 1,232 bytes and
//! 64 account locks, with and without lookup tables; setup transactions
//! too; and plans that are the same for the same input.

use encore_sdk::settle::cost::{ComputeModel, MAX_ACCOUNT_LOCKS, MAX_COMPUTE_LIMIT, MAX_TX_BYTES};
use encore_sdk::settle::plan::ADDRESSES_PER_EXTEND;
use encore_sdk::settle::summary::check;
use encore_sdk::settle::tx::{self, AddressLookupTableAccount, PlanAccounts};
use encore_sdk::settle::{Encoding, EncodingChoice, Plan, PlanConfig};
use encore_sdk::{pda, Pubkey};
use solana_hash::Hash;

use super::epoch::{generate, EpochSpec};
use super::{csv, key, plan_of};

fn config(encoding: EncodingChoice) -> PlanConfig {
    PlanConfig {
        encoding,
        ..PlanConfig::default()
    }
}

/// Builds every batch's real message and checks it against the plan.
fn assert_real_transactions_fit(plan: &Plan) {
    let settler = key(900);
    let mint = key(901);
    let accounts = PlanAccounts::derive(&plan.listeners, &plan.tracks, &settler, &mint);
    let tables: Vec<AddressLookupTableAccount> = (0..plan.tables.len())
        .map(|i| AddressLookupTableAccount {
            key: tx::lookup_table_address(&settler, i as u64),
            addresses: accounts.table_addresses(plan, i),
        })
        .collect();
    let compute = ComputeModel::default();
    for batch in &plan.batches {
        let message = tx::settle_message(plan, batch, &accounts, &tables, Hash::default()).unwrap();
        let size = tx::transaction_size(&message);
        let locks = tx::account_locks(&message);
        assert_eq!(size, batch.shape.size(), "batch {} size model", batch.seq);
        assert_eq!(locks, batch.shape.locks(), "batch {} locks", batch.seq);
        assert!(size <= MAX_TX_BYTES, "batch {} is {size} bytes", batch.seq);
        assert!(
            locks <= MAX_ACCOUNT_LOCKS,
            "batch {} locks {locks}",
            batch.seq
        );
        let estimate = compute.estimate(batch.shape.accounts, batch.entry_count());
        match compute.limit(batch.shape.accounts, batch.entry_count()) {
            Some(limit) => {
                assert!(u64::from(limit) >= estimate && u64::from(limit) <= MAX_COMPUTE_LIMIT);
                assert_eq!(
                    message
                        .static_account_keys()
                        .iter()
                        .filter(|k| **k == tx::COMPUTE_BUDGET_PROGRAM)
                        .count(),
                    1
                );
            }
            None => assert!(estimate <= 200_000),
        }
        // The settle instruction names the planned accounts in order.
        let ixs = tx::settle_instructions(plan, batch, &accounts).unwrap();
        let settle = ixs.last().unwrap();
        // Its data decode to the planned parts, windows and entries.
        let args = <encore_sdk::stream_escrow::instruction::Settle as anchor_lang::AnchorDeserialize>::deserialize(
            &mut &settle.data[8..],
        )
        .unwrap()
        .args;
        assert_eq!(args.seq, batch.seq);
        let parts = encore_sdk::stream_escrow::batch::decode(&args.parts).unwrap();
        assert_eq!(parts.len(), batch.parts.len());
        for (wire, planned) in parts.iter().zip(&batch.parts) {
            use encore_sdk::settle::plan::PartKind;
            use encore_sdk::stream_escrow::batch::PartHeader;
            let window = &plan.windows[planned.window as usize];
            match (wire.header, planned.kind) {
                (
                    PartHeader::Open {
                        first_offset,
                        last_offset,
                        window_entries,
                    },
                    PartKind::Open { .. },
                ) => {
                    assert_eq!(args.base_time + i64::from(first_offset), window.first);
                    assert_eq!(args.base_time + i64::from(last_offset), window.last);
                    assert_eq!(usize::from(window_entries), window.entries.len());
                }
                (PartHeader::Continue { tag }, PartKind::Continue { .. }) => {
                    assert_eq!(tag, window.tag)
                }
                other => panic!("batch {}: header {other:?}", batch.seq),
            }
            let got: Vec<(u8, u8, u16)> = wire
                .entries
                .iter()
                .map(|e| (e.index, e.ledger, e.plays))
                .collect();
            let want: Vec<(u8, u8, u16)> = planned
                .entries
                .iter()
                .map(|e| (e.index, e.track, e.plays))
                .collect();
            assert_eq!(got, want);
        }
        let listed: Vec<Pubkey> = settle.accounts[4..].iter().map(|m| m.pubkey).collect();
        let planned: Vec<Pubkey> = batch
            .listeners
            .iter()
            .map(|l| pda::listener(&mint, &plan.listeners[*l as usize]).0)
            .chain(
                batch
                    .tracks
                    .iter()
                    .map(|t| pda::ledger(&plan.tracks[*t as usize]).0),
            )
            .collect();
        assert_eq!(listed, planned);
        assert!(settle.accounts[4..]
            .iter()
            .all(|m| m.is_writable && !m.is_signer));
        if plan.encoding == Encoding::LookupTables {
            let lookups = message.address_table_lookups().unwrap();
            assert_eq!(lookups.len(), batch.tables.len());
        }
    }
}

#[test]
fn legacy_and_lookup_table_plans_fit_every_limit() {
    let epoch = generate(EpochSpec::small(700, 160, 40_000, 21));
    let log = epoch.csv();
    for encoding in [EncodingChoice::Legacy, EncodingChoice::LookupTables] {
        let plan = plan_of(&log, &config(encoding));
        check(&plan).unwrap();
        assert!(plan.batches.len() > 10);
        assert_real_transactions_fit(&plan);
        let summary = plan.summary(std::time::Duration::from_millis(1));
        assert!(summary.max_tx_bytes <= MAX_TX_BYTES);
        assert!(summary.max_account_locks <= MAX_ACCOUNT_LOCKS);
        if encoding == EncodingChoice::LookupTables {
            assert_eq!(plan.encoding, Encoding::LookupTables);
            // Every listener and ledger sits in exactly one table.
            let mut all: Vec<u32> = plan.tables.iter().flatten().copied().collect();
            let n = all.len();
            all.sort_unstable();
            all.dedup();
            assert_eq!(all.len(), n);
            assert_eq!(n, summary.listeners + summary.tracks);
            assert!(plan.tables.iter().all(|t| t.len() <= 256));
        } else {
            assert!(plan.tables.is_empty());
            assert_eq!(summary.setup_transactions, 0);
        }
    }
}

#[test]
fn auto_picks_what_needs_fewer_transactions() {
    // A handful of pairs: one legacy transaction beats a table and a batch.
    let small = plan_of(
        &generate(EpochSpec::small(5, 4, 40, 2)).csv(),
        &PlanConfig::default(),
    );
    assert_eq!(small.encoding, Encoding::Legacy);
    assert_eq!(small.setup_transactions(), 0);
    // Many listeners: tables pay for their setup many times over.
    let log = generate(EpochSpec::small(1_500, 300, 60_000, 8)).csv();
    let auto = plan_of(&log, &PlanConfig::default());
    let legacy = plan_of(&log, &config(EncodingChoice::Legacy));
    assert_eq!(auto.encoding, Encoding::LookupTables);
    assert!(auto.batches.len() + auto.setup_transactions() < legacy.batches.len());
    let summary = auto.summary(std::time::Duration::from_millis(1));
    assert!(
        summary.ratio <= 3.0,
        "{} transactions vs lower bound {}",
        summary.transactions,
        summary.lower_bound
    );
}

#[test]
fn the_same_log_in_any_line_order_gives_the_same_plan() {
    let epoch = generate(EpochSpec::small(300, 80, 12_000, 4));
    let mut events = epoch.keyed();
    let forward = plan_of(&csv(&events), &PlanConfig::default());
    events.reverse();
    let backward = plan_of(&csv(&events), &PlanConfig::default());
    assert_eq!(forward.batches, backward.batches);
    assert_eq!(forward.tables, backward.tables);
    let again = plan_of(&csv(&events), &PlanConfig::default());
    assert_eq!(again, backward);
}

#[test]
fn setup_transactions_fit_with_thirty_addresses() {
    let authority = key(1);
    let table = tx::lookup_table_address(&authority, 5);
    let addresses: Vec<Pubkey> = (0..256).map(|i| key(1_000 + i)).collect();
    let steps = tx::table_setup(&authority, &table, Some(5), &addresses, 0);
    assert_eq!(steps.len(), 256usize.div_ceil(ADDRESSES_PER_EXTEND));
    for ixs in &steps {
        let message = tx::VersionedMessage::Legacy(tx::LegacyMessage::new(ixs, Some(&authority)));
        assert!(tx::transaction_size(&message) <= MAX_TX_BYTES);
    }
    // One more address would not fit beside the create instruction.
    let over = tx::table_setup(&authority, &table, Some(5), &addresses[..31], 0);
    let mut ixs = over[0].clone();
    ixs.pop();
    ixs.push(tx::extend_lookup_table(
        &table,
        &authority,
        addresses[..31].to_vec(),
    ));
    let message = tx::VersionedMessage::Legacy(tx::LegacyMessage::new(&ixs, Some(&authority)));
    assert!(tx::transaction_size(&message) > MAX_TX_BYTES);
    // Resuming a table already holding 100 addresses sends the rest only.
    let rest = tx::table_setup(&authority, &table, None, &addresses, 100);
    assert_eq!(rest.len(), 156usize.div_ceil(ADDRESSES_PER_EXTEND));

    let tracks: Vec<Pubkey> = (0..40).map(key).collect();
    for ixs in tx::ledger_setup(&authority, &tracks[..25], &tracks[25..]) {
        let message = tx::VersionedMessage::Legacy(tx::LegacyMessage::new(&ixs, Some(&authority)));
        assert!(tx::transaction_size(&message) <= MAX_TX_BYTES);
    }
}
