//! royalty_pool: pool creation over a real track's shares, LP-exact
//! deposits and withdrawals, swaps both ways and both kinds, protocol fees
//! to the treasury, the price accumulator, pause, every named error, the
//! first-depositor attack, amounts at the limits of u64, and the pool
//! invariants over random sequences. Shared world and helpers here, an
//! independent model of the pool's math in `model`, one module per area in
//! pool/.

mod cli;

mod attack;
mod create;
mod earnings;
mod earnings_model;
mod limits;
mod liquidity;
pub mod model;
mod properties;
mod swap;

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_spl::token::spl_token;
use encore_sdk::governance::instructions::SetPauseArgs;
use encore_sdk::governance::state::PauseArea;
use encore_sdk::instructions::gov as gov_ix;
use encore_sdk::instructions::pool::{self as ix, CreatePoolArgs, PoolKeys, PoolUser};
use encore_sdk::pool::{self as sdk, Pool, SwapDirection};
use encore_sdk::royalty_pool::constants::MINIMUM_LIQUIDITY;
use encore_sdk::token;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::shares::{shared_world, World};

pub use crate::support::fixture::TxResult;

/// The opening deposit of [`opened`]: 100,000 shares against 50,000 quote
/// tokens (both 6 decimals), half a quote token per share.
pub const OPEN_SHARES: u64 = 100_000_000_000;
pub const OPEN_QUOTE: u64 = 50_000_000_000;
pub const FEE_BPS: u16 = 30;
/// Governance's protocol fee in the test deployment (`encore_sdk::governance::params`).
pub const PROTOCOL_FEE_BPS: u16 = 300;

/// A governed deployment with one track whose shares are split 60/40
/// between `creator` and `investor`, and a quote mint (the track's payment
/// mint) the world can mint at will.
pub struct PoolWorld {
    pub w: World,
    pub creator: Keypair,
    pub investor: Keypair,
    pub keys: PoolKeys,
}

/// The world before any pool exists.
pub fn unopened() -> PoolWorld {
    let (w, mut holders) = shared_world(&[6_000, 4_000]);
    let investor = holders.pop().expect("investor");
    let creator = holders.pop().expect("creator");
    let keys = PoolKeys::derive(&w.track, &w.payment_mint);
    let mut pw = PoolWorld {
        w,
        creator,
        investor,
        keys,
    };
    for who in [pw.creator.pubkey(), pw.investor.pubkey()] {
        let payer = pw.w.f.payer().pubkey();
        let ixs = [
            token::create_associated_idempotent(&payer, &who, &pw.keys.share_mint),
            token::create_associated_idempotent(&payer, &who, &pw.keys.quote_mint),
        ];
        pw.w.f.send(&ixs, &[]).expect("accounts");
        pw.fund_quote(&who, 1_000_000_000_000);
    }
    pw
}

/// A world whose pool the creator opened with [`OPEN_SHARES`] and
/// [`OPEN_QUOTE`] at [`FEE_BPS`], the track's artist approving.
pub fn opened() -> PoolWorld {
    let mut pw = unopened();
    let creator = pw.creator.insecure_clone();
    pw.create(&creator, FEE_BPS, OPEN_SHARES, OPEN_QUOTE)
        .expect("create pool");
    pw
}

impl PoolWorld {
    pub fn create(&mut self, who: &Keypair, fee_bps: u16, shares: u64, quote: u64) -> TxResult {
        let args = CreatePoolArgs {
            fee_bps,
            share_amount: shares,
            quote_amount: quote,
        };
        let artist = self.w.artist.insecure_clone();
        let ixn = ix::create_pool(
            &who.pubkey(),
            &artist.pubkey(),
            &self.w.track,
            &self.keys.quote_mint,
            args,
        );
        self.w.f.send(&[ixn], &[who, &artist])
    }

    pub fn user(&self, who: &Pubkey) -> PoolUser {
        PoolUser::associated(who, &self.keys)
    }

    /// A funded wallet with associated accounts in the pool's mints, holding
    /// `shares` (from the investor) and `quote` (freshly minted).
    pub fn trader(&mut self, shares: u64, quote: u64) -> Keypair {
        let who = self.w.f.keypair();
        let payer = self.w.f.payer().pubkey();
        let mut ixs = ix::create_user_accounts(&payer, &who.pubkey(), &self.keys);
        if self.w.f.account(&self.keys.lp_mint).is_none() {
            ixs.pop(); // no LP mint before the pool exists
        }
        self.w.f.send(&ixs, &[]).expect("user accounts");
        if shares > 0 {
            let investor = self.investor.insecure_clone();
            self.give_shares(&investor, &who.pubkey(), shares);
        }
        self.fund_quote(&who.pubkey(), quote);
        who
    }

    pub fn fund_quote(&mut self, who: &Pubkey, amount: u64) {
        if amount == 0 {
            return;
        }
        let account = token::associated_address(who, &self.keys.quote_mint);
        let (mint, authority) = (self.keys.quote_mint, self.w.mint_authority.insecure_clone());
        self.w.f.mint_to(&mint, &authority, &account, amount);
    }

    /// Moves shares from `from`'s associated account to `to`'s.
    pub fn give_shares(&mut self, from: &Keypair, to: &Pubkey, amount: u64) {
        let mint = self.keys.share_mint;
        let ixn = transfer_ix(from, &mint, &token::associated_address(to, &mint), amount);
        self.w.f.send(&[ixn], &[from]).expect("share transfer");
    }

    pub fn pool(&mut self) -> Pool {
        let address = self.keys.pool;
        self.w.f.state(&address)
    }

