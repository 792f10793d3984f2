//! `encore escrow key set --mint M --key KEY` and `encore escrow key revoke --mint M`

use std::path::Path;

use clap::{Args, Subcommand};
use encore_sdk::instructions::escrow as ix;
use encore_sdk::Pubkey;
use solana_signer::Signer;

use super::{require_listener, ListenerView, MintArg};
use crate::config::read_keypair;
use crate::hints::Known;
use crate::send::{send, Sent};
use crate::Context;

#[derive(Subcommand, Debug)]
pub enum KeyCommand {
    /// Receipts are signed by KEY from now on (the key it replaces still
    /// binds for plays up to now)
    Set(SetArgs),
    /// Revoke the receipt key: receipts are signed by the wallet again, and
    /// the revoked key binds only for plays up to now
    Revoke(MintArg),
}

#[derive(Args, Debug)]
pub struct SetArgs {
    #[command(flatten)]
    pub mint: MintArg,
    /// The new key: an address, or a keypair file (a device's key)
    #[arg(long, value_name = "KEY")]
    pub key: String,
}

/// An address, or the public key of a keypair file.
fn key_of(text: &str) -> anyhow::Result<Pubkey> {
    if let Ok(key) = text.parse() {
        return Ok(key);
    }
    Ok(read_keypair(Path::new(text))?.pubkey())
}

impl KeyCommand {
    pub fn run(self, ctx: &mut Context) -> anyhow::Result<()> {
        let wallet = ctx.keypair()?;
        let owner = wallet.pubkey();
        let (mint, key) = match &self {
            KeyCommand::Set(args) => (args.mint.mint, Some(key_of(&args.key)?)),
            KeyCommand::Revoke(args) => (args.mint, None),
        };
        require_listener(ctx.client, &mint, &owner)?;
        let set = ix::set_receipt_key(&owner, &mint, key);
        let signature = send(ctx.client, &[set], &wallet, &[], &Known::mint(&mint))?;
        let view = ListenerView::load(ctx.client, &mint, &owner)?;
        let headline = match key {
            Some(key) => format!("Receipts are signed by {key} from now on"),
            None => "Revoked the receipt key: receipts are signed by the wallet again".into(),
        };
        Sent::new(signature, view).emit(&mut ctx.printer, &headline)
    }
}
