//! The demo's market: the producer opens a pool of one track's shares
//! against the payment mint, two investors buy in, one sells some back.

use anyhow::anyhow;
use encore_sdk::governance::state::PauseArea;
use encore_sdk::instructions::pool::{self as ix, CreatePoolArgs, PoolKeys, PoolUser};
use encore_sdk::instructions::shares as shares_ix;
use encore_sdk::pool::{self, SwapDirection};
use encore_sdk::royalty_pool::math::swap_fee;
use encore_sdk::shares::SHARE_DECIMALS;
use encore_sdk::{token, EncoreClient, Pubkey};
use solana_keypair::Keypair;
use solana_signer::Signer;

use super::played::{Investor, PlayedPool, PlayedTrack, Trade, DECIMALS};
use super::stage::Stage;
use crate::error::HintExt;
use crate::gov::require_config;
use crate::pool::priced;
use crate::pool::view::ui_ratio;

/// The opening deposit: 100,000 shares and 5,000 USDC (0.05 USDC a share).
const SEED_SHARES: u64 = 100_000 * SHARE;
const SEED_USDC: u64 = 5_000 * USDC;
const FEE_BPS: u16 = 30;
const SLIPPAGE_BPS: u16 = 50;
const SHARE: u64 = 1_000_000;
const USDC: u64 = 1_000_000;

/// The investors: name, keypair seed, USDC funded.
const INVESTORS: [(&str, u8, u64); 2] = [
    ("investor-1", 30, 1_000 * USDC),
    ("investor-2", 31, 600 * USDC),
];

/// SOL the demo gives each investor (for its token accounts' rent and fees).
fn investor_sol(local: bool) -> u64 {
    if local {
        1_000_000_000
    } else {
        10_000_000
    }
}

/// SOL the chapter needs from the payer.
pub fn sol_needed(local: bool) -> u64 {
    INVESTORS.len() as u64 * investor_sol(local)
}

fn k(client: &dyn EncoreClient, keys: &PoolKeys) -> anyhow::Result<u128> {
    let p = pool::require_pool(client, &keys.share_mint, &keys.quote_mint)?;
    Ok(u128::from(p.reserve_share) * u128::from(p.reserve_quote))
}

/// Opens the market and plays the trades. `creator` holds the track's
/// shares and opens the pool with `approver`, the track's authority,
/// approving; the payer (the USDC mint authority) funds it and the investors.
pub fn play(
    stage: &Stage,
    track: &PlayedTrack,
    creator: &Keypair,
    approver: &Keypair,
    mint: &Pubkey,
) -> anyhow::Result<PlayedPool> {
    let client = stage.client;
    let p = stage.progress;
    let payer = &stage.payer;
    if stage.local.is_none() && require_config(client)?.is_paused(PauseArea::Pool) {
        return Err(anyhow!("governance has paused the pools on this cluster"))
            .hint("the governance authority resumes them with `encore gov unpause --area pool`");
    }
    let mint_usdc = |owner: &Pubkey, amount: u64| -> anyhow::Result<()> {
        let ixs = [
            token::create_associated_idempotent(&payer.pubkey(), owner, mint),
            token::mint_to(
                mint,
                &token::associated_address(owner, mint),
                &payer.pubkey(),
                amount,
            )?,
        ];
        stage.send("minting USDC for the market", &ixs, payer, &[])
    };

    // The creator's opening deposit.
    mint_usdc(&creator.pubkey(), SEED_USDC)?;
    let create = ix::create_pool(
        &creator.pubkey(),
        &approver.pubkey(),
        &track.address,
        mint,
        CreatePoolArgs {
            fee_bps: FEE_BPS,
            share_amount: SEED_SHARES,
            quote_amount: SEED_USDC,
        },
    );
    // The producer's shares were distributed staked: it unstakes the
    // opening deposit in the same transaction.
    let share_mint = encore_sdk::pda::share_mint(&track.address).0;
    let creator_shares = token::associated_address(&creator.pubkey(), &share_mint);
    let ixs = [
        token::create_associated_idempotent(&creator.pubkey(), &creator.pubkey(), &share_mint),
        shares_ix::unstake(
            &creator.pubkey(),
            &track.address,
            &creator_shares,
            SEED_SHARES,
        ),
        create,
    ];
    stage.send("opening the pool", &ixs, creator, &[approver])?;
    let keys = PoolKeys::derive(&track.address, mint);
    p.say(format!(
        "A market in \"{}\": the producer opens pool {} with {} shares and {} USDC ({} USDC a share, {} bps fee)",
        track.title,
        keys.pool,
        token::ui_amount(SEED_SHARES, SHARE_DECIMALS),
        token::ui_amount(SEED_USDC, DECIMALS),
        ui_ratio(SEED_USDC, DECIMALS, SEED_SHARES, SHARE_DECIMALS),
        FEE_BPS
    ));
    let mut k_history = vec![k(client, &keys)?];

    let mut investors = Vec::new();
    for (name, seed, funded) in INVESTORS {
        let wallet = stage.keypair(seed);
        stage.fund(&wallet.pubkey(), investor_sol(stage.local()))?;
        mint_usdc(&wallet.pubkey(), funded)?;
        investors.push(Investor {
            name,
            wallet,
            funded,
        });
    }

    // Investor 1 buys exactly 10,000 shares; investor 2 spends 250 USDC;
    // investor 1 sells a quarter of its shares back.
    let plan = [
        (0, SwapDirection::SellQuote, Exact::Out(10_000 * SHARE)),
        (1, SwapDirection::SellQuote, Exact::In(250 * USDC)),
        (0, SwapDirection::SellShares, Exact::In(2_500 * SHARE)),
    ];
    let mut trades = Vec::new();
    for (who, direction, exact) in plan {
        let Some(investor) = investors.get(who) else {
            continue;
        };
        let trade = swap(stage, &keys, who, investor, direction, exact)?;
        p.say(if trade.sell_shares {
            format!(
                "{} sells {} shares for {} USDC (fee {} shares)",
                investor.name,
                token::ui_amount(trade.amount_in, SHARE_DECIMALS),
                token::ui_amount(trade.amount_out, DECIMALS),
                token::ui_amount(trade.fee, SHARE_DECIMALS),
            )
        } else {
            format!(
                "{} buys {} shares for {} USDC (fee {} USDC)",
                investor.name,
                token::ui_amount(trade.amount_out, SHARE_DECIMALS),
                token::ui_amount(trade.amount_in, DECIMALS),
                token::ui_amount(trade.fee, DECIMALS),
            )
        });
        trades.push(trade);
        k_history.push(k(client, &keys)?);
    }

    Ok(PlayedPool {
        address: keys.pool,
        keys,
        fee_bps: FEE_BPS,
        seeded_shares: SEED_SHARES,
        seeded_quote: SEED_USDC,
        investors,
        trades,
        k_history,
    })
}

