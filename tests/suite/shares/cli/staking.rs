//! `encore shares stake | unstake | claim | close | positions | deposit-revenue`.

use encore_sdk::client::EncoreClient;
use encore_sdk::governance::constants::DAY_SECS;
use encore_sdk::{pda, shares};

use super::{Studio, SHARE, USDC};
use crate::support::chain::units;

const RELEASE: i64 = 7 * DAY_SECS;

#[test]
fn stake_deposit_release_and_claim() {
    let studio = Studio::new();
    let chain = &studio.chain;
    let track = studio.track_arg();
    let artist = &studio.artist;
    let producer = chain.wallet("producer");
    let fan = chain.wallet("fan");
    studio.create_unstaked(&[(artist, 6_000), (&producer, 4_000)]);

    // Everything was unstaked after distribution: the position is empty.
    assert_eq!(
        shares::position(&chain.client, &studio.track, &artist.pubkey())
            .unwrap()
            .map(|p| p.stake.staked),
        Some(0)
    );
    let staked = chain.json(
        artist,
        &["shares", "stake", "--track", &track, "--amount", "600000"],
    );
    assert_eq!(units(&staked["staked"]), 600_000 * SHARE);
    assert_eq!(
        staked["position"],
        pda::position(&studio.track, &artist.pubkey()).0.to_string()
    );
    chain.json(
        &producer,
        &["shares", "stake", "--track", &track, "--amount", "60000"],
    );
    let more = chain.json(
        &producer,
        &["shares", "stake", "--track", &track, "--amount", "40000.5"],
    );
    assert_eq!(more["staked"]["ui"], "100000.5");
    let (error, hint) = chain.fail(
        &producer,
        &["shares", "stake", "--track", &track, "--amount", "300000"],
    );
    assert!(error.contains("holds 299999.5 shares"), "{error}");
    assert!(hint.contains("encore shares show"), "{hint}");
    let (error, hint) = chain.fail(
        &producer,
        &[
            "shares",
            "stake",
            "--track",
            &track,
            "--amount",
            "1.0000001",
        ],
    );
    assert!(error.contains("at most 6 decimals"), "{error}");
    assert!(hint.contains("6 decimals"), "{hint}");

    // A fan tips the track; a tip needs the funds.
    studio.fund(&fan, 100 * USDC);
    let (error, _) = chain.fail(
        &fan,
        &[
            "shares",
            "deposit-revenue",
            "--track",
            &track,
            "--amount",
            "100.5",
        ],
    );
    assert!(error.contains("less than 100.5"), "{error}");
    chain.fails_with(
        &fan,
        &[
            "shares",
            "deposit-revenue",
            "--track",
            &track,
            "--amount",
            "0",
        ],
        "ZeroAmount",
    );
    let deposited = chain.json(
        &fan,
        &[
            "shares",
            "deposit-revenue",
            "--track",
            &track,
            "--amount",
            "70",
        ],
    );
    assert_eq!(units(&deposited["amount"]), 70 * USDC);
    assert_eq!(units(&deposited["revenue"]["deposited"]), 70 * USDC);
    assert_eq!(units(&deposited["revenue"]["unreleased"]), 70 * USDC);
    assert_eq!(units(&deposited["revenue"]["vault_balance"]), 70 * USDC);
    assert_eq!(
        deposited["revenue"]["release_end"].as_i64().unwrap(),
        chain.now() + RELEASE
    );
    let hint = chain.fails_with(
        artist,
        &["shares", "claim", "--track", &track],
        "NothingToClaim",
    );
    assert!(hint.contains("encore shares positions"), "{hint}");

    // Half the period: half the revenue, split by stake (600000 : 100000.5).
    chain.client.warp_seconds(RELEASE / 2);
    let positions = chain.json(artist, &["shares", "positions"]);
    let positions = positions.as_array().unwrap();
    assert_eq!(positions.len(), 1);
    let artist_pending = units(&positions[0]["pending"]);
    let producer_view = chain.json(
        artist,
        &[
            "shares",
            "positions",
            "--owner",
            &producer.pubkey().to_string(),
        ],
    );
    let producer_pending = units(&producer_view[0]["pending"]);
    // 35 USDC released; exact shares up to rounding down.
    let exact = (u128::from(35 * USDC) * 600_000_000_000 / 700_000_500_000) as u64;
    assert!(exact - artist_pending <= 1, "{artist_pending} vs {exact}");
    assert!(producer_pending <= 35 * USDC - artist_pending);
    assert!(35 * USDC - artist_pending - producer_pending <= 2);

    let claimed = chain.json(artist, &["shares", "claim", "--track", &track]);
    assert_eq!(units(&claimed["amount"]), artist_pending);
    assert_eq!(units(&claimed["claimed"]), artist_pending);
    assert_eq!(units(&claimed["pending"]), 0);
    assert_eq!(
        chain.balance(&artist.pubkey(), &studio.mint),
        artist_pending
    );
    chain.fails_with(
        artist,
        &["shares", "claim", "--track", &track],
        "NothingToClaim",
    );

    // Unstaking: never more than staked; works any time.
    let hint = chain.fails_with(
        &producer,
        &[
            "shares", "unstake", "--track", &track, "--amount", "100000.6",
        ],
        "UnstakeExceedsStake",
    );
    assert!(hint.contains("100000.5 shares staked"), "{hint}");
    let unstaked = chain.json(
        &producer,
        &[
            "shares", "unstake", "--track", &track, "--amount", "50000.5",
        ],
    );
    assert_eq!(unstaked["staked"]["ui"], "50000");
    let share_mint = pda::share_mint(&studio.track).0;
    assert_eq!(
        chain.balance(&producer.pubkey(), &share_mint),
        350_000 * SHARE
    );

    // After the whole period every unit is released; the books balance.
    chain.client.warp_seconds(RELEASE);
    chain.json(&producer, &["shares", "claim", "--track", &track]);
    chain.json(artist, &["shares", "claim", "--track", &track]);
    let shown = chain.json(&fan, &["shares", "show", "--track", &track]);
    let r = &shown["revenue"];
    assert_eq!(units(&r["unreleased"]), 0);
    assert_eq!(
        units(&r["claimed"]) + units(&r["pending"]) + units(&r["unreleased"]) + units(&r["dust"]),
        70 * USDC
    );
    assert!(units(&r["dust"]) <= 3, "{r}");
    assert_eq!(units(&r["vault_balance"]), 70 * USDC - units(&r["claimed"]));
    assert_eq!(r["positions"], 2);
    let paid = chain.balance(&artist.pubkey(), &studio.mint)
        + chain.balance(&producer.pubkey(), &studio.mint);
    assert_eq!(paid, units(&r["claimed"]));

    // Closing: only an empty position, and its rent goes back to its payer.
    let hint = chain.fails_with(
        &producer,
        &["shares", "close", "--track", &track],
        "PositionNotEmpty",
    );
    assert!(
        hint.contains("unstake and claim everything first"),
        "{hint}"
    );
    chain.json(
        artist,
        &["shares", "unstake", "--track", &track, "--amount", "600000"],
    );
    let position = pda::position(&studio.track, &artist.pubkey()).0;
    let rent = chain.client.balance(&position).unwrap();
    let before = chain.client.balance(&artist.pubkey()).unwrap();
    let closed = chain.json(artist, &["shares", "close", "--track", &track]);
    assert_eq!(closed["position"], position.to_string());
    assert_eq!(closed["rent_to"], artist.pubkey().to_string());
    assert_eq!(closed["rent_lamports"], rent);
    assert!(chain.client.get_account(&position).unwrap().is_none());
    // The close's one signature pays the 5,000-lamport fee.
    assert_eq!(
        chain.client.balance(&artist.pubkey()).unwrap(),
        before + rent - 5_000
    );
    let (error, hint) = chain.fail(artist, &["shares", "close", "--track", &track]);
    assert!(error.contains("has no position"), "{error}");
    assert!(hint.contains("encore shares stake"), "{hint}");
    let shown = chain.json(&fan, &["shares", "show", "--track", &track]);
    assert_eq!(shown["revenue"]["positions"], 1);
}

