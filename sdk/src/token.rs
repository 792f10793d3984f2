//! SPL Token helpers: mints, associated accounts, balances.

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::solana_program::program_pack::Pack;
use anchor_spl::associated_token::get_associated_token_address;
use anchor_spl::token::spl_token;

use crate::client::EncoreClient;
use crate::error::{Result, SdkError};

pub use anchor_spl::token::ID as TOKEN_PROGRAM_ID;

pub fn associated_address(owner: &Pubkey, mint: &Pubkey) -> Pubkey {
    get_associated_token_address(owner, mint)
}

/// Instructions that create and initialise `mint` (a fresh keypair's address).
pub fn create_mint(
    payer: &Pubkey,
    mint: &Pubkey,
    authority: &Pubkey,
    decimals: u8,
    rent: u64,
) -> Result<Vec<Instruction>> {
    Ok(vec![
        anchor_lang::solana_program::system_instruction::create_account(
            payer,
            mint,
            rent,
            spl_token::state::Mint::LEN as u64,
            &TOKEN_PROGRAM_ID,
        ),
        spl_token::instruction::initialize_mint2(
            &TOKEN_PROGRAM_ID,
            mint,
            authority,
            None,
            decimals,
        )
        .map_err(|e| SdkError::InvalidInput(e.to_string()))?,
    ])
}

/// Creates `owner`'s associated account for `mint` unless it exists.
pub fn create_associated_idempotent(payer: &Pubkey, owner: &Pubkey, mint: &Pubkey) -> Instruction {
    anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent(
        payer,
        owner,
        mint,
        &TOKEN_PROGRAM_ID,
    )
}

pub fn mint_to(
    mint: &Pubkey,
    destination: &Pubkey,
    authority: &Pubkey,
    amount: u64,
) -> Result<Instruction> {
    spl_token::instruction::mint_to(&TOKEN_PROGRAM_ID, mint, destination, authority, &[], amount)
        .map_err(|e| SdkError::InvalidInput(e.to_string()))
}

/// The native mint: wrapped SOL, an SPL Token mint whose accounts hold SOL.
pub const NATIVE_MINT: Pubkey = spl_token::native_mint::ID;

/// Moves `lamports` of `owner`'s SOL into its wrapped-SOL `account` (which
/// must exist) and counts them as tokens.
pub fn wrap_sol(owner: &Pubkey, account: &Pubkey, lamports: u64) -> Result<Vec<Instruction>> {
    Ok(vec![
        anchor_lang::solana_program::system_instruction::transfer(owner, account, lamports),
        sync_native(account)?,
    ])
}

/// Brings a wrapped-SOL account's token amount up to the lamports it holds
/// above its rent (after SOL was transferred in).
pub fn sync_native(account: &Pubkey) -> Result<Instruction> {
    spl_token::instruction::sync_native(&TOKEN_PROGRAM_ID, account)
        .map_err(|e| SdkError::InvalidInput(e.to_string()))
}

/// Closes `account` (empty, or wrapped SOL: its SOL goes too), its lamports
/// to `destination`.
pub fn close_account(
    account: &Pubkey,
    destination: &Pubkey,
    owner: &Pubkey,
) -> Result<Instruction> {
    spl_token::instruction::close_account(&TOKEN_PROGRAM_ID, account, destination, owner, &[])
        .map_err(|e| SdkError::InvalidInput(e.to_string()))
}

/// Rent of a token account (165 bytes).
pub fn account_rent() -> u64 {
    anchor_lang::prelude::Rent::default().minimum_balance(spl_token::state::Account::LEN)
}

pub fn mint_rent() -> u64 {
    anchor_lang::prelude::Rent::default().minimum_balance(spl_token::state::Mint::LEN)
}

/// A token account's balance; 0 if it does not exist.
pub fn balance(client: &dyn EncoreClient, account: &Pubkey) -> Result<u64> {
    match client.get_account(account)? {
        None => Ok(0),
        Some(a) => spl_token::state::Account::unpack(&a.data)
            .map(|t| t.amount)
            .map_err(|_| SdkError::Decode(*account, "token account")),
    }
}

pub fn mint_info(client: &dyn EncoreClient, mint: &Pubkey) -> Result<spl_token::state::Mint> {
    let account = client
        .get_account(mint)?
        .ok_or(SdkError::AccountNotFound(*mint))?;
    spl_token::state::Mint::unpack(&account.data).map_err(|_| SdkError::Decode(*mint, "mint"))
}

/// `1234500` with 6 decimals -> `1.2345`.
pub fn ui_amount(amount: impl Into<u128>, decimals: u8) -> String {
    let amount: u128 = amount.into();
    if decimals == 0 {
        return amount.to_string();
    }
    let scale = 10u128.pow(u32::from(decimals));
    let whole = amount / scale;
    let frac = amount % scale;
    let frac = format!("{frac:0width$}", width = usize::from(decimals));
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        whole.to_string()
    } else {
        format!("{whole}.{frac}")
    }
}

/// `1.2345` with 6 decimals -> `1234500`; rejects more precision than the mint has.
pub fn parse_ui_amount(text: &str, decimals: u8) -> Result<u64> {
    let bad = || {
        SdkError::InvalidInput(format!(
            "{text:?} is not an amount with at most {decimals} decimals"
        ))
    };
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty() && frac.is_empty() || frac.len() > usize::from(decimals) {
        return Err(bad());
    }
    let digits = format!("{whole}{frac:0<width$}", width = usize::from(decimals));
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    digits.parse::<u64>().map_err(|_| bad())
}

/// Every token account of `mint`, by address (one program-account scan:
/// the mint is an account's first field).
pub fn accounts_of_mint(
    client: &dyn EncoreClient,
    mint: &Pubkey,
) -> Result<Vec<(Pubkey, spl_token::state::Account)>> {
    let filters = [crate::client::MemcmpFilter::new(
        0,
        mint.to_bytes().to_vec(),
    )];
    let mut out: Vec<_> = client
        .get_program_accounts(&spl_token::ID, &filters)?
        .into_iter()
        .filter(|(_, account)| account.data.len() == spl_token::state::Account::LEN)
        .filter_map(|(key, account)| {
            spl_token::state::Account::unpack(&account.data)
                .ok()
                .map(|a| (key, a))
        })
        .collect();
    out.sort_by_key(|(key, _)| *key);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ui_amounts() {
        assert_eq!(ui_amount(1_234_500u64, 6), "1.2345");
        assert_eq!(ui_amount(5u64, 0), "5");
        assert_eq!(ui_amount(3_000_000u64, 6), "3");
        assert_eq!(parse_ui_amount("1.2345", 6).unwrap(), 1_234_500);
        assert_eq!(parse_ui_amount("7", 2).unwrap(), 700);
        assert!(parse_ui_amount("1.2345678", 6).is_err());
        assert!(parse_ui_amount("abc", 6).is_err());
        assert!(parse_ui_amount("", 6).is_err());
    }
}
