//! royalty_shares instructions.

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};
use anchor_lang::{system_program, InstructionData, ToAccountMetas};
use anchor_spl::token;
use royalty_shares::math::Split;
use royalty_shares::{accounts, instruction};

use crate::pda;

/// Recipients whose allocations one `distribute_shares` transaction
/// stakes, opening their positions.
pub const DISTRIBUTE_BATCH: usize = 8;

fn build(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
    Instruction {
        program_id: royalty_shares::ID,
        accounts: accounts.to_account_metas(None),
        data: data.data(),
    }
}

pub fn create_shares(
    authority: &Pubkey,
    track: &Pubkey,
    payment_mint: &Pubkey,
    splits: Vec<Split>,
) -> Instruction {
    build(
        accounts::CreateShares {
            authority: *authority,
            track: *track,
            protocol: pda::config().0,
            royalty: pda::royalty(track).0,
            share_mint: pda::share_mint(track).0,
            payment_mint: *payment_mint,
            revenue_vault: pda::revenue_vault(track).0,
            share_vault: pda::share_vault(track).0,
            registry_authority: pda::registry_authority().0,
            track_registry_program: track_registry::ID,
            token_program: token::ID,
            system_program: system_program::ID,
        },
        instruction::CreateShares { splits },
    )
}

/// Stakes the allocations of `recipients` (at most [`DISTRIBUTE_BATCH`]
/// per transaction) in their positions, which the program opens, `payer`
/// paying the rent, unless they exist.
pub fn distribute_shares(payer: &Pubkey, track: &Pubkey, recipients: &[Pubkey]) -> Instruction {
    let mut distribute = build(
        accounts::DistributeShares {
            payer: *payer,
            royalty: pda::royalty(track).0,
            share_mint: pda::share_mint(track).0,
            share_vault: pda::share_vault(track).0,
            token_program: token::ID,
            system_program: system_program::ID,
        },
        instruction::DistributeShares {},
    );
    distribute.accounts.extend(
        recipients
            .iter()
            .map(|r| AccountMeta::new(pda::position(track, r).0, false)),
    );
    distribute
}

pub fn deposit_revenue(
    depositor: &Pubkey,
    track: &Pubkey,
    source: &Pubkey,
    amount: u64,
) -> Instruction {
    build(
        accounts::DepositRevenue {
            depositor: *depositor,
            royalty: pda::royalty(track).0,
            source: *source,
            revenue_vault: pda::revenue_vault(track).0,
            protocol: pda::config().0,
            token_program: token::ID,
        },
        instruction::DepositRevenue { amount },
    )
}

pub fn open_position(payer: &Pubkey, owner: &Pubkey, track: &Pubkey) -> Instruction {
    build(
        accounts::OpenPosition {
            payer: *payer,
            owner: *owner,
            royalty: pda::royalty(track).0,
            position: pda::position(track, owner).0,
            system_program: system_program::ID,
        },
        instruction::OpenPosition {},
    )
}

fn stake_accounts(owner: &Pubkey, track: &Pubkey, source: &Pubkey) -> accounts::StakeShares {
    accounts::StakeShares {
        owner: *owner,
        royalty: pda::royalty(track).0,
        position: pda::position(track, owner).0,
        source: *source,
        share_vault: pda::share_vault(track).0,
        protocol: pda::config().0,
        token_program: token::ID,
    }
}

/// `source`: the owner's share token account.
pub fn stake(owner: &Pubkey, track: &Pubkey, source: &Pubkey, amount: u64) -> Instruction {
    build(
        stake_accounts(owner, track, source),
        instruction::Stake { amount },
    )
}

/// Stakes what `source` holds above `keep`: after a swap in the same
/// transaction, exactly the shares it bought.
pub fn stake_above(owner: &Pubkey, track: &Pubkey, source: &Pubkey, keep: u64) -> Instruction {
    build(
        stake_accounts(owner, track, source),
        instruction::StakeAbove { keep },
    )
}

/// `destination`: the owner's share token account.
pub fn unstake(owner: &Pubkey, track: &Pubkey, destination: &Pubkey, amount: u64) -> Instruction {
    build(
        accounts::UnstakeShares {
            owner: *owner,
            royalty: pda::royalty(track).0,
            position: pda::position(track, owner).0,
            destination: *destination,
            share_vault: pda::share_vault(track).0,
            token_program: token::ID,
        },
        instruction::Unstake { amount },
    )
}

/// `destination`: the owner's payment token account.
pub fn claim(owner: &Pubkey, track: &Pubkey, destination: &Pubkey) -> Instruction {
    build(
        accounts::Claim {
            owner: *owner,
            royalty: pda::royalty(track).0,
            position: pda::position(track, owner).0,
            destination: *destination,
            revenue_vault: pda::revenue_vault(track).0,
            token_program: token::ID,
        },
        instruction::Claim {},
    )
}

/// `payer`: whoever paid for the position (its `payer` field) gets the rent.
pub fn close_position(owner: &Pubkey, track: &Pubkey, payer: &Pubkey) -> Instruction {
    build(
        accounts::ClosePosition {
            owner: *owner,
            royalty: pda::royalty(track).0,
            position: pda::position(track, owner).0,
            payer: *payer,
        },
        instruction::ClosePosition {},
    )
}

/// `harvest`: collects the track's earnings from the escrow
/// and releases everything new in its revenue vault to stakers. For an
/// original track; a derivative's: [`harvest_derivative`].
pub fn harvest(track: &Pubkey, payment_mint: &Pubkey, treasury_account: &Pubkey) -> Instruction {
    harvest_derivative(track, None, payment_mint, treasury_account)
}

/// [`harvest`] for any track: `parent` is a derivative's parent track,
/// whose ledger receives the parent's share.
pub fn harvest_derivative(
    track: &Pubkey,
    parent: Option<&Pubkey>,
    payment_mint: &Pubkey,
    treasury_account: &Pubkey,
) -> Instruction {
    build(
        accounts::Harvest {
            royalty: pda::royalty(track).0,
            revenue_vault: pda::revenue_vault(track).0,
            ledger: pda::ledger(track).0,
            escrow: pda::escrow(payment_mint).0,
            escrow_vault: pda::escrow_vault(payment_mint).0,
            treasury_account: *treasury_account,
            protocol: pda::config().0,
            escrow_program: stream_escrow::ID,
            token_program: token::ID,
            parent_ledger: parent.map(|p| pda::ledger(p).0),
            track: *track,
        },
        instruction::Harvest {},
    )
}
