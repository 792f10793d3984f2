//! `encore migrate`: the on-chain bootstrap that follows a deployment, against
//! any cluster (`-u`). It converges the deployment on its flags and is safe to
//! rerun:
//! 1. governance: initialized with the flags' parameters if it is not yet
//!    (signed by the governance program's upgrade authority); otherwise left
//!    as it is;
//! 2. parameters: each one that differs from its flag is proposed through the
//!    timelock (never changed directly); a matching proposal already pending
//!    is not proposed again, and is executed once due;
//! 3. settlers: each `--settler` is approved. Registration is the settler's
//!    own step (`encore gov settler register`); a settler without a record is
//!    reported with that command.
//!
//! The treasury is the one parameter without a fixed default: at
//! initialization it is the keypair's pubkey, later it is left alone unless
//! `--treasury` is given.

use clap::Args;
use encore_sdk::governance::checks::check_params;
use encore_sdk::governance::state::{ParamChange, ProposedChange, ProtocolConfig, ProtocolParams};
use encore_sdk::instructions::gov as ix;
use encore_sdk::{accounts, Pubkey, SdkError};
use serde::Serialize;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::gov::init::InitArgs;
use crate::gov::settler::bond_decimals;
use crate::gov::{bps_text, invalid, known, require_config, sol_text, ChangeView, ConfigView};
use crate::output::{key_values, table, utc};
use crate::send::send;
use crate::units::{format_duration, parse_amount};
use crate::Context;

#[derive(Args, Debug)]
pub struct MigrateArgs {
    /// A settler wallet to approve (repeat for several); it registers itself first
    #[arg(long = "settler", value_name = "PUBKEY")]
    pub settlers: Vec<Pubkey>,
    /// Free bond a settler must hold to be approved, in UI units of its bond mint
    #[arg(long, value_name = "AMOUNT", default_value = "0")]
    pub min_bond: String,
    #[command(flatten)]
    pub params: InitArgs,
}

/// What `encore migrate` did (`--output json` fields are stable).
#[derive(Serialize, Debug)]
pub struct MigrateReport {
    /// `initialized` (by this run) or `existing`.
    pub governance: &'static str,
    pub init_signature: Option<String>,
    pub params: Vec<ParamStep>,
    pub settlers: Vec<SettlerStep>,
    /// Everything is as the flags ask (nothing pending, nothing left to others).
    pub complete: bool,
    /// What remains, and who does it.
    pub next_steps: Vec<String>,
    pub config: ConfigView,
}

#[derive(Serialize, Debug)]
pub struct ParamStep {
    pub current: ChangeView,
    pub wanted: ChangeView,
    /// `unchanged`, `proposed`, `pending` (proposed earlier, not yet due),
    /// `executed`, or `differs` (the keypair is not the authority).
    pub status: &'static str,
    pub proposal: Option<u64>,
    /// When the proposal may execute.
    pub eta: Option<i64>,
    pub signature: Option<String>,
}

#[derive(Serialize, Debug)]
pub struct SettlerStep {
    pub wallet: String,
    /// `approved` (by this run), `already_approved`, `not_registered` or
    /// `needs_authority`.
    pub status: &'static str,
    pub signature: Option<String>,
}

