//! Settlers: registration, bonds, approval, revocation, and what pausing leaves open.

use anchor_lang::prelude::Pubkey;
use encore_sdk::governance::constants::DAY_SECS;
use encore_sdk::governance::errors::GovernanceError;
use encore_sdk::governance::instructions::SetPauseArgs;
use encore_sdk::governance::state::{ChangeStatus, ParamChange, PauseFlags, Settler};
use encore_sdk::instructions::gov as ix;
use encore_sdk::pda;
use solana_keypair::Keypair;
use solana_signer::Signer;

use super::{config, execute, governed, propose, Gov, TIMELOCK};
use crate::support::fixture::{assert_error, assert_sdk_error, Fixture};

/// A settler wallet with its record, holding `minted` bond-mint tokens.
pub(super) struct Candidate {
    pub(super) wallet: Keypair,
    pub(super) mint: Pubkey,
    pub(super) mint_authority: Keypair,
    /// The wallet's token account in the bond mint.
    pub(super) tokens: Pubkey,
}

pub(super) fn registered(f: &mut Fixture, minted: u64) -> Candidate {
    let wallet = f.keypair();
    let mint_authority = f.keypair();
    let mint = f.create_mint(&mint_authority, 6);
    let tokens = f.ata(&wallet.pubkey(), &mint);
    f.mint_to(&mint, &mint_authority, &tokens, minted);
    f.send(&[ix::register_settler(&wallet.pubkey(), &mint)], &[&wallet])
        .expect("register settler");
    Candidate {
        wallet,
        mint,
        mint_authority,
        tokens,
    }
}

pub(super) fn post(f: &mut Fixture, c: &Candidate, amount: u64) {
    f.send(
        &[ix::post_bond(&c.wallet.pubkey(), &c.tokens, amount)],
        &[&c.wallet],
    )
    .expect("post bond");
}

pub(super) fn settler(f: &mut Fixture, c: &Candidate) -> Settler {
    f.state(&pda::settler(&c.wallet.pubkey()).0)
}

pub(super) fn approve(f: &mut Fixture, gov: &Gov, c: &Candidate, min_bond: u64) {
    f.send(
        &[ix::approve_settler(
            &gov.authority.pubkey(),
            &c.wallet.pubkey(),
            min_bond,
        )],
        &[&gov.authority],
    )
    .expect("approve settler");
}

pub(super) fn vault(c: &Candidate) -> Pubkey {
    pda::settler_bond(&c.wallet.pubkey()).0
}

/// A registered, bonded (1,000) and approved settler.
pub(super) fn approved(f: &mut Fixture, gov: &Gov) -> Candidate {
    let c = registered(f, 5_000);
    post(f, &c, 1_000);
    approve(f, gov, &c, 1_000);
    c
}

pub(super) fn slash(c: &Candidate, amount: u64, reason: u16) -> ParamChange {
    ParamChange::SlashSettler {
        settler: c.wallet.pubkey(),
        amount,
        reason,
    }
}

#[test]
fn a_settler_registers_posts_a_bond_and_is_approved() {
    let (mut f, gov) = governed();
    let c = registered(&mut f, 5_000);
    let s = settler(&mut f, &c);
    assert_eq!(s.wallet, c.wallet.pubkey());
    assert_eq!(s.bond_mint, c.mint);
    assert!(!s.approved);
    assert_eq!(s.bond_amount, 0);
    assert_eq!(s.registered_at, f.now());
    assert_eq!(s.bump, pda::settler(&c.wallet.pubkey()).1);
    assert_eq!(s.vault_bump, pda::settler_bond(&c.wallet.pubkey()).1);
    assert_eq!(f.token_balance(&vault(&c)), 0);

    post(&mut f, &c, 1_200);
    assert_eq!(f.token_balance(&vault(&c)), 1_200);
    assert_eq!(f.token_balance(&c.tokens), 3_800);
    assert_eq!(settler(&mut f, &c).bond_amount, 1_200);

    approve(&mut f, &gov, &c, 1_000);
    let s = settler(&mut f, &c);
    assert!(s.is_approved());
    assert_eq!(s.approved_at, f.now());
    assert_eq!(s.revoked_at, 0);
    let via_sdk = encore_sdk::accounts::settler(&f, &c.wallet.pubkey())
        .expect("sdk fetch")
        .expect("exists");
    assert!(via_sdk.approved);

    // Topping up stays possible while approved.
    post(&mut f, &c, 300);
    assert_eq!(settler(&mut f, &c).bond_amount, 1_500);
    assert_eq!(f.token_balance(&vault(&c)), 1_500);

    // One record per wallet, by name, whatever the mint; nothing changes.
    let record = pda::settler(&c.wallet.pubkey()).0;
    let before = (f.account(&record), f.account(&vault(&c)));
    let other_mint = f.create_mint(&c.mint_authority, 6);
    for mint in [c.mint, other_mint] {
        assert_error(
            f.send(
                &[ix::register_settler(&c.wallet.pubkey(), &mint)],
                &[&c.wallet],
            ),
            GovernanceError::SettlerAlreadyRegistered,
        );
        assert_eq!((f.account(&record), f.account(&vault(&c))), before);
    }
    let s = settler(&mut f, &c);
    assert_eq!((s.bond_mint, s.bond_amount), (c.mint, 1_500));
}

