//! Pool creation: the opening deposit, the locked minimum, and every
//! rejection by name, including a mint that is not a royalty share mint.

use anchor_lang::solana_program::program_option::COption;
use anchor_lang::solana_program::program_pack::Pack;
use encore_sdk::instructions::pool::{self as ix, CreatePoolArgs};
use encore_sdk::pool as sdk;
use encore_sdk::royalty_pool::constants::{LP_DECIMALS, MINIMUM_LIQUIDITY};
use encore_sdk::royalty_pool::errors::PoolError;
use encore_sdk::{pda, token};
use solana_signer::Signer;

use super::*;
use crate::support::fixture::{assert_anchor_error, assert_error};

#[test]
fn creation_opens_the_pair_and_locks_the_minimum() {
    let mut pw = unopened();
    let creator = pw.creator.insecure_clone();
    let before = pw.balances(&creator.pubkey());
    pw.create(&creator, FEE_BPS, OPEN_SHARES, OPEN_QUOTE)
        .expect("create pool");
    let now = pw.w.f.now();

    // floor(sqrt(1e11 × 5e10)) LP units, 1,000 of them never minted.
    let lp_supply = 70_710_678_118;
    let pool = pw.pool();
    assert_eq!(pool.share_mint, pw.keys.share_mint);
    assert_eq!(pool.quote_mint, pw.keys.quote_mint);
    assert_eq!(pool.track, pw.w.track);
    assert_eq!(pool.lp_mint, pw.keys.lp_mint);
    assert_eq!(pool.share_vault, pw.keys.share_vault);
    assert_eq!(pool.quote_vault, pw.keys.quote_vault);
    assert_eq!(pool.creator, creator.pubkey());
    assert_eq!(pool.fee_bps, FEE_BPS);
    assert_eq!(
        (pool.reserve_share, pool.reserve_quote),
        (OPEN_SHARES, OPEN_QUOTE)
    );
    assert_eq!(pool.lp_supply, lp_supply);
    assert_eq!((pool.protocol_fees_share, pool.protocol_fees_quote), (0, 0));
    assert_eq!(pool.created_at, now);
    assert_eq!(pool.oracle, sdk::PriceOracle::new(now));

    let after = pw.balances(&creator.pubkey());
    let minted = lp_supply - MINIMUM_LIQUIDITY;
    assert_eq!(
        delta(before, after),
        (
            -i128::from(OPEN_SHARES),
            -i128::from(OPEN_QUOTE),
            i128::from(minted)
        )
    );
    assert_eq!(sdk::creator_lp(OPEN_SHARES, OPEN_QUOTE).unwrap(), minted);
    pw.assert_books();

    // The pool alone mints LP tokens and moves the vaults.
    let lp_mint = token::mint_info(&pw.w.f, &pw.keys.lp_mint).unwrap();
    assert_eq!(lp_mint.mint_authority, COption::Some(pw.keys.pool));
    assert_eq!(lp_mint.freeze_authority, COption::None);
    assert_eq!(lp_mint.decimals, LP_DECIMALS);
    for vault in [pw.keys.share_vault, pw.keys.quote_vault] {
        let account = pw.w.f.account(&vault).unwrap();
        let state = spl_token::state::Account::unpack(&account.data).unwrap();
        assert_eq!(state.owner, pw.keys.pool);
    }

    // The SDK finds it by pair and by share mint.
    let fetched = sdk::pool(&pw.w.f, &pw.keys.share_mint, &pw.keys.quote_mint)
        .unwrap()
        .expect("pool");
    assert_eq!(fetched.lp_supply, lp_supply);
}

