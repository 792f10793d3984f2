//! The demo's streaming chapter: an escrow for the demo's USDC, a settler
//! approved by governance, a few hundred listeners funding their balances,
//! a generated play log settled by the settlement runner, and every track's
//! earnings harvested into its revenue vault.
//!
//! On a cluster the chapter needs governance's authority to approve the
//! settler: it plays only when the paying keypair (`-k`) is that authority,
//! and is skipped (with a note) otherwise.

use std::collections::BTreeMap;

use anyhow::{anyhow, Context as _};
use encore_sdk::instructions::{escrow as escrow_ix, gov as gov_ix, shares as shares_ix};
use encore_sdk::settle::checkpoint::Checkpoint;
use encore_sdk::settle::{
    ingest, plan, ChainView, PlanConfig, RunConfig, RunOptions, Stage as RunStage,
};
use encore_sdk::{escrow, shares, token, Pubkey};
use indicatif::{ProgressBar, ProgressStyle};
use solana_keypair::Keypair;
use solana_signer::Signer;

use super::audio::Scratch;
use super::played::{PlayedStreaming, PlayedTrack, DECIMALS};
use super::stage::Stage;
use crate::gov::require_config;
use crate::output::percent;

/// Listeners on the embedded node, and on a cluster (where each costs rent).
/// Each signs its own open and deposit, and signatures dominate the demo's
/// time in a debug build: 200 keep the chapter to a few seconds.
const LISTENERS_LOCAL: usize = 200;
const LISTENERS_CLUSTER: usize = 24;
/// Listeners funded per payer-signed setup transaction, and opened and
/// deposited per transaction they sign.
const SETUP_PER_TX: usize = 8;
const DEPOSIT_PER_TX: usize = 4;
/// SOL for a listener's escrow account rent, its share of the fees, and
/// what keeps its wallet rent-exempt (890,880 lamports) after both.
fn listener_lamports() -> u64 {
    encore_sdk::escrow::listener_rent() + 1_500_000
}
/// What most listeners deposit, and what every sixth one deposits: a few
/// plays' worth, so it runs short and leaves plays unpaid.
const DEPOSIT: u64 = 150_000;
const SHORT_DEPOSIT: u64 = 8_000;
/// The settler's fee (bps of every play's price).
const SETTLER_FEE_BPS: u16 = 100;
/// Popularity of the three tracks, in percent: a power-law-ish head and tail.
const POPULARITY: [u64; 3] = [62, 27, 11];
/// The log's first play (2026-01-01T00:00:00Z).
const LOG_START: i64 = 1_767_225_600;

/// Rent of a token account (165 bytes).
const ATA_RENT: u64 = 2_039_280;

/// SOL the chapter needs from the payer on a cluster.
pub fn sol_needed(local: bool) -> u64 {
    let listeners = listener_count(local) as u64;
    listeners * (listener_lamports() + ATA_RENT) + settler_lamports(local)
}

fn listener_count(local: bool) -> usize {
    if local {
        LISTENERS_LOCAL
    } else {
        LISTENERS_CLUSTER
    }
}

fn settler_lamports(local: bool) -> u64 {
    if local {
        1_000_000_000
    } else {
        60_000_000
    }
}

