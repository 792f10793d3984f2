//! `encore wallet`: keypair files in the Solana CLI's format, addresses,
//! balances and test SOL, driven through the CLI and checked on the chain.

use encore_sdk::client::EncoreClient;
use encore_sdk::localnet::test_mint;
use encore_sdk::token;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::support::cli::{fail_cli, json_cli, key, run_cli, Env, Wallet, DECIMALS, SOL};

#[test]
fn a_new_keypair_file_signs_for_its_address() {
    let env = Env::new();
    let someone = env.wallet("someone");
    let path = env.dir.path().join("keys/listener.json");
    let file = path.to_string_lossy().into_owned();
    let made = env.json(&someone, &["wallet", "new", "--outfile", &file]);
    assert_eq!(made["outfile"], file.as_str());
    let address = key(&made["address"]);

    // The file is the Solana CLI's: 64 bytes whose public half is the address.
    let bytes: Vec<u8> = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let keypair = Keypair::try_from(bytes.as_slice()).unwrap();
    assert_eq!(keypair.pubkey(), address);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "readable by its owner only");
    }
    // `wallet address` reads it back through -k.
    let shown = json_cli(&env.client, &file, &["wallet", "address"]);
    assert_eq!(key(&shown["address"]), address);
    let plain = run_cli(&env.client, &file, &["wallet", "address"]).unwrap();
    assert_eq!(plain.trim(), address.to_string());

    // An existing file is kept unless --force.
    let (error, hint) = env.fail(&someone, &["wallet", "new", "--outfile", &file]);
    assert!(error.contains("already exists"), "{error}");
    assert!(hint.contains("--force"), "{hint}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        serde_json::to_string(&bytes).unwrap(),
        "untouched"
    );
    let replaced = env.json(&someone, &["wallet", "new", "--outfile", &file, "--force"]);
    assert_ne!(key(&replaced["address"]), address);
}

#[test]
fn balances_in_sol_and_in_a_mint() {
    let env = Env::new();
    let holder = env.wallet("holder");
    let shown = env.json(&holder, &["wallet", "balance"]);
    assert_eq!(key(&shown["address"]), holder.pubkey());
    assert_eq!(shown["sol"]["base_units"], 10 * SOL);
    assert_eq!(shown["sol"]["ui"], "10");
    assert!(shown["tokens"].is_null());

    // An empty associated account of the payment mint.
    let payer = Keypair::new();
    env.client.airdrop(&payer.pubkey(), SOL).unwrap();
    let account = token::associated_address(&holder.pubkey(), &env.mint);
    env.client
        .send_instructions(
            &[token::create_associated_idempotent(
                &payer.pubkey(),
                &holder.pubkey(),
                &env.mint,
            )],
            &payer,
            &[],
        )
        .unwrap();
    // Tokens of a mint of our own (the Env's mint authority is not ours).
    let mint = Keypair::new();
    let ixs = token::create_mint(
        &payer.pubkey(),
        &mint.pubkey(),
        &payer.pubkey(),
        DECIMALS,
        token::mint_rent(),
    )
    .unwrap();
    env.client
        .send_instructions(&ixs, &payer, &[&mint])
        .unwrap();
    let ata = token::associated_address(&holder.pubkey(), &mint.pubkey());
    env.client
        .send_instructions(
            &[
                token::create_associated_idempotent(
                    &payer.pubkey(),
                    &holder.pubkey(),
                    &mint.pubkey(),
                ),
                token::mint_to(&mint.pubkey(), &ata, &payer.pubkey(), 2_500_000).unwrap(),
            ],
            &payer,
            &[],
        )
        .unwrap();
    let minted = mint.pubkey().to_string();
    let tokens = env.json(&holder, &["wallet", "balance", "--mint", &minted]);
    assert_eq!(tokens["mint"], minted.as_str());
    assert_eq!(key(&tokens["token_account"]), ata);
    assert_eq!(tokens["tokens"]["base_units"], 2_500_000);
    assert_eq!(tokens["tokens"]["ui"], "2.5");
    // An empty associated account, and another wallet's balance by address.
    let payment = env.mint.to_string();
    let empty = env.json(&holder, &["wallet", "balance", "--mint", &payment]);
    assert_eq!(key(&empty["token_account"]), account);
    assert_eq!(empty["tokens"]["base_units"], 0);
    let other = payer.pubkey().to_string();
    let theirs = env.json(&holder, &["wallet", "balance", "--address", &other]);
    assert_eq!(
        theirs["sol"]["base_units"].as_u64().unwrap(),
        env.client.balance(&payer.pubkey()).unwrap()
    );
    // Something that is not a mint.
    let (error, hint) = env.fail(&holder, &["wallet", "balance", "--mint", &other]);
    assert!(error.contains(&other), "{error}");
    assert!(hint.contains("--mint"), "{hint}");
}

