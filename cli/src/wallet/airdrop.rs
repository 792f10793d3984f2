//! `encore wallet airdrop`

use anyhow::anyhow;
use clap::Args;
use encore_sdk::Pubkey;
use serde::Serialize;
use solana_signer::Signer;

use super::{LAMPORTS_PER_SOL, SOL_DECIMALS};
use crate::error::HintExt;
use crate::output::{key_values, Rows};
use crate::units::{parse_amount, Amount};
use crate::Context;

#[derive(Args, Debug)]
pub struct AirdropArgs {
    /// SOL to request
    #[arg(long, default_value = "1", value_name = "SOL")]
    pub amount: String,
    /// Who receives it [default: the keypair's address]
    #[arg(long, value_name = "ADDRESS")]
    pub to: Option<Pubkey>,
}

#[derive(Serialize, Debug)]
pub struct AirdropView {
    pub address: String,
    pub received: Amount,
    pub sol: Amount,
}

impl Rows for AirdropView {
    fn rows(&self) -> Vec<(&'static str, String)> {
        vec![
            ("Address", self.address.clone()),
            ("Received", format!("{} SOL", self.received)),
            ("Balance", format!("{} SOL", self.sol)),
        ]
    }
}

/// Whether `url` is a cluster that hands out test SOL: a node on this
/// machine (`encore localnet`, a test validator) or devnet.
pub fn gives_airdrops(url: &str) -> bool {
    let host = url
        .split("://")
        .nth(1)
        .unwrap_or(url)
        .split(['/', ':'])
        .next()
        .unwrap_or_default();
    matches!(host, "127.0.0.1" | "localhost" | "0.0.0.0" | "[::1]")
        || host.starts_with("api.devnet.")
}

pub fn run(ctx: &mut Context, args: AirdropArgs) -> anyhow::Result<()> {
    let url = ctx.settings.url.clone();
    if !gives_airdrops(&url) {
        return Err(anyhow!("{url} hands out no test SOL: airdrops exist on localnet and devnet only"))
            .hint("on this cluster, fund the wallet with a transfer from one that holds SOL; for a local chain run `encore localnet` and pass -u localhost");
    }
    let lamports = parse_amount(&args.amount, "--amount", "SOL", SOL_DECIMALS)?;
    if lamports == 0 {
        return Err(anyhow!("--amount must be more than 0 SOL"))
            .hint("ask for 1 SOL with `--amount 1`");
    }
    if lamports > 100 * LAMPORTS_PER_SOL {
        return Err(anyhow!(
            "--amount {} SOL is more than an airdrop gives",
            args.amount
        ))
        .hint("ask for at most 100 SOL at a time (devnet gives less: 1 or 2)");
    }
    let address = match args.to {
        Some(address) => address,
        None => ctx.keypair()?.pubkey(),
    };
    ctx.client
        .airdrop(&address, lamports)
        .map_err(|e| anyhow!("the airdrop to {address} failed: {e}"))
        .hint("devnet limits airdrops per address and day: try later, or a smaller --amount")?;
    let view = AirdropView {
        address: address.to_string(),
        received: Amount::new(lamports, SOL_DECIMALS),
        sol: Amount::new(ctx.client.balance(&address)?, SOL_DECIMALS),
    };
    ctx.printer.emit(&view, |out| {
        writeln!(out, "Airdropped {} SOL", view.received)?;
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
