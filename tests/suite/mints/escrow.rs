//! stream_escrow: the pooled vault of a payment mint, listener deposits and
//! withdrawals, settler fee claims and collection to the treasury (directly
//! and through `royalty_shares::harvest`) take classic SPL Token mints and
//! accounts only.

use anchor_lang::error::ErrorCode;
use anchor_lang::prelude::Pubkey;
use encore_sdk::instructions::{
    escrow as ix, gov as gov_ix, registry as reg_ix, shares as shares_ix,
};
use encore_sdk::pda;
use encore_sdk::royalty_shares::math::Split;
use encore_sdk::stream_escrow::batch::{encode, Entry, Part, PartHeader};
use encore_sdk::stream_escrow::instructions::SettleArgs;
use encore_sdk::stream_escrow::state::{Listener, SettlerState, TrackLedger};
use solana_keypair::Keypair;
use solana_signer::Signer;

use super::{foreign, snapshot, t22_balance, t22_mint, Foreign, KINDS};
use crate::gov::{governed, Gov};
use crate::registry::{new_artist, track_args};
use crate::support::fixture::{assert_anchor_error, Fixture};

const PRICE: u64 = 1_000;
const PLAYS: u16 = 100;
const DEPOSIT: u64 = 1_000_000;
const SETTLER_FEE_BPS: u16 = 100;

/// A classic payment mint with its escrow, one track (with royalty shares,
/// so it has a revenue vault) priced at [`PRICE`], a listener who
/// deposited [`DEPOSIT`], and one settled batch of [`PLAYS`] plays: the
/// track is owed 99,000 and the settler 1,000.
struct Settled {
    f: Fixture,
    gov: Gov,
    mint: Pubkey,
    track: Pubkey,
    listener: Keypair,
    settler: Keypair,
}

fn settled() -> Settled {
    let (mut f, gov) = governed();
    let payer = f.payer().pubkey();
    let artist = new_artist(&mut f, "classic");
    let mint_authority = f.keypair();
    let mint = f.create_mint(&mint_authority, 6);
    let hash = [0x51; 32];
    let mut args = track_args(hash);
    args.terms.price_per_play = PRICE;
    f.send(
        &[reg_ix::register_track(&artist.pubkey(), &mint, args)],
        &[&artist],
    )
    .expect("register");
    let track = pda::track(&hash).0;
    let split = vec![Split {
        recipient: artist.pubkey(),
        bps: 10_000,
    }];
    f.next_slot();
    f.send(
        &[
            shares_ix::create_shares(&artist.pubkey(), &track, &mint, split),
            ix::init_escrow(&payer, &mint),
            ix::open_ledger(&payer, &track),
        ],
        &[&artist],
    )
    .expect("shares, escrow and ledger");

    let settler = f.keypair();
    let s = settler.pubkey();
    f.send(&[gov_ix::register_settler(&s, &mint)], &[&settler])
        .expect("register settler");
    // Bonded in the payment mint for everything the listener holds.
    let bond_source = f.ata(&s, &mint);
    f.mint_to(&mint, &mint_authority, &bond_source, DEPOSIT);
    f.send(&[gov_ix::post_bond(&s, &bond_source, DEPOSIT)], &[&settler])
        .expect("post bond");
    f.send(
        &[gov_ix::approve_settler(&gov.authority.pubkey(), &s, 0)],
        &[&gov.authority],
    )
    .expect("approve settler");
    f.send(&[ix::open_settler(&s, &mint, SETTLER_FEE_BPS)], &[&settler])
        .expect("open settler");

    let listener = f.keypair();
    let w = listener.pubkey();
    let source = f.ata(&w, &mint);
    f.mint_to(&mint, &mint_authority, &source, DEPOSIT);
    f.send(
        &[
            ix::open_listener(&w, &mint),
            ix::deposit(&w, &mint, &source, DEPOSIT),
        ],
        &[&listener],
    )
    .expect("open and deposit");
    let at = f.now() - 100;
    let parts = vec![Part {
        header: PartHeader::Open {
            first_offset: 0,
            last_offset: 0,
            window_entries: 1,
        },
        entries: vec![Entry {
            index: 0,
            ledger: 0,
            plays: PLAYS,
        }],
    }];
    let batch = SettleArgs {
        seq: 1,
        audit_root: [1; 32],
        base_time: at,
        parts: encode(&parts).expect("parts"),
    };
    let settle = ix::settle(&s, &mint, &[w], &[track], batch);
    f.send_as(&settler, &[settle], &[]).expect("settle");
    Settled {
        f,
        gov,
        mint,
        track,
        listener,
        settler,
    }
}

