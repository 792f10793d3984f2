//! `encore pool create | show`.

use encore_sdk::pda;
use encore_sdk::pool::{self, MINIMUM_LIQUIDITY};
use encore_sdk::royalty_pool::math::isqrt;

use super::{Market, FEE_BPS, SEED_SHARES, SEED_USDC};
use crate::support::chain::units;
use crate::support::studio::{register, Studio, SHARE, USDC};

#[test]
fn create_opens_the_pool_and_show_reads_it() {
    let market = Market::new();
    let chain = market.chain();
    let artist = market.artist();
    let studio = &market.studio;
    let share_mint = pda::share_mint(&studio.track).0;

    // On chain: the pool of the track's share mint against the quote mint,
    // holding the opening deposit; LP = floor(sqrt(s × q)), 1,000 locked.
    assert_eq!(market.pool, pda::pool(&share_mint, &studio.mint).0);
    let state = market.state();
    assert_eq!(state.share_mint, share_mint);
    assert_eq!(state.quote_mint, studio.mint);
    assert_eq!(state.track, studio.track);
    assert_eq!(state.creator, artist.pubkey());
    assert_eq!(state.fee_bps, FEE_BPS);
    assert_eq!(
        (state.reserve_share, state.reserve_quote),
        (SEED_SHARES, SEED_USDC)
    );
    let supply = isqrt(u128::from(SEED_SHARES) * u128::from(SEED_USDC)) as u64;
    assert_eq!(state.lp_supply, supply);
    assert_eq!(market.lp(&artist.pubkey()), supply - MINIMUM_LIQUIDITY);
    assert_eq!(
        market.balances(&artist.pubkey()),
        (1_000_000 * SHARE - SEED_SHARES, 100_000 * USDC - SEED_USDC)
    );

    // The command's JSON says the same, in base and UI units.
    let created = &market.created;
    assert_eq!(units(&created["lp_minted"]), supply - MINIMUM_LIQUIDITY);
    assert_eq!(units(&created["reserve_share"]), SEED_SHARES);
    assert_eq!(created["reserve_quote"]["ui"], "5000");
    assert_eq!(units(&created["lp_supply"]), supply);
    assert_eq!(created["fee_bps"], 30);
    assert_eq!(created["spot_price"]["quote_per_share"], "0.05");
    assert_eq!(created["spot_price"]["shares_per_quote"], "20");
    let (q64, _) = pool::spot_price_q64(&state).unwrap();
    assert_eq!(
        created["spot_price"]["quote_per_share_q64"],
        q64.to_string()
    );
    assert!(created["signature"].is_string());

    // show, by address or by pair, and its human form.
    let by_pool = chain.json(artist, &["pool", "show", "--pool", &market.pool_arg()]);
    let track = studio.track_arg();
    let mint = studio.mint.to_string();
    let by_pair = chain.json(
        artist,
        &["pool", "show", "--track", &track, "--quote-mint", &mint],
    );
    assert_eq!(by_pool, by_pair);
    assert_eq!(by_pool["pool"], market.pool_arg());
    assert_eq!(units(&by_pool["protocol_fees_share"]), 0);
    assert_eq!(units(&by_pool["vault_share"]), SEED_SHARES);
    assert_eq!(units(&by_pool["vault_quote"]), SEED_USDC);
    assert_eq!(
        by_pool["k"],
        (u128::from(SEED_SHARES) * u128::from(SEED_USDC)).to_string()
    );
    assert_eq!(by_pool["oracle"]["last_update_ts"], chain.now());
    assert_eq!(by_pool["oracle"]["price_cumulative_share_in_quote"], "0");
    // The accumulator runs with the clock: 100 s at 0.05 quote per share.
    chain.client.warp_seconds(100);
    let later = chain.json(artist, &["pool", "show", "--pool", &market.pool_arg()]);
    assert_eq!(
        later["oracle"]["observed_share_in_quote"],
        (q64 * 100).to_string()
    );
    let human = chain
        .run(artist, &["pool", "show", "--pool", &market.pool_arg()])
        .unwrap();
    assert!(human.contains("Spot price"), "{human}");
    assert!(human.contains("0.05 quote per share"), "{human}");
    assert!(human.contains("100000 shares / 5000 quote"), "{human}");
    assert!(human.contains("Price accumulators"), "{human}");
}

