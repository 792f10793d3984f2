//! `encore gov settler register --bond-mint MINT`

use anyhow::anyhow;
use clap::Args;
use encore_sdk::instructions::gov as ix;
use encore_sdk::{accounts, Pubkey};
use solana_signer::Signer;

use super::SettlerView;
use crate::error::HintExt;
use crate::gov::{known, require_config};
use crate::send::{send, Sent};
use crate::units::mint_decimals;
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
    // The bond mint must be a mint: checked before the record fixes it for good.
    mint_decimals(
        ctx.client,
        &args.bond_mint,
        "bond mint",
        Some("--bond-mint"),
    )?;
    let register = ix::register_settler(&me, &args.bond_mint);
    let signature = send(ctx.client, &[register], &wallet, &[], &known(None))?;
    Sent::new(signature, SettlerView::read(ctx.client, &me)?).emit(
        &mut ctx.printer,
        &format!("Registered settler {me}; post a bond with `encore gov settler post-bond --amount <AMOUNT>`"),
    )
}
