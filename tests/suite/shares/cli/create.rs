//! `encore shares create | distribute | show`: splits, checked client-side
//! and on chain.

use encore_sdk::instructions::shares as ix;
use encore_sdk::shares::Split;
use encore_sdk::{accounts, client::EncoreClient, pda, token, Pubkey};
use serde_json::json;

use super::{Studio, SHARE};
use crate::support::chain::units;
use crate::support::cli::Wallet;

const SUPPLY: u64 = 1_000_000 * SHARE;

#[test]
fn shares_create_splits_the_supply_and_distributes_it() {
    let studio = Studio::new();
    let chain = &studio.chain;
    let producer = chain.wallet("producer");
    let songwriter = chain.wallet("songwriter");
    let created = studio.create(&[
        (&studio.artist, 5_000),
        (&producer, 3_333),
        (&songwriter, 1_667),
    ]);
    assert!(created["signature"].is_string());
    assert_eq!(
        created["distribute_signatures"].as_array().unwrap().len(),
        1
    );
    assert_eq!(created["distribution_complete"], true);
    assert_eq!(
        created["supply"],
        json!({"base_units": SUPPLY, "ui": "1000000"})
    );
    assert_eq!(created["payment_decimals"], 6);
    let share_mint = pda::share_mint(&studio.track).0;
    assert_eq!(created["share_mint"], share_mint.to_string());
    let allocations = created["allocations"].as_array().unwrap();
    assert_eq!(allocations.len(), 3);
    assert_eq!(allocations[1]["recipient"], producer.pubkey().to_string());
    assert_eq!(allocations[1]["bps"], 3_333);
    assert_eq!(allocations[1]["shares"]["ui"], "333300");
    assert!(allocations.iter().all(|a| a["distributed"] == true));

    // On chain: every allocation staked in its holder's position (earning
    // at once, nothing in the wallets), the track records the mint.
    for (wallet, bps) in [
        (&studio.artist, 5_000u64),
        (&producer, 3_333),
        (&songwriter, 1_667),
    ] {
        assert_eq!(staked(chain, &studio.track, wallet), SUPPLY * bps / 10_000);
        assert_eq!(chain.balance(&wallet.pubkey(), &share_mint), 0);
    }
    let track = accounts::track(&chain.client, &studio.track).unwrap();
    assert_eq!(track.share_mint, Some(share_mint));
    let mint = token::mint_info(&chain.client, &share_mint).unwrap();
    assert_eq!(mint.supply, SUPPLY);
    assert!(mint.mint_authority.is_none(), "the supply is fixed");

    // `show` is the same view; nothing earned yet.
    let shown = chain.json(
        &producer,
        &["shares", "show", "--track", &studio.track_arg()],
    );
    assert_eq!(shown["allocations"], created["allocations"]);
    let revenue = &shown["revenue"];
    for field in [
        "deposited",
        "claimed",
        "pending",
        "unreleased",
        "dust",
        "vault_balance",
    ] {
        assert_eq!(units(&revenue[field]), 0, "{field}");
    }
    // One position a recipient, opened by the distribution.
    assert_eq!(revenue["positions"], 3);
    let human = chain
        .run(
            &producer,
            &["shares", "show", "--track", &studio.track_arg()],
        )
        .unwrap();
    assert!(human.contains("Supply         1000000 shares"), "{human}");
    assert!(human.contains("33.33%"), "{human}");

    // Nothing left to distribute.
    let again = chain.json(
        &producer,
        &["shares", "distribute", "--track", &studio.track_arg()],
    );
    assert_eq!(again["signatures"], json!([]));
}

#[test]
fn shares_create_distributes_in_batches() {
    let studio = Studio::new();
    let wallets: Vec<Wallet> = (0..10)
        .map(|i| studio.chain.wallet(&format!("holder{i}")))
        .collect();
    let splits: Vec<(&Wallet, u16)> = wallets.iter().map(|w| (w, 1_000)).collect();
    let created = studio.create(&splits);
    let batches = created["distribute_signatures"].as_array().unwrap().len();
    assert_eq!(batches, 10usize.div_ceil(ix::DISTRIBUTE_BATCH));
    for w in &wallets {
        assert_eq!(staked(&studio.chain, &studio.track, w), SUPPLY / 10);
    }
}

