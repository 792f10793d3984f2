//! royalty_shares: shares are created in the track's (classic) payment
//! mint, and revenue deposits, stakes, unstakes and claims move classic
//! SPL Token accounts only.

use anchor_lang::error::ErrorCode;
use encore_sdk::instructions::shares as ix;
use encore_sdk::pda;
use encore_sdk::royalty_shares::math::Split;
use encore_sdk::royalty_shares::state::RoyaltyConfig;
use encore_sdk::track_registry::state::Track;
use solana_signer::Signer;

use super::{foreign, snapshot, t22_balance, t22_mint, KINDS};
use crate::shares::{shared_world, world};
use crate::support::fixture::assert_anchor_error;

#[test]
fn create_shares_refuses_a_token_2022_payment_mint() {
    let mut w = world();
    let artist = w.artist.insecure_clone();
    let track = w.track;
    let created = [
        pda::royalty(&track).0,
        pda::share_mint(&track).0,
        pda::revenue_vault(&track).0,
        pda::share_vault(&track).0,
    ];
    let split = || {
        vec![Split {
            recipient: artist.pubkey(),
            bps: 10_000,
        }]
    };
    let authority = w.f.keypair();
    for kind in KINDS {
        let mint = t22_mint(&mut w.f, &authority, kind);
        let before = snapshot(&mut w.f, &[track]);
        let ixn = ix::create_shares(&artist.pubkey(), &track, &mint, split());
        assert_anchor_error(
            w.f.send(&[ixn], &[&artist]),
            &encore_sdk::royalty_shares::ID,
            ErrorCode::AccountOwnedByWrongProgram,
        );
        assert_eq!(snapshot(&mut w.f, &[track]), before, "{kind:?}");
        assert_eq!(snapshot(&mut w.f, &created), vec![None; 4], "{kind:?}");
    }

    let payment_mint = w.payment_mint;
    w.f.next_slot();
    let ixn = ix::create_shares(&artist.pubkey(), &track, &payment_mint, split());
    w.f.send(&[ixn], &[&artist])
        .expect("the track's classic mint creates shares");
    assert_eq!(w.f.state::<Track>(&track).share_mint, Some(created[1]));
}

#[test]
fn revenue_and_stakes_refuse_token_2022_accounts() {
    let (mut w, holders) = shared_world(&[10_000]);
    let holder = holders[0].insecure_clone();
    let h = holder.pubkey();
    let track = w.track;
    let shares = encore_sdk::token::associated_address(&h, &pda::share_mint(&track).0);
    let payment = w.f.ata(&h, &w.payment_mint);
    let (royalty, position) = (pda::royalty(&track).0, pda::position(&track, &h).0);
    let vaults = [pda::revenue_vault(&track).0, pda::share_vault(&track).0];

    // A staked holder with revenue fully released to it: 7,000 to claim.
    let (mint, mint_authority) = (w.payment_mint, w.mint_authority.insecure_clone());
    w.f.mint_to(&mint, &mint_authority, &payment, 7_000);
    w.f.send(
        &[
            ix::stake(&h, &track, &shares, 1_000),
            ix::deposit_revenue(&h, &track, &payment, 7_000),
        ],
        &[&holder],
    )
    .expect("stake and deposit");
    w.f.warp_seconds(crate::gov::params(&h).release_period_secs);

    let watched = [royalty, position, vaults[0], vaults[1], shares, payment];
    for kind in KINDS {
        let t22 = foreign(&mut w.f, &h, 5_000, kind);
        let before = snapshot(&mut w.f, &watched);
        for ixn in [
            ix::deposit_revenue(&h, &track, &t22.account, 5_000),
            ix::stake(&h, &track, &t22.account, 5_000),
            ix::unstake(&h, &track, &t22.account, 1_000),
            ix::claim(&h, &track, &t22.account),
        ] {
            assert_anchor_error(
                w.f.send(&[ixn], &[&holder]),
                &encore_sdk::royalty_shares::ID,
                ErrorCode::AccountOwnedByWrongProgram,
            );
        }
        assert_eq!(snapshot(&mut w.f, &watched), before, "{kind:?}");
        assert_eq!(t22_balance(&mut w.f, &t22.account), 5_000, "{kind:?}");
    }

    // The classic accounts work: all 7,000 claimed, the stake back.
    w.f.send(
        &[
            ix::claim(&h, &track, &payment),
            ix::unstake(&h, &track, &shares, 1_000),
        ],
        &[&holder],
    )
    .expect("claim and unstake");
    assert_eq!(w.f.token_balance(&payment), 7_000);
    assert_eq!(w.f.token_balance(&shares), 1_000_000_000_000);
    assert_eq!(w.f.state::<RoyaltyConfig>(&royalty).total_claimed, 7_000);
}
