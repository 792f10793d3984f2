use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};
use governance::constants::seeds::CONFIG;
use governance::state::ProtocolConfig;
use track_registry::state::Track;

use super::collect::pay_earnings;
use crate::constants::seeds;
use crate::errors::EscrowError;
use crate::state::{Escrow, TrackLedger};

#[derive(Accounts)]
pub struct CollectUnshared<'info> {
    #[account(mut, seeds = [seeds::LEDGER, ledger.track.as_ref()], bump = ledger.bump)]
    pub ledger: Account<'info, TrackLedger>,
    /// The registry's track, owner-checked by Anchor.
    #[account(address = ledger.track @ EscrowError::WrongTrack)]
    pub track: Box<Account<'info, Track>>,
    #[account(mut, seeds = [seeds::ESCROW, ledger.payment_mint.as_ref()], bump = escrow.bump)]
    pub escrow: Box<Account<'info, Escrow>>,
    #[account(mut, address = escrow.vault)]
    pub vault: Box<Account<'info, TokenAccount>>,
    /// A token account of the track's authority in the payment mint.
    #[account(
        mut,
        constraint = destination.owner == track.authority
            && destination.mint == ledger.payment_mint @ EscrowError::WrongPayoutAccount,
    )]
    pub destination: Box<Account<'info, TokenAccount>>,
    #[account(
        mut,
        constraint = treasury_account.owner == protocol.params.treasury
            && treasury_account.mint == ledger.payment_mint @ EscrowError::WrongTreasuryAccount,
    )]
    pub treasury_account: Box<Account<'info, TokenAccount>>,
    #[account(seeds = [CONFIG], bump = protocol.bump, seeds::program = governance::ID)]
    pub protocol: Account<'info, ProtocolConfig>,
    pub token_program: Program<'info, Token>,
    /// For a derivative: its parent track's ledger.
    #[account(mut)]
    pub parent_ledger: Option<Box<Account<'info, TrackLedger>>>,
}

/// Anyone: the way out for a track retired before its shares existed. Its
/// plays from before the retirement were charged, but it has no revenue
/// vault and can never get one, so its earnings (less the protocol fee) go
/// to the track's authority, the one rights holder on record.
pub fn handler(ctx: Context<CollectUnshared>) -> Result<()> {
    let a = ctx.accounts;
    // Retired before it had shares, or reassigned by an upheld dispute
    // away from the shares its previous owner issued.
    if !a.track.shares_void {
        require!(a.track.is_retired(), EscrowError::TrackNotRetired);
        require!(a.track.share_mint.is_none(), EscrowError::TrackHasShares);
    }
    require!(!a.track.disputed, EscrowError::TrackDisputed);
    pay_earnings(
        &mut a.ledger,
        a.parent_ledger.as_deref_mut(),
        &mut a.escrow,
        a.vault.to_account_info(),
        a.destination.to_account_info(),
        a.treasury_account.to_account_info(),
    )
}
