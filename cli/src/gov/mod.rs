//! `encore gov ...`: protocol parameters behind a timelock, the emergency
//! pause, the authority handover, and settlers with their bonds.

use anyhow::{anyhow, Context as _};
use clap::Subcommand;
use encore_sdk::governance::errors::GovernanceError;
use encore_sdk::governance::state::{ProposedChange, ProtocolConfig};
use encore_sdk::{accounts, pda, EncoreClient, SdkError};

use crate::error::{HintExt, Hinted};
use crate::hints::Known;
use crate::units::format_duration;
use crate::Context;

pub mod accept_authority;
pub mod cancel;
pub mod changes;
pub mod dispute;
pub mod execute;
pub mod init;
pub mod pause;
pub mod propose;
pub mod settler;
pub mod show;
pub mod transfer_authority;
pub mod view;

pub use view::{
    bps_text, describe, sol_text, ChangeView, ConfigView, PausedView, Proposal, ProposalView,
};

#[derive(Subcommand, Debug)]
pub enum GovCommand {
    /// Create the protocol config (signed by the governance program's upgrade authority)
    Init(init::InitArgs),
    /// Show the protocol config: authority, parameters, pause flags
    Show,
    /// Propose a parameter change, executable once the timelock has elapsed
    #[command(subcommand)]
    Propose(propose::ProposeCommand),
    /// Execute a due proposal (anyone may)
    Execute(execute::ExecuteArgs),
    /// Cancel a pending proposal (the authority; anyone once it has expired)
    Cancel(cancel::CancelArgs),
    /// List proposals
    Changes(changes::ChangesArgs),
    /// Pause new activity in an area, immediately
    Pause(pause::PauseArgs),
    /// Resume new activity in an area
    Unpause(pause::PauseArgs),
    /// Propose a new governance authority (step one of two), or --cancel it
    TransferAuthority(transfer_authority::TransferAuthorityArgs),
    /// Accept the authority proposed to the keypair (step two)
    AcceptAuthority,
    /// Settlers: registration, bonds, approval
    #[command(subcommand)]
    Settler(settler::SettlerCommand),
    /// Track ownership disputes: governance's decision
    #[command(subcommand)]
    Dispute(dispute::DisputeCommand),
}

impl GovCommand {
    pub fn run(self, ctx: &mut Context) -> anyhow::Result<()> {
        use pause::Pause;
        match self {
            GovCommand::Init(args) => init::run(ctx, args),
            GovCommand::Show => show::run(ctx),
            GovCommand::Propose(cmd) => propose::run(ctx, cmd),
            GovCommand::Execute(args) => execute::run(ctx, args),
            GovCommand::Cancel(args) => cancel::run(ctx, args),
            GovCommand::Changes(args) => changes::run(ctx, args),
            GovCommand::Pause(args) => pause::run(ctx, args, Pause::On),
            GovCommand::Unpause(args) => pause::run(ctx, args, Pause::Off),
            GovCommand::TransferAuthority(args) => transfer_authority::run(ctx, args),
            GovCommand::AcceptAuthority => accept_authority::run(ctx),
            GovCommand::Settler(cmd) => cmd.run(ctx),
            GovCommand::Dispute(cmd) => cmd.run(ctx),
        }
    }
}

/// The deployment's config, or an error saying governance is not set up.
pub fn require_config(client: &dyn EncoreClient) -> anyhow::Result<ProtocolConfig> {
    match accounts::config(client) {
        Ok(config) => Ok(config),
        Err(SdkError::AccountNotFound(_)) => Err(anyhow!(
            "governance is not initialized on this cluster (no protocol config at {})",
            pda::config().0
        ))
        .hint("the governance program's upgrade authority sets it up with `encore gov init`; check -u/--url"),
        Err(e) => Err(e.into()),
    }
}

/// What governance hints may name: its authority, when the config was read.
pub fn known(config: Option<&ProtocolConfig>) -> Known {
    Known::authority(config.map(|c| c.authority))
}

/// A proposal by id, or an error pointing at the list.
pub fn require_change(client: &dyn EncoreClient, id: u64) -> anyhow::Result<ProposedChange> {
    accounts::change(client, id)
        .with_context(|| format!("cannot load proposal {id}"))
        .hint("`encore gov changes` lists the proposals")
}

/// A client-side bound check failing, named as the program would name it.
pub fn invalid(err: GovernanceError) -> anyhow::Error {
    use encore_sdk::governance::constants::*;
    let hint = match err {
        GovernanceError::ProtocolFeeTooHigh => {
            format!("the protocol fee is 0-{MAX_PROTOCOL_FEE_BPS} bps")
        }
        GovernanceError::SettlerFeeTooHigh => {
            format!("the maximum settler fee is 0-{MAX_SETTLER_FEE_BPS} bps")
        }
        GovernanceError::InvalidWithdrawalNotice => format!(
            "the withdrawal notice is 1s-{}",
            format_duration(MAX_WITHDRAWAL_NOTICE_SECS)
        ),
        GovernanceError::InvalidReleasePeriod => format!(
            "the release period is 1d-{}",
            format_duration(MAX_RELEASE_PERIOD_SECS)
        ),
        GovernanceError::InvalidTimelockDelay => format!(
            "the timelock is 1s-{}",
            format_duration(MAX_TIMELOCK_DELAY_SECS)
        ),
        GovernanceError::InvalidTreasury => "pass a real wallet as the treasury".into(),
        GovernanceError::InvalidSlashAmount => "slash an amount greater than zero".into(),
        GovernanceError::TimelockShorterThanNotice => {
            "pass a --timelock at least as long as the --withdrawal-notice".into()
        }
        _ => "check the value and try again".into(),
    };
    anyhow::Error::new(Hinted {
        error: anyhow!("{err} ({err:?})"),
        hint,
    })
}
