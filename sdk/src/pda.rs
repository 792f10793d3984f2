//! Every Encore PDA, mirroring the programs' seeds.

use anchor_lang::prelude::Pubkey;
use track_registry::constants::seeds;

use crate::program_ids;

/// The artist profile of `authority`.
pub fn artist(authority: &Pubkey) -> (Pubkey, u8) {
    Pubkey::find_program_address(
        &[seeds::ARTIST, authority.as_ref()],
        &program_ids::TRACK_REGISTRY,
    )
}

/// The track (and content claim) for the audio whose sha256 is `content_hash`.
pub fn track(content_hash: &[u8; 32]) -> (Pubkey, u8) {
    Pubkey::find_program_address(
        &[seeds::TRACK, content_hash.as_ref()],
        &program_ids::TRACK_REGISTRY,
    )
}

/// The royalty shares program's signer for registry updates.
pub fn registry_authority() -> (Pubkey, u8) {
    Pubkey::find_program_address(&[seeds::REGISTRY_AUTHORITY], &program_ids::ROYALTY_SHARES)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

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
}