#[test]
fn creation_rejects_bad_input_by_name() {
    let mut pw = unopened();
    let creator = pw.creator.insecure_clone();
    let (track, share_mint, quote_mint) = (pw.w.track, pw.keys.share_mint, pw.keys.quote_mint);
    let creator_share = token::associated_address(&creator.pubkey(), &share_mint);
    let creator_quote = token::associated_address(&creator.pubkey(), &quote_mint);
    let args = |fee_bps, share_amount, quote_amount| CreatePoolArgs {
        fee_bps,
        share_amount,
        quote_amount,
    };
    let artist = pw.w.artist.insecure_clone();
    let opening = approved_by(&artist, &creator, &track);

    // A plain mint, passed with a real track's royalty config as its voucher.
    let impostor_authority = pw.w.f.keypair();
    let impostor = pw.w.f.create_mint(&impostor_authority, 6);
    let impostor_account = pw.w.f.ata(&creator.pubkey(), &impostor);
    pw.w.f.mint_to(
        &impostor,
        &impostor_authority,
        &impostor_account,
        OPEN_SHARES,
    );
    let ixn = ix::create_pool_with(
        opening(
            &pda::royalty(&track).0,
            &impostor,
            &quote_mint,
            &impostor_account,
            &creator_quote,
        ),
        args(FEE_BPS, OPEN_SHARES, OPEN_QUOTE),
    );
    assert_error(
        pw.w.f.send(&[ixn], &[&creator, &artist]),
        PoolError::NotRoyaltyShareMint,
    );

    // Shares against themselves.
    let investor_share = token::associated_address(&pw.investor.pubkey(), &share_mint);
    let ixn = ix::create_pool_with(
        opening(
            &pda::royalty(&track).0,
            &share_mint,
            &share_mint,
            &creator_share,
            &investor_share,
        ),
        args(FEE_BPS, OPEN_SHARES, OPEN_QUOTE),
    );
    assert_error(
        pw.w.f.send(&[ixn], &[&creator, &artist]),
        PoolError::SameMint,
    );

    // A share account where the quote tokens should come from.
    let ixn = ix::create_pool_with(
        opening(
            &pda::royalty(&track).0,
            &share_mint,
            &quote_mint,
            &investor_share,
            &creator_share,
        ),
        args(FEE_BPS, OPEN_SHARES, OPEN_QUOTE),
    );
    assert_error(
        pw.w.f.send(&[ixn], &[&creator, &artist]),
        PoolError::WrongMint,
    );

    // The track's authority approves its one market: a holder alone cannot
    // open it, nor pass another track's record as the approval.
    let mut unapproved = opening(
        &pda::royalty(&track).0,
        &share_mint,
        &quote_mint,
        &creator_share,
        &creator_quote,
    );
    unapproved.track_authority = creator.pubkey();
    let ixn = ix::create_pool_with(unapproved, args(FEE_BPS, OPEN_SHARES, OPEN_QUOTE));
    assert_error(
        pw.w.f.send(&[ixn], &[&creator]),
        PoolError::NotTrackAuthority,
    );
    let other_artist = crate::registry::new_artist(&mut pw.w.f, "elsewhere");
    let (other_track, _) = crate::registry::register(&mut pw.w.f, &other_artist, [0x77; 32]);
    let mut elsewhere = opening(
        &pda::royalty(&track).0,
        &share_mint,
        &quote_mint,
        &creator_share,
        &creator_quote,
    );
    (elsewhere.track, elsewhere.track_authority) = (other_track, other_artist.pubkey());
    let ixn = ix::create_pool_with(elsewhere, args(FEE_BPS, OPEN_SHARES, OPEN_QUOTE));
    assert_error(
        pw.w.f.send(&[ixn], &[&creator, &other_artist]),
        PoolError::WrongTrack,
    );

    assert_error(
        pw.create(&creator, 1_001, OPEN_SHARES, OPEN_QUOTE),
        PoolError::FeeTooHigh,
    );
    assert_error(
        pw.create(&creator, FEE_BPS, 0, OPEN_QUOTE),
        PoolError::ZeroAmount,
    );
    assert_error(
        pw.create(&creator, FEE_BPS, OPEN_SHARES, 0),
        PoolError::ZeroAmount,
    );
    // sqrt(1,000 × 1,000) leaves nothing above the locked minimum.
    assert_error(
        pw.create(&creator, FEE_BPS, 1_000, 1_000),
        PoolError::InsufficientInitialLiquidity,
    );
    let held = pw.balances(&creator.pubkey()).0;
    assert_error(
        pw.create(&creator, FEE_BPS, held + 1, OPEN_QUOTE),
        PoolError::InsufficientFunds,
    );
    pw.pause(true);
    assert_error(
        pw.create(&creator, FEE_BPS, OPEN_SHARES, OPEN_QUOTE),
        PoolError::Paused,
    );
    pw.pause(false);
    assert!(
        pw.w.f.account(&pw.keys.pool).is_none(),
        "every failure left nothing behind"
    );

    // One pool per pair, whoever tries again, at whatever fee.
    pw.create(&creator, 1_000, OPEN_SHARES, OPEN_QUOTE)
        .expect("the highest fee is allowed");
    let investor = pw.investor.insecure_clone();
    assert_error(
        pw.create(&investor, FEE_BPS, OPEN_SHARES, OPEN_QUOTE),
        PoolError::PoolAlreadyExists,
    );
    assert_error(
        pw.create(&creator, 1_000, OPEN_SHARES, OPEN_QUOTE),
        PoolError::PoolAlreadyExists,
    );
    let pool = pw.pool();
    assert_eq!(
        (pool.creator, pool.reserve_share),
        (creator.pubkey(), OPEN_SHARES)
    );
}