pub fn run(ctx: &mut Context, args: MigrateArgs) -> anyhow::Result<()> {
    let wallet = ctx.keypair()?;
    let signer = wallet.pubkey();
    let mut next_steps = Vec::new();

    let (governance, init_signature, config) = match accounts::config(ctx.client) {
        Ok(config) => ("existing", None, config),
        Err(SdkError::AccountNotFound(_)) => {
            let params = wanted_params(&args.params, args.params.treasury.unwrap_or(signer));
            check_params(&params).map_err(invalid)?;
            let init = ix::initialize(&signer, params);
            let signature = send(ctx.client, &[init], &wallet, &[], &known(None))?;
            ("initialized", Some(signature), require_config(ctx.client)?)
        }
        Err(e) => return Err(e.into()),
    };
    let is_authority = config.authority == signer;

    let wanted = wanted_params(
        &args.params,
        args.params.treasury.unwrap_or(config.params.treasury),
    );
    check_params(&wanted).map_err(invalid)?;
    let mut params = Vec::new();
    let mut changes = accounts::changes(ctx.client)?;
    changes.sort_by_key(|(_, c)| c.id);
    let now = ctx.client.clock()?.unix_timestamp;
    // The timelock is never shorter than the withdrawal notice, at any
    // execution: a rising timelock lands before the notice, a falling notice
    // before the timelock (the report keeps the parameters' order).
    let mut order: Vec<usize> = (0..PARAMS).collect();
    if wanted.timelock_delay_secs > config.params.timelock_delay_secs {
        order.swap(NOTICE_STEP, TIMELOCK_STEP);
    }
    let (currents, wants) = (param_changes(&config.params), param_changes(&wanted));
    let mut steps: Vec<(usize, ParamStep)> = Vec::new();
    for index in order {
        let (current, want) = (currents[index], wants[index]);
        let step = converge_param(ctx, &wallet, &config, &changes, now, current, want)?;
        match step.status {
            "pending" | "proposed" => next_steps.push(format!(
                "change {} executes from {} (anyone: `encore gov execute {}`, or rerun `encore migrate`)",
                step.proposal.unwrap_or_default(),
                step.eta.map_or_else(|| "its eta".into(), utc),
                step.proposal.unwrap_or_default()
            )),
            "differs" => next_steps.push(format!(
                "{}: the governance authority ({}) runs `encore migrate` with these flags",
                value_text(&want),
                config.authority
            )),
            _ => {}
        }
        steps.push((index, step));
    }
    steps.sort_by_key(|(index, _)| *index);
    params.extend(steps.into_iter().map(|(_, step)| step));
    // Someone else's live proposal that would undo what the flags ask.
    for (_, change) in &changes {
        let live = change.is_pending() && now <= change.expires_at();
        let Some(view) = param_view(&change.change).filter(|_| live) else {
            continue;
        };
        let conflicts = params
            .iter()
            .any(|p| same_kind(&p.wanted, &view) && p.wanted != view);
        if conflicts {
            next_steps.push(format!(
                "change {} would set {}: the authority cancels it with `encore gov cancel {}`",
                change.id,
                value_text(&change.change),
                change.id
            ));
        }
    }

    let mut settlers = Vec::new();
    for settler in &args.settlers {
        let step = converge_settler(ctx, &wallet, is_authority, settler, &args.min_bond)?;
        match step.status {
            "not_registered" => next_steps.push(format!(
                "settler {settler} registers with its own keypair: \
                 `encore gov settler register --bond-mint <MINT> -k <SETTLER_KEYPAIR>`, then rerun `encore migrate`"
            )),
            "needs_authority" => next_steps.push(format!(
                "settler {settler}: the governance authority ({}) runs `encore migrate --settler {settler}`",
                config.authority
            )),
            _ => {
                let unbonded = accounts::settler(ctx.client, settler)?
                    .is_some_and(|record| record.free_bond() == 0);
                if unbonded {
                    next_steps.push(format!(
                        "settler {settler} has no free bond, and a settler charges no more within a \
                         challenge window than its bond can refund: it posts one in the payment mint \
                         with `encore gov settler post-bond --amount <AMOUNT> -k <SETTLER_KEYPAIR>`"
                    ));
                }
            }
        }
        settlers.push(step);
    }

    let report = MigrateReport {
        governance,
        init_signature,
        params,
        settlers,
        complete: next_steps.is_empty(),
        next_steps,
        config: ConfigView::new(&require_config(ctx.client)?),
    };
    ctx.printer.emit(&report, |out| print(out, &report))
}

fn wanted_params(args: &InitArgs, treasury: Pubkey) -> ProtocolParams {
    args.params(treasury)
}

const PARAMS: usize = 10;
/// Where the withdrawal notice and the timelock are in [`param_changes`].
const NOTICE_STEP: usize = 2;
const TIMELOCK_STEP: usize = 4;

