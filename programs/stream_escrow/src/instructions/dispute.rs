//! Disputes: a listener (or a watcher) says a settler charged more than the
//! listener signed for; the settler answers with the listener's receipt,
//! or does not. See `crate::receipt`.

use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};
use governance::constants::seeds::{CONFIG, SETTLER};
use governance::state::{ProtocolConfig, Settler};
use solana_instructions_sysvar as ix_sysvar;

use crate::constants::seeds;
use crate::errors::EscrowError;
use crate::events::{log_event, DisputeDecided, DisputeOpened};
use crate::math::split_fee;
use crate::receipt::{self, Receipt};
use crate::state::{Dispute, DisputeStatus, Escrow, Listener, SettlerState};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, PartialEq, Eq, Debug)]
pub struct OpenDisputeArgs {
    /// The settler's wallet.
    pub settler: Pubkey,
    /// The tab's epoch and its next dispute number (`Tab::disputes`): the
    /// dispute's address.
    pub epoch: u32,
    pub number: u32,
    /// The latest total the listener signed for this settler and tab.
    pub signed_total: u64,
}

#[derive(Accounts)]
#[instruction(args: OpenDisputeArgs)]
pub struct OpenDispute<'info> {
    #[account(mut)]
    pub disputer: Signer<'info>,
    #[account(mut)]
    pub listener: Box<Account<'info, Listener>>,
    #[account(
        mut,
        seeds = [seeds::SETTLER_STATE, args.settler.as_ref(), listener.payment_mint.as_ref()],
        bump = settler_state.bump,
    )]
    pub settler_state: Box<Account<'info, SettlerState>>,
    #[account(mut, seeds = [SETTLER, args.settler.as_ref()], bump = approval.bump, seeds::program = governance::ID)]
    pub approval: Box<Account<'info, Settler>>,
    #[account(seeds = [CONFIG], bump = protocol.bump, seeds::program = governance::ID)]
    pub protocol: Box<Account<'info, ProtocolConfig>>,
    #[account(
        init,
        payer = disputer,
        space = 8 + Dispute::INIT_SPACE,
        seeds = [
            seeds::DISPUTE,
            listener.key().as_ref(),
            args.settler.as_ref(),
            &args.epoch.to_le_bytes(),
            &args.number.to_le_bytes(),
        ],
        bump,
    )]
    pub dispute: Box<Account<'info, Dispute>>,
    /// CHECK: a PDA of this program with no data; signs the bond hold.
    #[account(seeds = [seeds::DISPUTE_AUTHORITY], bump)]
    pub dispute_authority: UncheckedAccount<'info>,
    pub governance_program: Program<'info, governance::program::Governance>,
    pub system_program: Program<'info, System>,
}

/// What a tab charged beyond a signed `total`, as far as `open` charges
/// reach: the most a dispute can claim or refund.
fn excess(open: u64, charged: u64, total: u64) -> u64 {
    open.min(charged.saturating_sub(total))
}

/// The disputer's reward on `excess`: its bps, rounded down, as fees are.
fn reward_on(excess: u64, bps: u16) -> Result<u64> {
    Ok(split_fee(excess, bps)?.0)
}

