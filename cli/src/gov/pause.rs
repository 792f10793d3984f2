//! `encore gov pause|unpause --area AREA`

use clap::{Args, ValueEnum};
use encore_sdk::governance::instructions::SetPauseArgs;
use encore_sdk::governance::state::PauseArea;
use encore_sdk::instructions::gov as ix;
use solana_signer::Signer;

use super::{known, require_config, ConfigView};
use crate::send::{send, Sent};
use crate::Context;

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// New artists, tracks, share issues and stakes
    Registry,
    /// Escrow deposits and settlement batches
    Settlement,
    /// Pool swaps and deposits
    Pool,
    /// Every area at once
    All,
}

impl Area {
    fn name(self) -> &'static str {
        match self {
            Area::Registry => "registry",
            Area::Settlement => "settlement",
            Area::Pool => "pool",
            Area::All => "every area",
        }
    }
}

#[derive(Args, Debug)]
pub struct PauseArgs {
    /// Which area; exits (withdrawals, unstake, claim) are never paused
    #[arg(long, value_enum)]
    pub area: Area,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pause {
    On,
    Off,
}

pub fn run(ctx: &mut Context, args: PauseArgs, pause: Pause) -> anyhow::Result<()> {
    let paused = pause == Pause::On;
    let set = match args.area {
        Area::Registry => SetPauseArgs::only(PauseArea::Registry, paused),
        Area::Settlement => SetPauseArgs::only(PauseArea::Settlement, paused),
        Area::Pool => SetPauseArgs::only(PauseArea::Pool, paused),
        Area::All => SetPauseArgs::all(paused),
    };
    let wallet = ctx.keypair()?;
    let config = require_config(ctx.client)?;
    let ixn = ix::set_pause(&wallet.pubkey(), set);
    let signature = send(ctx.client, &[ixn], &wallet, &[], &known(Some(&config)))?;
    let headline = match pause {
        Pause::On => format!("Paused new activity: {}", args.area.name()),
        Pause::Off => format!("Resumed new activity: {}", args.area.name()),
    };
    Sent::new(signature, ConfigView::load(ctx.client)?).emit(&mut ctx.printer, &headline)
}
