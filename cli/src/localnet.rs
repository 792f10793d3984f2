//! `encore localnet`: an embedded local Solana node with every Encore program.
//!
//! The node (`encore_sdk::localnet`) serves JSON-RPC on 127.0.0.1 and never
//! reaches another cluster. Point any Solana tool at the printed URL; `encore
//! -u localhost` reaches the default port.

use std::sync::mpsc;
use std::time::Duration;

use anyhow::anyhow;
use clap::Args;
use encore_sdk::localnet::{self, test_mint, Localnet, LocalnetConfig, LocalnetError};
use encore_sdk::Pubkey;
use serde::Serialize;
use solana_signer::Signer;

use crate::error::HintExt;
use crate::output::{key_values, table};
use crate::Context;

#[derive(Args, Debug)]
pub struct LocalnetArgs {
    /// RPC port on 127.0.0.1; the WebSocket server takes the next one
    #[arg(long, default_value_t = localnet::DEFAULT_PORT, value_name = "PORT")]
    pub port: u16,
    /// Governance's upgrade authority, who may run `encore gov init` (funded with 1,000 SOL) [default: the keypair's pubkey, if it has one]
    #[arg(long, value_name = "PUBKEY")]
    pub upgrade_authority: Option<Pubkey>,
    /// Don't print the node's log and transactions to stderr
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Also fund this wallet with 1,000 SOL and 10,000 test USD (repeatable; the keypair is funded anyway)
    #[arg(long, value_name = "WALLET")]
    pub fund: Vec<Pubkey>,
    #[command(subcommand)]
    pub action: Option<LocalnetAction>,
}

#[derive(clap::Subcommand, Debug)]
pub enum LocalnetAction {
    /// Move a running local node's clock forward (slots follow): past a
    /// release period, a withdrawal notice or a challenge window
    Warp(WarpArgs),
}

#[derive(Args, Debug)]
pub struct WarpArgs {
    /// How far: seconds or 90m, 36h, 1d, 1w
    #[arg(value_name = "DURATION", value_parser = crate::units::parse_duration)]
    pub duration: i64,
}

#[derive(Serialize, Debug)]
pub struct WarpView {
    pub url: String,
    pub seconds: i64,
    /// The node's clock after the warp.
    pub unix_timestamp: i64,
    pub slot: u64,
}

/// `encore localnet warp DURATION`, against the node -u names.
fn warp(ctx: &mut Context, args: &WarpArgs) -> anyhow::Result<()> {
    use crate::error::HintExt;
    let url = ctx.settings.url.clone();
    if !crate::wallet::airdrop::is_local(&url) {
        return Err(anyhow::anyhow!(
            "{url} is not a local node: only a local node's clock can be moved"
        ))
        .hint("run `encore localnet` and pass -u localhost");
    }
    let seconds = u64::try_from(args.duration).unwrap_or_default();
    let clock = ctx.client.time_travel(seconds)?;
    let view = WarpView {
        url,
        seconds: args.duration,
        unix_timestamp: clock.unix_timestamp,
        slot: clock.slot,
    };
    ctx.printer.emit(&view, |out| {
        writeln!(
            out,
            "Moved the clock {} forward: now {} (slot {})",
            crate::units::format_duration(view.seconds),
            crate::output::utc(view.unix_timestamp),
            view.slot
        )
    })
}

/// Test USD each funded wallet starts with.
pub const FUNDED_TEST_USD: u64 = 10_000 * 1_000_000;

/// What `encore localnet` prints once the node is up (`--output json` fields are stable).
#[derive(Serialize, Debug)]
pub struct LocalnetView {
    pub url: String,
    pub ws_url: String,
    pub programs: Vec<ProgramView>,
    /// Governance's upgrade authority; `null` when none was planted.
    pub upgrade_authority: Option<String>,
    /// The test stablecoin (6 decimals) to pay with; it exists on this node only.
    pub mint: String,
    /// Wallets given 1,000 SOL and 10,000 test USD: the keypair's, the
    /// upgrade authority and each --fund.
    pub funded: Vec<String>,
}

#[derive(Serialize, Debug)]
pub struct ProgramView {
    pub name: String,
    pub id: String,
}

impl LocalnetView {
    pub fn new(net: &Localnet) -> Self {
        Self {
            url: net.url().to_string(),
            ws_url: net.ws_url().to_string(),
            programs: localnet::served_programs()
                .into_iter()
                .map(|p| ProgramView {
                    name: p.name.to_string(),
                    id: p.id.to_string(),
                })
                .collect(),
            upgrade_authority: net.upgrade_authority().map(|a| a.to_string()),
            mint: test_mint::address().to_string(),
            funded: Vec::new(),
        }
    }
}

