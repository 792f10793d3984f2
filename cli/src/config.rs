//! Global options and the Solana CLI config file.
//!
//! Each setting resolves as flag > environment > config file > default, the
//! way the Solana CLI does, so `encore` follows `solana config set`.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context as _};
use clap::{Args, ValueEnum};
use solana_commitment_config::CommitmentConfig;
use solana_keypair::Keypair;

use crate::error::HintExt;
use crate::output::OutputFormat;

const GLOBAL: &str = "Global options";

pub const LOCALHOST_URL: &str = "http://127.0.0.1:8899";

/// Options every command accepts.
#[derive(Args, Debug, Clone, Default)]
pub struct GlobalArgs {
    /// JSON RPC URL or moniker: localhost (l), devnet (d), testnet (t), mainnet-beta (m)
    #[arg(short = 'u', long = "url", global = true, help_heading = GLOBAL, env = "ENCORE_URL", value_name = "URL_OR_MONIKER")]
    pub url: Option<String>,

    /// Keypair file (JSON array of 64 bytes) that signs and pays
    #[arg(short = 'k', long = "keypair", global = true, help_heading = GLOBAL, env = "ENCORE_KEYPAIR", value_name = "KEYPAIR")]
    pub keypair: Option<PathBuf>,

    /// Solana CLI config file [default: ~/.config/solana/cli/config.yml]
    #[arg(short = 'C', long = "config", global = true, help_heading = GLOBAL, env = "ENCORE_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Commitment level for reads and confirmations [default: confirmed]
    #[arg(long, global = true, help_heading = GLOBAL, env = "ENCORE_COMMITMENT", value_enum)]
    pub commitment: Option<Commitment>,

    /// Output format
    #[arg(long, global = true, help_heading = GLOBAL, env = "ENCORE_OUTPUT", value_enum, default_value_t = OutputFormat::Display)]
    pub output: OutputFormat,

    /// Print only this field of the JSON output, strings unquoted (for
    /// shell scripts: `TRACK=$(encore track register ... --get track)`); a
    /// dotted path reaches inside (`amount.ui`, `funded.0`)
    #[arg(long, global = true, help_heading = GLOBAL, value_name = "FIELD")]
    pub get: Option<String>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Commitment {
    Processed,
    Confirmed,
    Finalized,
}

impl Commitment {
    pub fn config(self) -> CommitmentConfig {
        match self {
            Commitment::Processed => CommitmentConfig::processed(),
            Commitment::Confirmed => CommitmentConfig::confirmed(),
            Commitment::Finalized => CommitmentConfig::finalized(),
        }
    }

    /// Also accepts the legacy names older Solana CLI config files may hold.
    fn from_config_value(value: &str) -> Option<Self> {
        match value {
            "processed" | "recent" => Some(Commitment::Processed),
            "confirmed" | "single" | "singleGossip" => Some(Commitment::Confirmed),
            "finalized" | "max" | "root" => Some(Commitment::Finalized),
            _ => None,
        }
    }
}

/// The settings a command runs with, once every source has been consulted.
#[derive(Debug, Clone)]
pub struct Settings {
    pub url: String,
    /// Whether `-u/--url` (or ENCORE_URL) named the cluster, rather than
    /// the config file or the default.
    pub url_explicit: bool,
    pub keypair_path: PathBuf,
    pub commitment: Commitment,
    pub output: OutputFormat,
    /// `--get`: the one field to print.
    pub get: Option<String>,
}

/// The three keys `encore` reads from a Solana CLI config file.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SolanaConfig {
    pub json_rpc_url: Option<String>,
    pub keypair_path: Option<String>,
    pub commitment: Option<String>,
}

impl SolanaConfig {
    /// Reads the flat `key: value` lines of the YAML file; nested blocks
    /// (such as `address_labels`) are indented and skipped.
    pub fn parse(text: &str) -> Self {
        let mut config = SolanaConfig::default();
        for line in text.lines() {
            if line.starts_with([' ', '\t', '#', '-']) {
                continue;
            }
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let value = unquote(value.trim());
            if value.is_empty() {
                continue;
            }
            let slot = match key.trim() {
                "json_rpc_url" => &mut config.json_rpc_url,
                "keypair_path" => &mut config.keypair_path,
                "commitment" => &mut config.commitment,
                _ => continue,
            };
            *slot = Some(value.to_string());
        }
        config
    }

    /// The explicit file (which must exist) or the default one (if it exists).
    pub fn load(explicit: Option<&Path>) -> anyhow::Result<Self> {
        let path = match explicit {
            Some(path) => path.to_path_buf(),
            None => match default_config_path() {
                Some(path) if path.exists() => path,
                _ => return Ok(Self::default()),
            },
        };
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read config file {}", path.display()))
            .hint("pass an existing Solana CLI config file with -C, or leave -C out")?;
        Ok(Self::parse(&text))
    }
}

fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|v| v.strip_suffix(quote))
        {
            return inner;
        }
    }
    value
}

