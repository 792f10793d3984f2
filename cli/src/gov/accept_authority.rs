//! `encore gov accept-authority`

use encore_sdk::governance;
use encore_sdk::instructions::gov as ix;
use solana_signer::Signer;

use super::{known, require_config, ConfigView};
use crate::send::{send_with, Sent};
use crate::Context;

pub fn run(ctx: &mut Context) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let config = require_config(ctx.client)?;
    let accept = ix::accept_authority(&wallet.pubkey());
    let signature = send_with(
        ctx.client,
        &[accept],
        &wallet,
        &[],
        &known(Some(&config)),
        |err| match (err.name_in(&governance::ID), config.pending_authority) {
            (Some("WrongPendingAuthority"), Some(pending)) => Some(format!(
                "the authority was proposed to {pending}: sign with that keypair (-k)"
            )),
            _ => None,
        },
    )?;
    Sent::new(signature, ConfigView::load(ctx.client)?).emit(
        &mut ctx.printer,
        &format!("{} is now the governance authority", wallet.pubkey()),
    )
}
