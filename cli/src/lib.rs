//! `encore`: the command-line tool for the Encore registry.
//!
//! The binary is a thin shell over [`main_entry`]; tests drive the same code
//! in-process through [`run_with_client`] (any [`EncoreClient`], such as the
//! native LiteSVM chain) or [`run`] (the real JSON-RPC path).
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use std::io::Write;
use std::process::ExitCode;

use anyhow::anyhow;
use clap::{CommandFactory, Parser, Subcommand};
use encore_sdk::{EncoreClient, RpcClient};
use solana_keypair::Keypair;

pub mod artist;
pub mod config;
pub mod dashboard;
pub mod demo;
pub mod error;
pub mod escrow;
pub mod gov;
pub mod hints;
pub mod localnet;
pub mod migrate;
pub mod native_sol;
pub mod output;
pub mod pool;
pub mod send;
pub mod settle;
pub mod shares;
pub mod track;
pub mod units;
pub mod wallet;

use config::{GlobalArgs, Settings};
use error::Hinted;
use output::Printer;

/// Encore: register artists and tracks on the Encore music registry.
#[derive(Parser, Debug)]
#[command(name = "encore", version, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Artist profiles: one per wallet
    #[command(subcommand)]
    Artist(artist::ArtistCommand),
    /// Tracks: register recordings, set their terms, pause, transfer, verify
    #[command(subcommand)]
    Track(track::TrackCommand),
    /// Listener balances: open, deposit, cap, withdraw, show
    #[command(subcommand)]
    Escrow(escrow::EscrowCommand),
    /// Settlement: plan a play log offline, settle it in batches, show progress
    #[command(subcommand)]
    Settle(settle::SettleCommand),
    /// Governance: parameters, timelocked proposals, pauses, settlers
    #[command(subcommand)]
    Gov(gov::GovCommand),
    /// Royalty shares: split a track's revenue, stake, claim
    #[command(subcommand)]
    Shares(shares::SharesCommand),
    /// Royalty pools: trade a track's shares against a payment token, add or remove liquidity
    #[command(subcommand)]
    Pool(pool::PoolCommand),
    /// Run the whole story (governance, tracks, shares, a pool, revenue, claims) in-process, or on -u's cluster
    Demo(demo::DemoArgs),
    /// Run a local Solana node (127.0.0.1) with every Encore program, until Ctrl-C
    Localnet(localnet::LocalnetArgs),
    /// Serve a web dashboard (127.0.0.1) of artists, listeners and pools, read from -u's cluster
    Dashboard(dashboard::DashboardArgs),
    /// Bootstrap a deployment: initialize governance, converge its parameters, approve settlers (rerunnable)
    Migrate(migrate::MigrateArgs),
    /// Keys and balances: a new keypair file, its address, SOL and token balances, test SOL
    #[command(subcommand)]
    Wallet(wallet::WalletCommand),
}

/// What a command runs with: a chain, the resolved settings and an output.
pub struct Context<'a> {
    pub client: &'a dyn EncoreClient,
    pub settings: Settings,
    pub printer: Printer<'a>,
}

impl Context<'_> {
    /// The signing keypair, read when a command first needs it, so read-only
    /// commands work without one.
    pub fn keypair(&self) -> anyhow::Result<Keypair> {
        self.settings.keypair()
    }
}

/// Parses `args` (args[0] is the program name) and runs the command against
/// `client` instead of the cluster named by `--url`. Help and version text go
/// to `out`, as does the command's result.
pub fn run_with_client(
    args: &[&str],
    client: &dyn EncoreClient,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let Some(cli) = parse(args, out)? else {
        return Ok(());
    };
    let settings = Settings::resolve(&cli.global)?;
    execute(cli.command, settings, client, out)
}

/// Everything the binary does: parse, resolve settings, connect over
/// JSON-RPC, run. Failures become one `error:` line and one `hint:` line on
/// `err`; returns the process exit code.
pub fn run(args: &[&str], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match try_run(args, out) {
        Ok(()) => 0,
        // The reader of stdout has gone (`encore ... | head -1`): end quietly.
        Err(e) if output::is_closed(&e) => 0,
        Err(e) => {
            let (message, hint) = error::report(&e);
            // Nothing more can be done if stderr itself is gone.
            let _ = writeln!(err, "error: {message}");
            let _ = writeln!(err, "hint: {hint}");
            1
        }
    }
}