/// Anyone: disputes what a settler charged a listener beyond
/// `signed_total`, while some of it is open to dispute. Holds the excess
/// and its reward in the settler's bond, holds the settler's later plays
/// for this listener, and takes the deposit. Works while paused.
pub fn open(ctx: Context<OpenDispute>, args: OpenDisputeArgs) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let params = ctx.accounts.protocol.params;
    let window = params.challenge_window_secs;
    let listener = &mut ctx.accounts.listener;
    let index = listener
        .tab_index(&args.settler)
        .ok_or(EscrowError::NoSuchTab)?;
    let tab = listener.tabs.get_mut(index).ok_or(EscrowError::NoSuchTab)?;
    require!(!tab.disputed, EscrowError::DisputeAlreadyOpen);
    require!(
        args.epoch == tab.epoch && args.number == tab.disputes,
        EscrowError::WrongDisputeAccount
    );
    let open_amount = tab.windows.open(now, window);
    require!(open_amount > 0, EscrowError::DisputeWindowClosed);
    require!(
        tab.charged > args.signed_total,
        EscrowError::NothingToDispute
    );
    let claimed = excess(open_amount, tab.charged, args.signed_total);
    let (charged, epoch) = (tab.charged, tab.epoch);
    tab.disputes = tab
        .disputes
        .checked_add(1)
        .ok_or(EscrowError::MathOverflow)?;
    tab.disputed = true;

    let wanted = claimed
        .checked_add(reward_on(claimed, params.dispute_reward_bps)?)
        .ok_or(EscrowError::MathOverflow)?;
    let held = wanted.min(ctx.accounts.approval.free_bond());
    if held > 0 {
        let bump = [ctx.bumps.dispute_authority];
        let signer: &[&[u8]] = &[seeds::DISPUTE_AUTHORITY, &bump];
        governance::cpi::hold_for_dispute(
            CpiContext::new_with_signer(
                governance::ID,
                governance::cpi::accounts::HoldForDispute {
                    dispute_authority: ctx.accounts.dispute_authority.to_account_info(),
                    settler: ctx.accounts.approval.to_account_info(),
                },
                &[signer],
            ),
            held,
        )?;
    }
    let deposit = params.dispute_deposit_lamports;
    if deposit > 0 {
        anchor_lang::system_program::transfer(
            CpiContext::new(
                anchor_lang::system_program::ID,
                anchor_lang::system_program::Transfer {
                    from: ctx.accounts.disputer.to_account_info(),
                    to: ctx.accounts.dispute.to_account_info(),
                },
            ),
            deposit,
        )?;
    }
    let state = &mut ctx.accounts.settler_state;
    state.open_disputes = state
        .open_disputes
        .checked_add(1)
        .ok_or(EscrowError::MathOverflow)?;
    let answer_by = now.checked_add(window).ok_or(EscrowError::MathOverflow)?;
    let listener_key = listener.key();
    let dispute = &mut ctx.accounts.dispute;
    dispute.set_inner(Dispute {
        listener: listener_key,
        wallet: listener.wallet,
        payment_mint: listener.payment_mint,
        settler: args.settler,
        disputer: ctx.accounts.disputer.key(),
        number: args.number,
        epoch,
        opened_at: now,
        answer_by,
        charged,
        open_amount,
        signed_total: args.signed_total,
        held,
        deposit,
        status: DisputeStatus::Open,
        answered_total: 0,
        refund: 0,
        reward: 0,
        decided_at: 0,
        bump: ctx.bumps.dispute,
    });
    log_event(&DisputeOpened {
        dispute: dispute.key(),
        listener: listener_key,
        settler: args.settler,
        disputer: dispute.disputer,
        charged,
        open_amount,
        signed_total: args.signed_total,
        held,
        answer_by,
    });
    Ok(())
}

