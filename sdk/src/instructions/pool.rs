//! royalty_pool instructions.

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::{system_program, InstructionData, ToAccountMetas};
use anchor_spl::{associated_token, token};
use royalty_pool::{accounts, instruction};

use crate::pda;
use crate::token::{associated_address, create_associated_idempotent};

pub use royalty_pool::instructions::{
    CreatePoolArgs, DepositArgs, SwapExactInArgs, SwapExactOutArgs, WithdrawArgs,
};
pub use royalty_pool::math::SwapDirection;

fn build(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
    Instruction {
        program_id: royalty_pool::ID,
        accounts: accounts.to_account_metas(None),
        data: data.data(),
    }
}

/// Every address of a pool, derived from its track and quote mint (the
/// track's payment mint), including the share reserve's royalty position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolKeys {
    pub pool: Pubkey,
    pub track: Pubkey,
    pub share_mint: Pubkey,
    pub quote_mint: Pubkey,
    pub lp_mint: Pubkey,
    pub share_vault: Pubkey,
    pub quote_vault: Pubkey,
    /// The track's `RoyaltyConfig`.
    pub royalty: Pubkey,
    /// The pool's royalty position for its share reserve.
    pub position: Pubkey,
    /// The track's revenue vault, which pays the reserve's earnings.
    pub revenue_vault: Pubkey,
}

impl PoolKeys {
    pub fn derive(track: &Pubkey, quote_mint: &Pubkey) -> Self {
        let share_mint = pda::share_mint(track).0;
        let pool = pda::pool(&share_mint, quote_mint).0;
        Self {
            pool,
            track: *track,
            share_mint,
            quote_mint: *quote_mint,
            lp_mint: pda::lp_mint(&pool).0,
            share_vault: pda::pool_share_vault(&pool).0,
            quote_vault: pda::pool_quote_vault(&pool).0,
            royalty: pda::royalty(track).0,
            position: pda::position(track, &pool).0,
            revenue_vault: pda::revenue_vault(track).0,
        }
    }

    fn reserve(&self) -> accounts::ReservePosition {
        accounts::ReservePosition {
            royalty: self.royalty,
            position: self.position,
            revenue_vault: self.revenue_vault,
            royalty_shares_program: royalty_shares::ID,
        }
    }
}

/// A wallet's token accounts in a pool's three mints: the ones it pays
/// from and receives into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolUser {
    pub wallet: Pubkey,
    pub share_account: Pubkey,
    pub quote_account: Pubkey,
    pub lp_account: Pubkey,
}

impl PoolUser {
    /// `wallet`'s associated accounts.
    pub fn associated(wallet: &Pubkey, keys: &PoolKeys) -> Self {
        Self {
            wallet: *wallet,
            share_account: associated_address(wallet, &keys.share_mint),
            quote_account: associated_address(wallet, &keys.quote_mint),
            lp_account: associated_address(wallet, &keys.lp_mint),
        }
    }
}

/// Creates `wallet`'s associated share, quote and LP accounts unless they
/// exist, so any deposit, withdrawal or swap has somewhere to pay into.
pub fn create_user_accounts(payer: &Pubkey, wallet: &Pubkey, keys: &PoolKeys) -> Vec<Instruction> {
    [keys.share_mint, keys.quote_mint, keys.lp_mint]
        .iter()
        .map(|mint| create_associated_idempotent(payer, wallet, mint))
        .collect()
}

/// Opens the pool of `track`'s shares against `quote_mint`, paid from the
/// creator's associated accounts; the LP tokens go to its associated LP
/// account. `track_authority` (the track's authority; it may be the creator)
/// signs too: it approves the track's one market and its fee.
pub fn create_pool(
    creator: &Pubkey,
    track_authority: &Pubkey,
    track: &Pubkey,
    quote_mint: &Pubkey,
    args: CreatePoolArgs,
) -> Instruction {
    let share_mint = pda::share_mint(track).0;
    create_pool_with(
        PoolOpening {
            creator: *creator,
            track_authority: *track_authority,
            track: *track,
            royalty: pda::royalty(track).0,
            share_mint,
            quote_mint: *quote_mint,
            creator_share: associated_address(creator, &share_mint),
            creator_quote: associated_address(creator, quote_mint),
        },
        args,
    )
}

/// Every account [`create_pool_with`] takes that is not derived from the
/// mints: `royalty` must be the `RoyaltyConfig` whose share mint is
/// `share_mint`, and `track` its track.
#[derive(Clone, Copy, Debug)]
pub struct PoolOpening {
    pub creator: Pubkey,
    pub track_authority: Pubkey,
    pub track: Pubkey,
    pub royalty: Pubkey,
    pub share_mint: Pubkey,
    pub quote_mint: Pubkey,
    pub creator_share: Pubkey,
    pub creator_quote: Pubkey,
}

