//! `encore shares holders` and `track show`'s ledger, by hand.

use super::{Studio, SHARE};
use crate::support::chain::units;

#[test]
fn holders_count_staked_and_wallet_shares_by_hand() {
    let studio = Studio::new();
    let chain = &studio.chain;
    let track = studio.track_arg();
    let artist = &studio.artist;
    let producer = chain.wallet("producer");
    let fan = chain.wallet("fan");

    // Before shares exist there is no one to list; registration opened
    // the ledger, with nothing settled.
    let (error, _) = chain.fail(artist, &["shares", "holders", "--track", &track]);
    assert!(error.contains("no royalty shares"), "{error}");
    let shown = chain.json(artist, &["track", "show", &track]);
    assert_eq!(shown["ledger"]["plays"], 0, "{shown}");
    assert_eq!(units(&shown["ledger"]["earned"]), 0);
    assert_eq!(units(&shown["ledger"]["collected"]), 0);

    studio.create(&[(artist, 6_000), (&producer, 2_500), (&fan, 1_500)]);
    // The fan takes a third of its 150,000 into its wallet.
    chain.json(
        &fan,
        &["shares", "unstake", "--track", &track, "--amount", "50000"],
    );
    let holders = chain.json(artist, &["shares", "holders", "--track", &track]);
    let rows: Vec<(String, u64, u64, u64, u64)> = holders
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["owner"].as_str().unwrap().to_string(),
                units(&h["staked"]),
                units(&h["unstaked"]),
                units(&h["total"]),
                h["supply_bps"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                artist.pubkey().to_string(),
                600_000 * SHARE,
                0,
                600_000 * SHARE,
                6_000
            ),
            (
                producer.pubkey().to_string(),
                250_000 * SHARE,
                0,
                250_000 * SHARE,
                2_500
            ),
            (
                fan.pubkey().to_string(),
                100_000 * SHARE,
                50_000 * SHARE,
                150_000 * SHARE,
                1_500
            ),
        ]
    );
    assert!(holders
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["kind"] == "wallet"));
}