fn try_run(args: &[&str], out: &mut dyn Write) -> anyhow::Result<()> {
    let Some(cli) = parse(args, out)? else {
        return Ok(());
    };
    let settings = Settings::resolve(&cli.global)?;
    let client = RpcClient::new(&settings.url, settings.commitment.config());
    execute(cli.command, settings, &client, out)
}

/// The binary's `main`: real arguments, stdout and stderr.
pub fn main_entry() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown failure".into());
        eprintln!("error: internal error: {}", error::one_line(&message));
        eprintln!("hint: this is a bug in encore; please report it with the command you ran");
    }));
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    // Unlocked handles: a command may run code on other threads that prints
    // (`encore localnet`'s node and its in-process programs), and holding the
    // locks here for the whole command would block those threads for good.
    let code = run(&args, &mut std::io::stdout(), &mut std::io::stderr());
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

/// `None` when clap answered by itself (`--help`, `--version`).
fn parse(args: &[&str], out: &mut dyn Write) -> anyhow::Result<Option<Cli>> {
    match Cli::try_parse_from(args) {
        Ok(cli) => Ok(Some(cli)),
        Err(e) if !e.use_stderr() => {
            output::write_text(out, &e.render().to_string())?;
            Ok(None)
        }
        Err(e) => Err(usage_error(&e, args)),
    }
}

/// clap's multi-line report folded into one message plus a hint.
fn usage_error(e: &clap::Error, args: &[&str]) -> anyhow::Error {
    let (path, command) = command_path(args);
    let help = format!("see `{path} --help`");
    if e.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let names: Vec<&str> = command
            .get_subcommands()
            .map(|c| c.get_name())
            .filter(|name| *name != "help")
            .collect();
        return anyhow::Error::new(Hinted {
            error: anyhow!("`{path}` needs a subcommand: {}", names.join(", ")),
            hint: help,
        });
    }
    let rendered = e.render().to_string();
    let mut blocks = rendered.split("\n\n").map(str::trim);
    let message = blocks
        .next()
        .unwrap_or_default()
        .trim_start_matches("error:")
        .trim()
        .to_string();
    let tip = blocks.find_map(|b| b.strip_prefix("tip:")).map(str::trim);
    let hint = match tip {
        Some(tip) => format!("{tip}; {help}"),
        None => help,
    };
    anyhow::Error::new(Hinted {
        error: anyhow!(error::one_line(&message)),
        hint,
    })
}

/// The deepest subcommand `args` name (`encore track register`) and its definition.
fn command_path(args: &[&str]) -> (String, clap::Command) {
    let mut command = Cli::command();
    let mut path = vec!["encore".to_string()];
    for arg in args.iter().skip(1) {
        let Some(sub) = command.find_subcommand(arg).cloned() else {
            continue;
        };
        path.push(sub.get_name().to_string());
        command = sub;
    }
    (path.join(" "), command)
}

fn execute(
    command: Command,
    settings: Settings,
    client: &dyn EncoreClient,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut ctx = Context {
        client,
        printer: Printer::new(settings.output, out).with_field(settings.get.clone()),
        settings,
    };
    match command {
        Command::Artist(cmd) => cmd.run(&mut ctx),
        Command::Track(cmd) => cmd.run(&mut ctx),
        Command::Escrow(cmd) => cmd.run(&mut ctx),
        Command::Settle(cmd) => cmd.run(&mut ctx),
        Command::Gov(cmd) => cmd.run(&mut ctx),
        Command::Shares(cmd) => cmd.run(&mut ctx),
        Command::Pool(cmd) => cmd.run(&mut ctx),
        Command::Demo(args) => demo::run(&mut ctx, args),
        Command::Localnet(args) => localnet::run(&mut ctx, args),
        Command::Dashboard(args) => dashboard::run(&mut ctx, args),
        Command::Migrate(args) => migrate::run(&mut ctx, args),
        Command::Wallet(cmd) => cmd.run(&mut ctx),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
