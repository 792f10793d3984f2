use anchor_lang::prelude::*;
use anchor_lang::solana_program::program_pack::Pack;
use anchor_spl::token::{self, spl_token, InitializeAccount3, InitializeMint2, Mint, Token};
use encore_utils::create_pda_account;
use governance::constants::seeds::CONFIG;
use governance::state::{PauseArea, ProtocolConfig};
use track_registry::program::TrackRegistry;
use track_registry::state::Track;

use crate::constants::{seeds, SHARE_DECIMALS, TOTAL_SUPPLY};
use crate::errors::RoyaltyError;
use crate::events::{log_event, SharesCreated};
use crate::math::{check_splits, split_amounts, Accrual, Split};
use crate::state::{Allocation, RoyaltyConfig};

/// The config, share mint and both vaults are created by the handler, after
/// every check: Anchor runs `init` before other constraints, which would let
/// a repeat call fail inside account creation instead of by name.
#[derive(Accounts)]
pub struct CreateShares<'info> {
    #[account(mut)]
    pub authority: Signer<'info>,
    #[account(
        mut,
        has_one = authority @ RoyaltyError::NotTrackAuthority,
        constraint = track.share_mint.is_none() @ RoyaltyError::SharesAlreadyCreated,
    )]
    pub track: Box<Account<'info, Track>>,
    #[account(seeds = [CONFIG], bump = protocol.bump, seeds::program = governance::ID)]
    pub protocol: Box<Account<'info, ProtocolConfig>>,
    /// CHECK: created here as the track's `RoyaltyConfig`; address fixed by the seeds.
    #[account(mut, seeds = [seeds::ROYALTY, track.key().as_ref()], bump)]
    pub royalty: UncheckedAccount<'info>,
    /// CHECK: created here as the share mint; address fixed by the seeds.
    #[account(mut, seeds = [seeds::SHARE_MINT, track.key().as_ref()], bump)]
    pub share_mint: UncheckedAccount<'info>,
    #[account(address = track.terms.payment_mint @ RoyaltyError::WrongPaymentMint)]
    pub payment_mint: Box<Account<'info, Mint>>,
    /// CHECK: created here as the revenue vault; address fixed by the seeds.
    #[account(mut, seeds = [seeds::REVENUE_VAULT, track.key().as_ref()], bump)]
    pub revenue_vault: UncheckedAccount<'info>,
    /// CHECK: created here as the share vault; address fixed by the seeds.
    #[account(mut, seeds = [seeds::SHARE_VAULT, track.key().as_ref()], bump)]
    pub share_vault: UncheckedAccount<'info>,
    /// CHECK: signs the registry update; address fixed by the seeds.
    #[account(seeds = [seeds::REGISTRY_AUTHORITY], bump)]
    pub registry_authority: UncheckedAccount<'info>,
    pub track_registry_program: Program<'info, TrackRegistry>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

