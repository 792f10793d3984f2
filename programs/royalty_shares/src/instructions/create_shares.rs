use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};
use governance::constants::seeds::CONFIG;
use governance::state::{PauseArea, ProtocolConfig};
use track_registry::program::TrackRegistry;
use track_registry::state::Track;

use crate::constants::{seeds, SHARE_DECIMALS, TOTAL_SUPPLY};
use crate::errors::RoyaltyError;
use crate::events::SharesCreated;
use crate::math::{check_splits, split_amounts, Accrual, Split};
use crate::state::{Allocation, RoyaltyConfig};

#[derive(Accounts)]
pub struct CreateShares<'info> {
    #[account(mut)]
    pub authority: Signer<'info>,
    /// A second call finds the share mint recorded here and fails by name.
    /// Anchor creates `init` accounts before it checks other fields, so the
    /// four accounts below are `init_if_needed`: on a repeat they already
    /// exist, nothing is re-initialised, and this constraint rejects the call.
    #[account(
        mut,
        has_one = authority @ RoyaltyError::NotTrackAuthority,
        constraint = track.share_mint.is_none() @ RoyaltyError::SharesAlreadyCreated,
    )]
    pub track: Account<'info, Track>,
    #[account(seeds = [CONFIG], bump = protocol.bump, seeds::program = governance::ID)]
    pub protocol: Account<'info, ProtocolConfig>,
    #[account(
        init_if_needed,
        payer = authority,
        space = 8 + RoyaltyConfig::INIT_SPACE,
        seeds = [seeds::ROYALTY, track.key().as_ref()],
        bump,
    )]
    pub royalty: Box<Account<'info, RoyaltyConfig>>,
    #[account(
        init_if_needed,
        payer = authority,
        seeds = [seeds::SHARE_MINT, track.key().as_ref()],
        bump,
        mint::decimals = SHARE_DECIMALS,
        mint::authority = royalty,
    )]
    pub share_mint: Box<Account<'info, Mint>>,
    #[account(address = track.terms.payment_mint @ RoyaltyError::WrongPaymentMint)]
    pub payment_mint: Box<Account<'info, Mint>>,
    #[account(
        init_if_needed,
        payer = authority,
        seeds = [seeds::REVENUE_VAULT, track.key().as_ref()],
        bump,
        token::mint = payment_mint,
        token::authority = royalty,
    )]
    pub revenue_vault: Box<Account<'info, TokenAccount>>,
    #[account(
        init_if_needed,
        payer = authority,
        seeds = [seeds::SHARE_VAULT, track.key().as_ref()],
        bump,
        token::mint = share_mint,
        token::authority = royalty,
    )]
    pub share_vault: Box<Account<'info, TokenAccount>>,
    /// CHECK: signs the registry update; address fixed by the seeds.
    #[account(seeds = [seeds::REGISTRY_AUTHORITY], bump)]
    pub registry_authority: UncheckedAccount<'info>,
    pub track_registry_program: Program<'info, TrackRegistry>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

pub fn handler(ctx: Context<CreateShares>, splits: Vec<Split>) -> Result<()> {
    require!(
        !ctx.accounts.protocol.is_paused(PauseArea::Registry),
        RoyaltyError::Paused
    );
    require!(!ctx.accounts.track.is_retired(), RoyaltyError::TrackRetired);
    check_splits(&splits)?;
    let bps: Vec<u16> = splits.iter().map(|s| s.bps).collect();
    let amounts = split_amounts(TOTAL_SUPPLY, &bps)?;

    let now = Clock::get()?.unix_timestamp;
    let track_key = ctx.accounts.track.key();
    let royalty = &mut ctx.accounts.royalty;
    royalty.track = track_key;
    royalty.share_mint = ctx.accounts.share_mint.key();
    royalty.payment_mint = ctx.accounts.payment_mint.key();
    royalty.revenue_vault = ctx.accounts.revenue_vault.key();
    royalty.share_vault = ctx.accounts.share_vault.key();
    royalty.accrual = Accrual {
        last_update: now,
        release_end: now,
        ..Accrual::default()
    };
    royalty.total_deposited = 0;
    royalty.total_claimed = 0;
    royalty.created_at = now;
    royalty.bump = ctx.bumps.royalty;
    royalty.distribution_complete = false;
    royalty.allocations = splits
        .iter()
        .zip(amounts)
        .map(|(s, amount)| Allocation {
            recipient: s.recipient,
            bps: s.bps,
            amount,
            distributed: false,
        })
        .collect();
    royalty.invariant()?;

    let bump = [ctx.bumps.registry_authority];
    let signer: &[&[&[u8]]] = &[&[seeds::REGISTRY_AUTHORITY, &bump]];
    track_registry::cpi::set_share_mint(
        CpiContext::new_with_signer(
            track_registry::ID,
            track_registry::cpi::accounts::SetShareMint {
                royalty_authority: ctx.accounts.registry_authority.to_account_info(),
                track: ctx.accounts.track.to_account_info(),
            },
            signer,
        ),
        ctx.accounts.share_mint.key(),
    )?;

    emit!(SharesCreated {
        track: track_key,
        share_mint: ctx.accounts.share_mint.key(),
        total_supply: TOTAL_SUPPLY,
        recipients: u8::try_from(splits.len()).map_err(|_| RoyaltyError::InvalidRecipientCount)?,
    });
    Ok(())
}
