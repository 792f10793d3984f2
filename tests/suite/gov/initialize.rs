//! initialize: once, only by the upgrade authority in the program's ProgramData.

use anchor_lang::prelude::Pubkey;
use encore_sdk::governance::constants::*;
use encore_sdk::governance::errors::GovernanceError;
use encore_sdk::governance::state::{PauseFlags, ProtocolParams};
use encore_sdk::instructions::gov as ix;
use encore_sdk::pda;
use solana_keypair::Keypair;
use solana_signer::Signer;

use super::{config, governed, params};
use crate::support::fixture::{
    assert_anchor_error, assert_error, assert_sdk_anchor_error, assert_sdk_error, Fixture, SOL,
};

#[test]
fn initialize_stores_the_config_and_runs_once() {
    let (mut f, gov) = governed();
    let now = f.now();
    let c = config(&mut f);
    assert_eq!(c.authority, gov.authority.pubkey());
    assert_eq!(c.params, params(&gov.treasury.pubkey()));
    assert_eq!(c.paused, PauseFlags::default());
    assert_eq!(c.change_count, 0);
    assert_eq!(c.pending_authority, None);
    assert_eq!(c.initialized_at, now);
    assert_eq!(c.bump, pda::config().1);

    let before = f.account(&pda::config().0).unwrap();
    let mut other = params(&gov.treasury.pubkey());
    other.protocol_fee_bps = 0;
    f.warp_seconds(1);
    assert_error(
        f.send(
            &[ix::initialize(&gov.authority.pubkey(), other)],
            &[&gov.authority],
        ),
        GovernanceError::AlreadyInitialized,
    );
    assert_eq!(f.account(&pda::config().0).unwrap(), before);

    // The SDK reads the same account and names the error.
    let via_sdk = encore_sdk::accounts::config(&f).expect("sdk fetch");
    assert_eq!(via_sdk.authority, gov.authority.pubkey());
    let result = encore_sdk::EncoreClient::send_instructions(
        &f,
        &[ix::initialize(&gov.authority.pubkey(), other)],
        &gov.authority,
        &[],
    );
    assert_sdk_error(result, GovernanceError::AlreadyInitialized);
}

#[test]
fn only_the_upgrade_authority_can_initialize() {
    let upgrade_authority = Keypair::new();
    let mut f = Fixture::with_upgrade_authority(&upgrade_authority.pubkey());
    let squatter = f.keypair();
    let treasury = Pubkey::new_unique();
    assert_error(
        f.send(
            &[ix::initialize(&squatter.pubkey(), params(&treasury))],
            &[&squatter],
        ),
        GovernanceError::NotUpgradeAuthority,
    );
    assert!(f.account(&pda::config().0).is_none());

    // The squatter cannot pass off another program's ProgramData either.
    let mut forged = ix::initialize(&squatter.pubkey(), params(&treasury));
    forged.accounts[2].pubkey = pda::program_data(&encore_sdk::track_registry::ID).0;
    let mut f = Fixture::with(|pt| {
        encore_sdk::native::plant_program_data(
            pt,
            &encore_sdk::track_registry::ID,
            Some(squatter.pubkey()),
        )
    });
    f.transfer_sol(&squatter.pubkey(), SOL);
    assert_anchor_error(
        f.send(&[forged], &[&squatter]),
        &encore_sdk::governance::ID,
        anchor_lang::error::ErrorCode::ConstraintSeeds,
    );
    assert!(f.account(&pda::config().0).is_none());
}

#[test]
fn initialize_needs_a_genuine_loader_record() {
    let authority = Keypair::new();
    let treasury = Pubkey::new_unique();
    let init = ix::initialize(&authority.pubkey(), params(&treasury));

    // Not deployed through the upgradeable loader: nothing at the address.
    let mut f = Fixture::new();
    f.transfer_sol(&authority.pubkey(), SOL);
    assert_anchor_error(
        f.send(std::slice::from_ref(&init), &[&authority]),
        &encore_sdk::governance::ID,
        anchor_lang::error::ErrorCode::AccountNotInitialized,
    );

    // Made immutable before initializing: no authority can ever initialize.
    let mut f = Fixture::with(|pt| {
        encore_sdk::native::plant_program_data(pt, &encore_sdk::governance::ID, None)
    });
    f.transfer_sol(&authority.pubkey(), SOL);
    assert_error(
        f.send(std::slice::from_ref(&init), &[&authority]),
        GovernanceError::NotUpgradeAuthority,
    );

    // The right bytes at the right address, but not written by the loader.
    let mut f = Fixture::with(|pt| {
        let (address, mut account) = encore_sdk::native::program_data_account(
            &encore_sdk::governance::ID,
            Some(authority.pubkey()),
        );
        account.owner = anchor_lang::system_program::ID;
        pt.add_account(address, account);
    });
    f.transfer_sol(&authority.pubkey(), SOL);
    assert_anchor_error(
        f.send(&[init], &[&authority]),
        &encore_sdk::governance::ID,
        anchor_lang::error::ErrorCode::AccountOwnedByWrongProgram,
    );
    assert!(f.account(&pda::config().0).is_none());
}

