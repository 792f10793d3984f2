//! Native SOL where a command pays or is paid in a token: in the native
//! mint (wrapped SOL) a payment is wrapped from the wallet's SOL in the
//! same transaction, and what the wallet's wrapped-SOL account holds at the
//! end is unwrapped back to SOL, as wallets do. Other mints pass through.

use encore_sdk::{token, EncoreClient, Pubkey};
use solana_instruction::Instruction;

/// SOL a wallet keeps when paying in SOL: its own rent exemption and fees.
const RESERVE_LAMPORTS: u64 = 890_880 + 100_000;

pub fn is_native(mint: &Pubkey) -> bool {
    *mint == token::NATIVE_MINT
}

/// How a command pays from `owner`'s associated account in a mint.
pub struct Payment {
    /// The token account the program debits.
    pub source: Pubkey,
    /// What makes it hold enough (wrapping), before the command's instructions.
    pub before: Vec<Instruction>,
    /// What unwraps the rest, after them.
    pub after: Vec<Instruction>,
    /// SOL wrapped by `before` (0 outside the native mint).
    pub wrapped: u64,
}

/// What `owner` has to pay with in `mint`: its associated account's balance
/// and, in the native mint, the SOL it can spare.
pub fn spendable(client: &dyn EncoreClient, owner: &Pubkey, mint: &Pubkey) -> anyhow::Result<u64> {
    let source = token::associated_address(owner, mint);
    let held = token::balance(client, &source)?;
    if !is_native(mint) {
        return Ok(held);
    }
    Ok(held.saturating_add(spare_sol(client, owner, &source)?))
}

/// The wallet's SOL beyond its reserve and, if its wrapped-SOL account does
/// not exist yet, that account's rent (returned when it is closed).
fn spare_sol(client: &dyn EncoreClient, owner: &Pubkey, source: &Pubkey) -> anyhow::Result<u64> {
    let lamports = client.balance(owner)?;
    let account_rent = if client.get_account(source)?.is_some() {
        0
    } else {
        token::account_rent()
    };
    Ok(lamports.saturating_sub(RESERVE_LAMPORTS.saturating_add(account_rent)))
}

/// Pays `amount` of `mint` from `owner` (who signs and pays fees): `None`
/// if it does not have that much to pay with (see [`spendable`]).
pub fn pay(
    client: &dyn EncoreClient,
    owner: &Pubkey,
    mint: &Pubkey,
    amount: u64,
) -> anyhow::Result<Option<Payment>> {
    let source = token::associated_address(owner, mint);
    let held = token::balance(client, &source)?;
    if !is_native(mint) {
        return Ok((held >= amount).then(|| Payment {
            source,
            before: Vec::new(),
            after: Vec::new(),
            wrapped: 0,
        }));
    }
    let shortfall = amount.saturating_sub(held);
    if shortfall > spare_sol(client, owner, &source)? {
        return Ok(None);
    }
    let mut before = vec![token::create_associated_idempotent(owner, owner, mint)];
    if shortfall > 0 {
        before.extend(token::wrap_sol(owner, &source, shortfall)?);
    }
    Ok(Some(Payment {
        source,
        before,
        after: receive(owner, mint)?.after,
        wrapped: shortfall,
    }))
}

/// How a command is paid into `owner`'s associated account in a mint.
pub struct Receipt {
    pub destination: Pubkey,
    /// Instructions that create the account if needed, before the command's.
    pub before: Vec<Instruction>,
    /// In the native mint: closing the account, so what it got is SOL.
    pub after: Vec<Instruction>,
}

/// Where `owner` (who signs and pays fees) receives `mint`.
pub fn receive(owner: &Pubkey, mint: &Pubkey) -> anyhow::Result<Receipt> {
    let destination = token::associated_address(owner, mint);
    let after = if is_native(mint) {
        vec![token::close_account(&destination, owner, owner)?]
    } else {
        Vec::new()
    };
    Ok(Receipt {
        destination,
        before: vec![token::create_associated_idempotent(owner, owner, mint)],
        after,
    })
}

/// What to tell a wallet short of `mint`: in SOL, to fund the wallet; in
/// the local node's test USD, to ask its faucet; otherwise `otherwise`.
pub fn fund_hint(client: &dyn EncoreClient, mint: &Pubkey, otherwise: &str) -> String {
    if is_native(mint) {
        "the keypair pays in SOL, wrapped as it goes: fund the wallet (`encore wallet airdrop` on localnet or devnet)".into()
    } else if encore_sdk::localnet::test_mint::is_test_mint(client, mint) {
        format!("get test USD with `encore wallet airdrop --mint {mint}`")
    } else {
        otherwise.to_string()
    }
}
