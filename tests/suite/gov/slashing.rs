//! Slashing: a timelocked change that moves part of a settler's bond to the treasury.

use anchor_lang::prelude::Pubkey;
use encore_sdk::governance::errors::GovernanceError;
use encore_sdk::governance::state::{ChangeStatus, ParamChange, ProposedChange};
use encore_sdk::instructions::gov as ix;
use encore_sdk::pda;
use solana_signer::Signer;

use super::settlers::{approved, registered, settler, slash, vault};
use super::{execute, governed, propose, try_propose, TIMELOCK};
use crate::support::fixture::assert_error;

#[test]
fn a_slash_after_the_timelock_moves_bond_to_the_treasury() {
    let (mut f, gov) = governed();
    let c = approved(&mut f, &gov);
    let treasury_tokens = f.ata(&gov.treasury.pubkey(), &c.mint);
    let change = slash(&c, 250, 7);
    let id = propose(&mut f, &gov, change);
    assert_eq!(settler(&mut f, &c).pending_slash_amount, 250);

    assert_error(
        f.send(
            &[ix::execute_change(id, &change, Some(&treasury_tokens))],
            &[],
        ),
        GovernanceError::TimelockNotElapsed,
    );
    assert_eq!(f.token_balance(&vault(&c)), 1_000);

    f.warp_seconds(TIMELOCK);
    f.send(
        &[ix::execute_change(id, &change, Some(&treasury_tokens))],
        &[],
    )
    .expect("slash");
    assert_eq!(f.token_balance(&vault(&c)), 750);
    assert_eq!(f.token_balance(&treasury_tokens), 250);
    let s = settler(&mut f, &c);
    assert_eq!(s.bond_amount, 750);
    assert_eq!(s.pending_slash_amount, 0);
    assert_eq!(s.slashed_total, 250);
    assert_eq!(s.slash_count, 1);
    assert_eq!(s.last_slash_reason, 7);
    assert_eq!(s.last_slashed_at, f.now());
    // Slashing does not revoke: that stays the council's separate call.
    assert!(s.approved);
    assert_eq!(
        f.state::<ProposedChange>(&pda::change(id).0).status,
        ChangeStatus::Executed
    );

    // A second slash accumulates the record.
    let change = slash(&c, 750, 9);
    let id = propose(&mut f, &gov, change);
    f.warp_seconds(TIMELOCK);
    f.send(
        &[ix::execute_change(id, &change, Some(&treasury_tokens))],
        &[],
    )
    .expect("second slash");
    let s = settler(&mut f, &c);
    assert_eq!(
        (s.bond_amount, s.slashed_total, s.slash_count),
        (0, 1_000, 2)
    );
    assert_eq!(s.last_slash_reason, 9);
    assert_eq!(f.token_balance(&treasury_tokens), 1_000);
}

#[test]
fn slash_proposals_are_checked() {
    let (mut f, gov) = governed();
    let c = approved(&mut f, &gov);
    let other = approved(&mut f, &gov);
    let a = &gov.authority;

    assert_error(
        try_propose(&mut f, a, 0, slash(&c, 0, 1)),
        GovernanceError::InvalidSlashAmount,
    );
    assert_error(
        try_propose(&mut f, a, 0, slash(&c, 1_001, 1)),
        GovernanceError::SlashExceedsBond,
    );
    let mut without = ix::propose_change(&a.pubkey(), 0, slash(&c, 10, 1));
    without.accounts[3].pubkey = encore_sdk::governance::ID;
    assert_error(
        f.send(&[without], &[a]),
        GovernanceError::MissingSlashAccounts,
    );
    let mut wrong = ix::propose_change(&a.pubkey(), 0, slash(&c, 10, 1));
    wrong.accounts[3].pubkey = pda::settler(&other.wallet.pubkey()).0;
    assert_error(f.send(&[wrong], &[a]), GovernanceError::SettlerMismatch);
    let stranger = f.keypair();
    assert_error(
        try_propose(&mut f, &stranger, 0, slash(&c, 10, 1)),
        GovernanceError::Unauthorized,
    );

    // Pending slashes reserve the bond: together they cannot exceed it.
    propose(&mut f, &gov, slash(&c, 600, 1));
    assert_error(
        try_propose(&mut f, a, 1, slash(&c, 401, 2)),
        GovernanceError::SlashExceedsBond,
    );
    propose(&mut f, &gov, slash(&c, 400, 2));
    let s = settler(&mut f, &c);
    assert_eq!((s.bond_amount, s.pending_slash_amount), (1_000, 1_000));

    // A revoked settler cannot withdraw what is reserved.
    f.send(&[ix::revoke_settler(&a.pubkey(), &c.wallet.pubkey())], &[a])
        .expect("revoke");
    f.warp_seconds(TIMELOCK);
    assert_error(
        f.send(
            &[ix::withdraw_bond(&c.wallet.pubkey(), &c.tokens, 1)],
            &[&c.wallet],
        ),
        GovernanceError::InsufficientBond,
    );
}