#[test]
fn initialize_rejects_out_of_range_params() {
    let authority = Keypair::new();
    let mut f = Fixture::with_upgrade_authority(&authority.pubkey());
    f.transfer_sol(&authority.pubkey(), SOL);
    let good = params(&Pubkey::new_unique());
    let cases: Vec<(ProtocolParams, GovernanceError)> = vec![
        (
            ProtocolParams {
                treasury: Pubkey::default(),
                ..good
            },
            GovernanceError::InvalidTreasury,
        ),
        (
            ProtocolParams {
                protocol_fee_bps: MAX_PROTOCOL_FEE_BPS + 1,
                ..good
            },
            GovernanceError::ProtocolFeeTooHigh,
        ),
        (
            ProtocolParams {
                max_settler_fee_bps: MAX_SETTLER_FEE_BPS + 1,
                ..good
            },
            GovernanceError::SettlerFeeTooHigh,
        ),
        (
            ProtocolParams {
                withdrawal_notice_secs: 0,
                ..good
            },
            GovernanceError::InvalidWithdrawalNotice,
        ),
        (
            ProtocolParams {
                release_period_secs: MAX_RELEASE_PERIOD_SECS + 1,
                ..good
            },
            GovernanceError::InvalidReleasePeriod,
        ),
        (
            ProtocolParams {
                timelock_delay_secs: -1,
                ..good
            },
            GovernanceError::InvalidTimelockDelay,
        ),
    ];
    for (bad, expected) in cases {
        assert_error(
            f.send(&[ix::initialize(&authority.pubkey(), bad)], &[&authority]),
            expected,
        );
    }
    assert!(f.account(&pda::config().0).is_none());

    // The bounds themselves are accepted.
    let edge = ProtocolParams {
        protocol_fee_bps: MAX_PROTOCOL_FEE_BPS,
        max_settler_fee_bps: MAX_SETTLER_FEE_BPS,
        withdrawal_notice_secs: MAX_WITHDRAWAL_NOTICE_SECS,
        release_period_secs: MIN_RELEASE_PERIOD_SECS,
        timelock_delay_secs: MAX_TIMELOCK_DELAY_SECS,
        ..good
    };
    f.send(&[ix::initialize(&authority.pubkey(), edge)], &[&authority])
        .expect("boundary values initialize");
    assert_eq!(config(&mut f).params, edge);
}

#[test]
fn a_prefunded_config_address_cannot_block_initialization() {
    let authority = Keypair::new();
    let mut f = Fixture::with_upgrade_authority(&authority.pubkey());
    f.transfer_sol(&authority.pubkey(), SOL);
    f.transfer_sol(&pda::config().0, 890_880);
    let treasury = Pubkey::new_unique();
    f.send(
        &[ix::initialize(&authority.pubkey(), params(&treasury))],
        &[&authority],
    )
    .expect("initialize over a pre-funded address");
    assert_eq!(config(&mut f).params.treasury, treasury);
}

#[test]
fn litesvm_plants_program_data_and_initializes() {
    use encore_sdk::client::EncoreClient;
    let client = encore_sdk::native::LiteSvmClient::new();
    let authority = Keypair::new();
    client.airdrop(&authority.pubkey(), SOL).expect("airdrop");
    let treasury = Pubkey::new_unique();
    let init = ix::initialize(&authority.pubkey(), params(&treasury));
    assert_sdk_anchor_error(
        client.send_instructions(std::slice::from_ref(&init), &authority, &[]),
        &encore_sdk::governance::ID,
        anchor_lang::error::ErrorCode::AccountNotInitialized,
    );
    client
        .plant_program_data(&encore_sdk::governance::ID, Some(authority.pubkey()))
        .expect("plant");
    client
        .send_instructions(&[init], &authority, &[])
        .expect("initialize");
    let c = encore_sdk::accounts::config(&client).expect("config");
    assert_eq!(c.authority, authority.pubkey());
    assert_eq!(c.params.treasury, treasury);
}
