//! governance: a settler's bond is held in a classic SPL Token mint, and
//! bonds are posted from, withdrawn to and slashed into classic accounts.

use anchor_lang::error::ErrorCode;
use encore_sdk::governance::state::{ParamChange, Settler};
use encore_sdk::instructions::gov as ix;
use encore_sdk::pda;
use solana_signer::Signer;

use super::{foreign, snapshot, t22_balance, t22_mint, KINDS};
use crate::gov::{config, governed, TIMELOCK};
use crate::support::fixture::assert_anchor_error;

#[test]
fn a_settler_registers_with_a_classic_bond_mint_only() {
    let (mut f, _gov) = governed();
    let wallet = f.keypair();
    let w = wallet.pubkey();
    let (record, vault) = (pda::settler(&w).0, pda::settler_bond(&w).0);
    let authority = f.keypair();
    for kind in KINDS {
        let mint = t22_mint(&mut f, &authority, kind);
        assert_anchor_error(
            f.send(&[ix::register_settler(&w, &mint)], &[&wallet]),
            &encore_sdk::governance::ID,
            ErrorCode::AccountOwnedByWrongProgram,
        );
        assert_eq!(
            snapshot(&mut f, &[record, vault]),
            vec![None, None],
            "{kind:?}"
        );
    }
    let classic = f.create_mint(&authority, 6);
    f.send(&[ix::register_settler(&w, &classic)], &[&wallet])
        .expect("a classic bond mint registers");
    assert_eq!(f.state::<Settler>(&record).bond_mint, classic);
}

#[test]
fn bonds_move_through_classic_accounts_only() {
    let (mut f, gov) = governed();
    let wallet = f.keypair();
    let w = wallet.pubkey();
    let mint_authority = f.keypair();
    let mint = f.create_mint(&mint_authority, 6);
    let tokens = f.ata(&w, &mint);
    f.mint_to(&mint, &mint_authority, &tokens, 5_000);
    let a = gov.authority.pubkey();
    f.send(&[ix::register_settler(&w, &mint)], &[&wallet])
        .expect("register");
    f.send(&[ix::post_bond(&w, &tokens, 1_000)], &[&wallet])
        .expect("post bond");
    f.send(&[ix::approve_settler(&a, &w, 1_000)], &[&gov.authority])
        .expect("approve");
    // A slash of 300 is due; then the settler is revoked and its bond unlocks.
    let slash = ParamChange::SlashSettler {
        settler: w,
        amount: 300,
        reason: 4,
    };
    let id = config(&mut f).change_count;
    f.send(&[ix::propose_change(&a, id, slash)], &[&gov.authority])
        .expect("propose slash");
    f.send(&[ix::revoke_settler(&a, &w)], &[&gov.authority])
        .expect("revoke");
    f.warp_seconds(TIMELOCK);

    let (record, vault) = (pda::settler(&w).0, pda::settler_bond(&w).0);
    let change = pda::change(id).0;
    let treasury = gov.treasury.pubkey();
    let watched = [record, vault, tokens, change];
    for kind in KINDS {
        let before = snapshot(&mut f, &watched);
        let own = foreign(&mut f, &w, 1_000, kind);
        let treasurys = foreign(&mut f, &treasury, 0, kind);
        for (ixn, signers) in [
            (ix::post_bond(&w, &own.account, 500), vec![&wallet]),
            (ix::withdraw_bond(&w, &own.account, 500), vec![&wallet]),
            (
                ix::execute_change(id, &slash, Some(&treasurys.account)),
                vec![],
            ),
        ] {
            assert_anchor_error(
                f.send(&[ixn], &signers),
                &encore_sdk::governance::ID,
                ErrorCode::AccountOwnedByWrongProgram,
            );
        }
        assert_eq!(snapshot(&mut f, &watched), before, "{kind:?}");
        assert_eq!(t22_balance(&mut f, &own.account), 1_000, "{kind:?}");
        assert_eq!(t22_balance(&mut f, &treasurys.account), 0, "{kind:?}");
    }

    // Classic accounts: the slash reaches the treasury, the free rest the wallet.
    let treasury_tokens = f.ata(&treasury, &mint);
    f.send(
        &[ix::execute_change(id, &slash, Some(&treasury_tokens))],
        &[],
    )
    .expect("slash");
    f.send(&[ix::withdraw_bond(&w, &tokens, 700)], &[&wallet])
        .expect("withdraw the rest");
    assert_eq!(f.token_balance(&treasury_tokens), 300);
    assert_eq!(f.token_balance(&tokens), 4_700);
    assert_eq!(f.token_balance(&vault), 0);
}
