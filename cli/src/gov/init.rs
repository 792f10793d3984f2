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
use crate::units::parse_duration;
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
}

pub fn run(ctx: &mut Context, args: InitArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let authority = wallet.pubkey();
    let params = ProtocolParams {
        treasury: args.treasury.unwrap_or(authority),
        protocol_fee_bps: args.protocol_fee_bps,
        max_settler_fee_bps: args.max_settler_fee_bps,
        withdrawal_notice_secs: args.withdrawal_notice,
        release_period_secs: args.release_period,
        timelock_delay_secs: args.timelock,
    };
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