#[test]
fn shares_create_names_bad_splits_before_sending() {
    let studio = Studio::new();
    let chain = &studio.chain;
    let a = studio.artist.pubkey().to_string();
    let b = chain.wallet("b").pubkey().to_string();
    let track = studio.track_arg();
    let create = |splits: &[String]| {
        let mut args = vec!["shares", "create", "--track", track.as_str()];
        for s in splits {
            args.extend_from_slice(&["--split", s.as_str()]);
        }
        chain.fail(&studio.artist, &args)
    };

    let (error, hint) = create(&[format!("{a}:5000"), format!("{b}:4000")]);
    assert!(error.contains("InvalidSplitTotal"), "{error}");
    assert!(error.contains("sum to 9000"), "{error}");
    assert!(hint.contains("--split ADDRESS:BPS"), "{hint}");
    let (error, _) = create(&[format!("{a}:5000"), format!("{a}:5000")]);
    assert!(error.contains("DuplicateRecipient"), "{error}");
    let (error, _) = create(&[format!("{a}:10000"), format!("{b}:0")]);
    assert!(error.contains("ZeroBps"), "{error}");
    let many: Vec<String> = (0..17)
        .map(|_| format!("{}:1", anchor_lang::prelude::Pubkey::new_unique()))
        .collect();
    let (error, _) = create(&many);
    assert!(error.contains("InvalidRecipientCount"), "{error}");
    let (error, hint) = create(&["nobody:5000".into()]);
    assert!(error.contains("not a base58 address"), "{error}");
    assert_eq!(hint, "see `encore shares create --help`");
    let (error, _) = create(std::slice::from_ref(&a));
    assert!(error.contains("ADDRESS:BPS"), "{error}");
    assert!(
        encore_sdk::shares::config(&chain.client, &studio.track)
            .unwrap()
            .is_none(),
        "nothing was created"
    );

    // Only the track's authority, and only once.
    let other = chain.wallet("other");
    let args = [
        "shares",
        "create",
        "--track",
        &track,
        "--split",
        &format!("{a}:10000"),
    ];
    chain.fails_with(&other, &args, "NotTrackAuthority");
    chain.json(&studio.artist, &args);
    let hint = chain.fails_with(&studio.artist, &args, "SharesAlreadyCreated");
    assert!(
        hint.contains(&format!("encore shares show --track {track}")),
        "{hint}"
    );

    // A track nobody registered.
    let (error, hint) = chain.fail(&studio.artist, &["shares", "show", "--track", &b]);
    assert!(error.contains("has no royalty shares"), "{error}");
    assert!(hint.contains("encore shares create"), "{hint}");
}

/// The client-side check mirrors the program's: sent anyway, the same
/// splits fail on chain with the same names.
#[test]
fn the_program_names_bad_splits_too() {
    let studio = Studio::new();
    let chain = &studio.chain;
    let artist = studio.artist.pubkey();
    let other = chain.wallet("other").pubkey();
    let send = |splits: Vec<Split>| {
        let create = ix::create_shares(&artist, &studio.track, &studio.mint, splits);
        chain
            .client
            .send_instructions(&[create], &studio.artist.keypair, &[])
            .unwrap_err()
    };
    let short = send(vec![
        Split {
            recipient: artist,
            bps: 5_000,
        },
        Split {
            recipient: other,
            bps: 4_000,
        },
    ]);
    assert_eq!(
        short.program_error_name(),
        Some("InvalidSplitTotal"),
        "{short}"
    );
    let duplicate = send(vec![
        Split {
            recipient: artist,
            bps: 5_000,
        },
        Split {
            recipient: artist,
            bps: 5_000,
        },
    ]);
    assert_eq!(
        duplicate.program_error_name(),
        Some("DuplicateRecipient"),
        "{duplicate}"
    );
}

/// What `wallet` has staked in `track`'s shares.
fn staked(chain: &crate::support::chain::Chain, track: &Pubkey, wallet: &Wallet) -> u64 {
    encore_sdk::shares::position(&chain.client, track, &wallet.pubkey())
        .unwrap()
        .expect("a position")
        .stake
        .staked
}