#[test]
fn a_prefunded_settler_address_cannot_block_registration() {
    let (mut f, _gov) = governed();
    let wallet = f.keypair();
    let mint_authority = f.keypair();
    let mint = f.create_mint(&mint_authority, 6);
    f.transfer_sol(&pda::settler(&wallet.pubkey()).0, 890_880);
    f.send(&[ix::register_settler(&wallet.pubkey(), &mint)], &[&wallet])
        .expect("register over a pre-funded address");
    let s: Settler = f.state(&pda::settler(&wallet.pubkey()).0);
    assert_eq!((s.wallet, s.bond_mint), (wallet.pubkey(), mint));
    assert_eq!(s.bump, pda::settler(&wallet.pubkey()).1);
}

#[test]
fn a_settler_without_a_bond_can_be_approved() {
    let (mut f, gov) = governed();
    let c = registered(&mut f, 0);
    approve(&mut f, &gov, &c, 0);
    assert!(settler(&mut f, &c).approved);
}

#[test]
fn bond_deposits_are_checked() {
    let (mut f, _gov) = governed();
    let c = registered(&mut f, 5_000);
    let w = c.wallet.pubkey();
    assert_error(
        f.send(&[ix::post_bond(&w, &c.tokens, 0)], &[&c.wallet]),
        GovernanceError::InvalidBondAmount,
    );
    // Tokens of another mint cannot become this bond.
    let other_mint = f.create_mint(&c.mint_authority, 6);
    let other_tokens = f.ata(&w, &other_mint);
    f.mint_to(&other_mint, &c.mint_authority, &other_tokens, 100);
    assert_error(
        f.send(&[ix::post_bond(&w, &other_tokens, 50)], &[&c.wallet]),
        GovernanceError::BondMintMismatch,
    );
    // Another wallet cannot post into (or act on) this settler's record.
    let intruder = f.keypair();
    let mut ixn = ix::post_bond(&w, &c.tokens, 10);
    ixn.accounts[0].pubkey = intruder.pubkey();
    assert_error(f.send(&[ixn], &[&intruder]), GovernanceError::Unauthorized);
    assert_eq!(settler(&mut f, &c).bond_amount, 0);
    assert_eq!(f.token_balance(&c.tokens), 5_000);
}

#[test]
fn approval_is_authority_only_and_checks_the_bond() {
    let (mut f, gov) = governed();
    let c = registered(&mut f, 5_000);
    post(&mut f, &c, 400);
    let stranger = f.keypair();
    assert_error(
        f.send(
            &[ix::approve_settler(
                &stranger.pubkey(),
                &c.wallet.pubkey(),
                0,
            )],
            &[&stranger],
        ),
        GovernanceError::Unauthorized,
    );
    assert_error(
        f.send(
            &[ix::approve_settler(
                &gov.authority.pubkey(),
                &c.wallet.pubkey(),
                401,
            )],
            &[&gov.authority],
        ),
        GovernanceError::InsufficientBond,
    );
    assert!(!settler(&mut f, &c).approved);
    approve(&mut f, &gov, &c, 400);
    assert_error(
        f.send(
            &[ix::approve_settler(
                &gov.authority.pubkey(),
                &c.wallet.pubkey(),
                0,
            )],
            &[&gov.authority],
        ),
        GovernanceError::SettlerAlreadyApproved,
    );
    assert_error(
        f.send(
            &[ix::revoke_settler(&stranger.pubkey(), &c.wallet.pubkey())],
            &[&stranger],
        ),
        GovernanceError::Unauthorized,
    );
    assert!(settler(&mut f, &c).approved);
}

