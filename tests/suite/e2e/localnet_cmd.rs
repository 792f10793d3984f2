//! `encore localnet` itself: a child process that prints its URL as JSON,
//! serves a normal cluster, and stops cleanly on Ctrl-C (SIGINT).

use std::io::BufReader;
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::BIN;

#[test]
fn e2e_localnet_command_serves_until_ctrl_c() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let home = tempfile::tempdir().unwrap();
    let authority = "6G6CTkW6dihcGUq7r5u36cwLy1dphSmffBkmF6CBK54p";
    let listener = "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin";
    let started = Instant::now();
    let mut child = Command::new(BIN)
        .args(["localnet", "--quiet", "--output", "json-compact"])
        .args([
            "--port",
            &port.to_string(),
            "--upgrade-authority",
            authority,
            "--fund",
            listener,
        ])
        .env("HOME", home.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let printed: Value = serde_json::Deserializer::from_reader(stdout)
        .into_iter::<Value>()
        .next()
        .expect("a JSON object on stdout")
        .unwrap();
    eprintln!("encore localnet ready after {:?}", started.elapsed());
    let url = format!("http://127.0.0.1:{port}");
    assert_eq!(printed["url"], url.as_str());
    assert_eq!(
        printed["ws_url"],
        format!("ws://127.0.0.1:{}", port + 1).as_str()
    );
    assert_eq!(printed["upgrade_authority"], authority);
    let programs = printed["programs"].as_array().unwrap();
    for name in [
        "track_registry",
        "governance",
        "royalty_shares",
        "stream_escrow",
        "spl_token",
    ] {
        assert!(
            programs.iter().any(|p| p["name"] == name),
            "{name} missing from {printed}"
        );
    }

    let rpc = solana_rpc_client::rpc_client::RpcClient::new(url.clone());
    rpc.get_version().unwrap();
    let governance: encore_sdk::Pubkey = programs
        .iter()
        .find(|p| p["name"] == "governance")
        .and_then(|p| p["id"].as_str())
        .unwrap()
        .parse()
        .unwrap();
    assert!(rpc.get_account(&governance).unwrap().executable);

    // The test stablecoin, and the wallets funded with SOL and with it
    // (no keypair here: HOME is empty).
    let mint: encore_sdk::Pubkey = printed["mint"].as_str().unwrap().parse().unwrap();
    assert_eq!(mint, encore_sdk::localnet::test_mint::address());
    let info =
        encore_sdk::token::mint_info(&encore_sdk::RpcClient::new(&url, Default::default()), &mint)
            .unwrap();
    assert_eq!(info.decimals, 6);
    assert_eq!(printed["funded"], serde_json::json!([authority, listener]));
    for wallet in [authority, listener] {
        let wallet: encore_sdk::Pubkey = wallet.parse().unwrap();
        // 1,000 SOL (the node's genesis leaves the authority a lamport more).
        let sol = rpc.get_balance(&wallet).unwrap();
        assert!(
            (1_000_000_000_000..=1_000_000_000_001).contains(&sol),
            "{wallet}: {sol}"
        );
        let account = encore_sdk::token::associated_address(&wallet, &mint);
        let tokens = rpc.get_token_account_balance(&account).unwrap();
        assert_eq!(tokens.amount, "10000000000", "{wallet}: 10,000 test USD");
    }
    assert_eq!(info.supply, 2 * 10_000_000_000);

    // A second node on the same port says so, and what to do.
    let second = Command::new(BIN)
        .args(["localnet", "--quiet", "--port", &port.to_string()])
        .env("HOME", home.path())
        .output()
        .unwrap();
    assert!(!second.status.success());
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(
        stderr.contains(&format!("port {port}")) && stderr.contains("in use"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: another node is listening there"),
        "{stderr}"
    );

    // Ctrl-C is SIGINT to the process.
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success(), "SIGINT sent");
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "encore localnet ignored Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "exit status {status}");
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
        "the port is still served after exit"
    );
}