#[test]
fn pause_blocks_stakes_but_never_exits() {
    let studio = Studio::new();
    let chain = &studio.chain;
    let track = studio.track_arg();
    let artist = &studio.artist;
    let fan = chain.wallet("fan");
    studio.create_unstaked(&[(artist, 10_000)]);
    chain.json(
        artist,
        &["shares", "stake", "--track", &track, "--amount", "1000"],
    );
    studio.fund(&fan, 10 * USDC);
    chain.json(
        &fan,
        &[
            "shares",
            "deposit-revenue",
            "--track",
            &track,
            "--amount",
            "10",
        ],
    );
    chain.client.warp_seconds(RELEASE);

    chain.json(&chain.council, &["gov", "pause", "--area", "registry"]);
    let hint = chain.fails_with(
        artist,
        &["shares", "stake", "--track", &track, "--amount", "1"],
        "Paused",
    );
    assert!(hint.contains("encore gov show"), "{hint}");
    let claimed = chain.json(artist, &["shares", "claim", "--track", &track]);
    assert_eq!(units(&claimed["amount"]), 10 * USDC);
    chain.json(
        artist,
        &["shares", "unstake", "--track", &track, "--amount", "1000"],
    );

    chain.json(&chain.council, &["gov", "unpause", "--area", "registry"]);
    chain.json(
        artist,
        &["shares", "stake", "--track", &track, "--amount", "1"],
    );
}

#[test]
fn positions_and_exits_need_a_position() {
    let studio = Studio::new();
    let chain = &studio.chain;
    let track = studio.track_arg();
    let stranger = chain.wallet("stranger");
    studio.create_unstaked(&[(&studio.artist, 10_000)]);

    let (error, hint) = chain.fail(&stranger, &["shares", "claim", "--track", &track]);
    assert!(error.contains("has no position"), "{error}");
    assert!(hint.contains("encore shares stake"), "{hint}");
    let (error, _) = chain.fail(
        &stranger,
        &["shares", "unstake", "--track", &track, "--amount", "1"],
    );
    assert!(error.contains("has no position"), "{error}");
    let none = chain.json(&stranger, &["shares", "positions"]);
    assert_eq!(none, serde_json::json!([]));
    let human = chain.run(&stranger, &["shares", "positions"]).unwrap();
    assert!(human.contains("has no positions"), "{human}");
}
