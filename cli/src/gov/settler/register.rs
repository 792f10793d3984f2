//! `encore gov settler register --bond-mint MINT`

use anyhow::{anyhow, Context as _};
use clap::Args;
use encore_sdk::instructions::gov as ix;
use encore_sdk::{accounts, token, Pubkey};
use solana_signer::Signer;

use super::SettlerSent;
use crate::error::{sent_with, HintExt};
use crate::gov::{hint, require_config};
use crate::Context;

#[derive(Args, Debug)]
pub struct RegisterArgs {
    /// SPL Token mint the bond is held in (fixed for the record's life)
    #[arg(long, value_name = "MINT")]
    pub bond_mint: Pubkey,
}

pub fn run(ctx: &mut Context, args: RegisterArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let me = wallet.pubkey();
    require_config(ctx.client)?;
    if accounts::settler(ctx.client, &me)?.is_some() {
        return Err(anyhow!("{me} is already a registered settler"))
            .hint("see it with `encore gov settler show`");
    }
    token::mint_info(ctx.client, &args.bond_mint)
        .with_context(|| format!("cannot read bond mint {}", args.bond_mint))
        .hint("--bond-mint must be an SPL Token mint on this cluster (check -u/--url)")?;
    let register = ix::register_settler(&me, &args.bond_mint);
    let signature = sent_with(
        ctx.client.send_instructions(&[register], &wallet, &[]),
        |name| hint(name, None),
    )?;
    SettlerSent::emit(
        ctx,
        format!("Registered settler {me}; post a bond with `encore gov settler post-bond --amount <AMOUNT>`"),
        &me,
        signature.to_string(),
    )
}