    /// `(shares, quote, lp)` held in `who`'s associated accounts.
    pub fn balances(&mut self, who: &Pubkey) -> (u64, u64, u64) {
        let user = self.user(who);
        (
            self.w.f.token_balance(&user.share_account),
            self.w.f.token_balance(&user.quote_account),
            self.w.f.token_balance(&user.lp_account),
        )
    }

    pub fn vaults(&mut self) -> (u64, u64) {
        let (share, quote) = (self.keys.share_vault, self.keys.quote_vault);
        (
            self.w.f.token_balance(&share),
            self.w.f.token_balance(&quote),
        )
    }

    pub fn lp_mint_supply(&mut self) -> u64 {
        let address = self.keys.lp_mint;
        sdk_mint_supply(&mut self.w, &address)
    }

    /// The books agree with the tokens: vaults hold exactly the reserves
    /// plus uncollected protocol fees (and the quote vault the LPs'
    /// earnings), and the LP tokens in circulation plus the locked minimum
    /// are the LP supply.
    pub fn assert_books(&mut self) {
        let pool = self.pool();
        assert_eq!(
            self.vaults(),
            (
                pool.reserve_share + pool.protocol_fees_share,
                pool.reserve_quote + pool.protocol_fees_quote + pool.earnings
            )
        );
        assert_eq!(self.lp_mint_supply() + MINIMUM_LIQUIDITY, pool.lp_supply);
    }

    pub fn deposit(&mut self, who: &Keypair, lp: u64, max_share: u64, max_quote: u64) -> TxResult {
        let ixn = ix::deposit(
            &self.keys,
            &self.user(&who.pubkey()),
            ix::DepositArgs {
                lp_amount: lp,
                max_share,
                max_quote,
            },
        );
        self.w.f.send(&[ixn], &[who])
    }

    pub fn withdraw(&mut self, who: &Keypair, lp: u64, min_share: u64, min_quote: u64) -> TxResult {
        let ixn = ix::withdraw(
            &self.keys,
            &self.user(&who.pubkey()),
            ix::WithdrawArgs {
                lp_amount: lp,
                min_share,
                min_quote,
            },
        );
        self.w.f.send(&[ixn], &[who])
    }

    pub fn swap_in(
        &mut self,
        who: &Keypair,
        amount: u64,
        min_out: u64,
        direction: SwapDirection,
    ) -> TxResult {
        let ixn = ix::swap_exact_in(
            &self.keys,
            &self.user(&who.pubkey()),
            ix::SwapExactInArgs {
                amount_in: amount,
                min_out,
                direction,
            },
        );
        self.w.f.send(&[ixn], &[who])
    }

    pub fn swap_out(
        &mut self,
        who: &Keypair,
        amount: u64,
        max_in: u64,
        direction: SwapDirection,
    ) -> TxResult {
        let ixn = ix::swap_exact_out(
            &self.keys,
            &self.user(&who.pubkey()),
            ix::SwapExactOutArgs {
                amount_out: amount,
                max_in,
                direction,
            },
        );
        self.w.f.send(&[ixn], &[who])
    }

    /// Collects protocol fees into the treasury's associated accounts, created first.
    pub fn collect(&mut self) -> TxResult {
        let payer = self.w.f.payer().pubkey();
        let treasury = self.w.gov.treasury.pubkey();
        let mut ixs = ix::create_treasury_accounts(&payer, &treasury, &self.keys);
        ixs.push(ix::collect_protocol_fees(&self.keys, &treasury));
        self.w.f.send(&ixs, &[])
    }

    pub fn pause(&mut self, paused: bool) {
        let authority = self.w.gov.authority.insecure_clone();
        let ixn = gov_ix::set_pause(
            &authority.pubkey(),
            SetPauseArgs::only(PauseArea::Pool, paused),
        );
        self.w.f.send(&[ixn], &[&authority]).expect("set pause");
    }

    /// The SDK's quote for selling exactly `amount` right now.
    pub fn quote_in(&mut self, direction: SwapDirection, amount: u64) -> sdk::Quote {
        let pool = self.pool();
        sdk::quote_exact_in(&pool, direction, amount).expect("quote")
    }

    pub fn quote_out(&mut self, direction: SwapDirection, amount: u64) -> sdk::Quote {
        let pool = self.pool();
        sdk::quote_exact_out(&pool, direction, amount).expect("quote")
    }
}

/// A plain SPL transfer from `from`'s associated account of `mint` to any token account.
pub fn transfer_ix(
    from: &Keypair,
    mint: &Pubkey,
    destination: &Pubkey,
    amount: u64,
) -> Instruction {
    spl_token::instruction::transfer(
        &token::TOKEN_PROGRAM_ID,
        &token::associated_address(&from.pubkey(), mint),
        destination,
        &from.pubkey(),
        &[],
        amount,
    )
    .expect("transfer instruction")
}

fn sdk_mint_supply(w: &mut World, mint: &Pubkey) -> u64 {
    token::mint_info(&w.f, mint).expect("mint").supply
}

/// `who`'s balance change `(shares, quote, lp)` between two snapshots, signed.
pub fn delta(before: (u64, u64, u64), after: (u64, u64, u64)) -> (i128, i128, i128) {
    (
        i128::from(after.0) - i128::from(before.0),
        i128::from(after.1) - i128::from(before.1),
        i128::from(after.2) - i128::from(before.2),
    )
}

/// What a swap in `direction` does to the trader: `(shares, quote)` change.
pub fn trader_delta(direction: SwapDirection, amount_in: u64, amount_out: u64) -> (i128, i128) {
    let (given, got) = (-i128::from(amount_in), i128::from(amount_out));
    match direction {
        SwapDirection::SellShares => (given, got),
        SwapDirection::SellQuote => (got, given),
    }
}