impl Settings {
    pub fn resolve(args: &GlobalArgs) -> anyhow::Result<Self> {
        let file = SolanaConfig::load(args.config.as_deref())?;
        let url = match (&args.url, &file.json_rpc_url) {
            (Some(url), _) => normalize_url(url)?,
            (None, Some(url)) => normalize_url(url)
                .context("in the config file's json_rpc_url")
                .hint("fix it with `solana config set --url <URL>`, or pass -u")?,
            (None, None) => LOCALHOST_URL.to_string(),
        };
        let keypair_path = match (&args.keypair, &file.keypair_path) {
            (Some(path), _) => expand_tilde(path),
            (None, Some(path)) => expand_tilde(Path::new(path)),
            (None, None) => default_keypair_path(),
        };
        let commitment = match (args.commitment, &file.commitment) {
            (Some(c), _) => c,
            (None, Some(text)) => Commitment::from_config_value(text)
                .ok_or_else(|| {
                    anyhow!(
                        "config file commitment {text:?} is not processed, confirmed or finalized"
                    )
                })
                .hint(
                    "pass --commitment, or fix it with `solana config set --commitment confirmed`",
                )?,
            (None, None) => Commitment::Confirmed,
        };
        Ok(Settings {
            url,
            url_explicit: args.url.is_some(),
            keypair_path,
            commitment,
            output: args.output,
            get: args.get.clone(),
        })
    }

    /// Reads the keypair file: a JSON array of 64 bytes, as `solana-keygen` writes.
    pub fn keypair(&self) -> anyhow::Result<Keypair> {
        read_keypair(&self.keypair_path)
    }
}

pub fn read_keypair(path: &Path) -> anyhow::Result<Keypair> {
    let hint = || {
        format!(
            "create one with `encore wallet new --outfile {}`, or pass another with -k <KEYPAIR>",
            path.display()
        )
    };
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read keypair file {}", path.display()))
        .with_hint(hint)?;
    let bytes: Vec<u8> = serde_json::from_str(&text)
        .map_err(|_| {
            anyhow!(
                "keypair file {} is not a JSON array of bytes",
                path.display()
            )
        })
        .with_hint(hint)?;
    Keypair::try_from(bytes.as_slice())
        .map_err(|_| {
            anyhow!(
                "keypair file {} does not hold a valid 64-byte keypair",
                path.display()
            )
        })
        .with_hint(hint)
}

/// `localhost`, `devnet`, ... (and their one-letter forms) to URLs; URLs pass through.
pub fn normalize_url(text: &str) -> anyhow::Result<String> {
    let url =
        match text {
            "l" | "localhost" => LOCALHOST_URL,
            "d" | "devnet" => "https://api.devnet.solana.com",
            "t" | "testnet" => "https://api.testnet.solana.com",
            "m" | "mainnet-beta" => "https://api.mainnet-beta.solana.com",
            other if other.starts_with("http://") || other.starts_with("https://") => other,
            other => return Err(anyhow!("{other:?} is neither a URL nor a cluster moniker")).hint(
                "pass -u with an http(s) URL or one of localhost, devnet, testnet, mainnet-beta",
            ),
        };
    Ok(url.to_string())
}

fn home() -> Option<PathBuf> {
    std::env::home_dir()
}

pub fn default_config_path() -> Option<PathBuf> {
    home().map(|h| h.join(".config/solana/cli/config.yml"))
}

pub fn default_keypair_path() -> PathBuf {
    home()
        .map(|h| h.join(".config/solana/id.json"))
        .unwrap_or_else(|| PathBuf::from("id.json"))
}

fn expand_tilde(path: &Path) -> PathBuf {
    match (path.strip_prefix("~"), home()) {
        (Ok(rest), Some(home)) => home.join(rest),
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_solana_cli_config() {
        let text = "---\njson_rpc_url: \"https://api.devnet.solana.com\"\nwebsocket_url: ''\n\
                    keypair_path: /home/me/.config/solana/id.json\naddress_labels:\n  \
                    \"11111111111111111111111111111111\": System Program\ncommitment: finalized\n";
        assert_eq!(
            SolanaConfig::parse(text),
            SolanaConfig {
                json_rpc_url: Some("https://api.devnet.solana.com".into()),
                keypair_path: Some("/home/me/.config/solana/id.json".into()),
                commitment: Some("finalized".into()),
            }
        );
    }

    #[test]
    fn monikers() {
        assert_eq!(normalize_url("l").unwrap(), LOCALHOST_URL);
        assert_eq!(normalize_url("localhost").unwrap(), LOCALHOST_URL);
        assert!(normalize_url("m").unwrap().contains("mainnet-beta"));
        assert_eq!(
            normalize_url("http://10.0.0.1:8899").unwrap(),
            "http://10.0.0.1:8899"
        );
        assert!(normalize_url("nowhere").is_err());
    }

    #[test]
    fn flag_beats_config_file_beats_default() {
        let dir = std::env::temp_dir().join(format!("encore-cli-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("config.yml");
        std::fs::write(
            &file,
            "json_rpc_url: https://api.testnet.solana.com\nkeypair_path: /tmp/k.json\ncommitment: processed\n",
        )
        .unwrap();
        let from_file = Settings::resolve(&GlobalArgs {
            config: Some(file.clone()),
            ..GlobalArgs::default()
        })
        .unwrap();
        assert_eq!(from_file.url, "https://api.testnet.solana.com");
        assert_eq!(from_file.keypair_path, PathBuf::from("/tmp/k.json"));
        assert_eq!(from_file.commitment, Commitment::Processed);

        let from_flags = Settings::resolve(&GlobalArgs {
            config: Some(file),
            url: Some("d".into()),
            keypair: Some("/tmp/other.json".into()),
            commitment: Some(Commitment::Finalized),
            ..GlobalArgs::default()
        })
        .unwrap();
        assert_eq!(from_flags.url, "https://api.devnet.solana.com");
        assert_eq!(from_flags.keypair_path, PathBuf::from("/tmp/other.json"));
        assert_eq!(from_flags.commitment, Commitment::Finalized);

        assert!(Settings::resolve(&GlobalArgs {
            config: Some(dir.join("missing.yml")),
            ..GlobalArgs::default()
        })
        .is_err());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
