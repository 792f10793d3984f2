//! The localnet is an ordinary cluster to standard clients: the SDK's
//! `RpcClient` and `solana_rpc_client` directly.

use std::time::{Duration, Instant};

use encore_sdk::client::EncoreClient;
use encore_sdk::localnet::served_programs;
use solana_commitment_config::CommitmentConfig;
use solana_keypair::Keypair;
use solana_signer::Signer;

use super::{E2e, SOL};

#[test]
fn e2e_localnet_is_a_normal_cluster() {
    let e2e = E2e::start();
    let rpc = solana_rpc_client::rpc_client::RpcClient::new_with_commitment(
        e2e.net.url().to_string(),
        CommitmentConfig::confirmed(),
    );

    let version = rpc.get_version().unwrap();
    assert!(!version.solana_core.is_empty());

    // The upgrade authority starts funded; anyone else gets SOL by airdrop.
    assert!(rpc.get_balance(&e2e.authority.pubkey()).unwrap() >= 100 * SOL);
    let someone = Keypair::new();
    assert_eq!(rpc.get_balance(&someone.pubkey()).unwrap(), 0);
    let signature = rpc.request_airdrop(&someone.pubkey(), 2 * SOL).unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !rpc.confirm_transaction(&signature).unwrap() {
        assert!(
            Instant::now() < deadline,
            "airdrop {signature} not confirmed"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(rpc.get_balance(&someone.pubkey()).unwrap(), 2 * SOL);

    // Every program is served at its declared id, executable.
    for program in served_programs() {
        let account = rpc
            .get_account(&program.id)
            .unwrap_or_else(|e| panic!("{} ({}) is not served: {e}", program.name, program.id));
        assert!(account.executable, "{} is not executable", program.name);
    }

    // Blocks advance by themselves, as on any cluster.
    let slot = rpc.get_slot().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while rpc.get_slot().unwrap() <= slot {
        assert!(Instant::now() < deadline, "no new slot after {slot}");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_ne!(
        rpc.get_latest_blockhash().unwrap(),
        solana_hash::Hash::default()
    );

    // The SDK's client sees the same chain, and a warp moves its clock.
    let sdk = e2e.net.client();
    let other = Keypair::new();
    sdk.airdrop(&other.pubkey(), SOL).unwrap();
    assert_eq!(sdk.balance(&other.pubkey()).unwrap(), SOL);
    let before = sdk.clock().unwrap().unix_timestamp;
    let warped = e2e.net.warp_seconds(3 * 86_400).unwrap();
    assert!(warped.unix_timestamp >= before + 3 * 86_400);
    let after = sdk.clock().unwrap().unix_timestamp;
    assert!(
        after >= before + 3 * 86_400,
        "clock over RPC moved from {before} to {after}"
    );
}
