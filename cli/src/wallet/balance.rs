//! `encore wallet balance`

use clap::Args;
use encore_sdk::{token, Pubkey};
use serde::Serialize;
use solana_signer::Signer;

use super::SOL_DECIMALS;
use crate::output::{key_values, Rows};
use crate::units::{mint_decimals, Amount};
use crate::Context;

#[derive(Args, Debug)]
pub struct BalanceArgs {
    /// A token mint: the balance of the address's associated token account
    #[arg(long, value_name = "MINT")]
    pub mint: Option<Pubkey>,
    /// Whose balance [default: the keypair's address]
    #[arg(long, value_name = "ADDRESS")]
    pub address: Option<Pubkey>,
}

#[derive(Serialize, Debug)]
pub struct BalanceView {
    pub address: String,
    pub sol: Amount,
    /// With --mint: the mint, its associated token account and the balance in it.
    pub mint: Option<String>,
    pub token_account: Option<String>,
    pub tokens: Option<Amount>,
}

impl Rows for BalanceView {
    fn rows(&self) -> Vec<(&'static str, String)> {
        let mut rows = vec![
            ("Address", self.address.clone()),
            ("SOL", self.sol.to_string()),
        ];
        if let (Some(mint), Some(account), Some(tokens)) =
            (&self.mint, &self.token_account, &self.tokens)
        {
            rows.push(("Mint", mint.clone()));
            rows.push(("Token account", account.clone()));
            rows.push(("Tokens", tokens.to_string()));
        }
        rows
    }
}

pub fn run(ctx: &mut Context, args: BalanceArgs) -> anyhow::Result<()> {
    let address = match args.address {
        Some(address) => address,
        None => ctx.keypair()?.pubkey(),
    };
    let sol = Amount::new(ctx.client.balance(&address)?, SOL_DECIMALS);
    let (mint, token_account, tokens) = match args.mint {
        Some(mint) => {
            let decimals = mint_decimals(ctx.client, &mint, "mint", Some("--mint"))?;
            let account = token::associated_address(&address, &mint);
            let amount = token::balance(ctx.client, &account)?;
            (
                Some(mint.to_string()),
                Some(account.to_string()),
                Some(Amount::new(amount, decimals)),
            )
        }
        None => (None, None, None),
    };
    let view = BalanceView {
        address: address.to_string(),
        sol,
        mint,
        token_account,
        tokens,
    };
    ctx.printer.emit(&view, |out| key_values(out, &view.rows()))
}
