//! stream_escrow instructions.

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};
use anchor_lang::{system_program, InstructionData, ToAccountMetas};
use anchor_spl::token;
pub use stream_escrow::instructions::{OpenDisputeArgs, SetCapArgs, SettleArgs};
pub use stream_escrow::receipt::Receipt;
use stream_escrow::{accounts, instruction};

use crate::pda;

fn build(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
    Instruction {
        program_id: stream_escrow::ID,
        accounts: accounts.to_account_metas(None),
        data: data.data(),
    }
}

pub fn init_escrow(payer: &Pubkey, payment_mint: &Pubkey) -> Instruction {
    build(
        accounts::InitEscrow {
            payer: *payer,
            payment_mint: *payment_mint,
            escrow: pda::escrow(payment_mint).0,
            vault: pda::escrow_vault(payment_mint).0,
            token_program: token::ID,
            system_program: system_program::ID,
        },
        instruction::InitEscrow {},
    )
}

pub fn open_listener(wallet: &Pubkey, payment_mint: &Pubkey) -> Instruction {
    build(
        accounts::OpenListener {
            wallet: *wallet,
            escrow: pda::escrow(payment_mint).0,
            listener: pda::listener(payment_mint, wallet).0,
            system_program: system_program::ID,
        },
        instruction::OpenListener {},
    )
}

/// `source`: the wallet's token account in the payment mint.
pub fn deposit(
    wallet: &Pubkey,
    payment_mint: &Pubkey,
    source: &Pubkey,
    amount: u64,
) -> Instruction {
    build(
        accounts::Deposit {
            wallet: *wallet,
            listener: pda::listener(payment_mint, wallet).0,
            escrow: pda::escrow(payment_mint).0,
            vault: pda::escrow_vault(payment_mint).0,
            source: *source,
            protocol: pda::config().0,
            token_program: token::ID,
        },
        instruction::Deposit { amount },
    )
}

pub fn set_cap(wallet: &Pubkey, payment_mint: &Pubkey, args: SetCapArgs) -> Instruction {
    build(
        accounts::SetCap {
            wallet: *wallet,
            listener: pda::listener(payment_mint, wallet).0,
            protocol: pda::config().0,
        },
        instruction::SetCap { args },
    )
}

pub fn request_withdrawal(wallet: &Pubkey, payment_mint: &Pubkey, amount: u64) -> Instruction {
    build(
        accounts::RequestWithdrawal {
            wallet: *wallet,
            listener: pda::listener(payment_mint, wallet).0,
            protocol: pda::config().0,
        },
        instruction::RequestWithdrawal { amount },
    )
}

pub fn cancel_withdrawal(wallet: &Pubkey, payment_mint: &Pubkey) -> Instruction {
    build(
        accounts::CancelWithdrawal {
            wallet: *wallet,
            listener: pda::listener(payment_mint, wallet).0,
        },
        instruction::CancelWithdrawal {},
    )
}

/// `destination`: the wallet's token account in the payment mint.
pub fn withdraw(wallet: &Pubkey, payment_mint: &Pubkey, destination: &Pubkey) -> Instruction {
    build(
        accounts::Withdraw {
            wallet: *wallet,
            listener: pda::listener(payment_mint, wallet).0,
            escrow: pda::escrow(payment_mint).0,
            vault: pda::escrow_vault(payment_mint).0,
            destination: *destination,
            token_program: token::ID,
        },
        instruction::Withdraw {},
    )
}

pub fn open_ledger(payer: &Pubkey, track: &Pubkey) -> Instruction {
    build(
        accounts::OpenLedger {
            payer: *payer,
            track: *track,
            ledger: pda::ledger(track).0,
            protocol: pda::config().0,
            system_program: system_program::ID,
        },
        instruction::OpenLedger {},
    )
}

pub fn sync_ledger(track: &Pubkey) -> Instruction {
    build(
        accounts::SyncLedger {
            track: *track,
            ledger: pda::ledger(track).0,
            protocol: pda::config().0,
        },
        instruction::SyncLedger {},
    )
}

pub fn open_settler(settler: &Pubkey, payment_mint: &Pubkey, fee_bps: u16) -> Instruction {
    build(
        accounts::OpenSettler {
            settler: *settler,
            escrow: pda::escrow(payment_mint).0,
            settler_state: pda::settler_state(settler, payment_mint).0,
            protocol: pda::config().0,
            system_program: system_program::ID,
        },
        instruction::OpenSettler { fee_bps },
    )
}

