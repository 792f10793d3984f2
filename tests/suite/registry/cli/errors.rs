//! Failures: one error line naming the cause, one hint line saying what to
//! do; and what is no failure (help, an output its reader has closed).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anchor_lang::prelude::Pubkey;
use encore_sdk::accounts;
use solana_keypair::Keypair;

use super::{key, Env, Wallet};

#[test]
fn duplicate_registration_names_the_error_and_the_track() {
    let env = Env::new();
    let alice = env.artist("alice");
    let bob = env.artist("bob");
    let audio = env.audio("song.wav", b"claimed once");
    let first = env.register(&alice, &audio, "1", &[]);

    let mint = env.mint.to_string();
    let args = [
        "track",
        "register",
        "--audio",
        &audio,
        "--price",
        "2",
        "--payment-mint",
        &mint,
    ];
    let (error, hint) = env.fail(&bob, &args);
    assert!(error.contains("DuplicateContentHash"), "{error}");
    assert!(error.contains("6004"), "{error}");
    let track = first["track"].as_str().unwrap();
    assert!(
        hint.contains(&format!("encore track show {track}")),
        "{hint}"
    );
    assert_eq!(
        accounts::track(&env.client, &key(&first["track"]))
            .unwrap()
            .authority,
        alice.pubkey(),
        "the claim is unchanged"
    );
}

#[test]
fn bad_input_is_reported_before_anything_is_sent() {
    let env = Env::new();
    let alice = env.artist("alice");
    let audio = env.audio("x.wav", b"x");
    let mint = env.mint.to_string();

    // Malformed pubkey: a clap error naming the argument, and a help hint.
    let (error, hint) = env.fail(&alice, &["track", "show", "not-a-pubkey"]);
    assert!(error.contains("invalid value 'not-a-pubkey'"), "{error}");
    assert!(error.contains("<TRACK>"), "{error}");
    assert_eq!(hint, "see `encore track show --help`");

    // Bad ISRC: the SDK's client-side check of the program's ISRC rule.
    let (error, _) = env.fail(
        &alice,
        &[
            "track",
            "register",
            "--audio",
            &audio,
            "--price",
            "1",
            "--payment-mint",
            &mint,
            "--isrc",
            "US-RC1-76-0783A",
        ],
    );
    assert!(error.contains("--isrc"), "{error}");
    assert!(error.contains("CC-XXX-YY-NNNNN"), "{error}");

    // Too many decimals for the mint.
    let (error, hint) = env.fail(
        &alice,
        &[
            "track",
            "register",
            "--audio",
            &audio,
            "--price",
            "0.0000001",
            "--payment-mint",
            &mint,
        ],
    );
    assert!(error.contains("at most 6 decimals"), "{error}");
    assert!(hint.contains("--price-base-units"), "{hint}");

    // Missing keypair file: the error names the path.
    let missing = env.dir.path().join("missing.json");
    let missing = missing.to_string_lossy().into_owned();
    let ghost = Wallet {
        keypair: Keypair::new(),
        path: missing.clone(),
    };
    let (error, hint) = env.fail(&ghost, &["artist", "create", "--handle", "ghost"]);
    assert!(error.contains(&missing), "{error}");
    assert!(hint.contains("encore wallet new"), "{hint}");

    // A wallet with no SOL cannot pay the fee.
    let broke = Keypair::new();
    let broke_path = env.dir.path().join("broke.json");
    std::fs::write(
        &broke_path,
        serde_json::to_string(&broke.to_bytes().to_vec()).unwrap(),
    )
    .unwrap();
    let broke = Wallet {
        keypair: broke,
        path: broke_path.to_string_lossy().into_owned(),
    };
    let (error, hint) = env.fail(&broke, &["artist", "create", "--handle", "broke"]);
    assert!(error.contains("transaction failed"), "{error}");
    assert!(hint.contains("needs SOL"), "{hint}");

    // Not a mint.
    let (error, hint) = env.fail(
        &alice,
        &[
            "track",
            "register",
            "--audio",
            &audio,
            "--price",
            "1",
            "--payment-mint",
            &alice.pubkey().to_string(),
        ],
    );
    assert!(error.contains("payment mint"), "{error}");
    assert!(hint.contains("--payment-mint"), "{hint}");

    // A track address that holds no track.
    let (error, hint) = env.fail(
        &alice,
        &["track", "show", &Pubkey::new_unique().to_string()],
    );
    assert!(error.contains("does not exist"), "{error}");
    assert!(hint.contains("encore track list"), "{hint}");
}

