//! `encore shares ...` through the binary: split a track, stake, take
//! revenue, claim after a warp.

use encore_sdk::{pda, shares, token};
use serde_json::Value;

use anchor_lang::prelude::Pubkey;

use super::{key, register_args, E2e, Wallet};

const USDC: u64 = 1_000_000;

pub fn base_units(value: &Value) -> u64 {
    value["base_units"]
        .as_u64()
        .unwrap_or_else(|| panic!("not an amount: {value}"))
}

/// Governance, an artist whose 6-decimal mint prices one registered track,
/// and that track's shares split `splits` (wallet, bps) by `encore shares create`.
pub struct Studio {
    pub artist: Wallet,
    pub mint: Pubkey,
    pub track: Pubkey,
}

impl Studio {
    pub fn new(e2e: &E2e, splits: &[(&Wallet, u16)]) -> Self {
        e2e.gov_init();
        let artist = e2e.wallet("artist");
        let mint = e2e.mint(&artist, 6);
        e2e.json(&artist, &["artist", "create", "--handle", "nova"]);
        let audio = e2e.file("first.wav", b"first master");
        let mint_arg = mint.to_string();
        let registered = e2e.json(&artist, &register_args(&audio, "0.01", &mint_arg, &[]));
        let track = key(&registered["track"]);
        let track_arg = track.to_string();
        let mut split_args: Vec<String> = vec![format!(
            "{}:{}",
            artist.pubkey(),
            10_000 - splits.iter().map(|(_, bps)| bps).sum::<u16>()
        )];
        split_args.extend(
            splits
                .iter()
                .map(|(w, bps)| format!("{}:{bps}", w.pubkey())),
        );
        let mut args = vec!["shares", "create", "--track", &track_arg];
        for split in &split_args {
            args.extend_from_slice(&["--split", split]);
        }
        let created = e2e.json(&artist, &args);
        assert!(created.is_object(), "{created}");
        Self {
            artist,
            mint,
            track,
        }
    }
}

#[test]
fn e2e_shares_split_stake_and_claim() {
    let e2e = E2e::start();
    let producer = e2e.wallet("producer");
    let fan = e2e.wallet("fan");
    let studio = Studio::new(&e2e, &[(&producer, 4_000)]);
    let (artist, mint, track_key) = (&studio.artist, studio.mint, studio.track);
    let track = track_key.to_string();
    let share_mint = pda::share_mint(&track_key).0;
    let staked_of = |who: &Pubkey| {
        shares::position(&e2e.client, &track_key, who)
            .unwrap()
            .expect("distribution opened the position")
            .stake
            .staked
    };
    // Distribution staked every split: the producer's 40 % earns at once,
    // with nothing in its wallet.
    assert_eq!(staked_of(&producer.pubkey()), 400_000 * USDC);
    let wallet_shares = || {
        token::balance(
            &e2e.client,
            &token::associated_address(&producer.pubkey(), &share_mint),
        )
        .unwrap_or(0)
    };
    assert_eq!(wallet_shares(), 0);
    // Out to the wallet and back, through the CLI.
    e2e.json(
        &producer,
        &["shares", "unstake", "--track", &track, "--amount", "1000"],
    );
    assert_eq!(wallet_shares(), 1_000 * USDC);
    assert_eq!(staked_of(&producer.pubkey()), 399_000 * USDC);
    let staked = e2e.json(
        &producer,
        &["shares", "stake", "--track", &track, "--amount", "1000"],
    );
    assert_eq!(base_units(&staked["staked"]), 400_000 * USDC);
    assert_eq!(wallet_shares(), 0);

    e2e.mint_to(artist, &mint, &fan.pubkey(), 100 * USDC);
    let deposited = e2e.json(
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
    assert_eq!(base_units(&deposited["amount"]), 70 * USDC);

    // After the whole release period, each holder claims its split of it:
    // 40 % of 70 is 28, 60 % is 42 (less at most a unit of dust each).
    e2e.net.warp_seconds(8 * 86_400).unwrap();
    let claimed = e2e.json(&producer, &["shares", "claim", "--track", &track]);
    let amount = base_units(&claimed["amount"]);
    assert!(
        amount <= 28 * USDC && 28 * USDC - amount <= 1,
        "claimed {amount}"
    );
    let artist_claimed = e2e.json(artist, &["shares", "claim", "--track", &track]);
    let artist_amount = base_units(&artist_claimed["amount"]);
    assert!(
        artist_amount <= 42 * USDC && 42 * USDC - artist_amount <= 1,
        "claimed {artist_amount}"
    );
    let position = shares::position(&e2e.client, &track_key, &producer.pubkey())
        .unwrap()
        .unwrap();
    assert_eq!(position.stake.staked, 400_000 * USDC);
    assert_eq!(position.claimed, amount);
    assert_eq!(
        token::balance(
            &e2e.client,
            &token::associated_address(&producer.pubkey(), &mint)
        )
        .unwrap(),
        amount
    );
}
