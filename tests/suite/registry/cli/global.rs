//! Global options as real command lines parse them: `-u` monikers and
//! `--commitment`, down to the JSON-RPC requests the binary's path sends.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use anchor_lang::prelude::Pubkey;
use clap::Parser;
use encore_cli::config::{Commitment, Settings};
use encore_cli::Cli;

use super::errors::{assert_two_line_report, run_binary, write_config};

/// `encore -C <config> <args>`, parsed and resolved as the binary does.
fn settings(config: &str, args: &[&str]) -> Settings {
    let mut line = vec!["encore", "-C", config];
    line.extend_from_slice(args);
    let cli = Cli::try_parse_from(&line).unwrap_or_else(|e| panic!("{line:?}: {e}"));
    Settings::resolve(&cli.global).unwrap_or_else(|e| panic!("{line:?}: {e}"))
}

#[test]
fn url_monikers_resolve_to_their_clusters() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write_config(dir.path(), "");
    let devnet = "https://api.devnet.solana.com";
    let mainnet = "https://api.mainnet-beta.solana.com";
    let cases = [
        (vec!["-u", "devnet"], devnet),
        (vec!["-u", "d"], devnet),
        (vec!["--url", "devnet"], devnet),
        (vec!["-u", "mainnet-beta"], mainnet),
        (vec!["-u", "m"], mainnet),
        (vec!["--url=mainnet-beta"], mainnet),
        (vec!["-u", "testnet"], "https://api.testnet.solana.com"),
        (vec!["-u", "localhost"], "http://127.0.0.1:8899"),
    ];
    for (flags, url) in cases {
        let mut args = flags.clone();
        args.extend_from_slice(&["gov", "show"]);
        let resolved = settings(&empty, &args);
        assert_eq!(resolved.url, url, "{flags:?}");
        assert!(resolved.url_explicit, "{flags:?}");
        // A global option after the subcommand means the same.
        let mut after = vec!["gov", "show"];
        after.extend_from_slice(&flags);
        assert_eq!(settings(&empty, &after).url, url, "{after:?}");
    }
    // No flag and an empty config file: localhost, not explicit.
    let default = settings(&empty, &["gov", "show"]);
    assert_eq!(default.url, "http://127.0.0.1:8899");
    assert!(!default.url_explicit);
}

#[test]
fn commitment_is_parsed_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write_config(dir.path(), "");
    let cases = [
        (
            vec!["--commitment", "finalized", "gov", "show"],
            Commitment::Finalized,
        ),
        (
            vec!["gov", "show", "--commitment", "processed"],
            Commitment::Processed,
        ),
        (
            vec!["--commitment=confirmed", "gov", "show"],
            Commitment::Confirmed,
        ),
        (vec!["gov", "show"], Commitment::Confirmed),
    ];
    for (args, expected) in cases {
        assert_eq!(settings(&empty, &args).commitment, expected, "{args:?}");
    }

    // The config file's commitment (legacy names too) yields to the flag.
    let sub = tempfile::tempdir().unwrap();
    let root = write_config(sub.path(), "commitment: max\n");
    assert_eq!(
        settings(&root, &["gov", "show"]).commitment,
        Commitment::Finalized
    );
    assert_eq!(
        settings(&root, &["--commitment", "processed", "gov", "show"]).commitment,
        Commitment::Processed
    );

    // An unknown level on the command line: a usage error naming it.
    let someone = Pubkey::new_unique().to_string();
    let (code, out, err) = run_binary(&[
        "encore",
        "-C",
        &empty,
        "--commitment",
        "fast",
        "artist",
        "show",
        &someone,
    ]);
    assert_ne!(code, 0);
    assert!(out.is_empty(), "{out}");
    assert_two_line_report(&err);
    assert!(
        err.contains("'fast'") && err.contains("--commitment"),
        "{err}"
    );

    // An unknown level in the config file: named, with the fix.
    let bad_dir = tempfile::tempdir().unwrap();
    let bad = write_config(bad_dir.path(), "commitment: fast\n");
    let (code, _, err) = run_binary(&["encore", "-C", &bad, "artist", "show", &someone]);
    assert_ne!(code, 0);
    assert_two_line_report(&err);
    assert!(
        err.contains("\"fast\" is not processed, confirmed or finalized"),
        "{err}"
    );
    assert!(err.contains("solana config set --commitment"), "{err}");
}

