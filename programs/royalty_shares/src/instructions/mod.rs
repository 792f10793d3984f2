//! One instruction a file. Anchor's #[program] needs every accounts struct
//! at this path; the per-file `handler`s are always called by module path.
#![allow(ambiguous_glob_reexports)]

pub mod claim;
pub mod close_position;
pub mod create_shares;
pub mod deposit_revenue;
pub mod distribute_shares;
pub mod harvest;
pub mod open_position;
pub mod stake;
pub mod sync_pool;
pub mod unstake;

pub use claim::*;
pub use close_position::*;
pub use create_shares::*;
pub use deposit_revenue::*;
pub use distribute_shares::*;
pub use harvest::*;
pub use open_position::*;
pub use stake::*;
pub use sync_pool::*;
pub use unstake::*;

/// Signer seeds of a track's `RoyaltyConfig` PDA.
#[macro_export]
macro_rules! royalty_signer {
    ($track:expr, $bump:expr) => {
        &[&[$crate::constants::seeds::ROYALTY, $track.as_ref(), &[$bump]][..]]
    };
}

/// Moves `amount` out of one of the track's vaults, signed by its
/// `RoyaltyConfig`.
pub(crate) fn pay_out<'info>(
    royalty: &anchor_lang::prelude::Account<'info, crate::state::RoyaltyConfig>,
    from: anchor_lang::prelude::AccountInfo<'info>,
    to: anchor_lang::prelude::AccountInfo<'info>,
    amount: u64,
) -> anchor_lang::prelude::Result<()> {
    use anchor_lang::prelude::*;
    let (track, bump) = (royalty.track, royalty.bump);
    anchor_spl::token::transfer(
        CpiContext::new_with_signer(
            anchor_spl::token::ID,
            anchor_spl::token::Transfer {
                from,
                to,
                authority: royalty.to_account_info(),
            },
            royalty_signer!(track, bump),
        ),
        amount,
    )
}
