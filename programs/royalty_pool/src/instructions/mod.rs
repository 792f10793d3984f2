//! One instruction a file (both swaps share `swap.rs`: one accounts struct,
//! one execution path, two ways to fix the amounts). Anchor's #[program]
//! needs every accounts struct at this path; the per-file `handler`s are
//! always called by module path.
#![allow(ambiguous_glob_reexports)]

pub mod collect_protocol_fees;
pub mod create_pool;
pub mod deposit;
pub mod reserve;
pub mod swap;
pub mod withdraw;

pub use collect_protocol_fees::*;
pub use create_pool::*;
pub use deposit::*;
pub use reserve::*;
pub use swap::*;
pub use withdraw::*;

use anchor_lang::prelude::*;
use anchor_spl::token::{self, Transfer};

/// Signer seeds of a pool PDA.
#[macro_export]
macro_rules! pool_signer {
    ($share_mint:expr, $quote_mint:expr, $bump:expr) => {
        &[&[
            $crate::constants::seeds::POOL,
            $share_mint.as_ref(),
            $quote_mint.as_ref(),
            &[$bump],
        ][..]]
    };
}

/// Moves `amount` from a user's account, signed by the user.
pub(crate) fn pay_in<'info>(
    from: AccountInfo<'info>,
    to: AccountInfo<'info>,
    authority: AccountInfo<'info>,
    amount: u64,
) -> Result<()> {
    if amount == 0 {
        return Ok(());
    }
    token::transfer(
        CpiContext::new(
            token::ID,
            Transfer {
                from,
                to,
                authority,
            },
        ),
        amount,
    )
}

/// Moves `amount` out of a pool vault, signed by the pool.
pub(crate) fn pay_out<'info>(
    pool: &Account<'info, crate::state::Pool>,
    from: AccountInfo<'info>,
    to: AccountInfo<'info>,
    amount: u64,
) -> Result<()> {
    if amount == 0 {
        return Ok(());
    }
    token::transfer(
        CpiContext::new_with_signer(
            token::ID,
            Transfer {
                from,
                to,
                authority: pool.to_account_info(),
            },
            pool_signer!(pool.share_mint, pool.quote_mint, pool.bump),
        ),
        amount,
    )
}

/// Mints `amount` LP tokens to `to`, signed by the pool (the LP mint's
/// authority).
pub(crate) fn mint_lp<'info>(
    pool: &Account<'info, crate::state::Pool>,
    lp_mint: AccountInfo<'info>,
    to: AccountInfo<'info>,
    amount: u64,
) -> Result<()> {
    token::mint_to(
        CpiContext::new_with_signer(
            token::ID,
            token::MintTo {
                mint: lp_mint,
                to,
                authority: pool.to_account_info(),
            },
            pool_signer!(pool.share_mint, pool.quote_mint, pool.bump),
        ),
        amount,
    )
}

/// Pays `share_amount` and `quote_amount` out of the pool's vaults to
/// `to_share` and `to_quote`, then checks the vaults still back the pool.
pub(crate) fn pay_out_pair<'info>(
    pool: &Account<'info, crate::state::Pool>,
    share_vault: &mut Account<'info, token::TokenAccount>,
    quote_vault: &mut Account<'info, token::TokenAccount>,
    to_share: AccountInfo<'info>,
    to_quote: AccountInfo<'info>,
    share_amount: u64,
    quote_amount: u64,
) -> Result<()> {
    pay_out(pool, share_vault.to_account_info(), to_share, share_amount)?;
    pay_out(pool, quote_vault.to_account_info(), to_quote, quote_amount)?;
    verify_backing(pool, share_vault, quote_vault)
}

/// Re-reads both vaults after the instruction's transfers and checks that
/// they still back the pool's reserves and uncollected protocol fees.
pub(crate) fn verify_backing<'info>(
    pool: &Account<'info, crate::state::Pool>,
    share_vault: &mut Account<'info, token::TokenAccount>,
    quote_vault: &mut Account<'info, token::TokenAccount>,
) -> Result<()> {
    share_vault.reload()?;
    quote_vault.reload()?;
    pool.check_backing(share_vault.amount, quote_vault.amount)
}
