//! `encore gov init`

use anyhow::anyhow;
use clap::Args;
use encore_sdk::governance::checks::check_params;
use encore_sdk::governance::state::ProtocolParams;
use encore_sdk::instructions::gov as ix;
use encore_sdk::{accounts, Pubkey};
use solana_signer::Signer;

use super::{invalid, known, ConfigView};
use crate::error::HintExt;
use crate::send::{send, Sent};
use crate::units::{parse_duration, parse_sol};
use crate::Context;

/// Defaults are those of local chains and demos (`encore_sdk::native::local_params`).
#[derive(Args, Debug)]
pub struct InitArgs {
    /// Wallet whose token accounts receive protocol fees and slashed bonds [default: the keypair's pubkey]
    #[arg(long, value_name = "PUBKEY")]
    pub treasury: Option<Pubkey>,
    /// Protocol share of settled revenue, in basis points (at most 1000)
    #[arg(long, value_name = "BPS", default_value_t = 300)]
    pub protocol_fee_bps: u16,
    /// Cap on a settler's fee, in basis points (at most 500)
    #[arg(long, value_name = "BPS", default_value_t = 200)]
    pub max_settler_fee_bps: u16,
    /// Listener withdrawal notice: seconds or 90m, 36h, 2d (1s to 7d)
    #[arg(long, value_name = "DURATION", default_value = "2d", value_parser = parse_duration)]
    pub withdrawal_notice: i64,
    /// Period over which revenue is released to stakers (1s to 90d)
    #[arg(long, value_name = "DURATION", default_value = "7d", value_parser = parse_duration)]
    pub release_period: i64,
    /// Wait between proposing and executing a change (1s to 30d)
    #[arg(long, value_name = "DURATION", default_value = "2d", value_parser = parse_duration)]
    pub timelock: i64,
    /// How long after a charge a listener may dispute it, and a settler has to answer (1s to 7d)
    #[arg(long, value_name = "DURATION", default_value = "1d", value_parser = parse_duration)]
    pub challenge_window: i64,
    /// Free bond a settler holds for its charges open to dispute, in basis points of them (10000 to 50000)
    #[arg(long, value_name = "BPS", default_value_t = 10_000)]
    pub min_bond_ratio_bps: u16,
    /// SOL a disputer puts up; a dispute the settler answers pays it to the settler (at most 10)
    #[arg(long, value_name = "SOL", default_value = "0.05", value_parser = parse_sol)]
    pub dispute_deposit: u64,
    /// Reward for proving an overcharge, in basis points of the excess, from the settler's bond (at most 5000)
    #[arg(long, value_name = "BPS", default_value_t = 1_000)]
    pub dispute_reward_bps: u16,
}

impl InitArgs {
    /// The parameters these flags ask for.
    pub fn params(&self, treasury: Pubkey) -> ProtocolParams {
        ProtocolParams {
            treasury,
            protocol_fee_bps: self.protocol_fee_bps,
            max_settler_fee_bps: self.max_settler_fee_bps,
            withdrawal_notice_secs: self.withdrawal_notice,
            release_period_secs: self.release_period,
            timelock_delay_secs: self.timelock,
            challenge_window_secs: self.challenge_window,
            min_bond_ratio_bps: self.min_bond_ratio_bps,
            dispute_deposit_lamports: self.dispute_deposit,
            dispute_reward_bps: self.dispute_reward_bps,
        }
    }
}

pub fn run(ctx: &mut Context, args: InitArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let authority = wallet.pubkey();
    let params = args.params(args.treasury.unwrap_or(authority));
    check_params(&params).map_err(invalid)?;
    if let Ok(config) = accounts::config(ctx.client) {
        return Err(anyhow!(
            "governance is already initialized (authority {})",
            config.authority
        ))
        .hint("see it with `encore gov show`; parameters change through `encore gov propose`");
    }
    let init = ix::initialize(&authority, params);
    let signature = send(ctx.client, &[init], &wallet, &[], &known(None))?;
    Sent::new(signature, ConfigView::load(ctx.client)?).emit(
        &mut ctx.printer,
        &format!("Initialized governance; authority {authority}"),
    )
}