/// Plays the chapter; `authority` is governance's authority, which approves
/// the settler.
pub fn play(
    stage: &Stage,
    tracks: &mut [PlayedTrack],
    mint: &Pubkey,
    authority: &Keypair,
) -> anyhow::Result<PlayedStreaming> {
    let client = stage.client;
    let p = stage.progress;
    let payer = &stage.payer;
    let local = stage.local();
    let config = require_config(client)?;

    let count = listener_count(local);
    let listeners: Vec<Keypair> = (0..count).map(|i| listener_key(local, i)).collect();
    let deposits: BTreeMap<Pubkey, u64> = listeners
        .iter()
        .enumerate()
        .map(|(i, l)| (l.pubkey(), deposit_of(i)))
        .collect();
    let total: u64 = deposits.values().sum();

    // The escrow and a settler approved by governance, bonded in USDC for
    // every listener's deposit: all it could charge within one challenge
    // window.
    stage.send(
        "opening the USDC escrow",
        &[escrow_ix::init_escrow(&payer.pubkey(), mint)],
        payer,
        &[],
    )?;
    // Seeds 30 and 31 are the market's investors.
    let settler = stage.keypair(40);
    stage.fund(&settler.pubkey(), settler_lamports(local))?;
    stage.send(
        "registering the settler",
        &[gov_ix::register_settler(&settler.pubkey(), mint)],
        &settler,
        &[],
    )?;
    let bond_source = token::associated_address(&settler.pubkey(), mint);
    stage.send(
        "bonding the settler",
        &[
            token::create_associated_idempotent(&settler.pubkey(), &settler.pubkey(), mint),
            token::mint_to(mint, &bond_source, &payer.pubkey(), total)?,
            gov_ix::post_bond(&settler.pubkey(), &bond_source, total),
        ],
        &settler,
        &[payer],
    )?;
    stage.send(
        "approving the settler",
        &[gov_ix::approve_settler(
            &authority.pubkey(),
            &settler.pubkey(),
            0,
        )],
        payer,
        &[authority],
    )?;
    p.say(format!(
        "Escrow opened for USDC; settler {} registered, bonded with {} USDC and approved by governance",
        settler.pubkey(),
        token::ui_amount(total, DECIMALS)
    ));

    // Listeners: funded by the payer, then each opens its escrow balance and deposits.
    for group in listeners.chunks(SETUP_PER_TX) {
        let mut ixs = Vec::new();
        for l in group {
            let wallet = l.pubkey();
            ixs.push(solana_system_interface::instruction::transfer(
                &payer.pubkey(),
                &wallet,
                listener_lamports(),
            ));
            ixs.push(token::create_associated_idempotent(
                &payer.pubkey(),
                &wallet,
                mint,
            ));
            let amount = deposits.get(&wallet).copied().unwrap_or_default();
            ixs.push(token::mint_to(
                mint,
                &token::associated_address(&wallet, mint),
                &payer.pubkey(),
                amount,
            )?);
        }
        stage.send("funding listeners", &ixs, payer, &[])?;
    }
    for group in listeners.chunks(DEPOSIT_PER_TX) {
        let mut ixs = Vec::new();
        for l in group {
            let wallet = l.pubkey();
            let amount = deposits.get(&wallet).copied().unwrap_or_default();
            ixs.push(escrow_ix::open_listener(&wallet, mint));
            ixs.push(escrow_ix::deposit(
                &wallet,
                mint,
                &token::associated_address(&wallet, mint),
                amount,
            ));
        }
        let Some((first, rest)) = group.split_first() else {
            continue;
        };
        let others: Vec<&Keypair> = rest.iter().collect();
        stage.send("opening listener balances", &ixs, first, &others)?;
    }
    p.say(format!(
        "{count} listeners deposit {} USDC into the escrow (every sixth only {} USDC: they will run short)",
        token::ui_amount(total, DECIMALS),
        token::ui_amount(SHORT_DEPOSIT, DECIMALS)
    ));

    // The play log, settled.
    let wallets: Vec<Pubkey> = listeners.iter().map(|l| l.pubkey()).collect();
    let track_keys: Vec<Pubkey> = tracks.iter().map(|t| t.address).collect();
    let log = play_log(&wallets, &track_keys);
    let scratch = Scratch::new().context("cannot create a temp folder for the play log")?;
    let log_path = scratch.write("plays.csv", log.as_bytes())?;
    let checkpoint = scratch.path().join("plays.checkpoint.json");
    p.say(format!(
        "Play log: {} plays ({}), settled by the settler at a {} fee",
        log.lines().count().saturating_sub(1),
        log_path.display(),
        percent(SETTLER_FEE_BPS)
    ));
    let run_config = RunConfig {
        payment_mint: *mint,
        plan: PlanConfig::default(),
        open_fee_bps: SETTLER_FEE_BPS,
        checkpoint: checkpoint.clone(),
        // One batch at a time: the replay below charges in plan order.
        in_flight: 1,
    };
    let bar = p.on().then(|| {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{msg:>14} [{bar:40}] {pos}/{len}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar
    });
    let mut on_progress = |stage: RunStage, done: u64, total: u64| {
        if let Some(bar) = &bar {
            bar.set_message(match stage {
                RunStage::Ledgers => "ledgers",
                RunStage::LookupTables => "lookup tables",
                RunStage::Batches => "batches",
            });
            bar.set_length(total);
            bar.set_position(done);
        }
    };
    let options = RunOptions {
        progress: Some(&mut on_progress),
        ..RunOptions::default()
    };
    let result = encore_sdk::settle::run(client, &settler, log.as_bytes(), &run_config, options);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let report = result.map_err(|e| anyhow!("demo step failed: settling the play log: {e}"))?;
    let rejected = &report.plan.rejected;
    p.say(format!(
        "Settled {} batches: {} plays in, {} accepted ({} duplicate, {} under 30 s), {} paid, {} unpaid; {} USDC from listeners",
        report.batches_sent,
        report.plan.plays_in,
        report.plan.plays_accepted,
        rejected.duplicate,
        rejected.too_short,
        report.plays_paid,
        report.plays_unpaid,
        token::ui_amount(report.amount, DECIMALS)
    ));

    // The plan the runner sent, replayed against the deposits: fresh
    // listeners, every track at its price since registration.
    let saved = Checkpoint::load(&checkpoint)
        .map_err(|e| anyhow!(e))?
        .ok_or_else(|| anyhow!("the settlement runner left no checkpoint"))?;
    let parsed = ingest::parse(log.as_bytes())?;
    let track_prices: Vec<Option<u64>> = parsed
        .tracks
        .iter()
        .map(|t| tracks.iter().find(|p| p.address == *t).map(|p| p.price))
        .collect();
    let view = ChainView::offline(parsed.listeners.len(), &track_prices, parsed.tracks.len());
    let planned = plan::plan(parsed, &view, report.first_seq, &saved.config);
    let prices: BTreeMap<Pubkey, u64> = tracks.iter().map(|t| (t.address, t.price)).collect();
    let fee_bps = SETTLER_FEE_BPS.min(config.params.max_settler_fee_bps);
    let (expected_listeners, expected_tracks) = replay(&planned, &deposits, &prices, fee_bps)?;

    // Harvest: each track collects its earnings into its revenue vault.
    let treasury = config.params.treasury;
    let treasury_account = token::associated_address(&treasury, mint);
    stage.send(
        "opening the treasury's USDC account",
        &[token::create_associated_idempotent(
            &payer.pubkey(),
            &treasury,
            mint,
        )],
        payer,
        &[],
    )?;
    let mut harvested_total = 0;
    // Derivatives first: a remix's collection credits its original's
    // ledger, which the original's harvest then pays out with its own.
    for track in tracks.iter_mut().rev() {
        let before = shares::require_config(client, &track.address)?.total_deposited;
        let parent = encore_sdk::accounts::track(client, &track.address)?.parent_track();
        stage.send(
            "harvesting a track",
            &[shares_ix::harvest_derivative(
                &track.address,
                parent.as_ref(),
                mint,
                &treasury_account,
            )],
            payer,
            &[],
        )?;
        let after = shares::require_config(client, &track.address)?.total_deposited;
        track.harvested = after.saturating_sub(before);
        harvested_total += track.harvested;
    }
    p.say(format!(
        "Each track harvests its earnings: {} USDC into the revenue vaults, released to stakers",
        token::ui_amount(harvested_total, DECIMALS)
    ));

    Ok(PlayedStreaming {
        settler: settler.pubkey(),
        settler_fee_bps: SETTLER_FEE_BPS,
        listeners: wallets,
        deposits,
        report,
        expected_listeners,
        expected_tracks,
        protocol_fee_bps: config.params.protocol_fee_bps,
    })
}

