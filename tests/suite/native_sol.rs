//! Native SOL as a payment and quote mint, through the CLI: what a command
//! pays is wrapped from the wallet's SOL in its transaction, what it is
//! paid comes back as SOL, and no wrapped-SOL account is left behind.
//! Every figure is checked against the chain to the lamport.

use encore_sdk::client::EncoreClient;
use encore_sdk::governance::constants::DAY_SECS;
use encore_sdk::{escrow, pda, token, Pubkey};
use serde_json::Value;

use crate::support::chain::Chain;
use crate::support::cli::Wallet;
use crate::support::studio::register;

const SOL: u64 = 1_000_000_000;
/// One signature's fee.
const FEE: u64 = 5_000;

fn lamports(chain: &Chain, wallet: &Wallet) -> u64 {
    chain.client.balance(&wallet.pubkey()).unwrap()
}

/// Whether `wallet` was left holding a wrapped-SOL account.
fn holds_wrapped_sol(chain: &Chain, wallet: &Wallet) -> bool {
    let account = token::associated_address(&wallet.pubkey(), &token::NATIVE_MINT);
    chain.client.get_account(&account).unwrap().is_some()
}

fn base(value: &Value) -> u64 {
    value["base_units"].as_u64().unwrap()
}

#[test]
fn listeners_deposit_and_withdraw_sol() {
    let chain = Chain::new();
    let native = token::NATIVE_MINT.to_string();
    // The first listener opens the mint's pooled vault too.
    let first = chain.wallet("first");
    chain.json(
        &first,
        &["escrow", "open", "--mint", &native, "--deposit", "0.25"],
    );
    assert!(!holds_wrapped_sol(&chain, &first));

    let listener = chain.wallet("listener");
    let before = lamports(&chain, &listener);
    let opened = chain.json(
        &listener,
        &["escrow", "open", "--mint", &native, "--deposit", "1.5"],
    );
    assert_eq!(base(&opened["balance"]), 1_500_000_000);
    // 1.5 SOL, the listener account's rent and one fee; the wrapped-SOL
    // account's rent came back when it closed.
    assert_eq!(
        before - lamports(&chain, &listener),
        1_500_000_000 + escrow::listener_rent() + FEE
    );
    assert!(!holds_wrapped_sol(&chain, &listener));
    let vault = pda::escrow_vault(&token::NATIVE_MINT).0;
    assert_eq!(
        token::balance(&chain.client, &vault).unwrap(),
        1_750_000_000
    );

    let before = lamports(&chain, &listener);
    let deposited = chain.json(
        &listener,
        &["escrow", "deposit", "--mint", &native, "--amount", "0.5"],
    );
    assert_eq!(base(&deposited["balance"]), 2_000_000_000);
    assert_eq!(before - lamports(&chain, &listener), 500_000_000 + FEE);

    // More than the wallet can spare is refused before anything is sent.
    let (error, hint) = chain.fail(
        &listener,
        &["escrow", "deposit", "--mint", &native, "--amount", "50"],
    );
    assert!(error.contains("less than 50"), "{error}");
    assert!(hint.contains("encore wallet airdrop"), "{hint}");

    chain.json(
        &listener,
        &["escrow", "withdraw", "--mint", &native, "--amount", "1.2"],
    );
    chain.client.warp_seconds(8 * DAY_SECS);
    let before = lamports(&chain, &listener);
    chain.json(
        &listener,
        &["escrow", "withdraw", "--mint", &native, "--complete"],
    );
    assert_eq!(lamports(&chain, &listener) - before, 1_200_000_000 - FEE);
    assert!(!holds_wrapped_sol(&chain, &listener));
    let left = escrow::listener(&chain.client, &token::NATIVE_MINT, &listener.pubkey())
        .unwrap()
        .unwrap();
    assert_eq!(left.balance, 800_000_000);
    assert_eq!(
        token::balance(&chain.client, &vault).unwrap(),
        1_050_000_000
    );
}

