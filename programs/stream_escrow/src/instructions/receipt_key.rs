use anchor_lang::prelude::*;
use governance::constants::seeds::CONFIG;
use governance::state::ProtocolConfig;

use crate::constants::seeds;
use crate::errors::EscrowError;
use crate::events::{log_event, ReceiptKeySet, TabClosed};
use crate::state::Listener;

#[derive(Accounts)]
pub struct ListenerOnly<'info> {
    pub wallet: Signer<'info>,
    #[account(
        mut,
        seeds = [seeds::LISTENER, listener.payment_mint.as_ref(), wallet.key().as_ref()],
        bump = listener.bump,
    )]
    pub listener: Account<'info, Listener>,
    #[account(seeds = [CONFIG], bump = protocol.bump, seeds::program = governance::ID)]
    pub protocol: Account<'info, ProtocolConfig>,
}

/// The listener sets the key its receipts are signed with (`None`: back
/// to the wallet, revoking a device key). Works while paused. Errors:
/// InvalidReceiptKey, ReceiptKeyUnchanged, ReceiptKeyInUse.
pub fn set_key(ctx: Context<ListenerOnly>, key: Option<Pubkey>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let window = ctx.accounts.protocol.params.challenge_window_secs;
    let listener = &mut ctx.accounts.listener;
    listener.set_receipt_key(key, now, window)?;
    log_event(&ReceiptKeySet {
        listener: listener.key(),
        key: listener.receipt_key,
        replaced: listener.revoked_key,
    });
    Ok(())
}

/// The listener frees a settler's tab once nothing in it is open to
/// dispute. Works while paused.
pub fn close_tab(ctx: Context<ListenerOnly>, settler: Pubkey) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let window = ctx.accounts.protocol.params.challenge_window_secs;
    let listener = &mut ctx.accounts.listener;
    let charged = listener
        .tab_index(&settler)
        .and_then(|i| listener.tabs.get(i))
        .map(|t| t.charged)
        .ok_or(EscrowError::NoSuchTab)?;
    listener.close_tab(&settler, now, window)?;
    log_event(&TabClosed {
        listener: listener.key(),
        settler,
        charged,
        epoch_after: listener.tab_epoch,
    });
    Ok(())
}
