//! The demo's story, step by step, on any chain.

use anyhow::{anyhow, Context as _};
use encore_sdk::governance::state::PauseArea;
use encore_sdk::instructions::{registry as reg, shares as ix};
use encore_sdk::native::local_params;
use encore_sdk::registry::hash_audio_file;
use encore_sdk::shares::{self, Split};
use encore_sdk::track_registry::instructions::{CreateArtistArgs, RegisterTrackArgs};
use encore_sdk::track_registry::state::TermsArgs;
use encore_sdk::{pda, token, Pubkey};
use solana_keypair::Keypair;
use solana_signer::Signer;

use super::audio::{render, Scratch};
use super::market::{self, PlayedPool};
use super::stage::Stage;
use super::streaming::{self, PlayedStreaming};
use crate::error::HintExt;
use crate::gov::require_config;
use crate::shares::distribute_all;
use crate::units::format_duration;

pub const DECIMALS: u8 = 6;
const SOL: u64 = 1_000_000_000;

/// Who holds each track's rights, and each role's split per track (bps).
pub const ROLES: [&str; 3] = ["artist", "producer", "songwriter"];

/// The three tracks: title, price per play (base units) and split.
const TRACKS: [(&str, u64, [u16; 3]); 3] = [
    ("Opening Night", 2_000, [5_000, 3_000, 2_000]),
    ("Slow Burn", 3_500, [6_000, 2_500, 1_500]),
    ("Last Call", 5_000, [4_000, 3_500, 2_500]),
];

/// What each fan tips each track in the first round (base units); odd
/// amounts so the accrual has remainders to carry.
const TIPS: [[u64; 3]; 3] = [
    [4_000_000, 2_500_000, 1_000_000],
    [1_234_567, 3_333_333, 777_777],
    [500_000, 1_000_001, 2_718_281],
];

/// The second round: fan `i` tips track `(i + 1) % 3` once more, halfway
/// through the release of the first round.
const SECOND_TIPS: [u64; 3] = [1_414_213, 999_999, 1_732_050];

/// The first fan's tip to every track after the last claims.
const LATE_TIP: u64 = 500_000;
const DAY: i64 = 86_400;

pub struct PlayedTrack {
    pub title: &'static str,
    pub address: Pubkey,
    pub price: u64,
    pub splits: [u16; 3],
    /// Every tip sent to it, as the demo counted them.
    pub tipped: u64,
    /// What its harvest moved from the escrow into its revenue vault.
    pub harvested: u64,
}

pub struct Played {
    pub mint: Pubkey,
    pub tracks: Vec<PlayedTrack>,
    /// In [`ROLES`] order.
    pub holders: Vec<Keypair>,
    pub release_period: i64,
    /// Payment-mint balances of the holders before any claim (0 on a fresh chain).
    pub balances_before: Vec<u64>,
    pub pool: PlayedPool,
    /// The streaming chapter (`None` on a cluster where the payer is not
    /// governance's authority).
    pub streaming: Option<PlayedStreaming>,
}

