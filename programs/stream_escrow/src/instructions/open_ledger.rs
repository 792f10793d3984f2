use anchor_lang::prelude::*;
use track_registry::state::Track;

use crate::constants::seeds;
use crate::state::TrackLedger;

#[derive(Accounts)]
pub struct OpenLedger<'info> {
    #[account(mut)]
    pub payer: Signer<'info>,
    /// The registry's track, owner-checked by Anchor.
    pub track: Account<'info, Track>,
    #[account(
        init,
        payer = payer,
        space = 8 + TrackLedger::INIT_SPACE,
        seeds = [seeds::LEDGER, track.key().as_ref()],
        bump,
    )]
    pub ledger: Account<'info, TrackLedger>,
    pub system_program: Program<'info, System>,
}

/// Anyone: opens a track's ledger, caching its price, status and mint.
pub fn handler(ctx: Context<OpenLedger>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let track = &ctx.accounts.track;
    let ledger = &mut ctx.accounts.ledger;
    ledger.track = track.key();
    ledger.payment_mint = track.terms.payment_mint;
    ledger.sync(track, now);
    ledger.bump = ctx.bumps.ledger;
    Ok(())
}
