//! royalty_pool: the share reserve is a royalty position, so pooled shares
//! earn the track's revenue for the LPs, by LP units held and for how long,
//! collected at every change of the reserve and paid as LPs withdraw.
//! Figures by hand; the named errors of the mechanism.

use anchor_lang::error::ErrorCode;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::{InstructionData, ToAccountMetas};
use encore_sdk::instructions::pool::{self as ix, CreatePoolArgs};
use encore_sdk::royalty_pool::errors::PoolError;
use encore_sdk::royalty_pool::math::isqrt;
use encore_sdk::royalty_shares::errors::RoyaltyError;
use encore_sdk::{pda, token};
use solana_signer::Signer;

use super::{opened, unopened, PoolWorld, FEE_BPS, OPEN_QUOTE, OPEN_SHARES};
use crate::shares::RELEASE;
use crate::support::fixture::{assert_anchor_error, assert_error};

/// What the pool's royalty position has staked.
fn pool_stake(pw: &mut PoolWorld) -> u64 {
    let position = pw.keys.position;
    pw.w.f
        .state::<encore_sdk::royalty_shares::state::Position>(&position)
        .stake
        .staked
}

/// A second LP joins halfway through a release and both leave at its end.
///
/// The pool holds 100,000 shares and the investor stakes another 100,000;
/// nothing else is staked. 12 USDC of revenue arrives at t0. First half:
/// 6 released, the pool's half of the stake earns 3, all the creator's.
/// At half time a second LP doubles the pool, paying in its part of those
/// 3 (3, the pool's earnings doubled to 6). Second half: 6 released, the
/// pool's 200,000 of 300,000 staked earn 4, 2 for each LP. The second LP
/// takes out 5 (its 3 back and its 2); the creator 5 less the locked
/// minimum's unit; the investor claims 5.
#[test]
fn lps_earn_the_reserves_revenue_by_units_and_time_held() {
    let mut pw = opened();
    let creator = pw.creator.insecure_clone();
    let investor = pw.investor.insecure_clone();
    assert_eq!(pool_stake(&mut pw), OPEN_SHARES);
    pw.w.open_and_stake(&investor, OPEN_SHARES);
    let lp_supply = pw.pool().lp_supply;
    assert_eq!(
        lp_supply,
        isqrt(u128::from(OPEN_SHARES) * u128::from(OPEN_QUOTE)) as u64
    );
    let usdc = 1_000_000u64;
    let tipper = pw.w.f.keypair();
    pw.w.deposit(&tipper, 12 * usdc);

    pw.w.f.warp_seconds(RELEASE / 2);
    let second = pw.trader(OPEN_SHARES, OPEN_QUOTE + 3 * usdc);
    let before = pw.balances(&second.pubkey());
    pw.deposit(&second, lp_supply, OPEN_SHARES, OPEN_QUOTE + 3 * usdc)
        .expect("second LP joins");
    let pool = pw.pool();
    assert_eq!((pool.earned_total, pool.earnings), (3 * usdc, 6 * usdc));
    assert_eq!(pool.reserve_share, 2 * OPEN_SHARES);
    assert_eq!(pool_stake(&mut pw), 2 * OPEN_SHARES);
    assert_eq!(
        pw.balances(&second.pubkey()),
        (
            before.0 - OPEN_SHARES,
            before.1 - OPEN_QUOTE - 3 * usdc,
            lp_supply
        )
    );
    pw.assert_books();

    pw.w.f.warp_seconds(RELEASE / 2);
    pw.withdraw(&second, lp_supply, OPEN_SHARES, OPEN_QUOTE + 5 * usdc)
        .expect("second LP leaves");
    assert_eq!(pw.pool().earned_total, 7 * usdc);
    assert_eq!(
        pw.balances(&second.pubkey()),
        (before.0, before.1 + 2 * usdc, 0)
    );
    let creator_lp = lp_supply - super::MINIMUM_LIQUIDITY;
    let creator_before = pw.balances(&creator.pubkey());
    pw.withdraw(&creator, creator_lp, 0, 0)
        .expect("creator leaves");
    let after = pw.balances(&creator.pubkey());
    let earnings_out = 5 * usdc - 1;
    let quote_out =
        (u128::from(creator_lp) * u128::from(OPEN_QUOTE) / u128::from(lp_supply)) as u64;
    assert_eq!(after.1 - creator_before.1, quote_out + earnings_out);
    assert_eq!(pw.pool().earnings, 1, "the locked minimum's part stays");
    pw.assert_books();

    assert_eq!(pw.w.claim(&investor).unwrap(), 5 * usdc);
    let royalty = pw.w.royalty();
    assert_eq!(royalty.total_deposited, 12 * usdc);
    assert_eq!(royalty.total_claimed, 12 * usdc);
    let revenue_vault = pda::revenue_vault(&pw.w.track).0;
    assert_eq!(pw.w.f.token_balance(&revenue_vault), 0);
}

