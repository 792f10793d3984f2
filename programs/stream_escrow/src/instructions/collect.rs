use anchor_lang::prelude::*;
use anchor_spl::token::{self, Token, TokenAccount, Transfer};
use governance::constants::seeds::CONFIG;
use governance::state::ProtocolConfig;

use crate::constants::{seeds, ROYALTY_SHARES_PROGRAM_ID};
use crate::errors::EscrowError;
use crate::escrow_signer;
use crate::events::{log_event, EarningsCollected};
use crate::math::split_fee;
use crate::state::{Escrow, TrackLedger};
use track_registry::state::Track;

#[derive(Accounts)]
pub struct Collect<'info> {
    #[account(mut, seeds = [seeds::LEDGER, ledger.track.as_ref()], bump = ledger.bump)]
    pub ledger: Account<'info, TrackLedger>,
    #[account(mut, seeds = [seeds::ESCROW, ledger.payment_mint.as_ref()], bump = escrow.bump)]
    pub escrow: Box<Account<'info, Escrow>>,
    #[account(mut, address = escrow.vault)]
    pub vault: Box<Account<'info, TokenAccount>>,
    /// The track's royalty revenue vault: `[REVENUE_VAULT, track]` under the
    /// royalty shares program, checked by address, never taken on trust.
    #[account(mut, address = revenue_vault_of(&ledger.track) @ EscrowError::WrongRevenueVault)]
    pub revenue_vault: Box<Account<'info, TokenAccount>>,
    #[account(
        mut,
        constraint = treasury_account.owner == protocol.params.treasury
            && treasury_account.mint == ledger.payment_mint @ EscrowError::WrongTreasuryAccount,
    )]
    pub treasury_account: Box<Account<'info, TokenAccount>>,
    #[account(seeds = [CONFIG], bump = protocol.bump, seeds::program = governance::ID)]
    pub protocol: Account<'info, ProtocolConfig>,
    pub token_program: Program<'info, Token>,
    /// For a derivative: the ledger of its parent track, credited with the
    /// parent's share.
    #[account(mut)]
    pub parent_ledger: Option<Box<Account<'info, TrackLedger>>>,
    /// The registry's track (owner checked): its earnings wait while its
    /// ownership is disputed.
    #[account(address = ledger.track @ EscrowError::WrongTrack)]
    pub track: Box<Account<'info, Track>>,
}

/// `[REVENUE_VAULT, track]` under the royalty shares program.
pub fn revenue_vault_of(track: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(
        &[seeds::REVENUE_VAULT, track.as_ref()],
        &ROYALTY_SHARES_PROGRAM_ID,
    )
    .0
}

/// Anyone (normally the royalty program's `harvest`): pays what a track is
/// owed into its revenue vault, less the protocol fee in force when each
/// part was settled (rounded down, per fee) to the treasury. Settler fees were split off at settlement. Not gated by pause:
/// money owed to rights holders always flows out.
pub fn handler(ctx: Context<Collect>) -> Result<()> {
    let a = ctx.accounts;
    require!(!a.track.disputed, EscrowError::TrackDisputed);
    require!(!a.track.shares_void, EscrowError::SharesVoid);
    pay_earnings(
        &mut a.ledger,
        a.parent_ledger.as_deref_mut(),
        &mut a.escrow,
        a.vault.to_account_info(),
        a.revenue_vault.to_account_info(),
        a.treasury_account.to_account_info(),
    )
}

/// Empties `ledger`'s owed earnings out of the pooled vault: the protocol
/// fee (rounded down) to the treasury; of the rest, with the derivatives'
/// shares waiting in the ledger, a derivative's parent share (rounded
/// down) to the parent's ledger, and everything else to `destination`.
/// The parent collects its share with its own earnings, passing its own
/// parent's share on in turn: a chain of at most
/// `track_registry::constants::MAX_DERIVATIVE_DEPTH` levels.
pub fn pay_earnings<'info>(
    ledger: &mut Account<'info, TrackLedger>,
    parent_ledger: Option<&mut Account<'info, TrackLedger>>,
    escrow: &mut Account<'info, Escrow>,
    vault: AccountInfo<'info>,
    destination: AccountInfo<'info>,
    treasury: AccountInfo<'info>,
) -> Result<()> {
    let (owed, parts) = ledger.take_owed()?;
    // Each part pays the protocol fee it was settled under, rounded down.
    let mut protocol_fee = 0u64;
    for part in parts.iter().filter(|p| p.owed > 0) {
        let (fee, _) = split_fee(part.owed, part.fee_bps)?;
        protocol_fee = protocol_fee
            .checked_add(fee)
            .ok_or(EscrowError::MathOverflow)?;
    }
    let from_derivatives = ledger.take_upstream();
    let received = owed
        .checked_sub(protocol_fee)
        .and_then(|n| n.checked_add(from_derivatives))
        .ok_or(EscrowError::MathOverflow)?;
    let to_parent = if ledger.parent == Pubkey::default() {
        0
    } else {
        let parent = parent_ledger.ok_or(EscrowError::ParentLedgerMissing)?;
        require!(
            parent.track == ledger.parent && parent.payment_mint == ledger.payment_mint,
            EscrowError::WrongParentLedger
        );
        let (share, _) = split_fee(received, ledger.upstream_bps)?;
        parent.credit_upstream(share)?;
        ledger.upstream_paid = ledger
            .upstream_paid
            .checked_add(u128::from(share))
            .ok_or(EscrowError::MathOverflow)?;
        share
    };
    let net = received
        .checked_sub(to_parent)
        .ok_or(EscrowError::MathOverflow)?;
    escrow.record_collect(net, protocol_fee)?;

    let (mint, bump) = (escrow.payment_mint, escrow.bump);
    let authority = escrow.to_account_info();
    let to_key = destination.key();
    for (to, amount) in [(destination, net), (treasury, protocol_fee)] {
        if amount == 0 {
            continue;
        }
        token::transfer(
            CpiContext::new_with_signer(
                token::ID,
                Transfer {
                    from: vault.clone(),
                    to,
                    authority: authority.clone(),
                },
                escrow_signer!(mint, bump),
            ),
            amount,
        )?;
    }

    log_event(&EarningsCollected {
        track: ledger.track,
        destination: to_key,
        owed,
        protocol_fee,
        from_derivatives,
        to_parent,
        paid_to_vault: net,
    });
    Ok(())
}