/// Per-listener and per-track (plays paid, amount) from replaying `plan`'s
/// batches in order against the deposits, as the program charges them.
#[allow(clippy::type_complexity)]
fn replay(
    plan: &plan::Plan,
    deposits: &BTreeMap<Pubkey, u64>,
    prices: &BTreeMap<Pubkey, u64>,
    fee_bps: u16,
) -> anyhow::Result<(BTreeMap<Pubkey, (u64, u64)>, BTreeMap<Pubkey, (u64, u64)>)> {
    let mut balances = deposits.clone();
    let mut by_listener: BTreeMap<Pubkey, (u64, u64)> = BTreeMap::new();
    let mut by_track: BTreeMap<Pubkey, (u64, u64)> = BTreeMap::new();
    for batch in &plan.batches {
        for (part, entry) in batch
            .parts
            .iter()
            .flat_map(|p| p.entries.iter().map(move |e| (p, e)))
        {
            let wallet = plan
                .listeners
                .get(part.listener as usize)
                .ok_or_else(|| anyhow!("a planned part names no listener"))?;
            let track = batch
                .tracks
                .get(usize::from(entry.track))
                .and_then(|i| plan.tracks.get(*i as usize))
                .ok_or_else(|| anyhow!("a planned entry names no track"))?;
            let price = prices.get(track).copied().unwrap_or_default();
            let balance = balances.entry(*wallet).or_default();
            let (paid, amount) = escrow::charge(u64::from(entry.plays), price, *balance)
                .map_err(|e| anyhow!("replaying the plan: {e:?}"))?;
            let (_, net) = escrow::split_fee(amount, fee_bps)
                .map_err(|e| anyhow!("replaying the plan: {e:?}"))?;
            *balance -= amount;
            let l = by_listener.entry(*wallet).or_default();
            l.0 += paid;
            l.1 += amount;
            let t = by_track.entry(*track).or_default();
            t.0 += paid;
            t.1 += net;
        }
    }
    Ok((by_listener, by_track))
}