/// Swaps move the reserve and so the pool's stake; what the reserve earned
/// before each swap is collected at its old size. The pool and a staker of
/// 100,000 share 12 USDC released over the period: 3 each in the first
/// half; then a buyer takes half the pool's shares (and stakes nothing), so
/// of the second half's 6 the pool's 50,000 earn 2 and the staker 4.
#[test]
fn swaps_collect_at_the_old_reserve_and_move_the_stake() {
    let mut pw = opened();
    let investor = pw.investor.insecure_clone();
    pw.w.open_and_stake(&investor, OPEN_SHARES);
    let usdc = 1_000_000u64;
    let tipper = pw.w.f.keypair();
    pw.w.deposit(&tipper, 12 * usdc);
    pw.w.f.warp_seconds(RELEASE / 2);
    // Buy exactly half the share reserve: 6 released so far, half of it
    // the pool's (100,000 of 200,000 staked).
    let buyer = pw.trader(0, 100_000 * usdc);
    let quote = pw.quote_out(encore_sdk::pool::SwapDirection::SellQuote, OPEN_SHARES / 2);
    pw.swap_out(
        &buyer,
        OPEN_SHARES / 2,
        quote.amount_in,
        encore_sdk::pool::SwapDirection::SellQuote,
    )
    .expect("buy half the reserve");
    assert_eq!(pw.pool().earnings, 3 * usdc);
    assert_eq!(pool_stake(&mut pw), OPEN_SHARES / 2);
    // Second half: 6 more over 50,000 + 100,000 staked: 2 to the pool.
    pw.w.f.warp_seconds(RELEASE / 2);
    let seller = pw.trader(1_000_000, 0);
    pw.swap_in(
        &seller,
        1_000_000,
        1,
        encore_sdk::pool::SwapDirection::SellShares,
    )
    .expect("a small sale collects");
    assert_eq!(pw.pool().earnings, 5 * usdc);
    assert_eq!(pw.pool().earned_total, 5 * usdc);
    // The sale's input less the protocol's part of its 0.3 % fee (90).
    assert_eq!(pool_stake(&mut pw), OPEN_SHARES / 2 + 999_910);
    assert_eq!(pw.w.claim(&investor).unwrap(), 7 * usdc);
    pw.assert_books();
}

/// `sync_pool` answers only to a pool's own PDA: a wallet calling it
/// directly, for a position of its own, is refused by name.
#[test]
fn only_the_pool_sets_its_reserve_stake() {
    let mut pw = opened();
    let intruder = pw.trader(0, 0);
    let track = pw.w.track;
    let open = encore_sdk::instructions::shares::open_position(
        &intruder.pubkey(),
        &intruder.pubkey(),
        &track,
    );
    pw.w.f.send(&[open], &[&intruder]).expect("open");
    let quote_account = token::associated_address(&intruder.pubkey(), &pw.keys.quote_mint);
    let bump = pda::pool(&pw.keys.share_mint, &pw.keys.quote_mint).1;
    let sync = Instruction {
        program_id: encore_sdk::royalty_shares::ID,
        accounts: encore_sdk::royalty_shares::accounts::SyncPool {
            pool: intruder.pubkey(),
            royalty: pda::royalty(&track).0,
            position: pda::position(&track, &intruder.pubkey()).0,
            revenue_vault: pda::revenue_vault(&track).0,
            earnings_vault: quote_account,
            token_program: token::TOKEN_PROGRAM_ID,
        }
        .to_account_metas(None),
        data: encore_sdk::royalty_shares::instruction::SyncPool {
            pool_bump: bump,
            reserve: 1_000_000_000_000,
        }
        .data(),
    };
    let before = pw.w.royalty();
    assert_error(pw.w.f.send(&[sync], &[&intruder]), RoyaltyError::NotAPool);
    assert_eq!(pw.w.royalty().accrual, before.accrual);
}