/// Plays the whole story; returns what the summary needs to check.
pub fn play(stage: &Stage) -> anyhow::Result<Played> {
    let client = stage.client;
    let p = stage.progress;
    let local = stage.local();

    // Governance.
    // Governance's authority approves the demo's settler.
    let (release_period, authority) = match stage.local {
        Some(_) => {
            // The embedded node records the council as governance's upgrade authority.
            let council = stage.keypair(1);
            let treasury = stage.keypair(2);
            let params = local_params(&treasury.pubkey());
            client.airdrop(&stage.payer.pubkey(), 100 * SOL)?;
            client.airdrop(&council.pubkey(), SOL)?;
            stage.send(
                "initializing governance",
                &[encore_sdk::instructions::gov::initialize(
                    &council.pubkey(),
                    params,
                )],
                &council,
                &[],
            )?;
            p.say(format!(
                "Governance: council {}, treasury {}; protocol fee 3%, release period {}, timelock {}",
                council.pubkey(),
                treasury.pubkey(),
                format_duration(params.release_period_secs),
                format_duration(params.timelock_delay_secs)
            ));
            (params.release_period_secs, Some(council))
        }
        None => {
            let config = require_config(client)?;
            if config.is_paused(PauseArea::Registry) {
                return Err(anyhow!(
                    "governance has paused the registry area on this cluster"
                ))
                .hint(
                    "the governance authority resumes it with `encore gov unpause --area registry`",
                );
            }
            p.say(format!(
                "Governance: authority {}, release period {}",
                config.authority,
                format_duration(config.params.release_period_secs)
            ));
            let authority =
                (config.authority == stage.payer.pubkey()).then(|| stage.payer.insecure_clone());
            if authority.is_none() {
                p.say(format!(
                    "The streaming chapter is skipped: approving its settler needs governance's \
                     authority {} as -k",
                    config.authority
                ));
            }
            (config.params.release_period_secs, authority)
        }
    };

    // The cast, funded.
    let artist = stage.keypair(10);
    let producer = stage.keypair(11);
    let songwriter = stage.keypair(12);
    let fans: Vec<Keypair> = (20..23).map(|n| stage.keypair(n)).collect();
    let (artist_sol, holder_sol, fan_sol) = if local {
        (10 * SOL, SOL, SOL)
    } else {
        (SOL / 5, SOL / 20, SOL / 100)
    };
    if !local {
        let investors_sol = market::INVESTORS.len() as u64 * market::investor_sol(local);
        let streaming_sol = if authority.is_some() {
            streaming::sol_needed(local)
        } else {
            0
        };
        let needed =
            artist_sol + 2 * holder_sol + 3 * fan_sol + investors_sol + streaming_sol + SOL / 20;
        let balance = client.balance(&stage.payer.pubkey())?;
        if balance < needed {
            return Err(anyhow!(
                "the keypair {} holds {} SOL; the demo needs about {} SOL for rent and fees",
                stage.payer.pubkey(),
                token::ui_amount(balance, 9),
                token::ui_amount(needed, 9)
            ))
            .hint("fund it (e.g. `solana airdrop 1` on devnet or a local validator), or pass another with -k");
        }
    }
    stage.fund(&artist.pubkey(), artist_sol)?;
    for holder in [&producer, &songwriter] {
        stage.fund(&holder.pubkey(), holder_sol)?;
    }
    for fan in &fans {
        stage.fund(&fan.pubkey(), fan_sol)?;
    }

    // The payment mint.
    let mint = stage.keypair(4);
    let payer = &stage.payer;
    let create_mint = token::create_mint(
        &payer.pubkey(),
        &mint.pubkey(),
        &payer.pubkey(),
        DECIMALS,
        token::mint_rent(),
    )?;
    stage.send("creating the USDC mint", &create_mint, payer, &[&mint])?;
    let mint = mint.pubkey();
    p.say(format!(
        "Payment mint \"USDC\" ({DECIMALS} decimals): {mint}"
    ));

    // The artist and three tracks.
    let handle = if local {
        "nova".to_string()
    } else {
        let tag: String = artist.pubkey().to_bytes()[..3]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        format!("nova_{tag}")
    };
    let profile = reg::create_artist(
        &artist.pubkey(),
        CreateArtistArgs {
            handle: handle.clone(),
            display_name: "Nova Lights".into(),
            metadata_uri: String::new(),
        },
    );
    stage.send("creating the artist profile", &[profile], &artist, &[])?;
    p.say(format!("Artist @{handle}: {}", artist.pubkey()));

    let scratch = Scratch::new().context("cannot create a temp folder for the demo's audio")?;
    let salt = if local {
        Vec::new()
    } else {
        artist.pubkey().to_bytes().to_vec()
    };
    let mut tracks = Vec::new();
    for (title, price, splits) in TRACKS {
        let file = format!("{}.wav", title.to_lowercase().replace(' ', "-"));
        let path = scratch.write(&file, &render(title, &salt))?;
        let content_hash = hash_audio_file(&path)?;
        let register = reg::register_track(
            &artist.pubkey(),
            &mint,
            RegisterTrackArgs {
                content_hash,
                isrc: None,
                metadata_uri: String::new(),
                terms: TermsArgs {
                    price_per_play: price,
                    allow_remix: true,
                    allow_commercial: false,
                    allow_derivative: false,
                    derivative_share_bps: 0,
                },
            },
        );
        stage.send("registering a track", &[register], &artist, &[])?;
        let address = pda::track(&content_hash).0;
        p.say(format!(
            "Track \"{title}\" ({}/{file}): {address}, {} USDC a play",
            scratch.path().display(),
            token::ui_amount(price, DECIMALS)
        ));
        tracks.push(PlayedTrack {
            title,
            address,
            price,
            splits,
            tipped: 0,
            harvested: 0,
        });
    }

    // Shares, split three ways and distributed; holders stake.
    let holders = vec![artist, producer, songwriter];
    for track in &tracks {
        let splits: Vec<Split> = holders
            .iter()
            .zip(track.splits)
            .map(|(h, bps)| Split {
                recipient: h.pubkey(),
                bps,
            })
            .collect();
        let create = ix::create_shares(&holders[0].pubkey(), &track.address, &mint, splits);
        stage.send("creating shares", &[create], &holders[0], &[])?;
        distribute_all(client, &holders[0], &track.address)?;
        let split_text: Vec<String> = ROLES
            .iter()
            .zip(track.splits)
            .map(|(role, bps)| format!("{role} {}", crate::output::percent(bps)))
            .collect();
        p.say(format!(
            "Shares of \"{}\": {}; distributed",
            track.title,
            split_text.join(", ")
        ));
    }

    // A market in one track's shares, before anyone stakes: the producer
    // seeds it with part of its shares, the artist (the track's authority)
    // approving, and investors buy in.
    let creator = holders
        .get(market::POOL_CREATOR)
        .ok_or_else(|| anyhow!("the demo's cast has no pool creator"))?;
    let pool_track = tracks
        .get(market::POOL_TRACK)
        .ok_or_else(|| anyhow!("the demo has no track for the pool"))?;
    let pool = market::play(stage, pool_track, creator, &holders[0], &mint)?;

    let balances_before = holders
        .iter()
        .map(|h| token::balance(client, &token::associated_address(&h.pubkey(), &mint)))
        .collect::<Result<Vec<_>, _>>()?;
    for track in &tracks {
        let share_mint = pda::share_mint(&track.address).0;
        for (i, holder) in holders.iter().enumerate() {
            let source = token::associated_address(&holder.pubkey(), &share_mint);
            let held = token::balance(client, &source)?;
            // The songwriter keeps half liquid: unstaked shares earn nothing.
            let amount = if i == 2 { held / 2 } else { held };
            let ixs = [
                ix::open_position(&holder.pubkey(), &holder.pubkey(), &track.address),
                ix::stake(&holder.pubkey(), &track.address, &source, amount),
            ];
            stage.send("staking shares", &ixs, holder, &[])?;
        }
    }
    p.say("Holders staked: artist and producer all they hold, songwriter half");

    // Streaming: listeners fund the escrow, a settler settles their plays,
    // and each track harvests what it earned.
    let streaming = match &authority {
        Some(authority) => Some(streaming::play(stage, &mut tracks, &mint, authority)?),
        None => None,
    };

    // Revenue: fans tip every track.
    let fan_totals: Vec<u64> = (0..fans.len())
        .map(|f| {
            TIPS[f].iter().sum::<u64>()
                + SECOND_TIPS[f]
                + if f == 0 {
                    LATE_TIP * TRACKS.len() as u64
                } else {
                    0
                }
        })
        .collect();
    for (fan, total) in fans.iter().zip(&fan_totals) {
        let ata = token::associated_address(&fan.pubkey(), &mint);
        let ixs = [
            token::create_associated_idempotent(&payer.pubkey(), &fan.pubkey(), &mint),
            token::mint_to(&mint, &ata, &payer.pubkey(), *total)?,
        ];
        stage.send("minting USDC to the fans", &ixs, payer, &[])?;
    }
    p.say("Fans also tip each track directly (deposit_revenue)");
    for (f, fan) in fans.iter().enumerate() {
        for (t, track) in tracks.iter_mut().enumerate() {
            tip(stage, fan, &mint, track, TIPS[f][t])?;
        }
    }

    stage.advance(release_period / 2)?;
    claim_round(stage, &holders, &tracks, &mint, "first")?;

    for (f, fan) in fans.iter().enumerate() {
        let t = (f + 1) % tracks.len();
        if let Some(track) = tracks.get_mut(t) {
            tip(stage, fan, &mint, track, SECOND_TIPS[f])?;
        }
    }
    p.say("A second round of tips, released over a fresh period");
    stage.advance(release_period + 1)?;
    claim_round(stage, &holders, &tracks, &mint, "second")?;

    // A late tip, a day before the books close: the summary then shows
    // revenue still claimable and still unreleased.
    if let Some(fan) = fans.first() {
        for track in tracks.iter_mut() {
            tip(stage, fan, &mint, track, LATE_TIP)?;
        }
    }
    p.say(format!(
        "A late tip of {} USDC on each track",
        token::ui_amount(LATE_TIP, DECIMALS)
    ));
    if local {
        stage.advance(DAY)?;
    }

    Ok(Played {
        mint,
        tracks,
        holders,
        release_period,
        balances_before,
        pool,
        streaming,
    })
}

