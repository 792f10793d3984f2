//! `encore gov execute ID`

use anyhow::anyhow;
use clap::Args;
use encore_sdk::governance::constants::CHANGE_GRACE_PERIOD_SECS;
use encore_sdk::governance::state::ParamChange;
use encore_sdk::instructions::gov as ix;
use encore_sdk::track_registry::state::TrackDispute;
use encore_sdk::{accounts, governance, pda, token};
use solana_signer::Signer;

use super::{describe, known, require_change, require_config, Proposal};
use crate::error::HintExt;
use crate::output::utc;
use crate::send::{send_with, Sent};
use crate::units::format_duration;
use crate::Context;

#[derive(Args, Debug)]
pub struct ExecuteArgs {
    /// Proposal id (`encore gov changes` lists them)
    #[arg(value_name = "ID")]
    pub id: u64,
}

pub fn run(ctx: &mut Context, args: ExecuteArgs) -> anyhow::Result<()> {
    let id = args.id;
    let wallet = ctx.keypair()?;
    let proposal = require_change(ctx.client, id)?;
    let config = require_config(ctx.client)?;
    let mut ixs = Vec::new();
    // A slash pays the treasury's account in the bond mint; make sure it exists.
    let treasury_token = match proposal.change.slashed_settler() {
        Some((settler, _)) => {
            let bond_mint = accounts::settler(ctx.client, &settler)?
                .map(|s| s.bond_mint)
                .ok_or_else(|| {
                    anyhow!("change {id} slashes {settler}, which has no settler record")
                })
                .hint(format!("cancel it with `encore gov cancel {id}`"))?;
            let treasury = config.params.treasury;
            ixs.push(token::create_associated_idempotent(
                &wallet.pubkey(),
                &treasury,
                &bond_mint,
            ));
            Some(token::associated_address(&treasury, &bond_mint))
        }
        None => None,
    };
    ixs.push(ix::execute_change(
        id,
        &proposal.change,
        treasury_token.as_ref(),
    ));
    // A dispute decision is applied in the same transaction.
    if let ParamChange::ResolveTrackDispute { track, .. } = proposal.change {
        let owner = accounts::track(ctx.client, &track)?.authority;
        let dispute: TrackDispute = accounts::fetch_optional(
            ctx.client,
            &pda::track_dispute(&track).0,
            &encore_sdk::track_registry::ID,
            "track dispute",
        )?
        .ok_or_else(|| {
            anyhow!("change {id} decides a dispute over track {track} that is no longer open")
        })
        .hint(format!("cancel it with `encore gov cancel {id}`"))?;
        ixs.push(encore_sdk::instructions::registry::resolve_track_dispute(
            &track,
            &pda::change(id).0,
            &owner,
            &dispute.claimant,
        ));
    }
    let now = ctx.client.clock()?.unix_timestamp;
    let signature = send_with(
        ctx.client,
        &ixs,
        &wallet,
        &[],
        &known(Some(&config)),
        |err| match err.name_in(&governance::ID) {
            Some("TimelockNotElapsed") => Some(format!(
                "change {id} can execute from {} (in {}); `encore gov changes` lists the proposals",
                utc(proposal.eta),
                format_duration(proposal.eta.saturating_sub(now))
            )),
            Some("ChangeExpired") => Some(format!(
                "change {id} was not executed within {} of its eta; cancel it with \
                 `encore gov cancel {id}` and propose it again",
                format_duration(CHANGE_GRACE_PERIOD_SECS)
            )),
            _ => None,
        },
    )?;
    let headline = format!(
        "Executed change {id}: {}",
        describe(ctx.client, &proposal.change)
    );
    Sent::new(signature, Proposal::load(ctx.client, id)?).emit(&mut ctx.printer, &headline)
}
