//! governance: shared helpers here, one module per area in governance/
//! (initialize, authority and pause, timelock, settlers, slashing, and the
//! limits: amounts near u64::MAX and every bound from both sides). Every
//! rejection is checked by name.

mod cli;

mod authority;
mod initialize;
mod limits;
mod settlers;
mod slashing;
mod timelock;

use anchor_lang::prelude::Pubkey;
use encore_sdk::governance::constants::*;
use encore_sdk::governance::state::{ParamChange, ProtocolConfig, ProtocolParams};
use encore_sdk::instructions::gov as ix;
use encore_sdk::pda;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::support::fixture::{Fixture, TxResult, SOL};

pub const TIMELOCK: i64 = 2 * DAY_SECS;

pub fn params(treasury: &Pubkey) -> ProtocolParams {
    ProtocolParams {
        treasury: *treasury,
        protocol_fee_bps: 300,
        max_settler_fee_bps: 200,
        withdrawal_notice_secs: 2 * DAY_SECS,
        release_period_secs: 7 * DAY_SECS,
        timelock_delay_secs: TIMELOCK,
        challenge_window_secs: DAY_SECS,
        min_bond_ratio_bps: 10_000,
        dispute_deposit_lamports: 50_000_000,
        dispute_reward_bps: 1_000,
    }
}

/// A deployment's governance, initialized with [`params`].
pub struct Gov {
    pub authority: Keypair,
    pub treasury: Keypair,
}

/// A fixture with governance initialized by its upgrade authority, for any
/// test module that needs the protocol config.
pub fn governed() -> (Fixture, Gov) {
    let authority = Keypair::new();
    let mut f = Fixture::with_upgrade_authority(&authority.pubkey());
    f.transfer_sol(&authority.pubkey(), 10 * SOL);
    let treasury = f.keypair();
    f.send(
        &[ix::initialize(
            &authority.pubkey(),
            params(&treasury.pubkey()),
        )],
        &[&authority],
    )
    .expect("initialize governance");
    (
        f,
        Gov {
            authority,
            treasury,
        },
    )
}

pub fn config(f: &mut Fixture) -> ProtocolConfig {
    f.state(&pda::config().0)
}

/// Proposes `change` as the authority; returns its id.
pub fn propose(f: &mut Fixture, gov: &Gov, change: ParamChange) -> u64 {
    let id = config(f).change_count;
    try_propose(f, &gov.authority, id, change).expect("propose change");
    id
}

pub fn try_propose(f: &mut Fixture, signer: &Keypair, id: u64, change: ParamChange) -> TxResult {
    f.send(
        &[ix::propose_change(&signer.pubkey(), id, change)],
        &[signer],
    )
}

/// Executes a parameter change, paid by the fixture payer (anyone may).
pub fn execute(f: &mut Fixture, id: u64, change: &ParamChange) -> TxResult {
    f.send(&[ix::execute_change(id, change, None)], &[])
}
