//! Every Encore PDA, mirroring the programs' seeds.

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::bpf_loader_upgradeable;
use governance::constants::seeds as gov_seeds;
use track_registry::constants::seeds;

/// The artist profile of `authority`.
pub fn artist(authority: &Pubkey) -> (Pubkey, u8) {
    Pubkey::find_program_address(
        &[seeds::ARTIST, authority.as_ref()],
        &crate::track_registry::ID,
    )
}

/// The track (and content claim) for the audio whose sha256 is `content_hash`.
pub fn track(content_hash: &[u8; 32]) -> (Pubkey, u8) {
    Pubkey::find_program_address(
        &[seeds::TRACK, content_hash.as_ref()],
        &crate::track_registry::ID,
    )
}

/// The open ownership dispute over `track`.
pub fn track_dispute(track: &Pubkey) -> (Pubkey, u8) {
    Pubkey::find_program_address(
        &[seeds::DISPUTE, track.as_ref()],
        &crate::track_registry::ID,
    )
}

/// A registration commitment of `authority`.
pub fn registration_commit(authority: &Pubkey, commitment: &[u8; 32]) -> (Pubkey, u8) {
    Pubkey::find_program_address(
        &[seeds::COMMIT, authority.as_ref(), commitment.as_ref()],
        &crate::track_registry::ID,
    )
}

/// The royalty shares program's signer for registry updates.
pub fn registry_authority() -> (Pubkey, u8) {
    Pubkey::find_program_address(&[seeds::REGISTRY_AUTHORITY], &crate::royalty_shares::ID)
}

/// The deployment's governance `ProtocolConfig` (also every bond vault's authority).
pub fn config() -> (Pubkey, u8) {
    Pubkey::find_program_address(&[gov_seeds::CONFIG], &crate::governance::ID)
}

/// The approval and bond record of the settler whose wallet is `wallet`.
pub fn settler(wallet: &Pubkey) -> (Pubkey, u8) {
    Pubkey::find_program_address(
        &[gov_seeds::SETTLER, wallet.as_ref()],
        &crate::governance::ID,
    )
}

/// The token account holding the bond of the settler whose wallet is `wallet`.
pub fn settler_bond(wallet: &Pubkey) -> (Pubkey, u8) {
    Pubkey::find_program_address(&[gov_seeds::BOND, wallet.as_ref()], &crate::governance::ID)
}

/// The timelocked proposal numbered `id` (the config's `change_count` when proposed).
pub fn change(id: u64) -> (Pubkey, u8) {
    Pubkey::find_program_address(
        &[gov_seeds::CHANGE, &id.to_le_bytes()],
        &crate::governance::ID,
    )
}

/// The ProgramData account of an upgradeable program: where its upgrade
/// authority is recorded, and what governance's `initialize` reads.
pub fn program_data(program_id: &Pubkey) -> (Pubkey, u8) {
    Pubkey::find_program_address(&[program_id.as_ref()], &bpf_loader_upgradeable::ID)
}

fn royalty_pda(seed: &[u8], track: &Pubkey) -> (Pubkey, u8) {
    Pubkey::find_program_address(&[seed, track.as_ref()], &crate::royalty_shares::ID)
}

/// A track's `RoyaltyConfig`: authority of its share mint and vaults.
pub fn royalty(track: &Pubkey) -> (Pubkey, u8) {
    royalty_pda(royalty_shares::constants::seeds::ROYALTY, track)
}

/// A track's royalty share mint.
pub fn share_mint(track: &Pubkey) -> (Pubkey, u8) {
    royalty_pda(royalty_shares::constants::seeds::SHARE_MINT, track)
}

/// The payment-token account holding a track's unclaimed revenue.
pub fn revenue_vault(track: &Pubkey) -> (Pubkey, u8) {
    royalty_pda(royalty_shares::constants::seeds::REVENUE_VAULT, track)
}

/// The account holding a track's staked shares.
pub fn share_vault(track: &Pubkey) -> (Pubkey, u8) {
    royalty_pda(royalty_shares::constants::seeds::SHARE_VAULT, track)
}

/// `owner`'s staking position in a track.
pub fn position(track: &Pubkey, owner: &Pubkey) -> (Pubkey, u8) {
    Pubkey::find_program_address(
        &[
            royalty_shares::constants::seeds::POSITION,
            track.as_ref(),
            owner.as_ref(),
        ],
        &crate::royalty_shares::ID,
    )
}

fn escrow_pda(seeds: &[&[u8]]) -> (Pubkey, u8) {
    Pubkey::find_program_address(seeds, &crate::stream_escrow::ID)
}

/// The escrow record of a payment mint: authority of its pooled vault.
pub fn escrow(payment_mint: &Pubkey) -> (Pubkey, u8) {
    escrow_pda(&[
        stream_escrow::constants::seeds::ESCROW,
        payment_mint.as_ref(),
    ])
}

/// The pooled token vault of a payment mint.
pub fn escrow_vault(payment_mint: &Pubkey) -> (Pubkey, u8) {
    escrow_pda(&[
        stream_escrow::constants::seeds::VAULT,
        payment_mint.as_ref(),
    ])
}

/// A listener's balance in a payment mint.
pub fn listener(payment_mint: &Pubkey, wallet: &Pubkey) -> (Pubkey, u8) {
    escrow_pda(&[
        stream_escrow::constants::seeds::LISTENER,
        payment_mint.as_ref(),
        wallet.as_ref(),
    ])
}

/// A track's settlement ledger.
pub fn ledger(track: &Pubkey) -> (Pubkey, u8) {
    escrow_pda(&[stream_escrow::constants::seeds::LEDGER, track.as_ref()])
}

