//! The first-depositor inflation attack, attempted with a donation.
//!
//! The classic form: open a pool with dust, send tokens straight to the
//! vaults so one LP unit looks worth a fortune, and let the next depositor's
//! LP amount round down to little or nothing, leaving their deposit to the
//! attacker. Here it has nothing to grip: reserves are the pool's own
//! books, so a donation moves neither the price nor what an LP unit is
//! worth; deposits are LP-exact, so nothing rounds to zero LP; and the
//! locked minimum means the attacker never owns the whole pool.

use encore_sdk::pool as sdk;
use encore_sdk::royalty_pool::constants::MINIMUM_LIQUIDITY;
use encore_sdk::royalty_pool::errors::PoolError;
use solana_signer::Signer;

use super::*;
use crate::support::fixture::assert_error;

#[test]
fn a_donation_gains_the_first_depositor_nothing() {
    let mut pw = unopened();
    let attacker = pw.creator.insecure_clone();

    // The smallest pool allowed: sqrt(1,001 × 1,001) = 1,001 LP units,
    // one minted to the attacker, 1,000 locked.
    assert_error(
        pw.create(&attacker, FEE_BPS, 1_000, 1_000),
        PoolError::InsufficientInitialLiquidity,
    );
    pw.create(&attacker, FEE_BPS, 1_001, 1_001)
        .expect("dust pool");
    let victim = pw.trader(10_000_000_000, 10_000_000_000);
    let attacker_start = pw.balances(&attacker.pubkey());
    assert_eq!(attacker_start.2, 1);
    let books = pw.pool();
    let victim_lp = 5_000_000_000;
    let cost = sdk::deposit_cost(&books, victim_lp).unwrap();
    let price_before = pw.quote_in(SwapDirection::SellQuote, 1_000_000);

    // The donation: a million times what the pool holds, into both vaults.
    let donation = 1_000_000_000;
    let (share_mint, quote_mint) = (pw.keys.share_mint, pw.keys.quote_mint);
    let ixs = [
        transfer_ix(&attacker, &share_mint, &pw.keys.share_vault, donation),
        transfer_ix(&attacker, &quote_mint, &pw.keys.quote_vault, donation),
    ];
    pw.w.f.send(&ixs, &[&attacker]).expect("donation");
    let after = pw.pool();
    assert_eq!(
        (after.reserve_share, after.reserve_quote, after.lp_supply),
        (books.reserve_share, books.reserve_quote, books.lp_supply),
        "a donation is not liquidity"
    );
    assert_eq!(
        pw.quote_in(SwapDirection::SellQuote, 1_000_000),
        price_before,
        "nor does it move the price"
    );

    // The victim pays exactly the undonated price for its LP units...
    let before = pw.balances(&victim.pubkey());
    pw.deposit(&victim, victim_lp, cost.0, cost.1)
        .expect("deposit at the undonated price");
    assert_eq!(
        cost,
        (victim_lp, victim_lp),
        "one LP unit is one unit of each side"
    );
    let paid = pw.balances(&victim.pubkey());
    assert_eq!(
        delta(before, paid),
        (
            -i128::from(cost.0),
            -i128::from(cost.1),
            i128::from(victim_lp)
        )
    );
    // ... and takes all of it back: none of it went to the attacker.
    pw.withdraw(&victim, victim_lp, cost.0, cost.1)
        .expect("full exit");
    assert_eq!(pw.balances(&victim.pubkey()), before);

    // The attacker's unit is still worth one unit of each side; the
    // donation stays stranded in the vaults, outside the books.
    pw.withdraw(&attacker, 1, 1, 1).expect("attacker exits");
    let end = pw.balances(&attacker.pubkey());
    let donated = i128::from(donation);
    assert_eq!(
        delta(attacker_start, end),
        (1 - donated, 1 - donated, -1),
        "one unit of each side back, the whole donation lost"
    );
    let pool = pw.pool();
    assert_eq!(
        pool.lp_supply, MINIMUM_LIQUIDITY,
        "the locked minimum stays"
    );
    assert_eq!(
        pw.vaults(),
        (pool.reserve_share + donation, pool.reserve_quote + donation)
    );
    assert_eq!(pw.lp_mint_supply(), 0);
}