#[test]
fn the_bond_unlocks_one_timelock_delay_after_revocation() {
    let (mut f, gov) = governed();
    let c = approved(&mut f, &gov);
    let w = c.wallet.pubkey();
    let a = gov.authority.pubkey();
    assert_error(
        f.send(&[ix::withdraw_bond(&w, &c.tokens, 100)], &[&c.wallet]),
        GovernanceError::SettlerStillApproved,
    );

    f.send(&[ix::revoke_settler(&a, &w)], &[&gov.authority])
        .expect("revoke");
    let revoked_at = f.now();
    let s = settler(&mut f, &c);
    assert!(!s.approved);
    assert_eq!(s.revoked_at, revoked_at);
    assert_error(
        f.send(&[ix::revoke_settler(&a, &w)], &[&gov.authority]),
        GovernanceError::SettlerNotApproved,
    );

    assert_error(
        f.send(&[ix::withdraw_bond(&w, &c.tokens, 100)], &[&c.wallet]),
        GovernanceError::BondLocked,
    );
    f.warp_seconds(TIMELOCK - 1);
    assert_error(
        f.send(&[ix::withdraw_bond(&w, &c.tokens, 100)], &[&c.wallet]),
        GovernanceError::BondLocked,
    );
    f.warp_seconds(1);

    assert_error(
        f.send(&[ix::withdraw_bond(&w, &c.tokens, 0)], &[&c.wallet]),
        GovernanceError::InvalidBondAmount,
    );
    assert_error(
        f.send(&[ix::withdraw_bond(&w, &c.tokens, 1_001)], &[&c.wallet]),
        GovernanceError::InsufficientBond,
    );
    let intruder = f.keypair();
    let intruder_tokens = f.ata(&intruder.pubkey(), &c.mint);
    let mut ixn = ix::withdraw_bond(&w, &intruder_tokens, 100);
    ixn.accounts[0].pubkey = intruder.pubkey();
    assert_error(f.send(&[ixn], &[&intruder]), GovernanceError::Unauthorized);
    let other_mint = f.create_mint(&c.mint_authority, 6);
    let other_tokens = f.ata(&w, &other_mint);
    assert_error(
        f.send(&[ix::withdraw_bond(&w, &other_tokens, 100)], &[&c.wallet]),
        GovernanceError::BondMintMismatch,
    );

    f.send(&[ix::withdraw_bond(&w, &c.tokens, 600)], &[&c.wallet])
        .expect("partial withdraw");
    assert_eq!(settler(&mut f, &c).bond_amount, 400);
    assert_eq!(f.token_balance(&vault(&c)), 400);
    assert_eq!(f.token_balance(&c.tokens), 4_600);

    // Re-approval needs the council again, and locks the rest.
    approve(&mut f, &gov, &c, 400);
    assert_error(
        f.send(&[ix::withdraw_bond(&w, &c.tokens, 400)], &[&c.wallet]),
        GovernanceError::SettlerStillApproved,
    );
}

#[test]
fn pausing_everything_blocks_no_exit_and_moves_no_funds() {
    let (mut f, gov) = governed();
    let c = approved(&mut f, &gov);
    let a = gov.authority.pubkey();
    let fee = ParamChange::ProtocolFeeBps(100);
    let id = propose(&mut f, &gov, fee);
    f.send(
        &[ix::revoke_settler(&a, &c.wallet.pubkey())],
        &[&gov.authority],
    )
    .expect("revoke");
    // `approved` minted 5,000 and bonded 1,000 of them.
    let balances = |f: &mut Fixture| (f.token_balance(&vault(&c)), f.token_balance(&c.tokens));
    assert_eq!(balances(&mut f), (1_000, 4_000));
    f.send(
        &[ix::set_pause(&a, SetPauseArgs::all(true))],
        &[&gov.authority],
    )
    .expect("pause all");
    let every_area = PauseFlags {
        registry: true,
        settlement: true,
        pool: true,
    };
    assert_eq!(config(&mut f).paused, every_area);

    // Pausing itself moved nothing and touched no bond.
    assert_eq!(balances(&mut f), (1_000, 4_000));
    assert_eq!(settler(&mut f, &c).bond_amount, 1_000);
    f.warp_seconds(TIMELOCK + DAY_SECS);
    // Exits still work while paused: a revoked settler takes its bond back.
    f.send(
        &[ix::withdraw_bond(&c.wallet.pubkey(), &c.tokens, 1_000)],
        &[&c.wallet],
    )
    .expect("withdraw while paused");
    assert_eq!(balances(&mut f), (0, 5_000));
    assert_eq!(settler(&mut f, &c).bond_amount, 0);
    // Governance keeps governing while paused, and the flags stay set.
    execute(&mut f, id, &fee).expect("execute while paused");
    let after = config(&mut f);
    assert_eq!(after.params.protocol_fee_bps, 100);
    assert_eq!(after.paused, every_area);
}