/// Everything deciding a dispute touches: the listener and the settler's
/// books here, its bond in governance, and where the money goes.
#[derive(Accounts)]
pub struct DecideDispute<'info> {
    #[account(mut, constraint = dispute.status == DisputeStatus::Open @ EscrowError::DisputeNotOpen)]
    pub dispute: Box<Account<'info, Dispute>>,
    #[account(mut, address = dispute.listener @ EscrowError::WrongDisputeAccount)]
    pub listener: Box<Account<'info, Listener>>,
    #[account(
        mut,
        seeds = [seeds::SETTLER_STATE, dispute.settler.as_ref(), dispute.payment_mint.as_ref()],
        bump = settler_state.bump,
    )]
    pub settler_state: Box<Account<'info, SettlerState>>,
    #[account(mut, seeds = [seeds::ESCROW, dispute.payment_mint.as_ref()], bump = escrow.bump)]
    pub escrow: Box<Account<'info, Escrow>>,
    #[account(mut, address = escrow.vault @ EscrowError::WrongDisputeAccount)]
    pub vault: Box<Account<'info, TokenAccount>>,
    #[account(mut, seeds = [SETTLER, dispute.settler.as_ref()], bump = approval.bump, seeds::program = governance::ID)]
    pub approval: Box<Account<'info, Settler>>,
    /// CHECK: the settler's bond vault; governance checks its address.
    #[account(mut)]
    pub bond_vault: UncheckedAccount<'info>,
    #[account(seeds = [CONFIG], bump = protocol.bump, seeds::program = governance::ID)]
    pub protocol: Box<Account<'info, ProtocolConfig>>,
    /// CHECK: receives the deposit back when the dispute is upheld.
    #[account(mut, address = dispute.disputer @ EscrowError::WrongDisputeAccount)]
    pub disputer: UncheckedAccount<'info>,
    /// The disputer's token account in the payment mint, for the reward.
    #[account(
        mut,
        constraint = disputer_token.owner == dispute.disputer
            && disputer_token.mint == dispute.payment_mint @ EscrowError::WrongDisputeAccount,
    )]
    pub disputer_token: Box<Account<'info, TokenAccount>>,
    /// CHECK: the settler's wallet: receives the deposit when the dispute is dismissed.
    #[account(mut, address = dispute.settler @ EscrowError::WrongDisputeAccount)]
    pub settler_wallet: UncheckedAccount<'info>,
    /// CHECK: a PDA of this program with no data; signs the bond's release.
    #[account(seeds = [seeds::DISPUTE_AUTHORITY], bump)]
    pub dispute_authority: UncheckedAccount<'info>,
    /// CHECK: the instructions sysvar, for the receipt's ed25519 check.
    #[account(address = ix_sysvar::ID)]
    pub instructions: UncheckedAccount<'info>,
    pub governance_program: Program<'info, governance::program::Governance>,
    pub token_program: Program<'info, Token>,
}

/// Anyone holding the listener's receipt, within the answer window: the
/// instruction before this one must be the ed25519 program verifying the
/// receipt's message under the listener's receipt key. The charge beyond
/// the receipt's total (if any) is refunded; a covered charge dismisses the
/// dispute. Errors: DisputeNotOpen, AnswerTooLate, ReceiptNotVerified,
/// ReceiptWrongListener, ReceiptWrongMint, ReceiptWrongSettler,
/// ReceiptWrongEpoch, ReceiptWrongKey, ReceiptKeyRevoked.
pub fn answer(ctx: Context<DecideDispute>, receipt: Receipt) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let dispute = &ctx.accounts.dispute;
    require!(now <= dispute.answer_by, EscrowError::AnswerTooLate);
    let sysvar = ctx.accounts.instructions.to_account_info();
    let current = ix_sysvar::load_current_index_checked(&sysvar)?;
    let previous = current
        .checked_sub(1)
        .ok_or(EscrowError::ReceiptNotVerified)?;
    let verify = ix_sysvar::load_instruction_at_checked(usize::from(previous), &sysvar)
        .map_err(|_| error!(EscrowError::ReceiptNotVerified))?;
    let key = receipt::signer_of(&verify, &receipt.message())?;
    require!(
        receipt.listener == dispute.wallet,
        EscrowError::ReceiptWrongListener
    );
    require!(
        receipt.payment_mint == dispute.payment_mint,
        EscrowError::ReceiptWrongMint
    );
    require!(
        receipt.settler == dispute.settler,
        EscrowError::ReceiptWrongSettler
    );
    require!(
        receipt.epoch == dispute.epoch,
        EscrowError::ReceiptWrongEpoch
    );
    ctx.accounts
        .listener
        .check_receipt_key(&key, receipt.through)?;
    let refund = excess(dispute.open_amount, dispute.charged, receipt.total);
    decide(ctx, refund, Some(receipt.total), now)
}

