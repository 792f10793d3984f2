//! Settlement with lookup tables over real JSON-RPC (the embedded surfpool
//! node): tables created at recent slots from SlotHashes, used after their
//! extension slot, v0 transactions within the packet limit the node enforces.

use encore_sdk::client::EncoreClient;
use encore_sdk::instructions::{escrow as ix, gov as gov_ix, registry as reg_ix};
use encore_sdk::localnet::{Localnet, LocalnetConfig};
use encore_sdk::settle::{self, EncodingChoice, PlanConfig, RunConfig, RunOptions};
use encore_sdk::track_registry::instructions::{CreateArtistArgs, RegisterTrackArgs};
use encore_sdk::{escrow, pda, token};
use solana_signer::Signer;

use super::chain::{minted_bond, seeded, terms, SETTLER_BOND};
use super::epoch::EpochSpec;
use super::{csv, mapped};

#[test]
fn lookup_table_settlement_over_json_rpc() {
    let council = seeded(1, 0);
    let (payer, artist, settler) = (seeded(3, 0), seeded(5, 0), seeded(6, 0));
    let listeners: Vec<_> = (0..12).map(|i| seeded(7, i)).collect();
    let mut funded = vec![payer.pubkey(), artist.pubkey(), settler.pubkey()];
    funded.extend(listeners.iter().map(|k| k.pubkey()));
    let net = Localnet::start(LocalnetConfig {
        upgrade_authority: Some(council.pubkey()),
        airdrop: funded,
        ..LocalnetConfig::default()
    })
    .expect("localnet");
    let client = net.client();
    let params = encore_sdk::native::local_params(&seeded(2, 0).pubkey());
    client
        .send_instructions(
            &[gov_ix::initialize(&council.pubkey(), params)],
            &council,
            &[],
        )
        .expect("governance");
    let mint = seeded(4, 0);
    let ixs = token::create_mint(
        &payer.pubkey(),
        &mint.pubkey(),
        &payer.pubkey(),
        6,
        token::mint_rent(),
    )
    .unwrap();
    client
        .send_instructions(&ixs, &payer, &[&mint])
        .expect("mint");
    let mint = mint.pubkey();
    let create = reg_ix::create_artist(
        &artist.pubkey(),
        CreateArtistArgs {
            handle: "rpc".into(),
            display_name: "RPC".into(),
            metadata_uri: String::new(),
        },
    );
    let mut setup = vec![create];
    let mut tracks = Vec::new();
    for i in 0..6u8 {
        let hash = [i + 1; 32];
        setup.push(reg_ix::register_track(
            &artist.pubkey(),
            &mint,
            RegisterTrackArgs {
                content_hash: hash,
                isrc: None,
                metadata_uri: String::new(),
                terms: terms(100 + u64::from(i)),
            },
        ));
        tracks.push(pda::track(&hash).0);
    }
    client
        .send_instructions(&setup, &artist, &[])
        .expect("tracks");
    client
        .send_instructions(
            &[gov_ix::register_settler(&settler.pubkey(), &mint)],
            &settler,
            &[],
        )
        .expect("register settler");
    client
        .send_instructions(
            &minted_bond(&payer.pubkey(), &settler.pubkey(), &mint, SETTLER_BOND),
            &settler,
            &[&payer],
        )
        .expect("post bond");
    client
        .send_instructions(
            &[
                ix::init_escrow(&payer.pubkey(), &mint),
                gov_ix::approve_settler(&council.pubkey(), &settler.pubkey(), 0),
            ],
            &payer,
            &[&council],
        )
        .expect("escrow and approval");
    for wallet in &listeners {
        let w = wallet.pubkey();
        let source = token::associated_address(&w, &mint);
        let ixs = [
            token::create_associated_idempotent(&w, &w, &mint),
            token::mint_to(&mint, &source, &payer.pubkey(), 10_000_000).unwrap(),
            ix::open_listener(&w, &mint),
            ix::deposit(&w, &mint, &source, 10_000_000),
        ];
        client
            .send_instructions(&ixs, wallet, &[&payer])
            .expect("listener");
    }

    let wallets: Vec<_> = listeners.iter().map(|k| k.pubkey()).collect();
    let log = csv(&mapped(
        EpochSpec::small(12, 6, 1_500, 3),
        &wallets,
        &tracks,
    ));
    let dir = tempfile::tempdir().unwrap();
    let config = RunConfig {
        payment_mint: mint,
        plan: PlanConfig {
            encoding: EncodingChoice::LookupTables,
            ..PlanConfig::default()
        },
        open_fee_bps: 0,
        checkpoint: dir.path().join("rpc.checkpoint.json"),
        in_flight: 16,
    };
    let report = settle::run(&client, &settler, &log, &config, RunOptions::default()).expect("run");
    assert!(report.complete);
    assert_eq!(report.plan.encoding, settle::Encoding::LookupTables);
    assert_eq!(
        report.plan.lookup_tables, 2,
        "one listener and one track table"
    );
    assert_eq!(report.setup_transactions, 2);
    assert_eq!(report.plays_unpaid, 0);
    assert_eq!(report.plays_paid, report.plan.plays_planned);
    assert!(escrow::books(&client, &mint).unwrap().conserved());
    net.stop().expect("stop");
}
