use anchor_lang::prelude::*;
use governance::constants::seeds::CONFIG;
use governance::state::ProtocolConfig;
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
    /// Read for the withdrawal notice a rise waits out.
    #[account(seeds = [CONFIG], bump = protocol.bump, seeds::program = governance::ID)]
    pub protocol: Account<'info, ProtocolConfig>,
}

/// Anyone: records the registry's current terms on the ledger. A cut or a
/// status change applies to plays from now; a rise to plays from one
/// withdrawal notice later. Plays started before keep the terms of their time.
pub fn handler(ctx: Context<SyncLedger>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let notice = ctx.accounts.protocol.params.withdrawal_notice_secs;
    let ledger = &mut ctx.accounts.ledger;
    let before = ledger.terms_at(now).map_or(0, |t| t.price);
    ledger.sync(&ctx.accounts.track, now, notice)?;
    let price_after = ctx.accounts.track.terms.price_per_play;
    let effective_at = ledger.recorded_terms_from(now);
    log_event(&LedgerSynced {
        track: ledger.track,
        price_before: before,
        price_after,
        effective_at,
        terms_version: ledger.terms_version,
    });
    Ok(())
}
