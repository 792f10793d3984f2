//! `encore wallet address`

use serde::Serialize;
use solana_signer::Signer;

use crate::Context;

#[derive(Serialize, Debug)]
pub struct AddressView {
    pub address: String,
}

pub fn run(ctx: &mut Context) -> anyhow::Result<()> {
    let view = AddressView {
        address: ctx.keypair()?.pubkey().to_string(),
    };
    ctx.printer
        .emit(&view, |out| writeln!(out, "{}", view.address))
}