/// A pool quotes its track's payment mint: another mint is refused by name
/// and nothing is created.
#[test]
fn a_pool_quotes_the_tracks_payment_mint_only() {
    let mut pw = unopened();
    let creator = pw.creator.insecure_clone();
    let artist = pw.w.artist.insecure_clone();
    let other_authority = pw.w.f.keypair();
    let other = pw.w.f.create_mint(&other_authority, 6);
    let account = pw.w.f.ata(&creator.pubkey(), &other);
    pw.w.f
        .mint_to(&other, &other_authority, &account, OPEN_QUOTE);
    let ixn = ix::create_pool(
        &creator.pubkey(),
        &artist.pubkey(),
        &pw.w.track,
        &other,
        CreatePoolArgs {
            fee_bps: FEE_BPS,
            share_amount: OPEN_SHARES,
            quote_amount: OPEN_QUOTE,
        },
    );
    assert_error(
        pw.w.f.send(&[ixn], &[&creator, &artist]),
        PoolError::QuoteNotPaymentMint,
    );
    let share_mint = pda::share_mint(&pw.w.track).0;
    assert!(pw.w.f.account(&pda::pool(&share_mint, &other).0).is_none());
    assert_eq!(pw.w.f.token_balance(&account), OPEN_QUOTE);
}

/// Someone opening the pool's position before the pool exists (it is a
/// permissionless PDA) cannot block the pool's creation.
#[test]
fn a_position_opened_early_does_not_block_the_pool() {
    let mut pw = unopened();
    let squatter = pw.w.f.keypair();
    let open = encore_sdk::instructions::shares::open_position(
        &squatter.pubkey(),
        &pw.keys.pool,
        &pw.w.track,
    );
    pw.w.f.send(&[open], &[&squatter]).expect("early open");
    let creator = pw.creator.insecure_clone();
    pw.create(&creator, FEE_BPS, OPEN_SHARES, OPEN_QUOTE)
        .expect("the pool opens all the same");
    assert_eq!(pool_stake(&mut pw), OPEN_SHARES);
    // Another holder's position in its place is refused by the shares
    // program's seeds check.
    let trader = pw.trader(0, 1_000_000);
    let mut swap = ix::swap_exact_in(
        &pw.keys,
        &pw.user(&trader.pubkey()),
        ix::SwapExactInArgs {
            amount_in: 1_000_000,
            min_out: 1,
            direction: encore_sdk::pool::SwapDirection::SellQuote,
        },
    );
    let position = pw.keys.position;
    let slot = swap
        .accounts
        .iter()
        .position(|m| m.pubkey == position)
        .expect("position account");
    swap.accounts[slot].pubkey = pda::position(&pw.w.track, &pw.investor.pubkey()).0;
    let before = pw.pool();
    assert_anchor_error(
        pw.w.f.send(&[swap], &[&trader]),
        &encore_sdk::royalty_shares::ID,
        ErrorCode::ConstraintSeeds,
    );
    assert_eq!(pw.pool().reserve_share, before.reserve_share);
}

/// The shares program names the pool program and its pool seed itself (the
/// pool program depends on it, not the other way round): they must agree.
#[test]
fn the_shares_program_knows_the_pool_program() {
    use encore_sdk::royalty_shares::constants::{POOL_PROGRAM_ID, POOL_SEED};
    assert_eq!(POOL_PROGRAM_ID, encore_sdk::royalty_pool::ID);
    assert_eq!(POOL_SEED, encore_sdk::royalty_pool::constants::seeds::POOL);
}