#[test]
fn the_sdk_names_settler_errors() {
    let (mut f, gov) = governed();
    let c = registered(&mut f, 10);
    let result = encore_sdk::EncoreClient::send_instructions(
        &f,
        &[ix::revoke_settler(
            &gov.authority.pubkey(),
            &c.wallet.pubkey(),
        )],
        &gov.authority,
        &[],
    );
    assert_sdk_error(result, GovernanceError::SettlerNotApproved);
    let every = encore_sdk::governance::errors::GovernanceError::ALL;
    for (i, e) in every.iter().enumerate() {
        let code = 6_000 + i as u32;
        assert_eq!(u32::from(*e), code, "ALL is in code order");
        let named = encore_sdk::error::name_program_error(&encore_sdk::governance::ID, code)
            .expect("named");
        assert_eq!(named.program_error_name(), Some(format!("{e:?}").as_str()));
    }
}

#[test]
fn the_sdk_lists_settlers_and_changes_over_litesvm() {
    use encore_sdk::client::EncoreClient;
    use encore_sdk::token;

    let client = encore_sdk::native::LiteSvmClient::new();
    let authority = Keypair::new();
    client
        .airdrop(&authority.pubkey(), crate::support::fixture::SOL)
        .expect("airdrop");
    client
        .plant_program_data(&encore_sdk::governance::ID, Some(authority.pubkey()))
        .expect("plant");
    let treasury = Pubkey::new_unique();
    client
        .send_instructions(
            &[ix::initialize(
                &authority.pubkey(),
                super::params(&treasury),
            )],
            &authority,
            &[],
        )
        .expect("initialize");
    let mint = Keypair::new();
    let create = token::create_mint(
        &authority.pubkey(),
        &mint.pubkey(),
        &authority.pubkey(),
        6,
        token::mint_rent(),
    )
    .expect("mint instructions");
    client
        .send_instructions(&create, &authority, &[&mint])
        .expect("create mint");

    let wallets: Vec<Keypair> = (0..2).map(|_| Keypair::new()).collect();
    for w in &wallets {
        client
            .airdrop(&w.pubkey(), crate::support::fixture::SOL)
            .expect("airdrop");
        client
            .send_instructions(&[ix::register_settler(&w.pubkey(), &mint.pubkey())], w, &[])
            .expect("register");
    }
    client
        .send_instructions(
            &[ix::approve_settler(
                &authority.pubkey(),
                &wallets[1].pubkey(),
                0,
            )],
            &authority,
            &[],
        )
        .expect("approve");
    let change = ParamChange::ProtocolFeeBps(10);
    client
        .send_instructions(
            &[ix::propose_change(&authority.pubkey(), 0, change)],
            &authority,
            &[],
        )
        .expect("propose");

    let all = encore_sdk::accounts::settlers(&client, false).expect("list");
    assert_eq!(all.len(), 2);
    let approved = encore_sdk::accounts::settlers(&client, true).expect("list approved");
    assert_eq!(approved.len(), 1);
    assert_eq!(approved[0].1.wallet, wallets[1].pubkey());
    assert_eq!(approved[0].0, pda::settler(&wallets[1].pubkey()).0);
    let changes = encore_sdk::accounts::changes(&client).expect("list changes");
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].1.change, change);
    assert_eq!(changes[0].1.status, ChangeStatus::Pending);
}