fn tip(
    stage: &Stage,
    fan: &Keypair,
    mint: &Pubkey,
    track: &mut PlayedTrack,
    amount: u64,
) -> anyhow::Result<()> {
    let source = token::associated_address(&fan.pubkey(), mint);
    let deposit = ix::deposit_revenue(&fan.pubkey(), &track.address, &source, amount);
    stage.send("tipping a track", &[deposit], fan, &[])?;
    track.tipped += amount;
    Ok(())
}

/// Every holder claims what it can at the chain's clock.
fn claim_round(
    stage: &Stage,
    holders: &[Keypair],
    tracks: &[PlayedTrack],
    mint: &Pubkey,
    round: &str,
) -> anyhow::Result<()> {
    let now = stage.client.clock()?.unix_timestamp;
    let mut total = 0u64;
    for track in tracks {
        let config = shares::require_config(stage.client, &track.address)?;
        for holder in holders {
            let Some(position) = shares::position(stage.client, &track.address, &holder.pubkey())?
            else {
                continue;
            };
            let pending = shares::pending_rewards(&position, &config, now)?;
            if pending == 0 {
                continue;
            }
            let destination = token::associated_address(&holder.pubkey(), mint);
            let ixs = [
                token::create_associated_idempotent(&holder.pubkey(), &holder.pubkey(), mint),
                ix::claim(&holder.pubkey(), &track.address, &destination),
            ];
            stage.send("claiming revenue", &ixs, holder, &[])?;
            total += pending;
        }
    }
    stage.progress.say(format!(
        "Holders claim ({round} round): {} USDC",
        token::ui_amount(total, DECIMALS)
    ));
    Ok(())
}
