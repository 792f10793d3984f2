use anchor_lang::prelude::*;
use anchor_spl::associated_token::get_associated_token_address;
use anchor_spl::token::{
    self, spl_token::instruction::AuthorityType, Mint, MintTo, SetAuthority, Token,
};

use crate::constants::seeds;
use crate::errors::RoyaltyError;
use crate::events::{log_event, SharesDistributed};
use crate::royalty_signer;
use crate::state::RoyaltyConfig;

#[derive(Accounts)]
pub struct DistributeShares<'info> {
    #[account(mut, seeds = [seeds::ROYALTY, royalty.track.as_ref()], bump = royalty.bump)]
    pub royalty: Box<Account<'info, RoyaltyConfig>>,
    #[account(mut, address = royalty.share_mint @ RoyaltyError::WrongMint)]
    pub share_mint: Account<'info, Mint>,
    pub token_program: Program<'info, Token>,
    // remaining_accounts: recipients' associated token accounts for the share
    // mint (writable, created beforehand, e.g. idempotently in the same transaction).
}

/// Permissionless: mints each listed recipient's allocation to its
/// associated account, once. When the last allocation is out, the mint
/// authority is removed, so the supply can never change.
pub fn handler<'info>(ctx: Context<'info, DistributeShares<'info>>) -> Result<()> {
    let royalty = &mut ctx.accounts.royalty;
    let share_mint = ctx.accounts.share_mint.key();
    let track = royalty.track;
    let bump = royalty.bump;
    let mut paid: u8 = 0;
    for account in ctx.remaining_accounts {
        let index = royalty
            .allocations
            .iter()
            .position(|a| get_associated_token_address(&a.recipient, &share_mint) == account.key())
            .ok_or(RoyaltyError::UnknownRecipientAccount)?;
        let allocation = royalty
            .allocations
            .get_mut(index)
            .ok_or(RoyaltyError::UnknownRecipientAccount)?;
        if allocation.distributed {
            continue;
        }
        allocation.distributed = true;
        let amount = allocation.amount;
        if amount > 0 {
            token::mint_to(
                CpiContext::new_with_signer(
                    token::ID,
                    MintTo {
                        mint: ctx.accounts.share_mint.to_account_info(),
                        to: account.clone(),
                        authority: royalty.to_account_info(),
                    },
                    royalty_signer!(track, bump),
                ),
                amount,
            )?;
        }
        paid = paid.checked_add(1).ok_or(RoyaltyError::MathOverflow)?;
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
