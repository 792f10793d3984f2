//! `encore gov cancel ID`

use clap::Args;
use encore_sdk::instructions::gov as ix;
use solana_signer::Signer;

use super::{describe, hint, require_change, require_config, ProposalSent};
use crate::error::sent_with;
use crate::output::utc;
use crate::Context;

#[derive(Args, Debug)]
pub struct CancelArgs {
    /// Proposal id (`encore gov changes` lists them)
    #[arg(value_name = "ID")]
    pub id: u64,
}

pub fn run(ctx: &mut Context, args: CancelArgs) -> anyhow::Result<()> {
    let id = args.id;
    let wallet = ctx.keypair()?;
    let proposal = require_change(ctx.client, id)?;
    let config = require_config(ctx.client)?;
    let cancel = ix::cancel_change(&wallet.pubkey(), id, &proposal.change);
    let signature = sent_with(
        ctx.client.send_instructions(&[cancel], &wallet, &[]),
        |name| match name {
            "Unauthorized" => Some(format!(
                "only the governance authority ({}) may cancel before the change expires at {}",
                config.authority,
                utc(proposal.expires_at())
            )),
            _ => hint(name, Some(&config)),
        },
    )?;
    ProposalSent::emit(
        ctx,
        format!(
            "Cancelled change {id}: {}",
            describe(ctx.client, &proposal.change)
        ),
        id,
        signature.to_string(),
    )
}
