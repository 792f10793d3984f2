//! `encore gov cancel ID`

use clap::Args;
use encore_sdk::governance;
use encore_sdk::instructions::gov as ix;
use solana_signer::Signer;

use super::{describe, known, require_change, require_config, Proposal};
use crate::output::utc;
use crate::send::{send_with, Sent};
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
    let signature = send_with(
        ctx.client,
        &[cancel],
        &wallet,
        &[],
        &known(Some(&config)),
        |err| match err.name_in(&governance::ID) {
            Some("Unauthorized") => Some(format!(
                "only the governance authority ({}) may cancel before the change expires at {}",
                config.authority,
                utc(proposal.expires_at())
            )),
            _ => None,
        },
    )?;
    let headline = format!(
        "Cancelled change {id}: {}",
        describe(ctx.client, &proposal.change)
    );
    Sent::new(signature, Proposal::load(ctx.client, id)?).emit(&mut ctx.printer, &headline)
}
