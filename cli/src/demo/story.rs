//! The demo's royalty chapters, on any chain: governance, the cast and
//! their tracks and shares, staking, and revenue tipped, released and
//! claimed. The market and streaming chapters play between them (see the
//! parent module, which orders the story).

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
use super::played::{PlayedTrack, DECIMALS, ROLES};
use super::stage::Stage;
use crate::error::HintExt;
use crate::gov::require_config;
use crate::output::percent;
use crate::shares::distribute_all;
use crate::units::format_duration;

const SOL: u64 = 1_000_000_000;

/// The three tracks: title, price per play (base units) and each role's
/// split (bps, in `ROLES` order).
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

/// The first track lets derivatives of it owe it this share of their
/// collections; the last track is a remix of the first.
pub const REMIX_SHARE_BPS: u16 = 2_000;
pub const REMIX: usize = 2;
const DAY: i64 = 86_400;

/// Governance as the story found or made it.
pub struct Governance {
    pub release_period: i64,
    /// Governance's authority, when the payer can sign as it (it approves
    /// the streaming chapter's settler).
    pub authority: Option<Keypair>,
}

/// The cast with their mint, tracks and shares.
pub struct Cast {
    pub mint: Pubkey,
    pub tracks: Vec<PlayedTrack>,
    /// In [`ROLES`] order.
    pub holders: Vec<Keypair>,
    pub fans: Vec<Keypair>,
}

/// Governance: bootstrapped by the council on the embedded node, read (and
/// required unpaused) on a cluster.
pub fn governance(stage: &Stage) -> anyhow::Result<Governance> {
    let client = stage.client;
    let p = stage.progress;
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
            // A fresh deployment (`encore localnet`, whose upgrade authority
            // is the keypair by default): set governance up as `encore
            // migrate` would, with the local defaults.
            if let Err(encore_sdk::SdkError::AccountNotFound(_)) =
                encore_sdk::accounts::config(client)
            {
                p.say(format!(
                    "Governance is not initialized here: initializing it with the local defaults, as `encore migrate` would, signed by {} (only the governance program's upgrade authority may)",
                    stage.payer.pubkey()
                ));
                let payer = stage.payer.pubkey();
                stage
                    .send(
                        "initializing governance",
                        &[encore_sdk::instructions::gov::initialize(
                            &payer,
                            local_params(&payer),
                        )],
                        &stage.payer,
                        &[],
                    )
                    .hint("only the governance program's upgrade authority initializes governance: run `encore migrate -k <UPGRADE_AUTHORITY_KEYPAIR>` first, or pass that keypair with -k")?;
            }
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
    Ok(Governance {
        release_period,
        authority,
    })
}

