use anchor_lang::prelude::*;
use governance::constants::seeds::CONFIG;
use governance::state::ProtocolConfig;

use crate::constants::seeds;
use crate::errors::EscrowError;
use crate::events::{log_event, WindowClosed};
use crate::state::Listener;

#[derive(Accounts)]
pub struct CloseWindow<'info> {
    pub closer: Signer<'info>,
    #[account(
        mut,
        seeds = [seeds::LISTENER, listener.payment_mint.as_ref(), listener.wallet.as_ref()],
        bump = listener.bump,
    )]
    pub listener: Account<'info, Listener>,
    /// Read for the withdrawal notice after which anyone may close.
    #[account(seeds = [CONFIG], bump = protocol.bump, seeds::program = governance::ID)]
    pub protocol: Account<'info, ProtocolConfig>,
}

/// Ends a listener's open window whatever is left in it: its plays count as
/// settled through `last`, and the entries not yet settled are never
/// charged. The window's settler may close it at any time (it gives up the
/// rest); anyone may once a withdrawal notice has passed since it opened,
/// so a settler that goes quiet cannot hold a listener's settlement.
pub fn handler(ctx: Context<CloseWindow>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let closer = ctx.accounts.closer.key();
    let listener = &mut ctx.accounts.listener;
    require!(listener.window.open, EscrowError::NoOpenWindow);
    let stale_at = listener
        .window
        .opened_at
        .checked_add(ctx.accounts.protocol.params.withdrawal_notice_secs)
        .ok_or(EscrowError::MathOverflow)?;
    require!(
        closer == listener.window.settler || now >= stale_at,
        EscrowError::WindowStillActive
    );
    let window = listener.window;
    listener.close_window();
    listener.invariant()?;
    log_event(&WindowClosed {
        listener: listener.key(),
        settler: window.settler,
        closed_by: closer,
        first: window.first,
        last: window.last,
        entries: window.entries,
        entries_settled: window.settled,
    });
    Ok(())
}