pub fn set_settler_fee(settler: &Pubkey, payment_mint: &Pubkey, fee_bps: u16) -> Instruction {
    build(
        accounts::SetSettlerFee {
            settler: *settler,
            settler_state: pda::settler_state(settler, payment_mint).0,
            protocol: pda::config().0,
        },
        instruction::SetSettlerFee { fee_bps },
    )
}

/// Accounts every settle transaction carries besides its listeners and
/// ledgers: the settler (signer and fee payer), its state, its governance
/// approval, the governance config, and the escrow program itself.
pub const SETTLE_FIXED_ACCOUNTS: usize = 5;

/// A settle batch. `listeners` are listener wallets, one per part in part
/// order, and `tracks` are track addresses in the order entries index them;
/// their listener and ledger PDAs are passed as writable remaining accounts.
pub fn settle(
    settler: &Pubkey,
    payment_mint: &Pubkey,
    listeners: &[Pubkey],
    tracks: &[Pubkey],
    args: SettleArgs,
) -> Instruction {
    let listener_accounts: Vec<Pubkey> = listeners
        .iter()
        .map(|w| pda::listener(payment_mint, w).0)
        .collect();
    let ledgers: Vec<Pubkey> = tracks.iter().map(|t| pda::ledger(t).0).collect();
    settle_with_accounts(
        settler,
        &pda::settler_state(settler, payment_mint).0,
        &listener_accounts,
        &ledgers,
        args,
    )
}

/// [`settle`] with every address already derived: `settler_state` is the
/// settler's state PDA, `listener_accounts` and `ledgers` the listener and
/// ledger PDAs (a settlement runner derives each once per epoch).
pub fn settle_with_accounts(
    settler: &Pubkey,
    settler_state: &Pubkey,
    listener_accounts: &[Pubkey],
    ledgers: &[Pubkey],
    args: SettleArgs,
) -> Instruction {
    let mut ix = build(
        accounts::Settle {
            settler: *settler,
            settler_state: *settler_state,
            approval: pda::settler(settler).0,
            protocol: pda::config().0,
        },
        instruction::Settle { args },
    );
    ix.accounts.extend(
        listener_accounts
            .iter()
            .chain(ledgers)
            .map(|a| AccountMeta::new(*a, false)),
    );
    ix
}

/// `treasury_account`: the treasury wallet's token account in the payment
/// mint. For an original track; a derivative's: [`collect_derivative`].
pub fn collect(track: &Pubkey, payment_mint: &Pubkey, treasury_account: &Pubkey) -> Instruction {
    collect_derivative(track, None, payment_mint, treasury_account)
}

/// [`collect`] for any track: `parent` is the track's parent (a
/// derivative's, from its `Track` or ledger), whose ledger receives the
/// parent's share.
pub fn collect_derivative(
    track: &Pubkey,
    parent: Option<&Pubkey>,
    payment_mint: &Pubkey,
    treasury_account: &Pubkey,
) -> Instruction {
    build(
        accounts::Collect {
            ledger: pda::ledger(track).0,
            escrow: pda::escrow(payment_mint).0,
            vault: pda::escrow_vault(payment_mint).0,
            revenue_vault: pda::revenue_vault(track).0,
            treasury_account: *treasury_account,
            protocol: pda::config().0,
            token_program: token::ID,
            parent_ledger: parent.map(|p| pda::ledger(p).0),
            track: *track,
        },
        instruction::Collect {},
    )
}

/// A track retired without shares: its earnings, less the protocol fee
/// (and a derivative's parent share, to `parent`'s ledger), to
/// `destination` (a token account of the track's authority).
pub fn collect_unshared(
    track: &Pubkey,
    parent: Option<&Pubkey>,
    payment_mint: &Pubkey,
    destination: &Pubkey,
    treasury_account: &Pubkey,
) -> Instruction {
    build(
        accounts::CollectUnshared {
            ledger: pda::ledger(track).0,
            track: *track,
            escrow: pda::escrow(payment_mint).0,
            vault: pda::escrow_vault(payment_mint).0,
            destination: *destination,
            treasury_account: *treasury_account,
            protocol: pda::config().0,
            token_program: token::ID,
            parent_ledger: parent.map(|p| pda::ledger(p).0),
        },
        instruction::CollectUnshared {},
    )
}

/// Closes `listener_wallet`'s open window in `payment_mint` (its settler at
/// any time, anyone a withdrawal notice after it opened).
pub fn close_window(
    closer: &Pubkey,
    payment_mint: &Pubkey,
    listener_wallet: &Pubkey,
) -> Instruction {
    build(
        accounts::CloseWindow {
            closer: *closer,
            listener: pda::listener(payment_mint, listener_wallet).0,
            protocol: pda::config().0,
        },
        instruction::CloseWindow {},
    )
}

