//! `encore gov settler slash --settler WALLET --amount AMOUNT --reason CODE`

use anyhow::anyhow;
use clap::Args;
use encore_sdk::governance::state::ParamChange;
use encore_sdk::{accounts, governance, token, Pubkey};

use super::bond_decimals;
use crate::error::HintExt;
use crate::gov::propose;
use crate::units::parse_amount;
use crate::Context;

#[derive(Args, Debug)]
pub struct SlashArgs {
    /// The settler's wallet
    #[arg(long, value_name = "WALLET")]
    pub settler: Pubkey,
    /// Amount of its bond, in UI units of its bond mint
    #[arg(long, value_name = "AMOUNT")]
    pub amount: String,
    /// Reason code (from the off-chain reason table), recorded on the settler
    #[arg(long, value_name = "CODE")]
    pub reason: u16,
}

/// A timelocked proposal like any other: the amount is reserved from the
/// bond now and moves to the treasury when `encore gov execute` runs it.
pub fn run(ctx: &mut Context, args: SlashArgs) -> anyhow::Result<()> {
    let settler = accounts::settler(ctx.client, &args.settler)?
        .ok_or_else(|| anyhow!("{} is not a registered settler", args.settler))
        .hint("`encore gov settler list` shows the settlers")?;
    let decimals = bond_decimals(ctx.client, &settler)?;
    let amount = parse_amount(&args.amount, "--amount", "the bond mint", decimals)?;
    let change = ParamChange::SlashSettler {
        settler: args.settler,
        amount,
        reason: args.reason,
    };
    let free = token::ui_amount(settler.free_bond(), decimals);
    propose::propose(ctx, change, |err| {
        (err.name_in(&governance::ID) == Some("SlashExceedsBond")).then(|| {
            format!("the settler's bond not already reserved by pending slashes is {free}")
        })
    })
}