pub fn run(ctx: &mut Context, args: LocalnetArgs) -> anyhow::Result<()> {
    if let Some(LocalnetAction::Warp(warp_args)) = &args.action {
        return warp(ctx, warp_args);
    }
    // Without a keypair the node still runs; governance just cannot be set up.
    let upgrade_authority = args
        .upgrade_authority
        .or_else(|| ctx.keypair().ok().map(|k| k.pubkey()));
    let interrupted = interrupt_channel()?;
    // The runtime's debug log of every program invocation (switched on by the
    // stub bootstrap unless RUST_LOG says otherwise) drowns the node's own lines.
    encore_sdk::native::ensure_syscall_stubs();
    if args.quiet {
        log::set_max_level(log::LevelFilter::Off);
    } else if std::env::var_os("RUST_LOG").is_none() {
        log::set_max_level(log::LevelFilter::Info);
    }
    let keypair = ctx.keypair().ok().map(|k| k.pubkey());
    let mut funded: Vec<Pubkey> = Vec::new();
    for wallet in keypair.iter().chain(&upgrade_authority).chain(&args.fund) {
        if !funded.contains(wallet) {
            funded.push(*wallet);
        }
    }
    // The upgrade authority is funded as such; the rest here.
    let mut airdrop: Vec<Pubkey> = funded
        .iter()
        .filter(|w| Some(**w) != upgrade_authority)
        .copied()
        .collect();
    airdrop.push(test_mint::faucet().pubkey());
    let net = start(LocalnetConfig {
        port: Some(args.port),
        upgrade_authority,
        airdrop,
        log: !args.quiet,
        ..LocalnetConfig::default()
    })?;
    fund_test_usd(&net, &funded)
        .hint("this is a bug in encore; please report it with the command you ran")?;
    let mut view = LocalnetView::new(&net);
    view.funded = funded.iter().map(Pubkey::to_string).collect();
    ctx.printer.emit(&view, |out| {
        key_values(
            out,
            &[
                ("RPC URL", view.url.clone()),
                ("WebSocket URL", view.ws_url.clone()),
                (
                    "Test USD mint",
                    format!(
                        "{} (6 decimals; `encore wallet airdrop --mint` gives more)",
                        view.mint
                    ),
                ),
                (
                    "Funded",
                    if view.funded.is_empty() {
                        "none".into()
                    } else {
                        view.funded.join(", ")
                    },
                ),
                (
                    "Upgrade authority",
                    view.upgrade_authority.clone().unwrap_or_else(|| {
                        "none (pass --upgrade-authority to allow `encore gov init`)".into()
                    }),
                ),
            ],
        )?;
        writeln!(out)?;
        let rows: Vec<Vec<String>> = view
            .programs
            .iter()
            .map(|p| vec![p.name.clone(), p.id.clone()])
            .collect();
        table(out, &["Program", "Id"], &rows)?;
        writeln!(out)?;
        writeln!(
            out,
            "Ready: `encore -u {} ...` or `solana -u {} ...`. Ctrl-C stops the node.",
            view.url, view.url
        )
    })?;

    while net.is_running() {
        if interrupted.recv_timeout(Duration::from_millis(200)).is_ok() {
            net.stop()?;
            if !args.quiet {
                eprintln!("Stopped the local node.");
            }
            return Ok(());
        }
    }
    net.stop()?;
    Err(anyhow!("the local node stopped unexpectedly"))
        .hint("run `encore localnet` again; its log above (without --quiet) says what failed")
}

/// Creates the test mint and gives each of `wallets` its test USD.
fn fund_test_usd(net: &Localnet, wallets: &[Pubkey]) -> anyhow::Result<()> {
    let client = net.client();
    test_mint::create(&client)?;
    for wallet in wallets {
        test_mint::mint_to(&client, wallet, FUNDED_TEST_USD)?;
    }
    Ok(())
}

/// Starts an embedded localnet in this process, for `encore demo` and tests:
/// the returned [`Localnet`] gives the URL (`net.url()`) and stops the node
/// when dropped. `upgrade_authority` may run `encore gov init` and is funded.
/// Port `None` picks a free one.
pub fn start_embedded(
    port: Option<u16>,
    upgrade_authority: Option<Pubkey>,
) -> anyhow::Result<Localnet> {
    start(LocalnetConfig {
        port,
        upgrade_authority,
        ..LocalnetConfig::default()
    })
}

pub(crate) fn start(config: LocalnetConfig) -> anyhow::Result<Localnet> {
    let port = config.port;
    Localnet::start(config).map_err(|e| {
        let hint = match &e {
            LocalnetError::PortInUse { .. } => format!(
                "another node is listening there: stop it, or pass --port {}",
                port.map_or(localnet::DEFAULT_PORT, |p| p.saturating_add(2))
            ),
            _ => "this is a bug in encore; please report it with the command you ran".into(),
        };
        anyhow::Error::new(crate::error::Hinted {
            error: e.into(),
            hint,
        })
    })
}

/// Ctrl-C (SIGINT) and SIGTERM, as messages on a channel.
fn interrupt_channel() -> anyhow::Result<mpsc::Receiver<()>> {
    let (tx, rx) = mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = tx.send(());
    })
    .map_err(|e| anyhow!("cannot listen for Ctrl-C: {e}"))
    .hint("run `encore localnet` as its own process")?;
    Ok(rx)
}
