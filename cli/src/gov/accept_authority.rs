//! `encore gov accept-authority`

use encore_sdk::instructions::gov as ix;
use solana_signer::Signer;

use super::{hint, require_config, ConfigSent};
use crate::error::sent_with;
use crate::Context;

pub fn run(ctx: &mut Context) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let config = require_config(ctx.client)?;
    let accept = ix::accept_authority(&wallet.pubkey());
    let signature = sent_with(
        ctx.client.send_instructions(&[accept], &wallet, &[]),
        |name| match (name, config.pending_authority) {
            ("WrongPendingAuthority", Some(pending)) => Some(format!(
                "the authority was proposed to {pending}: sign with that keypair (-k)"
            )),
            _ => hint(name, Some(&config)),
        },
    )?;
    ConfigSent::emit(
        ctx,
        format!("{} is now the governance authority", wallet.pubkey()),
        signature.to_string(),
    )
}
