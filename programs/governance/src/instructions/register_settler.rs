use anchor_lang::prelude::*;
use anchor_spl::token::{self, InitializeAccount3, Mint, Token, TokenAccount};

use crate::constants::seeds;
use crate::create_pda::create_pda_account;
use crate::events::SettlerRegistered;
use crate::state::{ProtocolConfig, Settler};

/// The settler opens its own record and bond vault (paying their rent), so
/// approval stays a single authority signature, e.g. from a multisig.
#[derive(Accounts)]
pub struct RegisterSettler<'info> {
    #[account(mut)]
    pub wallet: Signer<'info>,
    #[account(seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Account<'info, ProtocolConfig>,
    #[account(
        init,
        payer = wallet,
        space = 8 + Settler::INIT_SPACE,
        seeds = [seeds::SETTLER, wallet.key().as_ref()],
        bump,
    )]
    pub settler: Account<'info, Settler>,
    /// The payment mint the bond is held in; fixed for the record's life.
    pub bond_mint: Account<'info, Mint>,
    /// CHECK: created here as an SPL token account owned by the config PDA
    /// (Anchor's `token::` init needs the token-2022 feature, which the
    /// workspace does not build). The settler record's `init` above already
    /// fails on a second registration, before this account is touched.
    #[account(mut, seeds = [seeds::BOND, wallet.key().as_ref()], bump)]
    pub bond_vault: UncheckedAccount<'info>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

pub fn handler(ctx: Context<RegisterSettler>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let settler = &mut ctx.accounts.settler;
    settler.set_inner(Settler {
        wallet: ctx.accounts.wallet.key(),
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
    });

    let wallet = ctx.accounts.wallet.key();
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

    emit!(SettlerRegistered {
        settler: settler.key(),
        wallet,
        bond_mint: settler.bond_mint,
    });
    Ok(())
}