#[test]
fn create_errors_name_what_to_fix() {
    let market = Market::new();
    let chain = market.chain();
    let artist = market.artist();
    let studio = &market.studio;
    let track = studio.track_arg();
    let mint = studio.mint.to_string();
    let create = |fee: &'static str, shares: &'static str, quote: &'static str| {
        [
            "pool",
            "create",
            "--track",
            track.as_str(),
            "--quote-mint",
            mint.as_str(),
            "--fee-bps",
            fee,
            "--shares",
            shares,
            "--quote",
            quote,
        ]
    };

    // One pool per pair.
    let hint = chain.fails_with(artist, &create("30", "10", "10"), "PoolAlreadyExists");
    assert!(hint.contains("encore pool show --pool"), "{hint}");

    // A pool quotes the track's payment mint only.
    let other = chain.mint(&chain.council, 6);
    chain.mint_to(&chain.council, &other, &artist.pubkey(), 1_000 * USDC);
    let other = other.to_string();
    let mut args = create("30", "10", "10");
    args[5] = other.as_str();
    let hint = chain.fails_with(artist, &args, "QuoteNotPaymentMint");
    assert!(hint.contains(&mint), "{hint}");

    // A second track of the artist's: a fresh pair, but the fee is capped
    // and the opening deposit must clear the locked minimum.
    let second = register(chain, artist, &studio.mint, "second.wav", b"a second song");
    let second = second.to_string();
    let split = format!("{}:10000", artist.pubkey());
    chain.json(
        artist,
        &["shares", "create", "--track", &second, "--split", &split],
    );
    let mut args = create("1001", "10", "10");
    args[3] = second.as_str();
    let hint = chain.fails_with(artist, &args, "FeeTooHigh");
    assert!(hint.contains("at most 1000"), "{hint}");
    let mut args = create("30", "0.000001", "0.000001");
    args[3] = second.as_str();
    let hint = chain.fails_with(artist, &args, "InsufficientInitialLiquidity");
    assert!(hint.contains("1000"), "{hint}");
    let mut args = create("30", "10", "500000");
    args[3] = second.as_str();
    let (error, hint) = chain.fail(artist, &args);
    assert!(error.contains("less than --quote 500000"), "{error}");
    assert!(hint.contains("fund the keypair"), "{hint}");

    // A track without shares; a pool that does not exist.
    let bare = Studio::new();
    let bare_track = bare.track_arg();
    let (error, hint) = bare.chain.fail(
        &bare.artist,
        &[
            "pool",
            "create",
            "--track",
            &bare_track,
            "--quote-mint",
            &mint,
            "--fee-bps",
            "30",
            "--shares",
            "1",
            "--quote",
            "1",
        ],
    );
    assert!(error.contains("has no royalty shares"), "{error}");
    assert!(hint.contains("encore shares create"), "{hint}");
    let (error, hint) = chain.fail(
        artist,
        &["pool", "show", "--track", &track, "--quote-mint", &other],
    );
    assert!(error.contains("has no pool against"), "{error}");
    assert!(hint.contains("encore pool create"), "{hint}");
    let (error, hint) = chain.fail(artist, &["pool", "show", "--pool", &mint]);
    assert!(error.contains("cannot load pool"), "{error}");
    assert!(hint.contains("--quote-mint"), "{hint}");
    let (error, _) = chain.fail(artist, &["pool", "show", "--track", &track]);
    assert!(error.contains("--quote-mint"), "{error}");
}

/// A pair has one pool with a fee fixed for life, so the track's authority
/// approves its opening: a holder opens one only with the artist's keypair
/// given as `--track-authority`.
#[test]
fn a_holder_opens_the_market_only_with_the_artists_approval() {
    let studio = Studio::new();
    let chain = &studio.chain;
    let producer = chain.wallet("producer");
    studio.create(&[(&studio.artist, 5_000), (&producer, 5_000)]);
    studio.fund(&producer, 1_000 * USDC);
    let (track, mint) = (studio.track_arg(), studio.mint.to_string());
    fn strs(args: &[String]) -> Vec<&str> {
        args.iter().map(String::as_str).collect()
    }
    let create = |extra: &[&str]| -> Vec<String> {
        [
            "pool",
            "create",
            "--track",
            &track,
            "--quote-mint",
            &mint,
            "--fee-bps",
            "1000",
            "--shares",
            "1000",
            "--quote",
            "100",
        ]
        .iter()
        .chain(extra)
        .map(|a| a.to_string())
        .collect()
    };
    let share_mint = pda::share_mint(&studio.track).0;
    let address = pda::pool(&share_mint, &studio.mint).0;

    let hint = chain.fails_with(&producer, &strs(&create(&[])), "NotTrackAuthority");
    assert!(hint.contains("--track-authority"), "{hint}");
    let stranger = chain.wallet("stranger");
    chain.fails_with(
        &producer,
        &strs(&create(&["--track-authority", &stranger.path])),
        "NotTrackAuthority",
    );
    assert!(pool::pool(&chain.client, &share_mint, &studio.mint)
        .unwrap()
        .is_none());

    let created = chain.json(
        &producer,
        &strs(&create(&["--track-authority", &studio.artist.path])),
    );
    assert_eq!(created["pool"], address.to_string());
    let state = pool::pool(&chain.client, &share_mint, &studio.mint)
        .unwrap()
        .expect("pool");
    assert_eq!(state.creator, producer.pubkey());
    assert_eq!(state.fee_bps, 1_000);
    assert_eq!(
        (state.reserve_share, state.reserve_quote),
        (1_000 * SHARE, 100 * USDC)
    );
    // The producer's shares were staked as distributed: the 1,000 came out
    // of its position in the pool's transaction, the rest still earns.
    assert_eq!(chain.balance(&producer.pubkey(), &share_mint), 0);
    let position = encore_sdk::shares::position(&chain.client, &studio.track, &producer.pubkey())
        .unwrap()
        .expect("position");
    assert_eq!(position.stake.staked, 499_000 * SHARE);
}
