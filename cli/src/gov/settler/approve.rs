//! `encore gov settler approve WALLET`

use clap::Args;
use encore_sdk::instructions::gov as ix;
use encore_sdk::{governance, token, Pubkey};
use solana_signer::Signer;

use super::{bond_decimals, require_settler, SettlerView};
use crate::gov::{known, require_config};
use crate::send::{send_with, Sent};
use crate::units::parse_amount;
use crate::Context;

#[derive(Args, Debug)]
pub struct ApproveArgs {
    /// The settler's wallet
    #[arg(value_name = "WALLET")]
    pub wallet: Pubkey,
    /// Free bond the settler must hold now, in UI units of its bond mint
    #[arg(long, value_name = "AMOUNT", default_value = "0")]
    pub min_bond: String,
}

pub fn run(ctx: &mut Context, args: ApproveArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let settler = require_settler(ctx.client, &args.wallet)?;
    let config = require_config(ctx.client)?;
    let decimals = bond_decimals(ctx.client, &settler)?;
    let min_bond = parse_amount(&args.min_bond, "--min-bond", "the bond mint", decimals)?;
    let approve = ix::approve_settler(&wallet.pubkey(), &args.wallet, min_bond);
    let free = token::ui_amount(settler.free_bond(), decimals);
    let signature = send_with(
        ctx.client,
        &[approve],
        &wallet,
        &[],
        &known(Some(&config)),
        |err| match err.name_in(&governance::ID) {
            Some("InsufficientBond") => Some(format!(
                "the settler's free bond is {free}; it posts more with \
                 `encore gov settler post-bond --amount <AMOUNT>`, or lower --min-bond"
            )),
            _ => None,
        },
    )?;
    Sent::new(signature, SettlerView::read(ctx.client, &args.wallet)?).emit(
        &mut ctx.printer,
        &format!("Approved settler {}", args.wallet),
    )
}
