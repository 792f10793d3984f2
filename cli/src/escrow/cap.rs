//! `encore escrow cap --mint M (--amount AMOUNT [--period 30d] | --none)`

use clap::Args;
use encore_sdk::instructions::escrow as ix;
use encore_sdk::stream_escrow::constants::DEFAULT_CAP_PERIOD_SECS;
use encore_sdk::token;
use solana_signer::Signer;

use super::{payment_decimals, require_listener, ListenerView, MintArg};
use crate::hints::Known;
use crate::send::{send, Sent};
use crate::units::{format_duration, parse_amount, parse_duration};
use crate::Context;

#[derive(Args, Debug)]
pub struct CapArgs {
    #[command(flatten)]
    pub mint: MintArg,
    /// Most settlement may spend per period, in UI units
    #[arg(
        long,
        value_name = "AMOUNT",
        required_unless_present = "none",
        conflicts_with = "none"
    )]
    pub amount: Option<String>,
    /// The period: seconds or 90m, 36h, 30d, 1w (1 hour to 365 days)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value_t = DEFAULT_CAP_PERIOD_SECS)]
    pub period: i64,
    /// Remove the cap
    #[arg(long)]
    pub none: bool,
}

/// A raise applies at once; a lower cap or a longer period applies to plays
/// from one withdrawal notice on (plays already made keep the cap they had).
pub fn run(ctx: &mut Context, args: CapArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let owner = wallet.pubkey();
    let mint = args.mint.mint;
    let decimals = payment_decimals(ctx.client, &mint)?;
    require_listener(ctx.client, &mint, &owner)?;
    let cap = match &args.amount {
        Some(text) if !args.none => Some(parse_amount(
            text,
            "--amount",
            "the payment mint",
            decimals,
        )?),
        _ => None,
    };
    let set = ix::set_cap(
        &owner,
        &mint,
        ix::SetCapArgs {
            cap,
            period_secs: args.period,
        },
    );
    let signature = send(ctx.client, &[set], &wallet, &[], &Known::mint(&mint))?;
    let view = ListenerView::load(ctx.client, &mint, &owner)?;
    // A lowering is the last change, one notice ahead; a raise applies now.
    let now = ctx.client.clock()?.unix_timestamp;
    let when = match view.cap_changes.last() {
        Some(p) if p.effective_at > now => {
            format!(", for plays from {}", crate::output::utc(p.effective_at))
        }
        _ => ", at once".to_string(),
    };
    let headline = match cap {
        Some(cap) => format!(
            "Capped spending at {} per {}{when}",
            token::ui_amount(cap, decimals),
            format_duration(args.period)
        ),
        None => format!("Removed the spending cap{when}"),
    };
    Sent::new(signature, view).emit(&mut ctx.printer, &headline)
}
