//! royalty_pool: the quote side of a pool and every account a user pays
//! from or is paid into are classic SPL Token mints and accounts, so the
//! reserves always equal what the vaults received.

use anchor_lang::error::ErrorCode;
use encore_sdk::instructions::pool::{self as ix, CreatePoolArgs, PoolKeys, PoolOpening};
use encore_sdk::pool::SwapDirection;
use encore_sdk::{pda, token};
use solana_signer::Signer;

use super::{foreign, snapshot, t22_balance, Foreign, KINDS};
use crate::pool::{opened, unopened, FEE_BPS, OPEN_QUOTE, OPEN_SHARES};
use crate::support::fixture::assert_anchor_error;

fn args() -> CreatePoolArgs {
    CreatePoolArgs {
        fee_bps: FEE_BPS,
        share_amount: OPEN_SHARES,
        quote_amount: OPEN_QUOTE,
    }
}

#[test]
fn a_pool_opens_against_classic_quote_mints_only() {
    let mut pw = unopened();
    let creator = pw.creator.insecure_clone();
    let artist = pw.w.artist.insecure_clone();
    let c = creator.pubkey();
    let opening = PoolOpening {
        creator: c,
        track_authority: artist.pubkey(),
        track: pw.w.track,
        royalty: pda::royalty(&pw.w.track).0,
        share_mint: pw.keys.share_mint,
        quote_mint: pw.keys.quote_mint,
        creator_share: token::associated_address(&c, &pw.keys.share_mint),
        creator_quote: token::associated_address(&c, &pw.keys.quote_mint),
    };
    let held = pw.balances(&c);
    for kind in KINDS {
        let t22 = foreign(&mut pw.w.f, &c, OPEN_QUOTE, kind);
        let t22_keys = PoolKeys::derive(&pw.w.track, &t22.mint);
        // A Token-2022 quote mint, paid from the creator's account in it;
        // then the classic quote mint paid from that Token-2022 account.
        let t22_quote = PoolOpening {
            quote_mint: t22.mint,
            creator_quote: t22.account,
            ..opening
        };
        let t22_source = PoolOpening {
            creator_quote: t22.account,
            ..opening
        };
        // And the shares paid from a Token-2022 account.
        let t22_shares = PoolOpening {
            creator_share: t22.account,
            ..opening
        };
        for (o, keys) in [
            (t22_quote, t22_keys),
            (t22_source, pw.keys),
            (t22_shares, pw.keys),
        ] {
            let ixn = ix::create_pool_with(o, args());
            assert_anchor_error(
                pw.w.f.send(&[ixn], &[&creator, &artist]),
                &encore_sdk::royalty_pool::ID,
                ErrorCode::AccountOwnedByWrongProgram,
            );
            let created = [keys.pool, keys.lp_mint, keys.share_vault, keys.quote_vault];
            assert_eq!(snapshot(&mut pw.w.f, &created), vec![None; 4], "{kind:?}");
        }
        assert_eq!(pw.balances(&c), held, "{kind:?}");
        assert_eq!(t22_balance(&mut pw.w.f, &t22.account), OPEN_QUOTE);
    }

    pw.create(&creator, FEE_BPS, OPEN_SHARES, OPEN_QUOTE)
        .expect("the classic quote mint opens the pool");
    assert_eq!(pw.vaults(), (OPEN_SHARES, OPEN_QUOTE));
}

