use anchor_lang::prelude::*;
use governance::constants::seeds::CONFIG;
use governance::state::ProtocolConfig;
use track_registry::state::Track;

use crate::constants::seeds;
use crate::errors::EscrowError;
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
    /// Read for the withdrawal notice.
    #[account(seeds = [CONFIG], bump = protocol.bump, seeds::program = governance::ID)]
    pub protocol: Account<'info, ProtocolConfig>,
    pub system_program: Program<'info, System>,
}

/// Anyone: opens a track's ledger with the track's terms. A track whose
/// terms never changed has only ever had these, so they price any play.
/// One that changed before its ledger existed may have risen without
/// notice, so its terms count only from one notice after its last update,
/// and older plays are not charged. (`encore track register` opens the
/// ledger at once, so this is for tracks registered by other clients.)
pub fn handler(ctx: Context<OpenLedger>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let track = &ctx.accounts.track;
    let from = if track.terms_version <= 1 {
        i64::MIN
    } else {
        track
            .updated_at
            .checked_add(ctx.accounts.protocol.params.withdrawal_notice_secs)
            .ok_or(EscrowError::MathOverflow)?
    };
    let ledger = &mut ctx.accounts.ledger;
    ledger.track = track.key();
    ledger.payment_mint = track.terms.payment_mint;
    ledger.start(track, from, now);
    ledger.bump = ctx.bumps.ledger;
    ledger.invariant()
}
