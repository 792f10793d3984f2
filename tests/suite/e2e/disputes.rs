//! The overcharge attack end to end over `encore localnet`, through the
//! binary: a bonded settler settles a play log that charges each of 50
//! listeners for three plays they never made (their apps' receipts, which
//! the settler holds, cover two). A watcher (`encore escrow watch`)
//! disputes all 50, the settler (`encore settle answer`) has no receipt
//! that covers the charges, the answer window closes, and the watcher's
//! next pass decides them: each listener gets back exactly the three
//! plays, the watcher its rewards and deposits, the settler is suspended,
//! and its bond is short by exactly the refunds and rewards.

use anchor_lang::solana_program::system_instruction;
use encore_sdk::client::EncoreClient;
use encore_sdk::instructions::{escrow as ix, registry as reg_ix};
use encore_sdk::receipts::{self, Receipt};
use encore_sdk::track_registry::instructions::RegisterTrackArgs;
use encore_sdk::{accounts, escrow, pda, token};
use serde_json::Value;
use solana_keypair::Keypair;
use solana_signer::Signer;

use super::{E2e, SOL};
use crate::settle::chain::{seeded, terms};

const USDC: u64 = 1_000_000;
const LISTENERS: u32 = 50;
/// A listener's app signs its receipt through `encore escrow receipt`.
const BY_BINARY: u32 = 2;
const PRICE: u64 = 10_000;
const DEPOSIT: u64 = USDC;
const BOND: u64 = 100 * USDC;
const PLAYED: u64 = 2;
const CHARGED: u64 = 5;
const DAY: u64 = 86_400;
/// Governance's defaults: a 10% reward on each refund, a 0.05 SOL deposit.
const REWARD_BPS: u64 = 1_000;
const DEPOSIT_LAMPORTS: u64 = 50_000_000;

