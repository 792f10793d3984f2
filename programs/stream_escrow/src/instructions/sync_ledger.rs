use anchor_lang::prelude::*;
use track_registry::state::Track;

use crate::constants::seeds;
use crate::events::{log_event, LedgerSynced};
use crate::state::TrackLedger;

#[derive(Accounts)]
pub struct SyncLedger<'info> {
    pub track: Account<'info, Track>,
    #[account(
        mut,
        seeds = [seeds::LEDGER, track.key().as_ref()],
        bump = ledger.bump,
    )]
    pub ledger: Account<'info, TrackLedger>,
}

/// Anyone: refreshes the cached price and status from the registry. This is
/// the moment a terms change takes effect for settlement.
pub fn handler(ctx: Context<SyncLedger>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let ledger = &mut ctx.accounts.ledger;
    let before = ledger.price_per_play;
    ledger.sync(&ctx.accounts.track, now);
    log_event(&LedgerSynced {
        track: ledger.track,
        price_before: before,
        price_after: ledger.price_per_play,
        terms_version: ledger.terms_version,
    });
    Ok(())
}
