use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};
use governance::constants::seeds::CONFIG;
use governance::state::ProtocolConfig;
use stream_escrow::program::StreamEscrow;
use stream_escrow::state::TrackLedger;

use crate::constants::seeds;
use crate::errors::RoyaltyError;
use crate::events::{log_event, RevenueDeposited};
use crate::state::RoyaltyConfig;

#[derive(Accounts)]
pub struct Harvest<'info> {
    #[account(mut, seeds = [seeds::ROYALTY, royalty.track.as_ref()], bump = royalty.bump)]
    pub royalty: Box<Account<'info, RoyaltyConfig>>,
    #[account(mut, address = royalty.revenue_vault @ RoyaltyError::WrongMint)]
    pub revenue_vault: Box<Account<'info, TokenAccount>>,
    /// The track's escrow ledger (owner-checked; the escrow checks the rest,
    /// including that it pays only this track's revenue vault).
    #[account(mut, constraint = ledger.track == royalty.track @ RoyaltyError::WrongMint)]
    pub ledger: Box<Account<'info, TrackLedger>>,
    /// CHECK: the escrow record of the payment mint; validated by the escrow program.
    #[account(mut)]
    pub escrow: UncheckedAccount<'info>,
    /// CHECK: the pooled vault; validated by the escrow program.
    #[account(mut)]
    pub escrow_vault: UncheckedAccount<'info>,
    /// CHECK: the treasury's token account; validated by the escrow program.
    #[account(mut)]
    pub treasury_account: UncheckedAccount<'info>,
    #[account(seeds = [CONFIG], bump = protocol.bump, seeds::program = governance::ID)]
    pub protocol: Box<Account<'info, ProtocolConfig>>,
    pub escrow_program: Program<'info, StreamEscrow>,
    pub token_program: Program<'info, Token>,
    /// For a derivative: the parent track's ledger (checked by the escrow).
    #[account(mut)]
    pub parent_ledger: Option<UncheckedAccount<'info>>,
    /// CHECK: the registry's track; checked by the escrow.
    pub track: UncheckedAccount<'info>,
}

pub fn handler(ctx: Context<Harvest>) -> Result<()> {
    if ctx.accounts.ledger.owed > 0 || ctx.accounts.ledger.upstream_owed > 0 {
        stream_escrow::cpi::collect(
            CpiContext::new(
                stream_escrow::ID,
                stream_escrow::cpi::accounts::Collect {
                    ledger: ctx.accounts.ledger.to_account_info(),
                    escrow: ctx.accounts.escrow.to_account_info(),
                    vault: ctx.accounts.escrow_vault.to_account_info(),
                    revenue_vault: ctx.accounts.revenue_vault.to_account_info(),
                    treasury_account: ctx.accounts.treasury_account.to_account_info(),
                    protocol: ctx.accounts.protocol.to_account_info(),
                    token_program: ctx.accounts.token_program.to_account_info(),
                    parent_ledger: ctx
                        .accounts
                        .parent_ledger
                        .as_ref()
                        .map(|l| l.to_account_info()),
                    track: ctx.accounts.track.to_account_info(),
                },
            )
            // An absent parent ledger is named by the escrow program's id,
            // which the call must then carry.
            .with_remaining_accounts(vec![ctx.accounts.escrow_program.to_account_info()]),
        )?;
        ctx.accounts.revenue_vault.reload()?;
    }

    // Whatever the vault holds beyond unclaimed, accounted revenue is new:
    // collected earnings, or tokens sent to the vault directly.
    let royalty = &mut ctx.accounts.royalty;
    let accounted = royalty
        .total_deposited
        .checked_sub(royalty.total_claimed)
        .ok_or(RoyaltyError::MathOverflow)?;
    let surplus = ctx
        .accounts
        .revenue_vault
        .amount
        .checked_sub(accounted)
        .ok_or(RoyaltyError::InvariantViolated)?;
    require!(surplus > 0, RoyaltyError::NothingToHarvest);

    let now = Clock::get()?.unix_timestamp;
    let before = royalty.accrual.unreleased;
    royalty.add_revenue(
        surplus,
        now,
        ctx.accounts.protocol.params.release_period_secs,
    )?;
    royalty.invariant()?;
    log_event(&RevenueDeposited {
        track: royalty.track,
        depositor: stream_escrow::ID,
        amount: surplus,
        unreleased_before: before,
        unreleased_after: royalty.accrual.unreleased,
        release_end: royalty.accrual.release_end,
    });
    Ok(())
}
