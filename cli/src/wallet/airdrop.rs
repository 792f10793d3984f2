//! `encore wallet airdrop`

use anyhow::anyhow;
use clap::Args;
use encore_sdk::localnet::test_mint;
use encore_sdk::{token, Pubkey};
use serde::Serialize;
use solana_signer::Signer;

use super::{LAMPORTS_PER_SOL, SOL_DECIMALS};
use crate::error::HintExt;
use crate::output::{key_values, Rows};
use crate::units::{parse_amount, Amount};
use crate::Context;

#[derive(Args, Debug)]
pub struct AirdropArgs {
    /// How much: SOL [default: 1], or with --mint tokens [default: 100]
    #[arg(long, value_name = "AMOUNT")]
    pub amount: Option<String>,
    /// Who receives it [default: the keypair's address]
    #[arg(long, value_name = "ADDRESS")]
    pub to: Option<Pubkey>,
    /// Tokens of `encore localnet`'s test USD mint instead of SOL (local nodes only)
    #[arg(long, value_name = "MINT")]
    pub mint: Option<Pubkey>,
}

#[derive(Serialize, Debug)]
pub struct AirdropView {
    pub address: String,
    /// `null` for SOL.
    pub mint: Option<String>,
    pub received: Amount,
    /// The address's balance now, in SOL or in the mint.
    pub balance: Amount,
}

impl Rows for AirdropView {
    fn rows(&self) -> Vec<(&'static str, String)> {
        let unit = if self.mint.is_some() { "tokens" } else { "SOL" };
        let mut rows = vec![("Address", self.address.clone())];
        if let Some(mint) = &self.mint {
            rows.push(("Mint", mint.clone()));
        }
        rows.push(("Received", format!("{} {unit}", self.received)));
        rows.push(("Balance", format!("{} {unit}", self.balance)));
        rows
    }
}

/// Whether `url` is a node on this machine.
pub(crate) fn is_local(url: &str) -> bool {
    matches!(host(url), "127.0.0.1" | "localhost" | "0.0.0.0" | "[::1]")
}

fn host(url: &str) -> &str {
    url.split("://")
        .nth(1)
        .unwrap_or(url)
        .split(['/', ':'])
        .next()
        .unwrap_or_default()
}

/// Whether `url` is a cluster that hands out test SOL: a node on this
/// machine (`encore localnet`, a test validator) or devnet.
pub fn gives_airdrops(url: &str) -> bool {
    is_local(url) || host(url).starts_with("api.devnet.")
}

pub fn run(ctx: &mut Context, args: AirdropArgs) -> anyhow::Result<()> {
    let url = ctx.settings.url.clone();
    if !gives_airdrops(&url) {
        return Err(anyhow!("{url} hands out no test SOL: airdrops exist on localnet and devnet only"))
            .hint("on this cluster, fund the wallet with a transfer from one that holds SOL; for a local chain run `encore localnet` and pass -u localhost");
    }
    let address = match args.to {
        Some(address) => address,
        None => ctx.keypair()?.pubkey(),
    };
    match args.mint {
        Some(mint) => airdrop_tokens(ctx, &url, address, mint, args.amount.as_deref()),
        None => airdrop_sol(ctx, address, args.amount.as_deref()),
    }
}

fn airdrop_sol(ctx: &mut Context, address: Pubkey, amount: Option<&str>) -> anyhow::Result<()> {
    let text = amount.unwrap_or("1");
    let lamports = parse_amount(text, "--amount", "SOL", SOL_DECIMALS)?;
    if lamports == 0 {
        return Err(anyhow!("--amount must be more than 0 SOL"))
            .hint("ask for 1 SOL with `--amount 1`");
    }
    if lamports > 100 * LAMPORTS_PER_SOL {
        return Err(anyhow!("--amount {text} SOL is more than an airdrop gives"))
            .hint("ask for at most 100 SOL at a time (devnet gives less: 1 or 2)");
    }
    ctx.client
        .airdrop(&address, lamports)
        .map_err(|e| anyhow!("the airdrop to {address} failed: {e}"))
        .hint("devnet limits airdrops per address and day: try later, or a smaller --amount")?;
    let view = AirdropView {
        address: address.to_string(),
        mint: None,
        received: Amount::new(lamports, SOL_DECIMALS),
        balance: Amount::new(ctx.client.balance(&address)?, SOL_DECIMALS),
    };
    ctx.printer.emit(&view, |out| {
        writeln!(out, "Airdropped {} SOL", view.received)?;
        key_values(out, &view.rows())
    })
}

/// Test USD from `encore localnet`'s faucet: the one mint a local node gives away.
fn airdrop_tokens(
    ctx: &mut Context,
    url: &str,
    address: Pubkey,
    mint: Pubkey,
    amount: Option<&str>,
) -> anyhow::Result<()> {
    if !is_local(url) || !test_mint::is_test_mint(ctx.client, &mint) {
        return Err(anyhow!(
            "{mint} is not the test USD mint of a local node: only that one is given away"
        ))
        .hint(format!(
            "`encore localnet` prints its test mint ({}); other tokens come from their holders",
            test_mint::address()
        ));
    }
    let text = amount.unwrap_or("100");
    let base_units = parse_amount(text, "--amount", "the test mint", test_mint::DECIMALS)?;
    if base_units == 0 {
        return Err(anyhow!("--amount must be more than 0"))
            .hint("ask for 100 with `--amount 100`");
    }
    let account = test_mint::mint_to(ctx.client, &address, base_units)
        .map_err(|e| anyhow!("minting test USD to {address} failed: {e}"))
        .hint("`encore localnet` funds its faucet at start: is this its node (-u)?")?;
    let view = AirdropView {
        address: address.to_string(),
        mint: Some(mint.to_string()),
        received: Amount::new(base_units, test_mint::DECIMALS),
        balance: Amount::new(token::balance(ctx.client, &account)?, test_mint::DECIMALS),
    };
    ctx.printer.emit(&view, |out| {
        writeln!(out, "Airdropped {} test USD", view.received)?;
        key_values(out, &view.rows())
    })
}

#[cfg(test)]
mod tests {
    use super::gives_airdrops;

    #[test]
    fn airdrops_come_from_local_nodes_and_devnet_only() {
        for url in [
            "http://127.0.0.1:8899",
            "http://localhost:8899",
            "http://127.0.0.1:18899/",
            "https://api.devnet.solana.com",
        ] {
            assert!(gives_airdrops(url), "{url}");
        }
        for url in [
            "https://api.mainnet-beta.solana.com",
            "https://api.testnet.solana.com",
            "https://rpc.example.org",
            "http://10.0.0.5:8899",
        ] {
            assert!(!gives_airdrops(url), "{url}");
        }
    }
}