/// A settler's batch sequence and fees in a payment mint.
pub fn settler_state(settler: &Pubkey, payment_mint: &Pubkey) -> (Pubkey, u8) {
    escrow_pda(&[
        stream_escrow::constants::seeds::SETTLER_STATE,
        settler.as_ref(),
        payment_mint.as_ref(),
    ])
}

/// A listener's dispute number `number` of a settler's charges in its tab of `epoch`.
pub fn dispute(listener: &Pubkey, settler: &Pubkey, epoch: u32, number: u32) -> (Pubkey, u8) {
    escrow_pda(&[
        stream_escrow::constants::seeds::DISPUTE,
        listener.as_ref(),
        settler.as_ref(),
        &epoch.to_le_bytes(),
        &number.to_le_bytes(),
    ])
}

/// The PDA that signs bond holds and releases for disputes in governance.
pub fn dispute_authority() -> (Pubkey, u8) {
    escrow_pda(&[stream_escrow::constants::seeds::DISPUTE_AUTHORITY])
}

fn pool_pda(seed: &[u8], key: &Pubkey) -> (Pubkey, u8) {
    Pubkey::find_program_address(&[seed, key.as_ref()], &crate::royalty_pool::ID)
}

/// The royalty pool of a (share mint, quote mint) pair: authority of its LP mint and vaults.
pub fn pool(share_mint: &Pubkey, quote_mint: &Pubkey) -> (Pubkey, u8) {
    Pubkey::find_program_address(
        &[
            royalty_pool::constants::seeds::POOL,
            share_mint.as_ref(),
            quote_mint.as_ref(),
        ],
        &crate::royalty_pool::ID,
    )
}

/// A pool's LP mint.
pub fn lp_mint(pool: &Pubkey) -> (Pubkey, u8) {
    pool_pda(royalty_pool::constants::seeds::LP_MINT, pool)
}

/// The account holding a pool's share reserve and share-side protocol fees.
pub fn pool_share_vault(pool: &Pubkey) -> (Pubkey, u8) {
    pool_pda(royalty_pool::constants::seeds::SHARE_VAULT, pool)
}

/// The account holding a pool's quote reserve and quote-side protocol fees.
pub fn pool_quote_vault(pool: &Pubkey) -> (Pubkey, u8) {
    pool_pda(royalty_pool::constants::seeds::QUOTE_VAULT, pool)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn pool_addresses_are_pinned() {
        let share = Pubkey::from_str("9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin").unwrap();
        let quote = Pubkey::from_str("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v").unwrap();
        assert_eq!(
            royalty_pool::ID.to_string(),
            "6epvHL2JKusNjoQsfDVt2swe7GWvU3Ci3x7T7VpDe5SE"
        );
        let p = pool(&share, &quote).0;
        assert_eq!(
            p,
            Pubkey::find_program_address(
                &[b"pool", share.as_ref(), quote.as_ref()],
                &royalty_pool::ID
            )
            .0
        );
        for (derived, seed) in [
            (lp_mint(&p).0, &b"lp_mint"[..]),
            (pool_share_vault(&p).0, &b"share_vault"[..]),
            (pool_quote_vault(&p).0, &b"quote_vault"[..]),
        ] {
            assert_eq!(
                derived,
                Pubkey::find_program_address(&[seed, p.as_ref()], &royalty_pool::ID).0
            );
        }
    }

    /// Pinned so that a seed or program id change cannot slip by unnoticed.
    #[test]
    fn addresses_are_pinned() {
        let authority = Pubkey::from_str("9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin").unwrap();
        assert_eq!(
            artist(&authority).0,
            Pubkey::find_program_address(&[b"artist", authority.as_ref()], &track_registry::ID).0
        );
        assert_eq!(
            track(&[1u8; 32]).0,
            Pubkey::find_program_address(&[b"track", &[1u8; 32]], &track_registry::ID).0
        );
        assert_eq!(
            track_registry::ID.to_string(),
            "GPVZfa3vk4USqnLLCuzmvA47v2LUT9akJBe59b7aUE3B"
        );
        assert_eq!(
            registry_authority().0,
            track_registry::instructions::royalty_authority()
        );
    }

    #[test]
    fn governance_addresses_are_pinned() {
        let wallet = Pubkey::from_str("9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin").unwrap();
        assert_eq!(
            governance::ID.to_string(),
            "6G6CTkW6dihcGUq7r5u36cwLy1dphSmffBkmF6CBK54p"
        );
        assert_eq!(
            config().0,
            Pubkey::find_program_address(&[b"config"], &governance::ID).0
        );
        assert_eq!(config().0, governance::state::ProtocolConfig::address());
        assert_eq!(
            settler(&wallet).0,
            Pubkey::find_program_address(&[b"settler", wallet.as_ref()], &governance::ID).0
        );
        assert_eq!(
            settler(&wallet).0,
            governance::state::Settler::address(&wallet)
        );
        assert_eq!(
            settler_bond(&wallet).0,
            governance::state::Settler::vault_address(&wallet)
        );
        assert_eq!(
            change(7).0,
            Pubkey::find_program_address(&[b"change", &7u64.to_le_bytes()], &governance::ID).0
        );
        assert_eq!(change(7).0, governance::state::ProposedChange::address(7));
        assert_eq!(
            program_data(&governance::ID).0,
            Pubkey::find_program_address(
                &[governance::ID.as_ref()],
                &Pubkey::from_str("BPFLoaderUpgradeab1e11111111111111111111111").unwrap()
            )
            .0
        );
    }
}