#[test]
fn e2e_a_watcher_recovers_an_overcharge_of_50_listeners_from_the_settlers_bond() {
    let e2e = E2e::start_with(seeded(1, 0));
    let payer = e2e.adopt("payer", seeded(3, 0));
    let mint = e2e.mint_at(&payer, seeded(4, 0), 6);
    let mint_arg = mint.to_string();

    // A settler bonded in the payment mint and approved through migrate.
    let settler = e2e.adopt("settler", seeded(6, 0));
    e2e.json(&e2e.authority, &["migrate"]);
    e2e.json(
        &settler,
        &["gov", "settler", "register", "--bond-mint", &mint_arg],
    );
    e2e.mint_to(&payer, &mint, &settler.pubkey(), BOND);
    e2e.json(
        &settler,
        &["gov", "settler", "post-bond", "--amount", "100"],
    );
    let approved = e2e.json(
        &e2e.authority,
        &["migrate", "--settler", &settler.pubkey().to_string()],
    );
    assert_eq!(approved["complete"], true, "{approved}");

    // One track at 0.01 a play.
    let artist = e2e.adopt("artist", seeded(5, 0));
    e2e.json(&artist, &["artist", "create", "--handle", "attacked"]);
    let content_hash = [0xd1; 32];
    let register = reg_ix::register_track_with_ledger(
        &artist.pubkey(),
        &mint,
        RegisterTrackArgs {
            content_hash,
            isrc: None,
            metadata_uri: String::new(),
            terms: terms(PRICE),
        },
    );
    e2e.send_all(&[
        (register, &artist.keypair, vec![]),
        (
            vec![ix::init_escrow(&payer.pubkey(), &mint)],
            &payer.keypair,
            vec![],
        ),
    ]);
    let track = pda::track(&content_hash).0;

    // Fifty listeners, each holding 1 USDC in the escrow.
    let wallets: Vec<Keypair> = (0..LISTENERS).map(|i| seeded(7, i)).collect();
    let p = payer.pubkey();
    let bulk: Vec<_> = wallets
        .iter()
        .map(|wallet| {
            let w = wallet.pubkey();
            let source = token::associated_address(&w, &mint);
            let ixs = vec![
                system_instruction::transfer(&p, &w, SOL / 10),
                token::create_associated_idempotent(&p, &w, &mint),
                token::mint_to(&mint, &source, &p, DEPOSIT).unwrap(),
                ix::open_listener(&w, &mint),
                ix::deposit(&w, &mint, &source, DEPOSIT),
            ];
            (ixs, &payer.keypair, vec![wallet])
        })
        .collect();
    e2e.send_all(&bulk);

    // Each listener played twice; its app signed for two plays. Two sign
    // through the binary, the rest through the SDK, all into one file.
    let signed_total = PLAYED * PRICE;
    let receipts_file = e2e.file("receipts.jsonl", b"");
    let settler_key = settler.pubkey().to_string();
    let mut lines = Vec::new();
    for (i, wallet) in wallets.iter().enumerate() {
        if (i as u32) < BY_BINARY {
            let listener = e2e.adopt(&format!("listener{i}"), wallet.insecure_clone());
            let signed = e2e.json(
                &listener,
                &[
                    "escrow",
                    "receipt",
                    "--mint",
                    &mint_arg,
                    "--settler",
                    &settler_key,
                    "--total",
                    "0.02",
                    "--out",
                    &receipts_file,
                ],
            );
            assert_eq!(signed["total"]["base_units"], signed_total);
            assert_eq!(signed["signer_is_receipt_key"], true);
            lines.push(signed["line"].as_str().unwrap().to_string());
        } else {
            let receipt = Receipt {
                listener: wallet.pubkey(),
                payment_mint: mint,
                settler: settler.pubkey(),
                epoch: 0,
                total: signed_total,
                through: 1,
            };
            lines.push(receipts::sign(receipt, wallet).to_line());
        }
    }
    let all_receipts = lines.join("\n") + "\n";
    std::fs::write(&receipts_file, &all_receipts).unwrap();

    // The settler's log charges five plays each, its receipts beside them.
    let now = e2e.client.clock().unwrap().unix_timestamp;
    let mut log = String::from("listener,track,timestamp,seconds_played\n");
    for wallet in &wallets {
        for k in 0..CHARGED as i64 {
            log.push_str(&format!(
                "{},{track},{},180\n",
                wallet.pubkey(),
                now - 3_600 + k * 600
            ));
        }
    }
    // CSV logs carry receipts as rows: receipt,listener,...,signature.
    let log = with_receipt_rows(log, &lines);
    let plays = e2e.file("plays.csv", log.as_bytes());
    let store = e2e.dir.path().join("store.jsonl");
    let store_arg = store.display().to_string();
    let run = e2e.json(
        &settler,
        &[
            "settle",
            "run",
            "--plays",
            &plays,
            "--mint",
            &mint_arg,
            "--receipt-store",
            &store_arg,
        ],
    );
    assert_eq!(run["plays_paid"], u64::from(LISTENERS) * CHARGED, "{run}");
    assert_eq!(run["receipts"]["read"], LISTENERS);
    assert_eq!(run["receipts"]["stored"], LISTENERS);
    for wallet in &wallets {
        let l = escrow::listener(&e2e.client, &mint, &wallet.pubkey())
            .unwrap()
            .unwrap();
        assert_eq!(l.balance, DEPOSIT - CHARGED * PRICE);
        assert_eq!(l.tabs[0].charged, CHARGED * PRICE);
    }

    // The watcher disputes every excess; without the receipts it refuses
    // to guess (every charge would look unsigned).
    let watcher = e2e.adopt("watcher", Keypair::new());
    let (error, hint) = e2e.fail(&watcher, &["escrow", "watch", "--once"]);
    assert!(error.contains("receipts"), "{error}");
    assert!(hint.contains("--receipts"), "{hint}");
    let watched = e2e.json(
        &watcher,
        &["escrow", "watch", "--receipts", &receipts_file, "--once"],
    );
    assert_eq!(watched["listeners"], LISTENERS, "{watched}");
    assert_eq!(
        watched["opened"].as_array().unwrap().len(),
        LISTENERS as usize
    );
    let excess = (CHARGED - PLAYED) * PRICE;
    let reward = excess * REWARD_BPS / 10_000;
    for d in watched["opened"].as_array().unwrap() {
        assert_eq!(d["status"], "open");
        assert_eq!(d["charged"]["base_units"], CHARGED * PRICE);
        assert_eq!(d["signed_total"]["base_units"], signed_total);
        assert_eq!(d["held"]["base_units"], excess + reward);
    }
    let record = accounts::settler(&e2e.client, &settler.pubkey())
        .unwrap()
        .unwrap();
    assert_eq!(
        record.held_by_disputes,
        u64::from(LISTENERS) * (excess + reward)
    );

    // The settler's receipts cover only what was signed: nothing to answer.
    let answer = e2e.json(
        &settler,
        &["settle", "answer", "--receipt-store", &store_arg],
    );
    assert_eq!(answer["answered"], serde_json::json!([]), "{answer}");
    let unanswered = answer["unanswered"].as_array().unwrap();
    assert_eq!(unanswered.len(), LISTENERS as usize);
    assert!(unanswered
        .iter()
        .all(|u| u["reason"] == "receipt_below_signed_total"));

    // A pass before the deadline decides nothing.
    let early = e2e.json(
        &watcher,
        &["escrow", "watch", "--receipts", &receipts_file, "--once"],
    );
    assert_eq!(
        early["waiting"].as_array().unwrap().len(),
        LISTENERS as usize
    );
    assert_eq!(early["opened"], serde_json::json!([]));

    // The answer window closes; the watcher's next pass decides all 50.
    e2e.net.warp_seconds(DAY + 60).unwrap();
    let lamports_before = e2e.client.inner().get_balance(&watcher.pubkey()).unwrap();
    let decided = e2e.json(
        &watcher,
        &["escrow", "watch", "--receipts", &receipts_file, "--once"],
    );
    let decided = decided["decided"].as_array().unwrap();
    assert_eq!(decided.len(), LISTENERS as usize);
    for d in decided {
        assert_eq!(d["status"], "upheld");
        assert_eq!(d["refund"]["base_units"], excess);
        assert_eq!(d["reward"]["base_units"], reward);
    }
    // Every listener: back to exactly the two plays it made.
    for wallet in &wallets {
        let l = escrow::listener(&e2e.client, &mint, &wallet.pubkey())
            .unwrap()
            .unwrap();
        assert_eq!(l.balance, DEPOSIT - PLAYED * PRICE, "{}", wallet.pubkey());
        assert_eq!(l.tabs[0].charged, signed_total);
        assert_eq!(l.lifetime_refunded, u128::from(excess));
        assert!(!l.tabs[0].disputed);
    }
    // The watcher: the rewards in the payment mint, the deposits back.
    let n = u64::from(LISTENERS);
    let watcher_tokens = token::associated_address(&watcher.pubkey(), &mint);
    assert_eq!(
        token::balance(&e2e.client, &watcher_tokens).unwrap(),
        n * reward
    );
    let lamports_after = e2e.client.inner().get_balance(&watcher.pubkey()).unwrap();
    assert!(
        lamports_after > lamports_before + (n - 1) * DEPOSIT_LAMPORTS,
        "the deposits came back: {lamports_before} -> {lamports_after}"
    );
    // The settler: suspended, its bond short by exactly refunds and rewards.
    let record = accounts::settler(&e2e.client, &settler.pubkey())
        .unwrap()
        .unwrap();
    assert!(!record.approved);
    assert_eq!(record.bond_amount, BOND - n * (excess + reward));
    assert_eq!(record.held_by_disputes, 0);
    assert_eq!(record.disputes_lost, LISTENERS);
    assert_eq!(record.refunded_total, n * (excess + reward));
    let vault = pda::settler_bond(&settler.pubkey()).0;
    assert_eq!(
        token::balance(&e2e.client, &vault).unwrap(),
        record.bond_amount
    );
    let books = escrow::books(&e2e.client, &mint).unwrap();
    assert!(books.conserved(), "{books:?}");
    assert_eq!(
        books.listener_balances,
        n * (DEPOSIT - PLAYED * PRICE),
        "the refunds are in the listeners' balances"
    );

    // What the listener and governance see.
    let shown = e2e.json(
        &e2e.adopt("listener0-again", wallets[0].insecure_clone()),
        &["escrow", "show", "--mint", &mint_arg],
    );
    assert_eq!(shown["lifetime_refunded"]["base_units"], excess);
    assert_eq!(shown["tabs"][0]["charged"]["base_units"], signed_total);
    assert_eq!(shown["tabs"][0]["disputes"], 1);
    let gov = e2e.json(
        &settler,
        &["gov", "settler", "show", &settler.pubkey().to_string()],
    );
    assert_eq!(gov["approved"], false);
    assert_eq!(gov["disputes_lost"], LISTENERS);
    assert_eq!(gov["refunded_total"]["base_units"], n * (excess + reward));
    // A suspended settler settles nothing more.
    let (error, _) = e2e.fail(
        &settler,
        &["settle", "run", "--plays", &plays, "--mint", &mint_arg],
    );
    assert!(
        error.contains("SettlerNotApproved") || error.contains("not approved"),
        "{error}"
    );
}

/// The CSV play log with each receipt as a `receipt,...` row.
fn with_receipt_rows(mut log: String, lines: &[String]) -> String {
    for line in lines {
        let r: Value = serde_json::from_str(line).unwrap();
        log.push_str(&format!(
            "receipt,{},{},{},{},{},{},{},{}\n",
            r["listener"].as_str().unwrap(),
            r["payment_mint"].as_str().unwrap(),
            r["settler"].as_str().unwrap(),
            r["epoch"],
            r["total"],
            r["through"],
            r["signer"].as_str().unwrap(),
            r["signature"].as_str().unwrap()
        ));
    }
    log
}
