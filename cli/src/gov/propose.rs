//! `encore gov propose <CHANGE> <VALUE>`

use clap::Subcommand;
use encore_sdk::governance::checks::check_change;
use encore_sdk::governance::state::ParamChange;
use encore_sdk::instructions::gov as ix;
use encore_sdk::Pubkey;
use solana_signer::Signer;

use super::{describe, invalid, known, require_change, require_config, Proposal};
use crate::hints::ProgramError;
use crate::output::utc;
use crate::send::{send_with, Sent};
use crate::units::{parse_duration, parse_sol};
use crate::Context;

/// The parameter to change and its new value. Durations take seconds or
/// 90m, 36h, 2d, 1w.
#[derive(Subcommand, Debug)]
pub enum ProposeCommand {
    /// Protocol share of settled revenue, in basis points (at most 1000)
    ProtocolFeeBps {
        #[arg(value_name = "BPS")]
        bps: u16,
    },
    /// Cap on a settler's fee, in basis points (at most 500)
    MaxSettlerFeeBps {
        #[arg(value_name = "BPS")]
        bps: u16,
    },
    /// Listener withdrawal notice (1s to 7d)
    WithdrawalNotice {
        #[arg(value_name = "DURATION", value_parser = parse_duration, allow_hyphen_values = true)]
        duration: i64,
    },
    /// Period over which revenue is released to stakers (1s to 90d)
    ReleasePeriod {
        #[arg(value_name = "DURATION", value_parser = parse_duration, allow_hyphen_values = true)]
        duration: i64,
    },
    /// Wait between proposing and executing later changes (1s to 30d)
    #[command(alias = "timelock-delay")]
    Timelock {
        #[arg(value_name = "DURATION", value_parser = parse_duration, allow_hyphen_values = true)]
        duration: i64,
    },
    /// Wallet receiving protocol fees and slashed bonds
    Treasury {
        #[arg(value_name = "PUBKEY")]
        treasury: Pubkey,
    },
    /// How long after a charge a listener may dispute it, and a settler has to answer (1s to 7d)
    ChallengeWindow {
        #[arg(value_name = "DURATION", value_parser = parse_duration, allow_hyphen_values = true)]
        duration: i64,
    },
    /// Free bond a settler holds for its charges open to dispute, in basis points of them (10000 to 50000)
    BondRatioBps {
        #[arg(value_name = "BPS")]
        bps: u16,
    },
    /// SOL a disputer puts up (at most 10)
    DisputeDeposit {
        #[arg(value_name = "SOL", value_parser = parse_sol)]
        lamports: u64,
    },
    /// Reward for proving an overcharge, in basis points of the excess (at most 5000)
    DisputeRewardBps {
        #[arg(value_name = "BPS")]
        bps: u16,
    },
}

impl From<ProposeCommand> for ParamChange {
    fn from(cmd: ProposeCommand) -> Self {
        match cmd {
            ProposeCommand::ProtocolFeeBps { bps } => ParamChange::ProtocolFeeBps(bps),
            ProposeCommand::MaxSettlerFeeBps { bps } => ParamChange::MaxSettlerFeeBps(bps),
            ProposeCommand::WithdrawalNotice { duration } => {
                ParamChange::WithdrawalNoticeSecs(duration)
            }
            ProposeCommand::ReleasePeriod { duration } => ParamChange::ReleasePeriodSecs(duration),
            ProposeCommand::Timelock { duration } => ParamChange::TimelockDelaySecs(duration),
            ProposeCommand::Treasury { treasury } => ParamChange::Treasury(treasury),
            ProposeCommand::ChallengeWindow { duration } => {
                ParamChange::ChallengeWindowSecs(duration)
            }
            ProposeCommand::BondRatioBps { bps } => ParamChange::MinBondRatioBps(bps),
            ProposeCommand::DisputeDeposit { lamports } => {
                ParamChange::DisputeDepositLamports(lamports)
            }
            ProposeCommand::DisputeRewardBps { bps } => ParamChange::DisputeRewardBps(bps),
        }
    }
}

pub fn run(ctx: &mut Context, cmd: ProposeCommand) -> anyhow::Result<()> {
    propose(ctx, cmd.into(), |_| None)
}

/// Checks `change` as the program will, proposes it under the next id and
/// prints the proposal. `special` may hint program errors first.
pub fn propose(
    ctx: &mut Context,
    change: ParamChange,
    special: impl FnOnce(ProgramError) -> Option<String>,
) -> anyhow::Result<()> {
    check_change(&change).map_err(invalid)?;
    let wallet = ctx.keypair()?;
    let config = require_config(ctx.client)?;
    let id = config.change_count;
    let propose = ix::propose_change(&wallet.pubkey(), id, change);
    let signature = send_with(
        ctx.client,
        &[propose],
        &wallet,
        &[],
        &known(Some(&config)),
        special,
    )?;
    let eta = require_change(ctx.client, id)?.eta;
    let headline = format!(
        "Proposed change {id}: {}; executable from {} with `encore gov execute {id}`",
        describe(ctx.client, &change),
        utc(eta)
    );
    Sent::new(signature, Proposal::load(ctx.client, id)?).emit(&mut ctx.printer, &headline)
}