/// Anyone, once the answer window has closed unanswered: refunds the
/// excess over the disputer's signed total. Errors: DisputeNotOpen,
/// AnswerWindowOpen.
pub fn resolve(ctx: Context<DecideDispute>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let dispute = &ctx.accounts.dispute;
    require!(now > dispute.answer_by, EscrowError::AnswerWindowOpen);
    let refund = excess(dispute.open_amount, dispute.charged, dispute.signed_total);
    decide(ctx, refund, None, now)
}

fn decide(
    ctx: Context<DecideDispute>,
    refund: u64,
    answered_total: Option<u64>,
    now: i64,
) -> Result<()> {
    let accounts = ctx.accounts;
    let params = accounts.protocol.params;
    let held = accounts.dispute.held;
    let refund_paid = refund.min(held);
    let reward_paid =
        reward_on(refund, params.dispute_reward_bps)?.min(held.saturating_sub(refund_paid));
    let upheld = refund > 0;
    if held > 0 || upheld {
        let bump = [ctx.bumps.dispute_authority];
        let signer: &[&[u8]] = &[seeds::DISPUTE_AUTHORITY, &bump];
        governance::cpi::end_dispute_hold(
            CpiContext::new_with_signer(
                governance::ID,
                governance::cpi::accounts::EndDisputeHold {
                    dispute_authority: accounts.dispute_authority.to_account_info(),
                    config: accounts.protocol.to_account_info(),
                    settler: accounts.approval.to_account_info(),
                    bond_vault: accounts.bond_vault.to_account_info(),
                    refund_to: accounts.vault.to_account_info(),
                    reward_to: accounts.disputer_token.to_account_info(),
                    token_program: accounts.token_program.to_account_info(),
                },
                &[signer],
            ),
            governance::instructions::EndDisputeHoldArgs {
                held,
                refund: refund_paid,
                reward: reward_paid,
                upheld,
            },
        )?;
    }
    let settler = accounts.dispute.settler;
    let listener = &mut accounts.listener;
    listener.credit_refund(refund_paid)?;
    let index = listener.tab_index(&settler).ok_or(EscrowError::NoSuchTab)?;
    let tab = listener.tabs.get_mut(index).ok_or(EscrowError::NoSuchTab)?;
    tab.refund(refund_paid)?;
    tab.disputed = false;
    accounts.escrow.record_refund(refund_paid)?;
    let state = &mut accounts.settler_state;
    state.open_disputes = state
        .open_disputes
        .checked_sub(1)
        .ok_or(EscrowError::MathOverflow)?;
    let counter = if upheld {
        &mut state.disputes_lost
    } else {
        &mut state.disputes_won
    };
    *counter = counter.checked_add(1).ok_or(EscrowError::MathOverflow)?;

    // The deposit: back to the disputer if upheld, to the settler if not.
    let deposit = accounts.dispute.deposit;
    if deposit > 0 {
        let to = if upheld {
            accounts.disputer.to_account_info()
        } else {
            accounts.settler_wallet.to_account_info()
        };
        encore_utils::move_lamports(&accounts.dispute.to_account_info(), &to, deposit)?;
    }
    let dispute = &mut accounts.dispute;
    dispute.status = if upheld {
        DisputeStatus::Upheld
    } else {
        DisputeStatus::Dismissed
    };
    dispute.answered_total = answered_total.unwrap_or(0);
    dispute.refund = refund_paid;
    dispute.reward = reward_paid;
    dispute.decided_at = now;
    log_event(&DisputeDecided {
        dispute: dispute.key(),
        listener: dispute.listener,
        settler,
        upheld,
        answered_total,
        refund: refund_paid,
        reward: reward_paid,
        deposit,
    });
    Ok(())
}