pub(super) fn run_binary(args: &[&str]) -> (i32, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = encore_cli::run(args, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

pub(super) fn assert_two_line_report(err: &str) {
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(lines[0].starts_with("error: "), "{err}");
    assert!(lines[1].starts_with("hint: "), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn unreachable_url_exits_non_zero_with_error_and_hint() {
    let someone = Pubkey::new_unique().to_string();
    let (code, out, err) = run_binary(&[
        "encore",
        "-u",
        "http://127.0.0.1:1",
        "artist",
        "show",
        &someone,
    ]);
    assert_ne!(code, 0);
    assert!(out.is_empty(), "{out}");
    assert_two_line_report(&err);
    assert!(err.contains("127.0.0.1:1"), "{err}");
    assert!(err.contains("solana-test-validator"), "{err}");

    // The Solana CLI config file is honoured when no flag overrides it.
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), "json_rpc_url: \"http://127.0.0.1:2\"\n");
    let (code, _, err) = run_binary(&["encore", "-C", &config, "artist", "show", &someone]);
    assert_ne!(code, 0);
    assert_two_line_report(&err);
    assert!(err.contains("127.0.0.1:2"), "{err}");
    let (_, _, err) = run_binary(&[
        "encore",
        "-C",
        &config,
        "-u",
        "http://127.0.0.1:1",
        "artist",
        "show",
        &someone,
    ]);
    assert!(
        err.contains("127.0.0.1:1") && !err.contains("127.0.0.1:2"),
        "{err}"
    );

    // Usage errors and a bad moniker take the same two-line shape.
    let (code, _, err) = run_binary(&["encore", "track", "frobnicate"]);
    assert_ne!(code, 0);
    assert_two_line_report(&err);
    let (code, _, err) = run_binary(&["encore", "-u", "nowhere", "artist", "show", &someone]);
    assert_ne!(code, 0);
    assert_two_line_report(&err);
    assert!(err.contains("nowhere"), "{err}");

    // Help is not an error.
    let (code, out, err) = run_binary(&["encore", "track", "--help"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("register") && out.contains("update-terms"),
        "{out}"
    );
}

pub(super) fn write_config(dir: &Path, text: &str) -> String {
    let path: PathBuf = dir.join("config.yml");
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

/// `encore --help | head -1`: once whoever reads the output has gone, the
/// binary ends quietly with status 0 rather than reporting a broken pipe.
#[test]
fn a_closed_stdout_ends_the_command_quietly() {
    let home = tempfile::tempdir().unwrap();
    // The real binary, without the Solana CLI config or ENCORE_* variables.
    let encore = |args: &[&str]| {
        let mut command = Command::new(crate::e2e::BIN);
        command.args(args).env("HOME", home.path());
        for var in ["URL", "KEYPAIR", "CONFIG", "OUTPUT", "COMMITMENT"] {
            command.env_remove(format!("ENCORE_{var}"));
        }
        command
    };
    let quote = [
        "pool",
        "quote",
        "--reserves",
        "1000000,500000",
        "--fee-bps",
        "30",
        "--amount-in",
        "10000",
    ];
    let quote_json: Vec<&str> = quote.iter().copied().chain(["--output", "json"]).collect();
    let cases: [&[&str]; 4] = [&["--help"], &["--version"], &quote, &quote_json];
    for args in cases {
        let (reader, writer) = std::io::pipe().unwrap();
        // The reading end is closed before the binary writes a byte.
        drop(reader);
        let output = encore(args)
            .stdin(Stdio::null())
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .expect("the encore binary runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
    }

    // With its reader there, the same command prints in full.
    let output = encore(&quote_json)
        .output()
        .expect("the encore binary runs");
    assert!(output.status.success());
    let printed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(printed["amount_in"], 10_000);
    assert_eq!(printed["fee_bps"], 30);
}