pub fn handler(ctx: Context<CreateShares>, splits: Vec<Split>) -> Result<()> {
    ctx.accounts
        .protocol
        .require_active(PauseArea::Registry, RoyaltyError::Paused)?;
    require!(!ctx.accounts.track.is_retired(), RoyaltyError::TrackRetired);
    // Not in the slot of the track's claim: a copier who registers a hash it
    // saw in a pending reveal cannot fix shares to the copy in the same
    // transaction, before the older commitment reclaims it.
    require!(
        ctx.accounts.track.claim_slot < Clock::get()?.slot,
        RoyaltyError::ClaimNotSettled
    );
    check_splits(&splits)?;
    let bps: Vec<u16> = splits.iter().map(|s| s.bps).collect();
    let amounts = split_amounts(TOTAL_SUPPLY, &bps)?;

    let now = Clock::get()?.unix_timestamp;
    let track = ctx.accounts.track.key();
    let accounts = &ctx.accounts;
    let royalty_info = accounts.royalty.to_account_info();
    let config = RoyaltyConfig {
        track,
        share_mint: accounts.share_mint.key(),
        payment_mint: accounts.payment_mint.key(),
        revenue_vault: accounts.revenue_vault.key(),
        share_vault: accounts.share_vault.key(),
        accrual: Accrual {
            last_update: now,
            release_end: now,
            ..Accrual::default()
        },
        total_deposited: 0,
        total_claimed: 0,
        created_at: now,
        bump: ctx.bumps.royalty,
        distribution_complete: false,
        allocations: splits
            .iter()
            .zip(amounts)
            .map(|(s, amount)| Allocation {
                recipient: s.recipient,
                bps: s.bps,
                amount,
                distributed: false,
            })
            .collect(),
    };
    config.invariant()?;

    let pda = |seed: &'static [u8], bump: u8| -> [Vec<u8>; 3] {
        [seed.to_vec(), track.to_bytes().to_vec(), vec![bump]]
    };

    create(
        &accounts.authority,
        &royalty_info,
        &pda(seeds::ROYALTY, ctx.bumps.royalty),
        8 + RoyaltyConfig::INIT_SPACE,
        &crate::ID,
    )?;
    {
        let mut data = royalty_info.try_borrow_mut_data()?;
        let mut writer: &mut [u8] = &mut data;
        config.try_serialize(&mut writer)?;
    }

    let share_mint = accounts.share_mint.to_account_info();
    create(
        &accounts.authority,
        &share_mint,
        &pda(seeds::SHARE_MINT, ctx.bumps.share_mint),
        spl_token::state::Mint::LEN,
        &token::ID,
    )?;
    token::initialize_mint2(
        CpiContext::new(
            token::ID,
            InitializeMint2 {
                mint: share_mint.clone(),
            },
        ),
        SHARE_DECIMALS,
        &royalty_info.key(),
        None,
    )?;
    for (vault, seed, bump, mint) in [
        (
            accounts.revenue_vault.to_account_info(),
            seeds::REVENUE_VAULT,
            ctx.bumps.revenue_vault,
            accounts.payment_mint.to_account_info(),
        ),
        (
            accounts.share_vault.to_account_info(),
            seeds::SHARE_VAULT,
            ctx.bumps.share_vault,
            share_mint.clone(),
        ),
    ] {
        create(
            &accounts.authority,
            &vault,
            &pda(seed, bump),
            spl_token::state::Account::LEN,
            &token::ID,
        )?;
        token::initialize_account3(CpiContext::new(
            token::ID,
            InitializeAccount3 {
                account: vault,
                mint,
                authority: royalty_info.clone(),
            },
        ))?;
    }

    let bump = [ctx.bumps.registry_authority];
    let signer: &[&[&[u8]]] = &[&[seeds::REGISTRY_AUTHORITY, &bump]];
    track_registry::cpi::set_share_mint(
        CpiContext::new_with_signer(
            track_registry::ID,
            track_registry::cpi::accounts::SetShareMint {
                royalty_authority: accounts.registry_authority.to_account_info(),
                track: accounts.track.to_account_info(),
            },
            signer,
        ),
        share_mint.key(),
    )?;

    log_event(&SharesCreated {
        track,
        share_mint: share_mint.key(),
        total_supply: TOTAL_SUPPLY,
        recipients: u8::try_from(splits.len()).map_err(|_| RoyaltyError::InvalidRecipientCount)?,
    });
    Ok(())
}

/// A PDA of this instruction, created even if someone pre-funded its address.
fn create<'info>(
    payer: &Signer<'info>,
    target: &AccountInfo<'info>,
    seeds: &[Vec<u8>; 3],
    space: usize,
    owner: &Pubkey,
) -> Result<()> {
    let seeds: Vec<&[u8]> = seeds.iter().map(Vec::as_slice).collect();
    create_pda_account(payer, target, space, owner, &seeds)
}
