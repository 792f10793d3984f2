//! `encore gov ...`: protocol parameters behind a timelock, the emergency
//! pause, the authority handover, and settlers with their bonds.

use anyhow::{anyhow, Context as _};
use clap::Subcommand;
use encore_sdk::governance::errors::GovernanceError;
use encore_sdk::governance::state::{ProposedChange, ProtocolConfig};
use encore_sdk::{accounts, pda, token, EncoreClient, SdkError};

use crate::error::{HintExt, Hinted};
use crate::units::format_duration;
use crate::Context;

pub mod accept_authority;
pub mod cancel;
pub mod changes;
pub mod execute;
pub mod init;
pub mod pause;
pub mod propose;
pub mod settler;
pub mod show;
pub mod transfer_authority;
pub mod view;

pub use view::{
    bps_text, describe, ChangeView, ConfigSent, ConfigView, PausedView, ProposalSent, ProposalView,
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
            "the release period is 1s-{}",
            format_duration(MAX_RELEASE_PERIOD_SECS)
        ),
        GovernanceError::InvalidTimelockDelay => format!(
            "the timelock is 1s-{}",
            format_duration(MAX_TIMELOCK_DELAY_SECS)
        ),
        GovernanceError::InvalidTreasury => "pass a real wallet as the treasury".into(),
        GovernanceError::InvalidSlashAmount => "slash an amount greater than zero".into(),
        _ => "check the value and try again".into(),
    };
    anyhow::Error::new(Hinted {
        error: anyhow!("{err} ({err:?})"),
        hint,
    })
}

/// Hints for governance errors that need no command-specific detail.
pub fn hint(name: &str, config: Option<&ProtocolConfig>) -> Option<String> {
    let authority = config.map_or_else(
        || "the governance authority".into(),
        |c| c.authority.to_string(),
    );
    Some(match name {
        "Unauthorized" => {
            format!("only the governance authority ({authority}) may do this: sign with its keypair (-k)")
        }
        "NotUpgradeAuthority" => format!(
            "sign with the governance program's upgrade authority (-k); `solana program show {}` names it",
            encore_sdk::governance::ID
        ),
        "AlreadyInitialized" => "governance is set up already; see `encore gov show`".into(),
        "NoPendingAuthority" => {
            "nothing to accept: the authority first runs `encore gov transfer-authority <PUBKEY>`"
                .into()
        }
        "AuthorityUnchanged" => "that key is already the authority".into(),
        "PauseUnchanged" => {
            "the area is already in that state; `encore gov show` shows the pause flags".into()
        }
        "ChangeNotPending" => {
            "it was already executed or cancelled; `encore gov changes` shows its status".into()
        }
        "SettlerAlreadyApproved" | "SettlerNotApproved" => {
            "`encore gov settler show <WALLET>` shows the settler's state".into()
        }
        "SettlerStillApproved" => {
            "the council revokes the settler first: `encore gov settler revoke <WALLET>`".into()
        }
        "SettlerAlreadyRegistered" => {
            "the wallet is registered already; `encore gov settler show` shows its record".into()
        }
        "InvalidBondAmount" => "pass an amount greater than zero".into(),
        "BondMintMismatch" => "the token account must be in the settler's bond mint".into(),
        _ => return None,
    })
}

/// Parses a UI amount in a mint with `decimals`, naming the flag on failure.
pub fn ui_amount_arg(text: &str, decimals: u8, flag: &str) -> anyhow::Result<u64> {
    token::parse_ui_amount(text, decimals).with_hint(|| {
        format!(
            "{flag} is in UI units of the mint, which has {decimals} decimals (e.g. {flag} 1.5)"
        )
    })
}