#[test]
fn a_pool_quoted_in_sol_and_revenue_paid_in_sol() {
    let chain = Chain::new();
    let artist = chain.wallet("artist");
    chain.json(&artist, &["artist", "create", "--handle", "sol"]);
    let track = register(
        &chain,
        &artist,
        &token::NATIVE_MINT,
        "sol.wav",
        b"priced in SOL",
    );
    let track_arg = track.to_string();
    let artist_key = artist.pubkey().to_string();
    chain.json(
        &artist,
        &[
            "shares",
            "create",
            "--track",
            &track_arg,
            "--split",
            &format!("{artist_key}:10000"),
        ],
    );
    let native = token::NATIVE_MINT.to_string();

    // The artist opens a pool with 2 SOL from its wallet.
    let before = lamports(&chain, &artist);
    let created = chain.json(
        &artist,
        &[
            "pool",
            "create",
            "--track",
            &track_arg,
            "--quote-mint",
            &native,
            "--fee-bps",
            "30",
            "--shares",
            "1000",
            "--quote",
            "2",
        ],
    );
    let pool: Pubkey = created["pool"].as_str().unwrap().parse().unwrap();
    let state = encore_sdk::pool::pool_at(&chain.client, &pool).unwrap();
    assert_eq!(state.reserve_quote, 2 * SOL);
    assert_eq!(
        token::balance(&chain.client, &state.quote_vault).unwrap(),
        2 * SOL
    );
    assert!(!holds_wrapped_sol(&chain, &artist));
    assert!(
        before - lamports(&chain, &artist) > 2 * SOL,
        "2 SOL and the pool's rent"
    );

    // An investor buys shares with 0.5 SOL and sells them back for SOL.
    let investor = chain.wallet("investor");
    let pool_arg = pool.to_string();
    let before = lamports(&chain, &investor);
    let bought = chain.json(
        &investor,
        &[
            "pool",
            "swap",
            "--pool",
            &pool_arg,
            "--sell",
            "quote",
            "--amount-in",
            "0.5",
        ],
    );
    assert_eq!(base(&bought["amount_in"]), SOL / 2);
    // 0.5 SOL, one fee and the share account's rent; the wrapped-SOL
    // account was opened and closed in the same transaction.
    assert_eq!(
        before - lamports(&chain, &investor),
        SOL / 2 + FEE + token::account_rent()
    );
    let state = encore_sdk::pool::pool_at(&chain.client, &pool).unwrap();
    assert_eq!(
        token::balance(&chain.client, &state.quote_vault).unwrap(),
        2 * SOL + SOL / 2
    );
    assert!(!holds_wrapped_sol(&chain, &investor));
    let shares = base(&bought["amount_out"]);
    assert!(shares > 0);
    let shares_text = encore_sdk::token::ui_amount(shares, encore_sdk::shares::SHARE_DECIMALS);
    let before = lamports(&chain, &investor);
    let vault_before = token::balance(&chain.client, &state.quote_vault).unwrap();
    let sold = chain.json(
        &investor,
        &[
            "pool",
            "swap",
            "--pool",
            &pool_arg,
            "--sell",
            "shares",
            "--amount-in",
            &shares_text,
        ],
    );
    let received = base(&sold["amount_out"]);
    assert!(
        received > 0 && received < SOL / 2,
        "less than paid: fees both ways"
    );
    assert_eq!(
        vault_before - token::balance(&chain.client, &state.quote_vault).unwrap(),
        received
    );
    // One transaction, swap and unwrap: less its fee, it arrived as SOL.
    assert_eq!(lamports(&chain, &investor) - before, received - FEE);
    assert_eq!(base(&sold["balance_quote"]), lamports(&chain, &investor));
    assert!(!holds_wrapped_sol(&chain, &investor));

    // Liquidity in SOL: what the deposit took and the withdrawal gave back
    // are the vault's changes, to the lamport, less one transaction's fee
    // each (wrapping and unwrapping ride in the command's transaction).
    let vault = |chain: &Chain| token::balance(&chain.client, &state.quote_vault).unwrap();
    let (before, vault_before) = (lamports(&chain, &artist), vault(&chain));
    let deposited = chain.json(
        &artist,
        &[
            "pool", "deposit", "--pool", &pool_arg, "--shares", "100", "--quote", "0.5",
        ],
    );
    let paid = base(&deposited["paid_quote"]);
    assert!(paid > 0 && paid <= SOL / 2);
    assert_eq!(vault(&chain) - vault_before, paid);
    assert_eq!(before - lamports(&chain, &artist), paid + FEE);
    assert!(!holds_wrapped_sol(&chain, &artist));
    let lp =
        encore_sdk::token::ui_amount(base(&deposited["lp_minted"]), encore_sdk::pool::LP_DECIMALS);
    let (before, vault_before) = (lamports(&chain, &artist), vault(&chain));
    let withdrawn = chain.json(
        &artist,
        &["pool", "withdraw", "--pool", &pool_arg, "--lp", &lp],
    );
    let got = base(&withdrawn["received_quote"]);
    assert!(got > 0);
    assert_eq!(vault_before - vault(&chain), got);
    assert_eq!(lamports(&chain, &artist) - before, got - FEE);
    assert!(!holds_wrapped_sol(&chain, &artist));

    // Revenue deposited in SOL reaches a staker in SOL (the artist's
    // shares not in the pool are staked since distribution).
    let before = lamports(&chain, &artist);
    chain.json(
        &artist,
        &[
            "shares",
            "deposit-revenue",
            "--track",
            &track_arg,
            "--amount",
            "3",
        ],
    );
    assert_eq!(before - lamports(&chain, &artist), 3 * SOL + FEE);
    let revenue_vault = pda::revenue_vault(&track).0;
    assert_eq!(
        token::balance(&chain.client, &revenue_vault).unwrap(),
        3 * SOL
    );
    chain.client.warp_seconds(8 * DAY_SECS);
    let before = lamports(&chain, &artist);
    let claimed = chain.json(&artist, &["shares", "claim", "--track", &track_arg]);
    let amount = base(&claimed["amount"]);
    assert!(amount > 0 && amount <= 3 * SOL);
    assert_eq!(lamports(&chain, &artist) - before, amount - FEE);
    assert_eq!(
        token::balance(&chain.client, &revenue_vault).unwrap(),
        3 * SOL - amount
    );
    assert!(!holds_wrapped_sol(&chain, &artist));
}