#[test]
fn slash_execution_checks_every_account() {
    let (mut f, gov) = governed();
    let c = approved(&mut f, &gov);
    let other = approved(&mut f, &gov);
    let treasury_tokens = f.ata(&gov.treasury.pubkey(), &c.mint);
    let change = slash(&c, 100, 3);
    let id = propose(&mut f, &gov, change);
    f.warp_seconds(TIMELOCK);
    let good = ix::execute_change(id, &change, Some(&treasury_tokens));
    // Account order: config, change, settler, bond vault, treasury token, token program.
    let with = |index: usize, key: Pubkey| {
        let mut ixn = good.clone();
        ixn.accounts[index].pubkey = key;
        ixn
    };

    assert_error(
        f.send(&[ix::execute_change(id, &change, None)], &[]),
        GovernanceError::MissingSlashAccounts,
    );
    assert_error(
        f.send(&[with(2, encore_sdk::governance::ID)], &[]),
        GovernanceError::MissingSlashAccounts,
    );
    assert_error(
        f.send(&[with(2, pda::settler(&other.wallet.pubkey()).0)], &[]),
        GovernanceError::SettlerMismatch,
    );
    // Another settler's vault is also owned by the config PDA.
    let other_vault = with(3, vault(&other));
    assert_error(
        f.send(&[other_vault], &[]),
        GovernanceError::BondVaultMismatch,
    );
    // The bond may only go to the treasury wallet's account in the bond mint.
    let thief = f.keypair();
    let thief_tokens = f.ata(&thief.pubkey(), &c.mint);
    assert_error(
        f.send(&[with(4, thief_tokens)], &[]),
        GovernanceError::TreasuryAccountMismatch,
    );
    let wrong_mint = f.create_mint(&c.mint_authority, 6);
    let treasury_wrong_mint = f.ata(&gov.treasury.pubkey(), &wrong_mint);
    assert_error(
        f.send(&[with(4, treasury_wrong_mint)], &[]),
        GovernanceError::TreasuryAccountMismatch,
    );
    assert_eq!(f.token_balance(&vault(&c)), 1_000);
    assert_eq!(f.token_balance(&vault(&other)), 1_000);

    f.send(&[good], &[]).expect("slash with the right accounts");
    assert_eq!(f.token_balance(&treasury_tokens), 100);
    assert_eq!(f.token_balance(&vault(&other)), 1_000);
}

#[test]
fn the_slash_follows_the_treasury_current_at_execution() {
    let (mut f, gov) = governed();
    let c = approved(&mut f, &gov);
    let new_treasury = f.keypair();
    let move_treasury = ParamChange::Treasury(new_treasury.pubkey());
    let move_id = propose(&mut f, &gov, move_treasury);
    let change = slash(&c, 100, 4);
    let id = propose(&mut f, &gov, change);
    f.warp_seconds(TIMELOCK);
    execute(&mut f, move_id, &move_treasury).expect("move treasury");
    let old = f.ata(&gov.treasury.pubkey(), &c.mint);
    assert_error(
        f.send(&[ix::execute_change(id, &change, Some(&old))], &[]),
        GovernanceError::TreasuryAccountMismatch,
    );
    let new = f.ata(&new_treasury.pubkey(), &c.mint);
    f.send(&[ix::execute_change(id, &change, Some(&new))], &[])
        .expect("slash to the new treasury");
    assert_eq!(f.token_balance(&new), 100);
}

#[test]
fn a_cancelled_slash_releases_its_reservation() {
    let (mut f, gov) = governed();
    let c = approved(&mut f, &gov);
    let treasury_tokens = f.ata(&gov.treasury.pubkey(), &c.mint);
    let change = slash(&c, 1_000, 5);
    let id = propose(&mut f, &gov, change);
    let a = gov.authority.pubkey();

    let mut without = ix::cancel_change(&a, id, &change);
    without.accounts[3].pubkey = encore_sdk::governance::ID;
    assert_error(
        f.send(&[without], &[&gov.authority]),
        GovernanceError::MissingSlashAccounts,
    );
    let other = registered(&mut f, 0);
    let mut wrong = ix::cancel_change(&a, id, &change);
    wrong.accounts[3].pubkey = pda::settler(&other.wallet.pubkey()).0;
    assert_error(
        f.send(&[wrong], &[&gov.authority]),
        GovernanceError::SettlerMismatch,
    );
    assert_eq!(settler(&mut f, &c).pending_slash_amount, 1_000);
    f.send(&[ix::cancel_change(&a, id, &change)], &[&gov.authority])
        .expect("cancel");
    assert_eq!(settler(&mut f, &c).pending_slash_amount, 0);

    f.warp_seconds(TIMELOCK);
    assert_error(
        f.send(
            &[ix::execute_change(id, &change, Some(&treasury_tokens))],
            &[],
        ),
        GovernanceError::ChangeNotPending,
    );
    assert_eq!(f.token_balance(&treasury_tokens), 0);

    // With nothing reserved, the whole bond leaves after revocation.
    f.send(
        &[ix::revoke_settler(&a, &c.wallet.pubkey())],
        &[&gov.authority],
    )
    .expect("revoke");
    f.warp_seconds(TIMELOCK);
    f.send(
        &[ix::withdraw_bond(&c.wallet.pubkey(), &c.tokens, 1_000)],
        &[&c.wallet],
    )
    .expect("withdraw all");
    assert_eq!(f.token_balance(&c.tokens), 5_000);
    assert_eq!(settler(&mut f, &c).bond_amount, 0);
}

#[test]
fn an_expired_slash_can_be_cleared_by_the_settler() {
    let (mut f, gov) = governed();
    let c = approved(&mut f, &gov);
    let change = slash(&c, 500, 6);
    let id = propose(&mut f, &gov, change);
    f.warp_seconds(TIMELOCK + encore_sdk::governance::constants::CHANGE_GRACE_PERIOD_SECS + 1);
    f.send(
        &[ix::cancel_change(&c.wallet.pubkey(), id, &change)],
        &[&c.wallet],
    )
    .expect("the settler clears the stale slash");
    assert_eq!(settler(&mut f, &c).pending_slash_amount, 0);
}
