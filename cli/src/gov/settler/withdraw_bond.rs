//! `encore gov settler withdraw-bond --amount AMOUNT`

use encore_sdk::instructions::gov as ix;
use encore_sdk::{accounts, token};
use solana_signer::Signer;

use super::post_bond::BondArgs;
use super::{require_settler, SettlerSent};
use crate::error::sent_with;
use crate::gov::{hint, ui_amount_arg};
use crate::output::utc;
use crate::Context;

/// To the keypair's associated account in the bond mint (created if needed).
pub fn run(ctx: &mut Context, args: BondArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let me = wallet.pubkey();
    let settler = require_settler(ctx.client, &me)?;
    let config = accounts::config(ctx.client).ok();
    let mint = token::mint_info(ctx.client, &settler.bond_mint)?;
    let amount = ui_amount_arg(&args.amount, mint.decimals, "--amount")?;
    let destination = token::associated_address(&me, &settler.bond_mint);
    let ixs = [
        token::create_associated_idempotent(&me, &me, &settler.bond_mint),
        ix::withdraw_bond(&me, &destination, amount),
    ];
    let unlocks = config.as_ref().map(|c| {
        settler
            .revoked_at
            .saturating_add(c.params.timelock_delay_secs)
    });
    let free = token::ui_amount(settler.free_bond(), mint.decimals);
    let signature = sent_with(
        ctx.client.send_instructions(&ixs, &wallet, &[]),
        |name| match name {
            "SettlerStillApproved" => Some(
                "an approved settler's bond is locked; the council revokes it first \
                 (`encore gov settler revoke <WALLET>`)"
                    .into(),
            ),
            "BondLocked" => unlocks.map(|at| format!("the bond unlocks at {}", utc(at))),
            "InsufficientBond" => Some(format!(
                "the free bond (not reserved by pending slashes) is {free}"
            )),
            _ => hint(name, config.as_ref()),
        },
    )?;
    SettlerSent::emit(
        ctx,
        format!(
            "Withdrew {} of the bond of {me}",
            token::ui_amount(amount, mint.decimals)
        ),
        &me,
        signature.to_string(),
    )
}