#[derive(Clone, Copy)]
enum Exact {
    In(u64),
    Out(u64),
}

/// Quotes with the SDK, sends with the usual slippage bound, and reads what
/// actually moved.
fn swap(
    stage: &Stage,
    keys: &PoolKeys,
    who: usize,
    investor: &Investor,
    direction: SwapDirection,
    exact: Exact,
) -> anyhow::Result<Trade> {
    let client = stage.client;
    let wallet = &investor.wallet;
    let me = wallet.pubkey();
    let state = pool::require_pool(client, &keys.share_mint, &keys.quote_mint)?;
    let user = PoolUser::associated(&me, keys);
    let sell_shares = direction == SwapDirection::SellShares;
    let (pay, receive) = if sell_shares {
        (user.share_account, user.quote_account)
    } else {
        (user.quote_account, user.share_account)
    };
    let mut ixs = vec![
        token::create_associated_idempotent(&me, &me, &keys.share_mint),
        token::create_associated_idempotent(&me, &me, &keys.quote_mint),
    ];
    let quoted = match exact {
        Exact::In(amount) => {
            let q = priced(
                pool::quote_exact_in(&state, direction, amount),
                Some(&keys.pool),
            )?;
            let bound = pool::min_out(q.amount_out, SLIPPAGE_BPS);
            ixs.push(ix::swap_exact_in(
                keys,
                &user,
                ix::SwapExactInArgs {
                    amount_in: amount,
                    min_out: bound,
                    direction,
                },
            ));
            q
        }
        Exact::Out(amount) => {
            let q = priced(
                pool::quote_exact_out(&state, direction, amount),
                Some(&keys.pool),
            )?;
            let bound = pool::max_in(q.amount_in, SLIPPAGE_BPS);
            ixs.push(ix::swap_exact_out(
                keys,
                &user,
                ix::SwapExactOutArgs {
                    amount_out: amount,
                    max_in: bound,
                    direction,
                },
            ));
            q
        }
    };
    let (pay_before, receive_before) = (
        token::balance(client, &pay)?,
        token::balance(client, &receive)?,
    );
    stage.send("swapping in the pool", &ixs, wallet, &[])?;
    let amount_in = pay_before.saturating_sub(token::balance(client, &pay)?);
    let amount_out = token::balance(client, &receive)?.saturating_sub(receive_before);
    Ok(Trade {
        investor: who,
        sell_shares,
        amount_in,
        amount_out,
        fee: swap_fee(amount_in, state.fee_bps).unwrap_or(quoted.fee),
    })
}