/// Each parameter as the change that would set it, in a fixed order.
fn param_changes(p: &ProtocolParams) -> [ParamChange; PARAMS] {
    [
        ParamChange::ProtocolFeeBps(p.protocol_fee_bps),
        ParamChange::MaxSettlerFeeBps(p.max_settler_fee_bps),
        ParamChange::WithdrawalNoticeSecs(p.withdrawal_notice_secs),
        ParamChange::ReleasePeriodSecs(p.release_period_secs),
        ParamChange::TimelockDelaySecs(p.timelock_delay_secs),
        ParamChange::Treasury(p.treasury),
        ParamChange::ChallengeWindowSecs(p.challenge_window_secs),
        ParamChange::MinBondRatioBps(p.min_bond_ratio_bps),
        ParamChange::DisputeDepositLamports(p.dispute_deposit_lamports),
        ParamChange::DisputeRewardBps(p.dispute_reward_bps),
    ]
}

fn param_view(change: &ParamChange) -> Option<ChangeView> {
    change
        .slashed_settler()
        .is_none()
        .then(|| ChangeView::from(change))
}

fn same_kind(a: &ChangeView, b: &ChangeView) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

fn converge_param(
    ctx: &mut Context,
    wallet: &Keypair,
    config: &ProtocolConfig,
    changes: &[(Pubkey, ProposedChange)],
    now: i64,
    current: ParamChange,
    want: ParamChange,
) -> anyhow::Result<ParamStep> {
    let mut step = ParamStep {
        current: ChangeView::from(&current),
        wanted: ChangeView::from(&want),
        status: "unchanged",
        proposal: None,
        eta: None,
        signature: None,
    };
    if current == want {
        return Ok(step);
    }
    // A live proposal for exactly this value: wait for it, or execute it when due.
    let live = changes
        .iter()
        .map(|(_, c)| c)
        .find(|c| c.is_pending() && c.change == want && now <= c.expires_at());
    if let Some(change) = live {
        step.proposal = Some(change.id);
        step.eta = Some(change.eta);
        if now < change.eta {
            step.status = "pending";
            return Ok(step);
        }
        let execute = ix::execute_change(change.id, &change.change, None);
        let signature = send(ctx.client, &[execute], wallet, &[], &known(Some(config)))?;
        step.status = "executed";
        step.signature = Some(signature);
        return Ok(step);
    }
    if config.authority != wallet.pubkey() {
        step.status = "differs";
        return Ok(step);
    }
    // Re-read the count: proposals made earlier in this run took ids.
    let id = require_config(ctx.client)?.change_count;
    let propose = ix::propose_change(&wallet.pubkey(), id, want);
    let signature = send(ctx.client, &[propose], wallet, &[], &known(Some(config)))?;
    let proposal = accounts::change(ctx.client, id)?;
    step.status = "proposed";
    step.proposal = Some(id);
    step.eta = Some(proposal.eta);
    step.signature = Some(signature);
    Ok(step)
}

fn converge_settler(
    ctx: &mut Context,
    wallet: &Keypair,
    is_authority: bool,
    settler: &Pubkey,
    min_bond: &str,
) -> anyhow::Result<SettlerStep> {
    let mut step = SettlerStep {
        wallet: settler.to_string(),
        status: "already_approved",
        signature: None,
    };
    let Some(record) = accounts::settler(ctx.client, settler)? else {
        step.status = "not_registered";
        return Ok(step);
    };
    if record.approved {
        return Ok(step);
    }
    if !is_authority {
        step.status = "needs_authority";
        return Ok(step);
    }
    let decimals = bond_decimals(ctx.client, &record)?;
    let min_bond = parse_amount(min_bond, "--min-bond", "the bond mint", decimals)?;
    let approve = ix::approve_settler(&wallet.pubkey(), settler, min_bond);
    let config = require_config(ctx.client)?;
    let signature = send(ctx.client, &[approve], wallet, &[], &known(Some(&config)))?;
    step.status = "approved";
    step.signature = Some(signature);
    Ok(step)
}