/// The cast funded (with `chapters_sol` more for the other chapters' own
/// accounts, which the payer must hold on a cluster), the payment mint, the
/// artist's three tracks and their shares, distributed.
pub fn setup(stage: &Stage, chapters_sol: u64) -> anyhow::Result<Cast> {
    let client = stage.client;
    let p = stage.progress;
    let local = stage.local();

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
        let needed = artist_sol + 2 * holder_sol + 3 * fan_sol + chapters_sol + SOL / 20;
        let balance = client.balance(&stage.payer.pubkey())?;
        if balance < needed {
            return Err(anyhow!(
                "the keypair {} holds {} SOL; the demo needs about {} SOL for rent and fees",
                stage.payer.pubkey(),
                token::ui_amount(balance, 9),
                token::ui_amount(needed, 9)
            ))
            .hint("fund it (e.g. `encore wallet airdrop` on devnet or a local node), or pass another with -k");
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
    let mut tracks: Vec<PlayedTrack> = Vec::new();
    for (i, (title, price, splits)) in TRACKS.into_iter().enumerate() {
        let file = format!("{}.wav", title.to_lowercase().replace(' ', "-"));
        let path = scratch.write(&file, &render(title, &salt))?;
        let content_hash = hash_audio_file(&path)?;
        let parent = (i == REMIX)
            .then(|| tracks.first().map(|t| t.address))
            .flatten();
        // Committed first, revealed a slot later: no one can front-run it.
        let salt_bytes = encore_sdk::registry::new_salt();
        let commitment =
            encore_sdk::registry::commitment(&content_hash, &artist.pubkey(), &salt_bytes);
        let commit = reg::commit_registration(&artist.pubkey(), commitment);
        stage.send("committing to a track", &[commit], &artist, &[])?;
        client.wait_for_slot(client.clock()?.slot)?;
        let register = reg::register_committed(
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
                    allow_derivative: i == 0,
                    derivative_share_bps: if i == 0 { REMIX_SHARE_BPS } else { 0 },
                },
            },
            salt_bytes,
            None,
            parent.as_ref(),
        );
        stage.send("registering a track", &[register], &artist, &[])?;
        let address = pda::track(&content_hash).0;
        let lineage = match (&parent, tracks.first()) {
            (Some(_), Some(first)) => format!(
                ", a remix of \"{}\" paying it {} of its collections",
                first.title,
                percent(REMIX_SHARE_BPS)
            ),
            _ => String::new(),
        };
        p.say(format!(
            "Track \"{title}\" ({}/{file}): {address}, {} USDC a play{lineage}",
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

    // Shares, split three ways and distributed.
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
            .map(|(role, bps)| format!("{role} {}", percent(bps)))
            .collect();
        p.say(format!(
            "Shares of \"{}\": {}; distributed",
            track.title,
            split_text.join(", ")
        ));
    }

    Ok(Cast {
        mint,
        tracks,
        holders,
        fans,
    })
}

/// The holders' shares were distributed staked, so they earn without a
/// step of their own; the songwriter unstakes half to hold it liquid (shares
/// in a wallet earn nothing). Returns the holders' payment-mint balances
/// before any claim.
pub fn stake(stage: &Stage, cast: &Cast) -> anyhow::Result<Vec<u64>> {
    let client = stage.client;
    let balances_before = cast
        .holders
        .iter()
        .map(|h| token::balance(client, &token::associated_address(&h.pubkey(), &cast.mint)))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(songwriter) = cast.holders.get(2) {
        let me = songwriter.pubkey();
        for track in &cast.tracks {
            let share_mint = pda::share_mint(&track.address).0;
            let staked =
                shares::position(client, &track.address, &me)?.map_or(0, |p| p.stake.staked);
            let ixs = [
                token::create_associated_idempotent(&me, &me, &share_mint),
                ix::unstake(
                    &me,
                    &track.address,
                    &token::associated_address(&me, &share_mint),
                    staked / 2,
                ),
            ];
            stage.send("unstaking shares", &ixs, songwriter, &[])?;
        }
    }
    stage.progress.say(
        "Shares were distributed staked: artist and producer earn on all they hold; the songwriter unstakes half to keep it liquid",
    );
    Ok(balances_before)
}

/// Revenue: fans tip every track, twice, the holders claim after each
/// round's release, and a late tip is left claimable and unreleased.
pub fn revenue(stage: &Stage, cast: &mut Cast, release_period: i64) -> anyhow::Result<()> {
    let p = stage.progress;
    let payer = &stage.payer;
    let mint = cast.mint;
    let (fans, holders, tracks) = (&cast.fans, &cast.holders, &mut cast.tracks);
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
    claim_round(stage, holders, tracks, &mint, "first")?;

    for (f, fan) in fans.iter().enumerate() {
        let t = (f + 1) % tracks.len();
        if let Some(track) = tracks.get_mut(t) {
            tip(stage, fan, &mint, track, SECOND_TIPS[f])?;
        }
    }
    p.say("A second round of tips, released over a fresh period");
    stage.advance(release_period + 1)?;
    claim_round(stage, holders, tracks, &mint, "second")?;

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
    if stage.local() {
        stage.advance(DAY)?;
    }
    Ok(())
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