/// [`create_pool`] with every account given.
pub fn create_pool_with(o: PoolOpening, args: CreatePoolArgs) -> Instruction {
    let pool = pda::pool(&o.share_mint, &o.quote_mint).0;
    let lp_mint = pda::lp_mint(&pool).0;
    build(
        accounts::CreatePool {
            creator: o.creator,
            royalty: o.royalty,
            track: o.track,
            track_authority: o.track_authority,
            share_mint: o.share_mint,
            quote_mint: o.quote_mint,
            pool,
            lp_mint,
            share_vault: pda::pool_share_vault(&pool).0,
            quote_vault: pda::pool_quote_vault(&pool).0,
            creator_share: o.creator_share,
            creator_quote: o.creator_quote,
            creator_lp: associated_address(&o.creator, &lp_mint),
            protocol: pda::config().0,
            token_program: token::ID,
            associated_token_program: associated_token::ID,
            system_program: system_program::ID,
            position: pda::position(&o.track, &pool).0,
            revenue_vault: pda::revenue_vault(&o.track).0,
            royalty_shares_program: royalty_shares::ID,
        },
        instruction::CreatePool { args },
    )
}

/// Mints exactly `args.lp_amount` LP units to `user.lp_account`, paying at
/// most `args.max_share` and `args.max_quote` from the user's accounts.
pub fn deposit(keys: &PoolKeys, user: &PoolUser, args: DepositArgs) -> Instruction {
    build(
        accounts::Deposit {
            owner: user.wallet,
            pool: keys.pool,
            lp_mint: keys.lp_mint,
            share_vault: keys.share_vault,
            quote_vault: keys.quote_vault,
            user_share: user.share_account,
            user_quote: user.quote_account,
            user_lp: user.lp_account,
            protocol: pda::config().0,
            token_program: token::ID,
            reserve: keys.reserve(),
        },
        instruction::Deposit { args },
    )
}

/// Burns `args.lp_amount` of `user.lp_account` for at least `args.min_share`
/// and `args.min_quote`.
pub fn withdraw(keys: &PoolKeys, user: &PoolUser, args: WithdrawArgs) -> Instruction {
    build(
        accounts::Withdraw {
            owner: user.wallet,
            pool: keys.pool,
            lp_mint: keys.lp_mint,
            share_vault: keys.share_vault,
            quote_vault: keys.quote_vault,
            user_lp: user.lp_account,
            user_share: user.share_account,
            user_quote: user.quote_account,
            token_program: token::ID,
            reserve: keys.reserve(),
        },
        instruction::Withdraw { args },
    )
}

fn swap_accounts(keys: &PoolKeys, user: &PoolUser) -> accounts::Swap {
    accounts::Swap {
        trader: user.wallet,
        pool: keys.pool,
        share_vault: keys.share_vault,
        quote_vault: keys.quote_vault,
        user_share: user.share_account,
        user_quote: user.quote_account,
        protocol: pda::config().0,
        token_program: token::ID,
        reserve: keys.reserve(),
    }
}

/// Sells exactly `amount_in` of the side `direction` names, for at least `min_out`.
pub fn swap_exact_in(keys: &PoolKeys, user: &PoolUser, args: SwapExactInArgs) -> Instruction {
    build(swap_accounts(keys, user), instruction::SwapExactIn { args })
}

/// Buys exactly `amount_out` of the other side, for at most `max_in`.
pub fn swap_exact_out(keys: &PoolKeys, user: &PoolUser, args: SwapExactOutArgs) -> Instruction {
    build(
        swap_accounts(keys, user),
        instruction::SwapExactOut { args },
    )
}

/// Pays the pool's accrued protocol fees to the associated accounts of
/// `treasury` (governance's `params.treasury`), which must exist: see
/// [`create_treasury_accounts`].
pub fn collect_protocol_fees(keys: &PoolKeys, treasury: &Pubkey) -> Instruction {
    collect_protocol_fees_to(
        keys,
        &associated_address(treasury, &keys.share_mint),
        &associated_address(treasury, &keys.quote_mint),
    )
}

/// [`collect_protocol_fees`] into the given treasury token accounts.
pub fn collect_protocol_fees_to(
    keys: &PoolKeys,
    treasury_share: &Pubkey,
    treasury_quote: &Pubkey,
) -> Instruction {
    build(
        accounts::CollectProtocolFees {
            pool: keys.pool,
            share_vault: keys.share_vault,
            quote_vault: keys.quote_vault,
            treasury_share: *treasury_share,
            treasury_quote: *treasury_quote,
            protocol: pda::config().0,
            token_program: token::ID,
        },
        instruction::CollectProtocolFees {},
    )
}

/// Creates the treasury's associated share and quote accounts unless they exist.
pub fn create_treasury_accounts(
    payer: &Pubkey,
    treasury: &Pubkey,
    keys: &PoolKeys,
) -> Vec<Instruction> {
    [keys.share_mint, keys.quote_mint]
        .iter()
        .map(|mint| create_associated_idempotent(payer, treasury, mint))
        .collect()
}