/// `3% (300 bps)`, `2d`, a pubkey: the value a change sets.
fn value_text(change: &ParamChange) -> String {
    match *change {
        ParamChange::ProtocolFeeBps(v) => format!("protocol fee {}", bps_text(v)),
        ParamChange::MaxSettlerFeeBps(v) => format!("max settler fee {}", bps_text(v)),
        ParamChange::WithdrawalNoticeSecs(v) => format!("withdrawal notice {}", format_duration(v)),
        ParamChange::ReleasePeriodSecs(v) => format!("release period {}", format_duration(v)),
        ParamChange::TimelockDelaySecs(v) => format!("timelock {}", format_duration(v)),
        ParamChange::Treasury(v) => format!("treasury {v}"),
        ParamChange::ChallengeWindowSecs(v) => format!("challenge window {}", format_duration(v)),
        ParamChange::MinBondRatioBps(v) => format!("bond ratio {}", bps_text(v)),
        ParamChange::DisputeDepositLamports(v) => format!("dispute deposit {}", sol_text(v)),
        ParamChange::DisputeRewardBps(v) => format!("dispute reward {}", bps_text(v)),
        ParamChange::ResolveTrackDispute { track, uphold, .. } => format!(
            "{} the dispute over track {track}",
            if uphold { "uphold" } else { "dismiss" }
        ),
        ParamChange::SlashSettler { settler, .. } => format!("a slash of {settler}"),
    }
}

fn view_text(view: &ChangeView) -> String {
    match view {
        ChangeView::ProtocolFeeBps { value }
        | ChangeView::MaxSettlerFeeBps { value }
        | ChangeView::MinBondRatioBps { value }
        | ChangeView::DisputeRewardBps { value } => bps_text(*value),
        ChangeView::WithdrawalNoticeSecs { value }
        | ChangeView::ReleasePeriodSecs { value }
        | ChangeView::TimelockDelaySecs { value }
        | ChangeView::ChallengeWindowSecs { value } => format_duration(*value),
        ChangeView::DisputeDepositLamports { value } => sol_text(*value),
        ChangeView::Treasury { value } => value.clone(),
        ChangeView::SlashSettler { settler, .. } => settler.clone(),
        ChangeView::ResolveTrackDispute { track, .. } => track.clone(),
    }
}

fn print(out: &mut dyn std::io::Write, report: &MigrateReport) -> std::io::Result<()> {
    let mut rows = vec![(
        "Governance",
        match report.governance {
            "initialized" => format!("initialized; authority {}", report.config.authority),
            _ => format!("already initialized; authority {}", report.config.authority),
        },
    )];
    if let Some(signature) = &report.init_signature {
        rows.push(("Signature", signature.clone()));
    }
    key_values(out, &rows)?;
    writeln!(out)?;
    let names = [
        "protocol fee",
        "max settler fee",
        "withdrawal notice",
        "release period",
        "timelock",
        "treasury",
    ];
    let param_rows: Vec<Vec<String>> = report
        .params
        .iter()
        .zip(names)
        .map(|(p, name)| {
            let status = match (p.status, p.proposal, p.eta) {
                ("proposed" | "pending", Some(id), Some(eta)) => {
                    format!("{} as change {id}, executable from {}", p.status, utc(eta))
                }
                ("executed", Some(id), _) => format!("executed change {id}"),
                (status, _, _) => status.to_string(),
            };
            vec![
                name.to_string(),
                view_text(&p.current),
                view_text(&p.wanted),
                status,
            ]
        })
        .collect();
    table(
        out,
        &["Parameter", "Current", "Wanted", "Status"],
        &param_rows,
    )?;
    if !report.settlers.is_empty() {
        writeln!(out)?;
        let settler_rows: Vec<Vec<String>> = report
            .settlers
            .iter()
            .map(|s| vec![s.wallet.clone(), s.status.replace('_', " ")])
            .collect();
        table(out, &["Settler", "Status"], &settler_rows)?;
    }
    writeln!(out)?;
    if report.complete {
        writeln!(out, "The deployment is bootstrapped.")
    } else {
        writeln!(out, "Still to do:")?;
        for step in &report.next_steps {
            writeln!(out, "  - {step}")?;
        }
        Ok(())
    }
}