impl Settled {
    fn vault(&mut self) -> u64 {
        let vault = pda::escrow_vault(&self.mint).0;
        self.f.token_balance(&vault)
    }
}

#[test]
fn an_escrow_opens_for_classic_mints_only() {
    let (mut f, _gov) = governed();
    let payer = f.payer().pubkey();
    let wallet = f.keypair();
    let authority = f.keypair();
    for kind in KINDS {
        let mint = t22_mint(&mut f, &authority, kind);
        let (escrow, vault) = (pda::escrow(&mint).0, pda::escrow_vault(&mint).0);
        assert_anchor_error(
            f.send(&[ix::init_escrow(&payer, &mint)], &[]),
            &encore_sdk::stream_escrow::ID,
            ErrorCode::AccountOwnedByWrongProgram,
        );
        assert_eq!(snapshot(&mut f, &[escrow, vault]), vec![None, None]);
        // With no escrow in that mint, nobody can open a balance in it.
        let listener = pda::listener(&mint, &wallet.pubkey()).0;
        assert_anchor_error(
            f.send(&[ix::open_listener(&wallet.pubkey(), &mint)], &[&wallet]),
            &encore_sdk::stream_escrow::ID,
            ErrorCode::AccountNotInitialized,
        );
        assert!(f.account(&listener).is_none(), "{kind:?}");
    }

    let classic = f.create_mint(&authority, 6);
    f.send(
        &[
            ix::init_escrow(&payer, &classic),
            ix::open_listener(&wallet.pubkey(), &classic),
        ],
        &[&wallet],
    )
    .expect("a classic mint gets an escrow and a listener");
    assert!(f
        .account(&pda::listener(&classic, &wallet.pubkey()).0)
        .is_some());
}

#[test]
fn listener_deposits_and_withdrawals_refuse_token_2022_accounts() {
    let mut s = settled();
    let w = s.listener.pubkey();
    let listener = pda::listener(&s.mint, &w).0;
    // 100 plays at 1,000 came out of the deposit.
    assert_eq!(s.f.state::<Listener>(&listener).balance, DEPOSIT - 100_000);
    let vault_before = s.vault();

    let mut foreigners: Vec<Foreign> = Vec::new();
    for kind in KINDS {
        let t22 = foreign(&mut s.f, &w, 50_000, kind);
        let before = snapshot(&mut s.f, &[listener]);
        let deposit = ix::deposit(&w, &s.mint, &t22.account, 50_000);
        assert_anchor_error(
            s.f.send(&[deposit], &[&s.listener]),
            &encore_sdk::stream_escrow::ID,
            ErrorCode::AccountOwnedByWrongProgram,
        );
        assert_eq!(snapshot(&mut s.f, &[listener]), before, "{kind:?}");
        assert_eq!(t22_balance(&mut s.f, &t22.account), 50_000, "{kind:?}");
        assert_eq!(s.vault(), vault_before, "{kind:?}");
        foreigners.push(t22);
    }

    // A due withdrawal cannot be paid into a Token-2022 account either.
    let request = ix::request_withdrawal(&w, &s.mint, 400_000);
    s.f.send(&[request], &[&s.listener]).expect("request");
    let notice = crate::gov::params(&Pubkey::default()).withdrawal_notice_secs;
    s.f.warp_seconds(notice);
    for t22 in &foreigners {
        let before = snapshot(&mut s.f, &[listener]);
        let withdraw = ix::withdraw(&w, &s.mint, &t22.account);
        assert_anchor_error(
            s.f.send(&[withdraw], &[&s.listener]),
            &encore_sdk::stream_escrow::ID,
            ErrorCode::AccountOwnedByWrongProgram,
        );
        assert_eq!(snapshot(&mut s.f, &[listener]), before, "{:?}", t22.kind);
        assert_eq!(t22_balance(&mut s.f, &t22.account), 50_000);
        assert_eq!(s.vault(), vault_before);
    }

    // The classic account takes exactly what was asked for.
    let classic = encore_sdk::token::associated_address(&w, &s.mint);
    s.f.send(&[ix::withdraw(&w, &s.mint, &classic)], &[&s.listener])
        .expect("withdraw to the classic account");
    assert_eq!(s.f.token_balance(&classic), 400_000);
    assert_eq!(s.vault(), vault_before - 400_000);
    assert_eq!(s.f.state::<Listener>(&listener).balance, 500_000);
}

