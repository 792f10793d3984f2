//! `encore escrow withdraw --mint M (--amount AMOUNT | --complete | --cancel)`
//!
//! Money leaves in two steps: a request starts governance's notice period
//! (plays already made may still settle meanwhile), then `--complete` pays
//! what is left of the request into the keypair's token account.

use clap::{ArgGroup, Args};
use encore_sdk::instructions::escrow as ix;
use encore_sdk::token;
use solana_signer::Signer;

use super::{payment_decimals, require_listener, ListenerView, MintArg};
use crate::hints::Known;
use crate::native_sol;
use crate::send::{send, Sent};
use crate::units::parse_amount;
use crate::Context;

#[derive(Args, Debug)]
#[command(group(ArgGroup::new("step").required(true).args(["amount", "complete", "cancel"])))]
pub struct WithdrawArgs {
    #[command(flatten)]
    pub mint: MintArg,
    /// Request a withdrawal of this much (UI units); replaces an earlier request
    #[arg(long, value_name = "AMOUNT")]
    pub amount: Option<String>,
    /// Take the requested money once the notice period has passed
    #[arg(long)]
    pub complete: bool,
    /// Cancel the pending request
    #[arg(long)]
    pub cancel: bool,
}

pub fn run(ctx: &mut Context, args: WithdrawArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let owner = wallet.pubkey();
    let mint = args.mint.mint;
    let decimals = payment_decimals(ctx.client, &mint)?;
    let before = require_listener(ctx.client, &mint, &owner)?;
    let (ixs, headline) = if args.complete {
        // In SOL: received in the wrapped-SOL account and unwrapped at once.
        let receipt = native_sol::receive(&owner, &mint)?;
        let destination = receipt.destination;
        let paid = before.withdrawal_amount.min(before.balance);
        let mut ixs = receipt.before;
        ixs.push(ix::withdraw(&owner, &mint, &destination));
        ixs.extend(receipt.after);
        let to = if native_sol::is_native(&mint) {
            format!("{owner} as SOL")
        } else {
            destination.to_string()
        };
        (
            ixs,
            format!("Withdrew {} to {to}", token::ui_amount(paid, decimals)),
        )
    } else if args.cancel {
        (
            vec![ix::cancel_withdrawal(&owner, &mint)],
            "Cancelled the withdrawal request".to_string(),
        )
    } else {
        let text = args.amount.as_deref().unwrap_or_default();
        let amount = parse_amount(text, "--amount", "the payment mint", decimals)?;
        (
            vec![ix::request_withdrawal(&owner, &mint, amount)],
            format!(
                "Requested a withdrawal of {}; complete it with `encore escrow withdraw --mint {mint} --complete` after the notice period",
                token::ui_amount(amount, decimals)
            ),
        )
    };
    let signature = send(ctx.client, &ixs, &wallet, &[], &Known::mint(&mint))?;
    Sent::new(signature, ListenerView::load(ctx.client, &mint, &owner)?)
        .emit(&mut ctx.printer, &headline)
}
