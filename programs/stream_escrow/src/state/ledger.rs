use anchor_lang::prelude::*;
use track_registry::state::{Track, TrackStatus};

use crate::errors::EscrowError;

/// What settlement needs of a track, at `[LEDGER, track]`, so a track costs
/// one account slot in a settle transaction. Price, status and mint are a
/// cache of the registry's `Track`, refreshed by the permissionless
/// `sync_ledger`: a price or status change takes effect at the next sync,
/// and plays settled before it are charged the cached price.
#[account]
#[derive(InitSpace, Debug)]
pub struct TrackLedger {
    pub track: Pubkey,
    pub payment_mint: Pubkey,
    pub price_per_play: u64,
    pub status: TrackStatus,
    /// The registry's `terms_version` this cache reflects.
    pub terms_version: u32,
    /// Net earnings settled and not yet collected.
    pub owed: u64,
    pub lifetime_earned: u64,
    pub lifetime_plays: u64,
    pub lifetime_collected: u64,
    pub synced_at: i64,
    pub bump: u8,
}

impl TrackLedger {
    pub fn sync(&mut self, track: &Track, now: i64) {
        self.price_per_play = track.terms.price_per_play;
        self.status = track.status;
        self.terms_version = track.terms_version;
        self.synced_at = now;
    }

    /// Books `net` earnings for `plays` paid plays.
    pub fn credit(&mut self, net: u64, plays: u64) -> Result<()> {
        self.owed = self
            .owed
            .checked_add(net)
            .ok_or(EscrowError::MathOverflow)?;
        self.lifetime_earned = self
            .lifetime_earned
            .checked_add(net)
            .ok_or(EscrowError::MathOverflow)?;
        self.lifetime_plays = self
            .lifetime_plays
            .checked_add(plays)
            .ok_or(EscrowError::MathOverflow)?;
        self.invariant()
    }

    /// Empties what is owed, for collection.
    pub fn take_owed(&mut self) -> Result<u64> {
        let owed = self.owed;
        require!(owed > 0, EscrowError::NothingToCollect);
        self.owed = 0;
        self.lifetime_collected = self
            .lifetime_collected
            .checked_add(owed)
            .ok_or(EscrowError::MathOverflow)?;
        self.invariant()?;
        Ok(owed)
    }

    /// Everything earned is either still owed or collected.
    pub fn invariant(&self) -> Result<()> {
        require!(
            self.owed.checked_add(self.lifetime_collected) == Some(self.lifetime_earned),
            EscrowError::InvariantViolated
        );
        Ok(())
    }
}