#[test]
fn airdrops_fund_a_new_wallet_on_a_local_chain_only() {
    let env = Env::new();
    let path = env.dir.path().join("fresh.json");
    let file = path.to_string_lossy().into_owned();
    let someone = env.wallet("someone");
    let made = env.json(&someone, &["wallet", "new", "--outfile", &file]);
    let fresh = Wallet {
        keypair: Keypair::try_from(
            serde_json::from_str::<Vec<u8>>(&std::fs::read_to_string(&path).unwrap())
                .unwrap()
                .as_slice(),
        )
        .unwrap(),
        path: file.clone(),
    };
    assert_eq!(key(&made["address"]), fresh.pubkey());
    assert_eq!(env.client.balance(&fresh.pubkey()).unwrap(), 0);

    let dropped = env.json(&fresh, &["wallet", "airdrop", "--amount", "2.5"]);
    assert_eq!(dropped["received"]["base_units"], 2_500_000_000u64);
    assert_eq!(env.client.balance(&fresh.pubkey()).unwrap(), 2_500_000_000);
    assert_eq!(dropped["balance"]["base_units"], 2_500_000_000u64);
    assert!(dropped["mint"].is_null());
    // To someone else, 1 SOL by default.
    let other = Keypair::new().pubkey();
    let to = other.to_string();
    env.json(&fresh, &["wallet", "airdrop", "--to", &to]);
    assert_eq!(env.client.balance(&other).unwrap(), SOL);

    // Only local nodes and devnet give test SOL; amounts within reason.
    for cluster in ["mainnet-beta", "testnet", "https://rpc.example.org"] {
        let (error, hint) = fail_cli(&env.client, &file, &["-u", cluster, "wallet", "airdrop"]);
        assert!(
            error.contains("localnet and devnet only"),
            "{cluster}: {error}"
        );
        assert!(hint.contains("encore localnet"), "{hint}");
    }
    // Nor do they let anyone move their clock.
    for cluster in ["mainnet-beta", "devnet", "https://rpc.example.org"] {
        let (error, hint) = fail_cli(
            &env.client,
            &file,
            &["-u", cluster, "localnet", "warp", "1d"],
        );
        assert!(
            error.contains("only a local node's clock"),
            "{cluster}: {error}"
        );
        assert!(hint.contains("encore localnet"), "{hint}");
    }
    let (error, _) = env.fail(&fresh, &["wallet", "airdrop", "--amount", "0"]);
    assert!(error.contains("more than 0"), "{error}");
    let (error, hint) = env.fail(&fresh, &["wallet", "airdrop", "--amount", "101"]);
    assert!(error.contains("more than an airdrop gives"), "{error}");
    assert!(hint.contains("100 SOL"), "{hint}");
    assert_eq!(
        env.client.balance(&fresh.pubkey()).unwrap(),
        2_500_000_000,
        "unchanged"
    );
}

#[test]
fn a_local_node_gives_its_test_usd_and_no_other_token() {
    let env = Env::new();
    let holder = env.wallet("holder");
    // As `encore localnet` does at start: the faucet funded, the mint created.
    env.client
        .airdrop(&test_mint::faucet().pubkey(), SOL)
        .unwrap();
    let mint = test_mint::create(&env.client).unwrap();
    let address = mint.to_string();
    let got = env.json(
        &holder,
        &["wallet", "airdrop", "--mint", &address, "--amount", "250.5"],
    );
    assert_eq!(got["mint"], address.as_str());
    assert_eq!(got["received"]["base_units"], 250_500_000);
    let account = token::associated_address(&holder.pubkey(), &mint);
    assert_eq!(token::balance(&env.client, &account).unwrap(), 250_500_000);
    // 100 by default, to another address.
    let other = Keypair::new().pubkey();
    let to = other.to_string();
    env.json(
        &holder,
        &["wallet", "airdrop", "--mint", &address, "--to", &to],
    );
    let theirs = token::associated_address(&other, &mint);
    assert_eq!(token::balance(&env.client, &theirs).unwrap(), 100_000_000);
    assert_eq!(
        token::mint_info(&env.client, &mint).unwrap().supply,
        350_500_000
    );

    // Another mint is not given away; nor is the test mint on devnet.
    let payment = env.mint.to_string();
    let (error, hint) = env.fail(&holder, &["wallet", "airdrop", "--mint", &payment]);
    assert!(error.contains("not the test USD mint"), "{error}");
    assert!(hint.contains(&address), "{hint}");
    let (error, _) = fail_cli(
        &env.client,
        &holder.path,
        &["-u", "devnet", "wallet", "airdrop", "--mint", &address],
    );
    assert!(error.contains("not the test USD mint"), "{error}");
    assert_eq!(
        token::balance(&env.client, &account).unwrap(),
        250_500_000,
        "unchanged"
    );
}