#[test]
fn trades_liquidity_and_fees_refuse_token_2022_accounts() {
    let mut pw = opened();
    let trader = pw.trader(1_000_000_000, 1_000_000_000);
    let t = trader.pubkey();
    let user = pw.user(&t);
    // Protocol fees to collect: 3 % of the swap fee, ceil(5e8 × 0.3 %).
    pw.swap_in(&trader, 500_000_000, 0, SwapDirection::SellQuote)
        .expect("swap");
    let creator = pw.creator.insecure_clone();
    let creator_user = pw.user(&creator.pubkey());
    let treasury = pw.w.gov.treasury.pubkey();
    let payer = pw.w.f.payer().pubkey();
    let treasury_accounts = ix::create_treasury_accounts(&payer, &treasury, &pw.keys);
    pw.w.f
        .send(&treasury_accounts, &[])
        .expect("treasury accounts");
    let treasury_share = token::associated_address(&treasury, &pw.keys.share_mint);
    let treasury_quote = token::associated_address(&treasury, &pw.keys.quote_mint);
    let watched = [
        pw.keys.pool,
        pw.keys.share_vault,
        pw.keys.quote_vault,
        pw.keys.lp_mint,
        user.share_account,
        user.quote_account,
        user.lp_account,
        creator_user.lp_account,
        treasury_share,
        treasury_quote,
    ];

    for kind in KINDS {
        let before = snapshot(&mut pw.w.f, &watched);
        let mine: Foreign = foreign(&mut pw.w.f, &t, 1_000_000_000, kind);
        let theirs: Foreign = foreign(&mut pw.w.f, &creator.pubkey(), 0, kind);
        let treasurys: Foreign = foreign(&mut pw.w.f, &treasury, 0, kind);
        let as_quote = ix::PoolUser {
            quote_account: mine.account,
            ..user
        };
        let as_share = ix::PoolUser {
            share_account: mine.account,
            ..user
        };
        let mut attempts = Vec::new();
        for u in [as_quote, as_share] {
            attempts.push((
                ix::deposit(
                    &pw.keys,
                    &u,
                    ix::DepositArgs {
                        lp_amount: 1_000_000,
                        max_share: u64::MAX,
                        max_quote: u64::MAX,
                    },
                ),
                vec![&trader],
            ));
            for direction in [SwapDirection::SellShares, SwapDirection::SellQuote] {
                let exact_in = ix::SwapExactInArgs {
                    amount_in: 1_000_000,
                    min_out: 0,
                    direction,
                };
                let exact_out = ix::SwapExactOutArgs {
                    amount_out: 1_000_000,
                    max_in: u64::MAX,
                    direction,
                };
                attempts.push((ix::swap_exact_in(&pw.keys, &u, exact_in), vec![&trader]));
                attempts.push((ix::swap_exact_out(&pw.keys, &u, exact_out), vec![&trader]));
            }
        }
        // The creator's withdrawal paid into a Token-2022 account.
        let out_to = ix::PoolUser {
            quote_account: theirs.account,
            ..creator_user
        };
        let withdraw = ix::WithdrawArgs {
            lp_amount: 1_000_000,
            min_share: 0,
            min_quote: 0,
        };
        attempts.push((ix::withdraw(&pw.keys, &out_to, withdraw), vec![&creator]));
        let collect = ix::collect_protocol_fees_to(&pw.keys, &treasury_share, &treasurys.account);
        attempts.push((collect, vec![]));
        for (ixn, signers) in attempts {
            assert_anchor_error(
                pw.w.f.send(&[ixn], &signers),
                &encore_sdk::royalty_pool::ID,
                ErrorCode::AccountOwnedByWrongProgram,
            );
        }
        assert_eq!(snapshot(&mut pw.w.f, &watched), before, "{kind:?}");
        assert_eq!(t22_balance(&mut pw.w.f, &mine.account), 1_000_000_000);
        assert_eq!(t22_balance(&mut pw.w.f, &theirs.account), 0);
        assert_eq!(t22_balance(&mut pw.w.f, &treasurys.account), 0);
    }

    // The classic accounts do what the Token-2022 ones could not.
    let fees = 1_500_000 * 300 / 10_000;
    assert_eq!(pw.pool().protocol_fees_quote, fees);
    pw.collect()
        .expect("collect to the classic treasury accounts");
    assert_eq!(pw.w.f.token_balance(&treasury_quote), fees);
    pw.swap_in(&trader, 1_000_000, 0, SwapDirection::SellShares)
        .expect("classic swap");
    pw.assert_books();
}
