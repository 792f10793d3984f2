//! `encore gov settler withdraw-bond --amount AMOUNT`

use encore_sdk::instructions::gov as ix;
use encore_sdk::{accounts, governance, token};
use solana_signer::Signer;

use super::post_bond::BondArgs;
use super::{bond_decimals, require_settler, SettlerView};
use crate::gov::known;
use crate::output::utc;
use crate::send::{send_with, Sent};
use crate::units::parse_amount;
use crate::Context;

/// To the keypair's associated account in the bond mint (created if needed).
pub fn run(ctx: &mut Context, args: BondArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let me = wallet.pubkey();
    let settler = require_settler(ctx.client, &me)?;
    let config = accounts::config(ctx.client).ok();
    let decimals = bond_decimals(ctx.client, &settler)?;
    let amount = parse_amount(&args.amount, "--amount", "the bond mint", decimals)?;
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
    let free = token::ui_amount(settler.free_bond(), decimals);
    let signature = send_with(
        ctx.client,
        &ixs,
        &wallet,
        &[],
        &known(config.as_ref()),
        |err| match err.name_in(&governance::ID) {
            Some("SettlerStillApproved") => Some(
                "an approved settler's bond is locked; the council revokes it first \
                 (`encore gov settler revoke <WALLET>`)"
                    .into(),
            ),
            Some("BondLocked") => unlocks.map(|at| format!("the bond unlocks at {}", utc(at))),
            Some("InsufficientBond") => Some(format!(
                "the free bond (not reserved by pending slashes) is {free}"
            )),
            _ => None,
        },
    )?;
    Sent::new(signature, SettlerView::read(ctx.client, &me)?).emit(
        &mut ctx.printer,
        &format!(
            "Withdrew {} of the bond of {me}",
            token::ui_amount(amount, decimals)
        ),
    )
}
