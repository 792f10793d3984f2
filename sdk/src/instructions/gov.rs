//! governance instructions.

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::{system_program, InstructionData, ToAccountMetas};
use anchor_spl::token::ID as TOKEN_PROGRAM_ID;
use governance::instructions::{ApproveSettlerArgs, InitializeArgs, SetPauseArgs};
use governance::state::{ParamChange, ProtocolParams};
use governance::{accounts, instruction};

use crate::pda;

fn build(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
    Instruction {
        program_id: governance::ID,
        accounts: accounts.to_account_metas(None),
        data: data.data(),
    }
}

/// Signed by the program's upgrade authority, which becomes the governance authority.
pub fn initialize(upgrade_authority: &Pubkey, params: ProtocolParams) -> Instruction {
    build(
        accounts::Initialize {
            authority: *upgrade_authority,
            config: pda::config().0,
            program_data: pda::program_data(&governance::ID).0,
            system_program: system_program::ID,
        },
        instruction::Initialize {
            args: InitializeArgs { params },
        },
    )
}

/// `new_authority = None` withdraws a pending proposal.
pub fn propose_authority(authority: &Pubkey, new_authority: Option<Pubkey>) -> Instruction {
    build(
        accounts::ProposeAuthority {
            authority: *authority,
            config: pda::config().0,
        },
        instruction::ProposeAuthority { new_authority },
    )
}

pub fn accept_authority(new_authority: &Pubkey) -> Instruction {
    build(
        accounts::AcceptAuthority {
            new_authority: *new_authority,
            config: pda::config().0,
        },
        instruction::AcceptAuthority {},
    )
}

/// E.g. `SetPauseArgs::all(true)` in an emergency, or
/// `SetPauseArgs::only(PauseArea::Pool, false)`.
pub fn set_pause(authority: &Pubkey, args: SetPauseArgs) -> Instruction {
    build(
        accounts::SetPause {
            authority: *authority,
            config: pda::config().0,
        },
        instruction::SetPause { args },
    )
}

/// The settler record a change needs (slashes only).
fn slashed_record(change: &ParamChange) -> Option<Pubkey> {
    change
        .slashed_settler()
        .map(|(wallet, _)| pda::settler(&wallet).0)
}

/// `id` must be the config's current `change_count`: the new proposal's number.
pub fn propose_change(authority: &Pubkey, id: u64, change: ParamChange) -> Instruction {
    build(
        accounts::ProposeChange {
            authority: *authority,
            config: pda::config().0,
            proposed_change: pda::change(id).0,
            settler: slashed_record(&change),
            system_program: system_program::ID,
        },
        instruction::ProposeChange { change },
    )
}

/// Permissionless once due. For a slash, `treasury_token` is the treasury
/// wallet's token account in the settler's bond mint; other changes ignore it.
pub fn execute_change(
    id: u64,
    change: &ParamChange,
    treasury_token: Option<&Pubkey>,
) -> Instruction {
    let slashed = change.slashed_settler().map(|(wallet, _)| wallet);
    build(
        accounts::ExecuteChange {
            config: pda::config().0,
            proposed_change: pda::change(id).0,
            settler: slashed.map(|w| pda::settler(&w).0),
            bond_vault: slashed.map(|w| pda::settler_bond(&w).0),
            treasury_token: slashed.and(treasury_token.copied()),
            token_program: slashed.map(|_| TOKEN_PROGRAM_ID),
        },
        instruction::ExecuteChange {},
    )
}

/// By the authority, or by anyone once the change has expired.
pub fn cancel_change(signer: &Pubkey, id: u64, change: &ParamChange) -> Instruction {
    build(
        accounts::CancelChange {
            signer: *signer,
            config: pda::config().0,
            proposed_change: pda::change(id).0,
            settler: slashed_record(change),
        },
        instruction::CancelChange {},
    )
}

/// Signed by the settler's wallet, which pays for its record and bond vault.
pub fn register_settler(wallet: &Pubkey, bond_mint: &Pubkey) -> Instruction {
    build(
        accounts::RegisterSettler {
            wallet: *wallet,
            config: pda::config().0,
            settler: pda::settler(wallet).0,
            bond_mint: *bond_mint,
            bond_vault: pda::settler_bond(wallet).0,
            token_program: TOKEN_PROGRAM_ID,
            system_program: system_program::ID,
        },
        instruction::RegisterSettler {},
    )
}

/// `source` is the wallet's token account in the bond mint.
pub fn post_bond(wallet: &Pubkey, source: &Pubkey, amount: u64) -> Instruction {
    build(
        accounts::PostBond {
            wallet: *wallet,
            settler: pda::settler(wallet).0,
            source: *source,
            bond_vault: pda::settler_bond(wallet).0,
            token_program: TOKEN_PROGRAM_ID,
        },
        instruction::PostBond { amount },
    )
}

pub fn withdraw_bond(wallet: &Pubkey, destination: &Pubkey, amount: u64) -> Instruction {
    build(
        accounts::WithdrawBond {
            wallet: *wallet,
            config: pda::config().0,
            settler: pda::settler(wallet).0,
            bond_vault: pda::settler_bond(wallet).0,
            destination: *destination,
            token_program: TOKEN_PROGRAM_ID,
        },
        instruction::WithdrawBond { amount },
    )
}

/// `min_bond`: the free bond the settler must hold when this executes.
pub fn approve_settler(authority: &Pubkey, wallet: &Pubkey, min_bond: u64) -> Instruction {
    build(
        accounts::ApproveSettler {
            authority: *authority,
            config: pda::config().0,
            settler: pda::settler(wallet).0,
        },
        instruction::ApproveSettler {
            args: ApproveSettlerArgs { min_bond },
        },
    )
}

pub fn revoke_settler(authority: &Pubkey, wallet: &Pubkey) -> Instruction {
    build(
        accounts::RevokeSettler {
            authority: *authority,
            config: pda::config().0,
            settler: pda::settler(wallet).0,
        },
        instruction::RevokeSettler {},
    )
}

/// Holds `amount` of `wallet`'s bond for a dispute. Only the escrow's
/// dispute authority (a PDA of stream_escrow) may sign it, which it does
/// inside `open_dispute`; the builder is here for completeness and tests.
pub fn hold_for_dispute(authority: &Pubkey, wallet: &Pubkey, amount: u64) -> Instruction {
    build(
        accounts::HoldForDispute {
            dispute_authority: *authority,
            settler: pda::settler(wallet).0,
        },
        instruction::HoldForDispute { amount },
    )
}
