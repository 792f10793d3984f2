use anchor_lang::prelude::*;
use anchor_lang::solana_program::bpf_loader_upgradeable;
use anchor_lang::system_program;

use crate::checks::check_params;
use crate::constants::seeds;
use crate::errors::GovernanceError;
use crate::events::{log_event, ConfigInitialized};
use crate::state::{PauseFlags, ProtocolConfig, ProtocolParams};
use encore_utils::create_pda_account;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct InitializeArgs {
    pub params: ProtocolParams,
}

#[derive(Accounts)]
pub struct Initialize<'info> {
    /// The program's upgrade authority; it becomes the governance authority
    /// and hands over to the council with `propose_authority`.
    #[account(mut)]
    pub authority: Signer<'info>,
    /// CHECK: created by this handler; any data there means initialized.
    #[account(mut, seeds = [seeds::CONFIG], bump)]
    pub config: UncheckedAccount<'info>,
    /// This program's ProgramData: the address is derived from the program id
    /// under the upgradeable loader and `Account` checks the loader owns it, so
    /// only a genuine deployment's record passes.
    #[account(
        seeds = [crate::ID.as_ref()],
        bump,
        seeds::program = bpf_loader_upgradeable::ID,
        constraint = program_data.upgrade_authority_address == Some(authority.key())
            @ GovernanceError::NotUpgradeAuthority,
    )]
    pub program_data: Account<'info, ProgramData>,
    pub system_program: Program<'info, System>,
}

pub fn handler(ctx: Context<Initialize>, args: InitializeArgs) -> Result<()> {
    check_params(&args.params)?;
    // Only this program can give the PDA data, so empty system-owned means never initialized.
    let config_info = ctx.accounts.config.to_account_info();
    require!(
        config_info.data_is_empty() && config_info.owner == &system_program::ID,
        GovernanceError::AlreadyInitialized
    );

    let now = Clock::get()?.unix_timestamp;
    let config = ProtocolConfig {
        authority: ctx.accounts.authority.key(),
        params: args.params,
        paused: PauseFlags::default(),
        change_count: 0,
        initialized_at: now,
        updated_at: now,
        bump: ctx.bumps.config,
        pending_authority: None,
    };
    config.invariant()?;

    let bump = [ctx.bumps.config];
    let signer_seeds: &[&[u8]] = &[seeds::CONFIG, &bump];
    create_pda_account(
        &ctx.accounts.authority,
        &config_info,
        8 + ProtocolConfig::INIT_SPACE,
        &crate::ID,
        signer_seeds,
    )?;
    let mut data = config_info.try_borrow_mut_data()?;
    let mut writer: &mut [u8] = &mut data;
    config.try_serialize(&mut writer)?;

    log_event(&ConfigInitialized {
        config: config_info.key(),
        authority: config.authority,
        params: config.params,
    });
    Ok(())
}