/// `destination`: the settler's token account in the payment mint.
pub fn claim_settler_fees(
    settler: &Pubkey,
    payment_mint: &Pubkey,
    destination: &Pubkey,
) -> Instruction {
    build(
        accounts::ClaimSettlerFees {
            settler: *settler,
            settler_state: pda::settler_state(settler, payment_mint).0,
            approval: pda::settler(settler).0,
            protocol: pda::config().0,
            escrow: pda::escrow(payment_mint).0,
            vault: pda::escrow_vault(payment_mint).0,
            destination: *destination,
            token_program: token::ID,
        },
        instruction::ClaimSettlerFees {},
    )
}

fn listener_only(wallet: &Pubkey, payment_mint: &Pubkey) -> accounts::ListenerOnly {
    accounts::ListenerOnly {
        wallet: *wallet,
        listener: pda::listener(payment_mint, wallet).0,
        protocol: pda::config().0,
    }
}

/// The listener's receipt key: a device key, or `None` for the wallet again.
pub fn set_receipt_key(wallet: &Pubkey, payment_mint: &Pubkey, key: Option<Pubkey>) -> Instruction {
    build(
        listener_only(wallet, payment_mint),
        instruction::SetReceiptKey { key },
    )
}

/// The listener frees `settler`'s tab slot.
pub fn close_tab(wallet: &Pubkey, payment_mint: &Pubkey, settler: &Pubkey) -> Instruction {
    build(
        listener_only(wallet, payment_mint),
        instruction::CloseTab { settler: *settler },
    )
}

/// `disputer` disputes what `args.settler` charged the listener at `listener`.
pub fn open_dispute(
    disputer: &Pubkey,
    listener: &Pubkey,
    payment_mint: &Pubkey,
    args: OpenDisputeArgs,
) -> Instruction {
    build(
        accounts::OpenDispute {
            disputer: *disputer,
            listener: *listener,
            settler_state: pda::settler_state(&args.settler, payment_mint).0,
            approval: pda::settler(&args.settler).0,
            protocol: pda::config().0,
            dispute: pda::dispute(listener, &args.settler, args.epoch, args.number).0,
            dispute_authority: pda::dispute_authority().0,
            governance_program: crate::governance::ID,
            system_program: system_program::ID,
        },
        instruction::OpenDispute { args },
    )
}

/// Who a dispute's decision pays: the fields of its `Dispute` account.
#[derive(Clone, Copy, Debug)]
pub struct DisputeParties {
    pub dispute: Pubkey,
    pub listener: Pubkey,
    pub payment_mint: Pubkey,
    pub settler: Pubkey,
    pub disputer: Pubkey,
}

impl DisputeParties {
    pub fn of(address: Pubkey, dispute: &stream_escrow::state::Dispute) -> Self {
        Self {
            dispute: address,
            listener: dispute.listener,
            payment_mint: dispute.payment_mint,
            settler: dispute.settler,
            disputer: dispute.disputer,
        }
    }
}

fn decide_accounts(p: &DisputeParties) -> accounts::DecideDispute {
    accounts::DecideDispute {
        dispute: p.dispute,
        listener: p.listener,
        settler_state: pda::settler_state(&p.settler, &p.payment_mint).0,
        escrow: pda::escrow(&p.payment_mint).0,
        vault: pda::escrow_vault(&p.payment_mint).0,
        approval: pda::settler(&p.settler).0,
        bond_vault: pda::settler_bond(&p.settler).0,
        protocol: pda::config().0,
        disputer: p.disputer,
        disputer_token: crate::token::associated_address(&p.disputer, &p.payment_mint),
        settler_wallet: p.settler,
        dispute_authority: pda::dispute_authority().0,
        instructions: INSTRUCTIONS_SYSVAR,
        governance_program: crate::governance::ID,
        token_program: token::ID,
    }
}

/// The instructions sysvar.
pub const INSTRUCTIONS_SYSVAR: Pubkey =
    anchor_lang::pubkey!("Sysvar1nstructions1111111111111111111111111");

/// The answer to a dispute: the receipt's ed25519 verification, then the
/// answer (the two must stay adjacent, in this order).
pub fn answer_dispute(
    parties: &DisputeParties,
    signed: &crate::receipts::SignedReceipt,
) -> [Instruction; 2] {
    [
        signed.verify_instruction(),
        build(
            decide_accounts(parties),
            instruction::AnswerDispute {
                receipt: signed.receipt,
            },
        ),
    ]
}

/// Decides an unanswered dispute once its answer window has closed.
pub fn resolve_dispute(parties: &DisputeParties) -> Instruction {
    build(decide_accounts(parties), instruction::ResolveDispute {})
}
