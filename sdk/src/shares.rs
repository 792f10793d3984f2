//! Royalty shares on the client side: fetching configs and positions, and
//! the program's own math for what a holder can claim.

use anchor_lang::prelude::Pubkey;
use anchor_lang::Discriminator;
use royalty_shares::state::{Position, RoyaltyConfig};

use crate::accounts::{decode, fetch, fetch_optional};
use crate::client::{EncoreClient, MemcmpFilter};
use crate::error::{Result, SdkError};
use crate::pda;

pub use royalty_shares::constants::{SHARE_DECIMALS, TOTAL_SUPPLY};
pub use royalty_shares::math::{split_amounts, Split};

/// What `position` could claim at `now` (unix seconds), computed exactly as
/// the program computes it: the same code, run on copies of the accounts.
///
/// ```
/// use encore_sdk::shares::pending_rewards;
/// use royalty_shares::math::{Accrual, Stake};
/// use royalty_shares::state::{Position, RoyaltyConfig};
/// # let blank = |accrual| RoyaltyConfig { track: Default::default(), share_mint: Default::default(),
/// #     payment_mint: Default::default(), revenue_vault: Default::default(), share_vault: Default::default(),
/// #     accrual, total_deposited: 0, total_claimed: 0, created_at: 0, bump: 0,
/// #     distribution_complete: true, allocations: vec![] };
/// let mut accrual = Accrual { total_staked: 100, ..Accrual::default() };
/// accrual.add_revenue(1_000, 0, 100).unwrap();
/// let config = blank(accrual);
/// let position = Position { owner: Default::default(), track: Default::default(), payer: Default::default(),
///     stake: Stake { staked: 25, ..Stake::default() }, claimed: 0, bump: 0 };
/// // Half the revenue is released at t = 50, and this position holds a quarter of the stake.
/// assert_eq!(pending_rewards(&position, &config, 50).unwrap(), 125);
/// ```
pub fn pending_rewards(position: &Position, config: &RoyaltyConfig, now: i64) -> Result<u64> {
    royalty_shares::math::pending_rewards(
        &position.stake,
        &config.accrual,
        config.distribution_complete,
        now,
    )
    .map_err(|e| SdkError::InvalidInput(e.to_string()))
}

/// A track's royalty config, if its shares exist.
pub fn config(client: &dyn EncoreClient, track: &Pubkey) -> Result<Option<RoyaltyConfig>> {
    fetch_optional(
        client,
        &pda::royalty(track).0,
        &royalty_shares::ID,
        "royalty config",
    )
}

pub fn position(
    client: &dyn EncoreClient,
    track: &Pubkey,
    owner: &Pubkey,
) -> Result<Option<Position>> {
    fetch_optional(
        client,
        &pda::position(track, owner).0,
        &royalty_shares::ID,
        "position",
    )
}

pub fn require_config(client: &dyn EncoreClient, track: &Pubkey) -> Result<RoyaltyConfig> {
    fetch(
        client,
        &pda::royalty(track).0,
        &royalty_shares::ID,
        "royalty config",
    )
}

/// Every position of `owner`, across tracks (`owner` is the first field).
pub fn positions_of(client: &dyn EncoreClient, owner: &Pubkey) -> Result<Vec<(Pubkey, Position)>> {
    let filters = [
        MemcmpFilter::new(0, Position::DISCRIMINATOR.to_vec()),
        MemcmpFilter::new(8, owner.to_bytes().to_vec()),
    ];
    client
        .get_program_accounts(&royalty_shares::ID, &filters)?
        .into_iter()
        .map(|(key, account)| Ok((key, decode::<Position>(&key, &account.data, "position")?)))
        .collect()
}

/// Every position in `track`, ordered by owner (`track` follows the
/// 32-byte `owner`).
pub fn positions_in(client: &dyn EncoreClient, track: &Pubkey) -> Result<Vec<(Pubkey, Position)>> {
    let filters = [
        MemcmpFilter::new(0, Position::DISCRIMINATOR.to_vec()),
        MemcmpFilter::new(40, track.to_bytes().to_vec()),
    ];
    let mut out = client
        .get_program_accounts(&royalty_shares::ID, &filters)?
        .into_iter()
        .map(|(key, account)| Ok((key, decode::<Position>(&key, &account.data, "position")?)))
        .collect::<Result<Vec<_>>>()?;
    out.sort_by_key(|(_, p)| p.owner);
    Ok(out)
}
