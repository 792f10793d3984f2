use anchor_lang::prelude::*;
use anchor_spl::token::{
    self, spl_token::instruction::AuthorityType, Mint, MintTo, SetAuthority, Token, TokenAccount,
};
use encore_utils::create_pda_account;

use crate::constants::seeds;
use crate::errors::RoyaltyError;
use crate::events::{log_event, SharesDistributed};
use crate::math::Stake;
use crate::royalty_signer;
use crate::state::{Position, RoyaltyConfig};

#[derive(Accounts)]
pub struct DistributeShares<'info> {
    /// Pays the rent of the positions it opens (and gets it back when one closes).
    #[account(mut)]
    pub payer: Signer<'info>,
    #[account(mut, seeds = [seeds::ROYALTY, royalty.track.as_ref()], bump = royalty.bump)]
    pub royalty: Box<Account<'info, RoyaltyConfig>>,
    #[account(mut, address = royalty.share_mint @ RoyaltyError::WrongMint)]
    pub share_mint: Account<'info, Mint>,
    #[account(mut, address = royalty.share_vault @ RoyaltyError::WrongMint)]
    pub share_vault: Account<'info, TokenAccount>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
    // remaining_accounts: the recipients' positions `[POSITION, track,
    // recipient]` (writable), opened here unless they exist.
}

/// Permissionless: stakes each listed recipient's allocation, once, in its
/// position (opened here if needed), so every share earns from the start
/// without its holder doing anything. The shares are minted into the share
/// vault; a holder who wants them in a wallet unstakes. When the last
/// allocation is out, the mint authority is removed, so the supply can
/// never change, and the revenue schedule starts.
pub fn handler<'info>(ctx: Context<'info, DistributeShares<'info>>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let royalty = &mut ctx.accounts.royalty;
    royalty.advance(now)?;
    let track = royalty.track;
    let bump = royalty.bump;
    let positions: Vec<(Pubkey, u8)> = if ctx.remaining_accounts.is_empty() {
        Vec::new()
    } else {
        royalty
            .allocations
            .iter()
            .map(|a| {
                Pubkey::find_program_address(
                    &[seeds::POSITION, track.as_ref(), a.recipient.as_ref()],
                    &crate::ID,
                )
            })
            .collect()
    };
    let mut paid: u8 = 0;
    let mut minted: u64 = 0;
    for account in ctx.remaining_accounts {
        let index = positions
            .iter()
            .position(|(address, _)| *address == account.key())
            .ok_or(RoyaltyError::UnknownRecipientAccount)?;
        let allocation = royalty
            .allocations
            .get_mut(index)
            .ok_or(RoyaltyError::UnknownRecipientAccount)?;
        if allocation.distributed {
            continue;
        }
        allocation.distributed = true;
        let (recipient, amount) = (allocation.recipient, allocation.amount);
        let position_bump = positions
            .get(index)
            .map(|(_, b)| *b)
            .ok_or(RoyaltyError::UnknownRecipientAccount)?;
        let acc = royalty.accrual.acc_per_share;
        if account.owner == &crate::ID {
            let mut position: Account<'info, Position> = Account::try_from(account)?;
            position.stake.settle(acc)?;
            position.stake.staked = position
                .stake
                .staked
                .checked_add(amount)
                .ok_or(RoyaltyError::MathOverflow)?;
            position.exit(&crate::ID)?;
        } else {
            let position_seeds: &[&[u8]] = &[
                seeds::POSITION,
                track.as_ref(),
                recipient.as_ref(),
                &[position_bump],
            ];
            create_pda_account(
                &ctx.accounts.payer,
                account,
                8 + Position::INIT_SPACE,
                &crate::ID,
                position_seeds,
            )?;
            let position = Position {
                owner: recipient,
                track,
                payer: ctx.accounts.payer.key(),
                stake: Stake {
                    staked: amount,
                    acc_snapshot: acc,
                    earned_scaled: 0,
                },
                claimed: 0,
                bump: position_bump,
            };
            let mut data = account.try_borrow_mut_data()?;
            position.try_serialize(&mut &mut data[..])?;
        }
        minted = minted
            .checked_add(amount)
            .ok_or(RoyaltyError::MathOverflow)?;
        paid = paid.checked_add(1).ok_or(RoyaltyError::MathOverflow)?;
    }
    royalty.accrual.total_staked = royalty
        .accrual
        .total_staked
        .checked_add(minted)
        .ok_or(RoyaltyError::MathOverflow)?;
    if minted > 0 {
        token::mint_to(
            CpiContext::new_with_signer(
                token::ID,
                MintTo {
                    mint: ctx.accounts.share_mint.to_account_info(),
                    to: ctx.accounts.share_vault.to_account_info(),
                    authority: royalty.to_account_info(),
                },
                royalty_signer!(track, bump),
            ),
            minted,
        )?;
    }

    let complete = royalty.allocations.iter().all(|a| a.distributed);
    if complete && !royalty.distribution_complete {
        royalty.distribution_complete = true;
        token::set_authority(
            CpiContext::new_with_signer(
                token::ID,
                SetAuthority {
                    current_authority: royalty.to_account_info(),
                    account_or_mint: ctx.accounts.share_mint.to_account_info(),
                },
                royalty_signer!(track, bump),
            ),
            AuthorityType::MintTokens,
            None,
        )?;
    }
    royalty.invariant()?;
    log_event(&SharesDistributed {
        track,
        recipients_paid: paid,
        complete,
    });
    Ok(())
}