/// Deterministic listener keys on the embedded node (two bytes of index in
/// the seed, so never one of [`Stage::keypair`]'s), fresh ones on a cluster.
fn listener_key(local: bool, i: usize) -> Keypair {
    if !local {
        return Keypair::new();
    }
    let mut seed = [0xA5; 32];
    seed[0] = (i >> 8) as u8;
    seed[1] = (i & 0xff) as u8;
    Keypair::new_from_array(seed)
}

fn deposit_of(i: usize) -> u64 {
    if i % 6 == 5 {
        SHORT_DEPOSIT
    } else {
        DEPOSIT
    }
}

/// A small deterministic generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// The play log (CSV): every listener plays a few to a few dozen tracks in
/// sequence, most of them the first; one play in 40 stops under 30 s, and
/// the first play is logged twice (an exact duplicate).
fn play_log(listeners: &[Pubkey], tracks: &[Pubkey]) -> String {
    let mut rng = Rng(0x00E7_C0DE);
    let mut out = String::from("listener,track,timestamp,seconds_played\n");
    let mut first = None;
    let mut n = 0u64;
    for wallet in listeners {
        let plays = if rng.below(10) == 0 {
            20 + rng.below(21)
        } else {
            2 + rng.below(11)
        };
        let mut at = LOG_START + rng.below(6 * 3_600) as i64;
        for _ in 0..plays {
            let pick = rng.below(POPULARITY.iter().sum());
            let mut t = 0;
            let mut acc = 0;
            for (i, weight) in POPULARITY.iter().enumerate() {
                acc += weight;
                if pick < acc {
                    t = i;
                    break;
                }
            }
            let Some(track) = tracks.get(t) else {
                continue;
            };
            n += 1;
            let seconds = if n.is_multiple_of(40) {
                5 + rng.below(25)
            } else {
                60 + rng.below(240)
            };
            let line = format!("{wallet},{track},{at},{seconds}\n");
            if first.is_none() {
                first = Some(line.clone());
            }
            out.push_str(&line);
            at += seconds as i64 + 1 + rng.below(30) as i64;
        }
    }
    if let Some(line) = first {
        out.push_str(&line);
    }
    out
}