#[test]
fn creation_refuses_a_royalty_config_no_royalty_program_wrote() {
    use anchor_lang::error::ErrorCode;
    use anchor_lang::{AccountDeserialize, AccountSerialize};
    use encore_sdk::royalty_shares::state::RoyaltyConfig;

    let mut pw = unopened();
    let creator = pw.creator.insecure_clone();
    let artist = pw.w.artist.insecure_clone();
    let quote_mint = pw.keys.quote_mint;
    let creator_quote = token::associated_address(&creator.pubkey(), &quote_mint);

    // A plain mint, and a voucher naming it: the track's real config, bytes
    // and all (discriminator included), with the share mint swapped.
    let impostor_authority = pw.w.f.keypair();
    let impostor = pw.w.f.create_mint(&impostor_authority, 6);
    let impostor_account = pw.w.f.ata(&creator.pubkey(), &impostor);
    pw.w.f.mint_to(
        &impostor,
        &impostor_authority,
        &impostor_account,
        OPEN_SHARES,
    );
    let real = pw.w.f.account(&pda::royalty(&pw.w.track).0).unwrap();
    let mut config = RoyaltyConfig::try_deserialize(&mut real.data.as_slice()).unwrap();
    config.share_mint = impostor;
    let mut data = Vec::new();
    config.try_serialize(&mut data).unwrap();
    data.resize(real.data.len(), 0);

    let before = pw.balances(&creator.pubkey());
    let impostor_before = pw.w.f.token_balance(&impostor_account);
    let forged_pool = pda::pool(&impostor, &quote_mint).0;
    // Planted under the system program and under another Encore program.
    for owner in [
        anchor_lang::system_program::ID,
        encore_sdk::track_registry::ID,
    ] {
        let forged = Pubkey::new_unique();
        let account = solana_account::Account {
            lamports: real.lamports,
            data: data.clone(),
            owner,
            executable: false,
            rent_epoch: 0,
        };
        pw.w.f.ctx.set_account(&forged, &account.into());
        let ixn = ix::create_pool_with(
            approved_by(&artist, &creator, &pw.w.track)(
                &forged,
                &impostor,
                &quote_mint,
                &impostor_account,
                &creator_quote,
            ),
            CreatePoolArgs {
                fee_bps: FEE_BPS,
                share_amount: OPEN_SHARES,
                quote_amount: OPEN_QUOTE,
            },
        );
        assert_anchor_error(
            pw.w.f.send(&[ixn], &[&creator, &artist]),
            &encore_sdk::royalty_pool::ID,
            ErrorCode::AccountOwnedByWrongProgram,
        );
        for address in [
            forged_pool,
            pda::lp_mint(&forged_pool).0,
            pda::pool_share_vault(&forged_pool).0,
            pda::pool_quote_vault(&forged_pool).0,
        ] {
            assert!(pw.w.f.account(&address).is_none(), "{address} was created");
        }
        assert_eq!(pw.balances(&creator.pubkey()), before);
        assert_eq!(pw.w.f.token_balance(&impostor_account), impostor_before);
    }
}

/// Builds openings by `creator`, approved by `authority` as `track`'s
/// authority, from the accounts that vary: royalty config, share mint,
/// quote mint and the creator's share and quote accounts.
fn approved_by(
    authority: &Keypair,
    creator: &Keypair,
    track: &Pubkey,
) -> impl Fn(&Pubkey, &Pubkey, &Pubkey, &Pubkey, &Pubkey) -> ix::PoolOpening {
    let (track_authority, creator, track) = (authority.pubkey(), creator.pubkey(), *track);
    move |royalty, share_mint, quote_mint, creator_share, creator_quote| ix::PoolOpening {
        creator,
        track_authority,
        track,
        royalty: *royalty,
        share_mint: *share_mint,
        quote_mint: *quote_mint,
        creator_share: *creator_share,
        creator_quote: *creator_quote,
    }
}
