//! `encore settle ...`: turning a play log into settled batches.

use clap::{Args, Subcommand, ValueEnum};
use encore_sdk::settle::{EncodingChoice, PlanConfig, Rules, RunError};
use encore_sdk::{stream_escrow, Pubkey};

use crate::error::Hinted;
use crate::hints::{self, Known, ProgramError};
use crate::Context;

pub mod answer;
pub mod plan;
pub mod reclaim;
pub mod run;
pub mod status;

#[derive(Subcommand, Debug)]
pub enum SettleCommand {
    /// Plan a play log's settlement offline: fraud rules, batches, lookup tables, costs
    Plan(plan::PlanArgs),
    /// Settle a play log as the keypair's settler: whatever the chain has not settled yet
    Run(run::RunArgs),
    /// Show the settler's standing in a mint and what is left of a play log
    Status(status::StatusArgs),
    /// Take back a finished run's lookup-table rent (deactivate, then close after the cool-down)
    Reclaim(reclaim::ReclaimArgs),
    /// Answer disputes of the settler's charges with the listeners' receipts it keeps
    Answer(answer::AnswerArgs),
}

impl SettleCommand {
    pub fn run(self, ctx: &mut Context) -> anyhow::Result<()> {
        match self {
            SettleCommand::Plan(args) => plan::run(ctx, args),
            SettleCommand::Run(args) => run::run(ctx, args),
            SettleCommand::Status(args) => status::run(ctx, args),
            SettleCommand::Reclaim(args) => reclaim::run(ctx, args),
            SettleCommand::Answer(args) => answer::run(ctx, args),
        }
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingArg {
    /// Whichever needs fewer transactions, setup included
    Auto,
    /// Legacy transactions, no setup
    Legacy,
    /// v0 transactions reading accounts from address lookup tables
    LookupTables,
}

/// The fraud rules and packing choices (defaults documented in `encore_sdk::settle::rules`).
#[derive(Args, Debug, Clone)]
pub struct PlanOptions {
    /// A play counts from this many seconds listened
    #[arg(long, value_name = "SECONDS", default_value_t = Rules::default().min_seconds)]
    pub min_seconds: u32,
    /// How far a listener's next play may start before the previous one ends
    #[arg(long, value_name = "SECONDS", default_value_t = Rules::default().overlap_tolerance_secs)]
    pub overlap_tolerance: u32,
    /// Counted plays per listener per UTC day at most
    #[arg(long, value_name = "N", default_value_t = Rules::default().max_plays_per_day)]
    pub max_plays_per_day: u32,
    /// How settle transactions name their accounts
    #[arg(long, value_enum, default_value_t = EncodingArg::Auto)]
    pub encoding: EncodingArg,
}

impl PlanOptions {
    pub fn config(&self) -> PlanConfig {
        PlanConfig {
            rules: Rules {
                min_seconds: self.min_seconds,
                overlap_tolerance_secs: self.overlap_tolerance,
                max_plays_per_day: self.max_plays_per_day,
            },
            encoding: match self.encoding {
                EncodingArg::Auto => EncodingChoice::Auto,
                EncodingArg::Legacy => EncodingChoice::Legacy,
                EncodingArg::LookupTables => EncodingChoice::LookupTables,
            },
            ..PlanConfig::default()
        }
    }
}

/// Reads the play log, saying what to do when it cannot.
/// The plays of a play log, its receipt lines blanked (see
/// `encore_sdk::receipts::split_play_log`).
pub fn read_plays(path: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    Ok(read_plays_and_receipts(path)?.0)
}

/// A play log's plays and the listener receipts beside them.
pub fn read_plays_and_receipts(
    path: &std::path::Path,
) -> anyhow::Result<(Vec<u8>, Vec<encore_sdk::receipts::SignedReceipt>)> {
    use crate::error::HintExt;
    use anyhow::Context as _;
    let raw = std::fs::read(path)
        .with_context(|| format!("cannot read play log {}", path.display()))
        .hint("--plays takes a CSV (listener,track,timestamp,seconds_played) or JSON-lines file")?;
    encore_sdk::receipts::split_play_log(&raw)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .hint(
            "a receipt row reads receipt,listener,payment_mint,settler,epoch,total,through,signer,signature \
             (CSV) or {\"receipt\": {...}} (JSON lines), as `encore escrow receipt` prints it",
        )
}

/// Where a settler keeps the latest receipt of each listener by default.
pub fn default_receipt_store(settler: &Pubkey) -> std::path::PathBuf {
    std::env::home_dir()
        .unwrap_or_default()
        .join(".config/encore/receipts")
        .join(format!("{settler}.jsonl"))
}

/// A runner error with the next step to take.
pub fn run_failed(err: RunError, mint: Option<&Pubkey>) -> anyhow::Error {
    let hint = match &err {
        RunError::Ingest(_) => Some(
            "fix that line of the play log; each line needs a listener wallet, a track \
             address, a unix timestamp and whole seconds played"
                .to_string(),
        ),
        RunError::Checkpoint(_) => {
            Some("`encore settle status --checkpoint <FILE>` shows what a checkpoint holds".into())
        }
        RunError::Conflict(_) => Some(
            "`encore settle status --plays <FILE>` shows what the chain holds of the log".into(),
        ),
        RunError::Stalled(_) => Some(
            "`encore settle status --plays <FILE>` shows what is left and why; a refusal named \
             above says what to fix"
                .into(),
        ),
        RunError::Sdk(source) => ProgramError::of(source).map(|named| {
            batch_hint(named, mint)
                .unwrap_or_else(|| hints::hint(named, &mint.map(Known::mint).unwrap_or_default()))
        }),
        RunError::Interrupted(_) => Some("run the same command again to resume".into()),
        RunError::Incomplete { .. } => Some(
            "finish with `encore settle run --plays <FILE>` first; what is left of the log \
             reads the lookup tables"
                .into(),
        ),
        RunError::NotApproved(wallet) => Some(format!(
            "the settler registers with `encore gov settler register` and governance approves \
             it with `encore gov settler approve {wallet}`"
        )),
    };
    match hint {
        Some(hint) => anyhow::Error::new(Hinted {
            error: err.into(),
            hint,
        }),
        None => err.into(),
    }
}

/// What a settler does about the escrow's errors in a settle batch.
fn batch_hint(err: ProgramError, mint: Option<&Pubkey>) -> Option<String> {
    let mint = mint.map_or("<MINT>".to_string(), |m| m.to_string());
    Some(match err.name_in(&stream_escrow::ID)? {
        "SettlerNotApproved" => {
            "governance must approve this settler: `encore gov settler approve <WALLET>`".into()
        }
        "SettlementPaused" => "governance has paused settlement; `encore gov show` shows \
                               the pause flags; rerun once it resumes"
            .into(),
        "PlaysAlreadySettled" | "ListenerWindowOpen" | "NoOpenWindow" | "WindowSpansChange" => {
            "the chain moved on since planning (another settler, or a change of terms); \
             rerun: each run plans from the chain"
                .into()
        }
        "SettlerFeeTooHigh" => "lower --fee-bps to governance's settler fee cap".into(),
        "AccountNotInitialized" => format!(
            "an account is missing; is there an escrow in mint {mint} (`encore escrow open --mint {mint}`)?"
        ),
        _ => return None,
    })
}
