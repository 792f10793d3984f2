//! `encore pool create --track T --quote-mint M --fee-bps F --shares N --quote N [--track-authority KEYPAIR]`

use anyhow::anyhow;
use clap::Args;
use encore_sdk::instructions::pool::{self as ix, CreatePoolArgs};
use encore_sdk::shares::SHARE_DECIMALS;
use encore_sdk::{pda, pool, token, Pubkey};
use serde::Serialize;
use solana_keypair::Keypair;
use solana_signer::Signer;

use super::{lp, priced, Loaded, PoolView};
use crate::error::HintExt;
use crate::hints::Known;
use crate::native_sol;
use crate::output::Rows;
use crate::send::{send, Sent};
use crate::shares::{parse_shares, require_shares, Spendable};
use crate::units::{mint_decimals, parse_amount, Amount};
use crate::Context;

#[derive(Args, Debug)]
pub struct CreateArgs {
    /// Track whose royalty shares the pool trades (its share mint comes from the track's shares)
    #[arg(long, value_name = "TRACK")]
    pub track: Pubkey,
    /// The token shares are priced in (e.g. the track's payment mint)
    #[arg(long, value_name = "MINT")]
    pub quote_mint: Pubkey,
    /// Fee on every swap's input, in basis points (at most 1000); fixed for the pool's life
    #[arg(long, value_name = "BPS")]
    pub fee_bps: u16,
    /// Opening deposit of shares, in UI units (6 decimals)
    #[arg(long, value_name = "SHARES")]
    pub shares: String,
    /// Opening deposit of the quote mint, in its UI units; with --shares it sets the opening price
    #[arg(long, value_name = "QUOTE")]
    pub quote: String,
    /// Keypair of the track's authority, who approves its one market and fee
    /// [default: the -k keypair, when it is the track's authority]
    #[arg(long, value_name = "KEYPAIR")]
    pub track_authority: Option<std::path::PathBuf>,
}

#[derive(Serialize)]
struct Created {
    /// LP minted to the creator (the locked minimum already taken off).
    lp_minted: Amount,
    #[serde(flatten)]
    pool: PoolView,
}

impl Rows for Created {
    fn rows(&self) -> Vec<(&'static str, String)> {
        self.pool.rows()
    }
}

/// Paid from the keypair's associated share and quote accounts; the LP
/// tokens go to its associated LP account.
pub fn run(ctx: &mut Context, args: CreateArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let me = wallet.pubkey();
    let config = require_shares(ctx.client, &args.track)?;
    if args.quote_mint != config.payment_mint {
        return Err(anyhow!(
            "track {} is paid in {}: a pool quotes shares in the track's payment mint, where its share reserve's earnings go to its LPs (QuoteNotPaymentMint)",
            args.track,
            config.payment_mint
        ))
        .hint(format!("open the pool with --quote-mint {}", config.payment_mint));
    }
    let quote_decimals = mint_decimals(
        ctx.client,
        &args.quote_mint,
        "quote mint",
        Some("--quote-mint"),
    )?;
    let share_amount = parse_shares(&args.shares, "--shares")?;
    let quote_amount = parse_amount(&args.quote, "--quote", "the quote mint", quote_decimals)?;
    let address = pda::pool(&config.share_mint, &args.quote_mint).0;
    let lp_minted = priced(pool::creator_lp(share_amount, quote_amount), Some(&address))?;
    // Shares staked (as distributed) count: the shortfall is unstaked in
    // the same transaction.
    let shares_spendable = Spendable::load(ctx.client, &me, &args.track)?;
    for (mint, amount, decimals, what, flag) in [
        (
            config.share_mint,
            share_amount,
            SHARE_DECIMALS,
            "shares",
            "--shares",
        ),
        (
            args.quote_mint,
            quote_amount,
            quote_decimals,
            "the quote mint",
            "--quote",
        ),
    ] {
        let held = if mint == config.share_mint {
            shares_spendable.total()
        } else {
            native_sol::spendable(ctx.client, &me, &mint)?
        };
        if held < amount {
            let otherwise = format!(
                "fund the keypair's associated account in {mint}, or open the pool with less"
            );
            return Err(anyhow!(
                "{me} holds {} of {what}, less than {flag} {}",
                token::ui_amount(held, decimals),
                token::ui_amount(amount, decimals)
            ))
            .hint(native_sol::fund_hint(ctx.client, &mint, &otherwise));
        }
    }
    // In SOL as the quote mint: wrapped for the pool, the rest unwrapped.
    let payment = native_sol::pay(ctx.client, &me, &args.quote_mint, quote_amount)?
        .ok_or_else(|| anyhow!("{me} cannot pay --quote {}", args.quote))?;
    let approver = match &args.track_authority {
        Some(path) => Some(crate::config::read_keypair(path)?),
        None => None,
    };
    let authority = approver.as_ref().map_or(me, |k| k.pubkey());
    let track = encore_sdk::accounts::track(ctx.client, &args.track)?;
    if track.authority != authority {
        return Err(anyhow!(
            "{authority} is not the authority of track {} ({} is): the track's authority approves its market (NotTrackAuthority)",
            args.track,
            track.authority
        ))
        .hint("pass the authority's keypair with --track-authority, or let it open the pool");
    }
    let create = ix::create_pool(
        &me,
        &authority,
        &args.track,
        &args.quote_mint,
        CreatePoolArgs {
            fee_bps: args.fee_bps,
            share_amount,
            quote_amount,
        },
    );
    let approvers: Vec<&Keypair> = approver.iter().collect();
    let mut ixs = shares_spendable.bring_out(&me, &args.track, share_amount);
    ixs.extend(payment.before);
    ixs.push(create);
    ixs.extend(payment.after);
    let signature = send(
        ctx.client,
        &ixs,
        &wallet,
        &approvers,
        &Known::pool(Some(&address)),
    )?;
    let loaded = Loaded::load(ctx.client, &address)?;
    let created = Created {
        lp_minted: lp(lp_minted),
        pool: PoolView::of(ctx.client, &loaded)?,
    };
    let headline = format!(
        "Opened the pool of track {}'s shares against {}; {} LP to {me}",
        args.track, args.quote_mint, created.lp_minted
    );
    Sent::new(signature, created).emit(&mut ctx.printer, &headline)
}