#[test]
fn settler_fees_and_collection_refuse_token_2022_accounts() {
    let mut s = settled();
    let settler_state = pda::settler_state(&s.settler.pubkey(), &s.mint).0;
    let ledger = pda::ledger(&s.track).0;
    let royalty = pda::royalty(&s.track).0;
    let revenue_vault = pda::revenue_vault(&s.track).0;
    // 100 plays × 1,000 = 100,000: 1 % to the settler, the rest owed.
    assert_eq!(s.f.state::<SettlerState>(&settler_state).fees_owed, 1_000);
    assert_eq!(s.f.state::<TrackLedger>(&ledger).owed, 99_000);
    let vault_before = s.vault();
    let watched = [settler_state, ledger, royalty, revenue_vault];
    let treasury = s.gov.treasury.pubkey();

    for kind in KINDS {
        let before = snapshot(&mut s.f, &watched);
        let fees_to = foreign(&mut s.f, &s.settler.pubkey(), 0, kind);
        let claim = ix::claim_settler_fees(&s.settler.pubkey(), &s.mint, &fees_to.account);
        assert_anchor_error(
            s.f.send_as(&s.settler.insecure_clone(), &[claim], &[]),
            &encore_sdk::stream_escrow::ID,
            ErrorCode::AccountOwnedByWrongProgram,
        );

        // A Token-2022 account of the treasury's own is no treasury account,
        // called directly or through the royalty program's harvest.
        let treasury_t22 = foreign(&mut s.f, &treasury, 0, kind);
        for collect in [
            ix::collect(&s.track, &s.mint, &treasury_t22.account),
            shares_ix::harvest(&s.track, &s.mint, &treasury_t22.account),
        ] {
            assert_anchor_error(
                s.f.send(&[collect], &[]),
                &encore_sdk::stream_escrow::ID,
                ErrorCode::AccountOwnedByWrongProgram,
            );
        }
        assert_eq!(snapshot(&mut s.f, &watched), before, "{kind:?}");
        assert_eq!(s.vault(), vault_before, "{kind:?}");
        assert_eq!(t22_balance(&mut s.f, &fees_to.account), 0);
        assert_eq!(t22_balance(&mut s.f, &treasury_t22.account), 0);
    }

    // Classic accounts are paid: the settler its 1,000, the treasury 3 %
    // of 99,000 rounded down and the revenue vault the rest.
    let fees_to = s.f.ata(&s.settler.pubkey(), &s.mint);
    let claim = ix::claim_settler_fees(&s.settler.pubkey(), &s.mint, &fees_to);
    s.f.send_as(&s.settler.insecure_clone(), &[claim], &[])
        .expect("claim fees");
    assert_eq!(s.f.token_balance(&fees_to), 1_000);
    let treasury_account = s.f.ata(&treasury, &s.mint);
    s.f.send(&[ix::collect(&s.track, &s.mint, &treasury_account)], &[])
        .expect("collect");
    assert_eq!(s.f.token_balance(&treasury_account), 99_000 * 300 / 10_000);
    assert_eq!(s.f.token_balance(&revenue_vault), 99_000 - 2_970);
    assert_eq!(s.vault(), vault_before - 100_000);
}