/// A JSON-RPC endpoint that records each request body and answers every
/// call with an empty `{context, value: null}` result (no such account).
fn recording_rpc() -> (String, Arc<Mutex<Vec<serde_json::Value>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut writer = stream;
            // Keep-alive: serve requests on the connection until it closes.
            loop {
                let mut length = 0usize;
                let mut line = String::new();
                loop {
                    line.clear();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        break;
                    }
                    if line == "\r\n" {
                        break;
                    }
                    let lower = line.to_ascii_lowercase();
                    if let Some(value) = lower.strip_prefix("content-length:") {
                        length = value.trim().parse().unwrap();
                    }
                }
                if length == 0 {
                    break;
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                let request: serde_json::Value = serde_json::from_slice(&body).unwrap();
                let reply = serde_json::json!({
                    "jsonrpc": "2.0",
                    "id": request["id"],
                    "result": {"context": {"slot": 1}, "value": null},
                })
                .to_string();
                record.lock().unwrap().push(request);
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                    reply.len()
                );
                if writer
                    .write_all(head.as_bytes())
                    .and_then(|()| writer.write_all(reply.as_bytes()))
                    .is_err()
                {
                    break;
                }
            }
        }
    });
    (url, seen)
}

#[test]
fn the_commitment_reaches_the_rpc_requests() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write_config(dir.path(), "");
    let someone = Pubkey::new_unique().to_string();
    for (flag, level) in [
        (Some("finalized"), "finalized"),
        (Some("processed"), "processed"),
        (None, "confirmed"),
    ] {
        let (url, seen) = recording_rpc();
        let mut args = vec!["encore", "-C", &empty, "-u", &url];
        if let Some(flag) = flag {
            args.extend_from_slice(&["--commitment", flag]);
        }
        args.extend_from_slice(&["artist", "show", &someone]);
        let (code, _, err) = run_binary(&args);
        // No such profile on the recording endpoint: reported, not a crash.
        assert_ne!(code, 0);
        assert_two_line_report(&err);
        assert!(err.contains("has no artist profile"), "{err}");

        let requests = seen.lock().unwrap();
        let reads: Vec<_> = requests
            .iter()
            .filter(|r| r["method"] == "getAccountInfo")
            .collect();
        assert!(
            reads.iter().any(|r| r["params"][0] == someone.as_str()),
            "{requests:?}"
        );
        for read in reads {
            assert_eq!(read["params"][1]["commitment"], level, "{read}");
        }
    }
}

/// `--get FIELD` prints one field of a command's result, unquoted, in any
/// output format; a missing field fails by name after the command ran.
#[test]
fn get_prints_one_field_for_the_shell() {
    let env = super::Env::new();
    let alice = env.artist("alice");
    let audio = env.audio("get.wav", b"a song read by --get");
    let mint = env.mint.to_string();
    let register = |extra: &[&str]| {
        let mut args = vec![
            "track",
            "register",
            "--audio",
            &audio,
            "--price",
            "0.25",
            "--payment-mint",
            &mint,
        ];
        args.extend_from_slice(extra);
        env.run(&alice, &args)
    };
    let printed = register(&["--get", "track"]).unwrap();
    let hash: [u8; 32] =
        <sha2::Sha256 as sha2::Digest>::digest(std::fs::read(&audio).unwrap()).into();
    let track = encore_sdk::pda::track(&hash).0;
    assert_eq!(printed, format!("{track}\n"));

    // Nested fields, numbers, and --output json does not change it.
    let shown = |field: &str| {
        env.run(
            &alice,
            &[
                "track",
                "show",
                &track.to_string(),
                "--output",
                "json",
                "--get",
                field,
            ],
        )
        .unwrap()
    };
    assert_eq!(
        shown("artist"),
        format!("{}\n", encore_sdk::pda::artist(&alice.pubkey()).0)
    );
    assert_eq!(shown("terms.price"), "0.25\n");
    assert_eq!(shown("terms.price_per_play"), "250000\n");
    assert_eq!(shown("terms.allow_remix"), "false\n");

    let (error, hint) = env.fail(
        &alice,
        &["track", "show", &track.to_string(), "--get", "terms.usd"],
    );
    assert_eq!(error, "--get terms.usd: `terms` has no `usd`");
    assert!(
        hint.starts_with("its fields are allow_commercial,"),
        "{hint}"
    );
    assert!(hint.contains("the command itself ran"), "{hint}");
}
