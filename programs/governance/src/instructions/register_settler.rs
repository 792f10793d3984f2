use anchor_lang::prelude::*;
use anchor_lang::system_program;
use anchor_spl::token::{self, InitializeAccount3, Mint, Token, TokenAccount};

use crate::constants::seeds;
use crate::errors::GovernanceError;
use crate::events::{log_event, SettlerRegistered};
use crate::state::{ProtocolConfig, Settler};
use encore_utils::create_pda_account;

/// The settler opens its own record and bond vault (paying their rent), so
/// approval stays a single authority signature, e.g. from a multisig.
#[derive(Accounts)]
pub struct RegisterSettler<'info> {
    #[account(mut)]
    pub wallet: Signer<'info>,
    #[account(seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Account<'info, ProtocolConfig>,
    /// CHECK: created by this handler, as `initialize` creates the config, so
    /// a second registration fails by name; any data there means registered.
    #[account(mut, seeds = [seeds::SETTLER, wallet.key().as_ref()], bump)]
    pub settler: UncheckedAccount<'info>,
    /// The payment mint the bond is held in; fixed for the record's life.
    pub bond_mint: Account<'info, Mint>,
    /// CHECK: created here as an SPL token account owned by the config PDA
    /// (Anchor's `token::` init needs the token-2022 feature, which the
    /// workspace does not build). It exists exactly when the settler record
    /// does, so the record's check covers both.
    #[account(mut, seeds = [seeds::BOND, wallet.key().as_ref()], bump)]
    pub bond_vault: UncheckedAccount<'info>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

pub fn handler(ctx: Context<RegisterSettler>) -> Result<()> {
    // Only this program can give the PDA data, so empty system-owned means unregistered.
    let settler_info = ctx.accounts.settler.to_account_info();
    require!(
        settler_info.data_is_empty() && settler_info.owner == &system_program::ID,
        GovernanceError::SettlerAlreadyRegistered
    );

    let now = Clock::get()?.unix_timestamp;
    let wallet = ctx.accounts.wallet.key();
    let settler = Settler {
        wallet,
        approved: false,
        bond_mint: ctx.accounts.bond_mint.key(),
        bond_amount: 0,
        pending_slash_amount: 0,
        slashed_total: 0,
        slash_count: 0,
        last_slash_reason: 0,
        last_slashed_at: 0,
        registered_at: now,
        approved_at: 0,
        revoked_at: 0,
        bump: ctx.bumps.settler,
        vault_bump: ctx.bumps.bond_vault,
        held_by_disputes: 0,
        disputes_lost: 0,
        refunded_total: 0,
    };
    settler.invariant()?;
    let bump = [ctx.bumps.settler];
    let settler_seeds: &[&[u8]] = &[seeds::SETTLER, wallet.as_ref(), &bump];
    create_pda_account(
        &ctx.accounts.wallet,
        &settler_info,
        8 + Settler::INIT_SPACE,
        &crate::ID,
        settler_seeds,
    )?;
    {
        let mut data = settler_info.try_borrow_mut_data()?;
        let mut writer: &mut [u8] = &mut data;
        settler.try_serialize(&mut writer)?;
    }

    let bump = [ctx.bumps.bond_vault];
    let vault_seeds: &[&[u8]] = &[seeds::BOND, wallet.as_ref(), &bump];
    let vault = ctx.accounts.bond_vault.to_account_info();
    create_pda_account(
        &ctx.accounts.wallet,
        &vault,
        TokenAccount::LEN,
        &token::ID,
        vault_seeds,
    )?;
    token::initialize_account3(CpiContext::new(
        ctx.accounts.token_program.key(),
        InitializeAccount3 {
            account: vault,
            mint: ctx.accounts.bond_mint.to_account_info(),
            authority: ctx.accounts.config.to_account_info(),
        },
    ))?;

    log_event(&SettlerRegistered {
        settler: settler_info.key(),
        wallet,
        bond_mint: settler.bond_mint,
    });
    Ok(())
}
