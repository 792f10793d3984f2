//! `encore gov settler ...`: bonds, approvals, slashing.

use encore_sdk::accounts;
use serde_json::json;

use super::{units, Chain, TIMELOCK};
use crate::support::cli::key;

const UNIT: u64 = 1_000_000;

#[test]
fn settler_registers_bonds_and_is_approved() {
    let chain = Chain::new();
    let council = &chain.council;
    let settler = chain.wallet("settler");
    let mint = chain.mint(council, 6);
    let mint_text = mint.to_string();
    chain.mint_to(council, &mint, &settler.pubkey(), 500 * UNIT);
    let wallet = settler.pubkey().to_string();

    let (error, hint) = chain.fail(&settler, &["gov", "settler", "show"]);
    assert!(error.contains("not a registered settler"), "{error}");
    assert!(hint.contains("gov settler register"), "{hint}");

    let registered = chain.json(
        &settler,
        &["gov", "settler", "register", "--bond-mint", &mint_text],
    );
    assert_eq!(key(&registered["wallet"]), settler.pubkey());
    assert_eq!(registered["approved"], false);
    assert_eq!(registered["bond"], json!({"base_units": 0, "ui": "0"}));
    let (error, _) = chain.fail(
        &settler,
        &["gov", "settler", "register", "--bond-mint", &mint_text],
    );
    assert!(error.contains("already a registered settler"), "{error}");

    chain.fails_with(
        &settler,
        &["gov", "settler", "post-bond", "--amount", "0"],
        "InvalidBondAmount",
    );
    let (error, _) = chain.fail(
        &settler,
        &["gov", "settler", "post-bond", "--amount", "501"],
    );
    assert!(error.contains("holds 500"), "{error}");
    let posted = chain.json(
        &settler,
        &["gov", "settler", "post-bond", "--amount", "250.5"],
    );
    assert_eq!(
        posted["bond"],
        json!({"base_units": 250_500_000u64, "ui": "250.5"})
    );
    assert_eq!(units(&posted["free_bond"]), 250_500_000);
    assert_eq!(chain.balance(&settler.pubkey(), &mint), 249_500_000);

    // Approval checks the free bond the council asks for.
    let stranger = chain.wallet("stranger");
    chain.fails_with(
        &stranger,
        &["gov", "settler", "approve", &wallet],
        "Unauthorized",
    );
    let hint = chain.fails_with(
        council,
        &["gov", "settler", "approve", &wallet, "--min-bond", "300"],
        "InsufficientBond",
    );
    assert!(hint.contains("250.5"), "{hint}");
    let approved = chain.json(
        council,
        &["gov", "settler", "approve", &wallet, "--min-bond", "250"],
    );
    assert_eq!(approved["approved"], true);
    chain.fails_with(
        council,
        &["gov", "settler", "approve", &wallet],
        "SettlerAlreadyApproved",
    );
    assert!(
        accounts::settler(&chain.client, &settler.pubkey())
            .unwrap()
            .unwrap()
            .approved
    );

    let listed = chain.json(&stranger, &["gov", "settler", "list", "--approved"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["wallet"], wallet);
    let shown = chain.json(&stranger, &["gov", "settler", "show", &wallet]);
    assert_eq!(shown["approved"], true);

    // An approved settler's bond is locked.
    let hint = chain.fails_with(
        &settler,
        &["gov", "settler", "withdraw-bond", "--amount", "1"],
        "SettlerStillApproved",
    );
    assert!(hint.contains("revoke"), "{hint}");
}

#[test]
fn slash_is_timelocked_and_pays_the_treasury() {
    let chain = Chain::new();
    let council = &chain.council;
    let settler = chain.wallet("settler");
    let mint = chain.mint(council, 6);
    chain.mint_to(council, &mint, &settler.pubkey(), 100 * UNIT);
    let wallet = settler.pubkey().to_string();
    chain.json(
        &settler,
        &[
            "gov",
            "settler",
            "register",
            "--bond-mint",
            &mint.to_string(),
        ],
    );
    chain.json(
        &settler,
        &["gov", "settler", "post-bond", "--amount", "100"],
    );
    chain.json(council, &["gov", "settler", "approve", &wallet]);

    let slash = [
        "gov",
        "settler",
        "slash",
        "--settler",
        &wallet,
        "--amount",
        "30",
        "--reason",
        "7",
    ];
    let stranger = chain.wallet("stranger");
    chain.fails_with(&stranger, &slash, "Unauthorized");
    // Slashing lives with the other settler commands only.
    let (error, hint) = chain.fail(council, &["gov", "slash", "--settler", &wallet]);
    assert!(error.contains("unrecognized subcommand 'slash'"), "{error}");
    assert!(hint.contains("encore gov --help"), "{hint}");
    let (error, _) = chain.fail(
        council,
        &[
            "gov",
            "settler",
            "slash",
            "--settler",
            &chain.wallet("nobody").pubkey().to_string(),
            "--amount",
            "1",
            "--reason",
            "7",
        ],
    );
    assert!(error.contains("is not a registered settler"), "{error}");
    let hint = chain.fails_with(
        council,
        &[
            "gov",
            "settler",
            "slash",
            "--settler",
            &wallet,
            "--amount",
            "101",
            "--reason",
            "7",
        ],
        "SlashExceedsBond",
    );
    assert!(hint.contains("is 100"), "{hint}");
    chain.fails_with(
        council,
        &[
            "gov",
            "settler",
            "slash",
            "--settler",
            &wallet,
            "--amount",
            "0",
            "--reason",
            "7",
        ],
        "InvalidSlashAmount",
    );

    let proposed = chain.json(council, &slash);
    assert_eq!(
        proposed["proposal"]["change"],
        json!({"kind": "slash_settler", "settler": wallet, "amount": 30 * UNIT, "reason": 7})
    );
    assert!(proposed["proposal"]["summary"]
        .as_str()
        .unwrap()
        .contains("by 30 (reason 7)"));
    let reserved = chain.json(council, &["gov", "settler", "show", &wallet]);
    assert_eq!(units(&reserved["pending_slash"]), 30 * UNIT);
    assert_eq!(units(&reserved["free_bond"]), 70 * UNIT);

    chain.fails_with(&stranger, &["gov", "execute", "0"], "TimelockNotElapsed");
    chain.client.warp_seconds(TIMELOCK);
    let executed = chain.json(&stranger, &["gov", "execute", "0"]);
    assert_eq!(executed["proposal"]["status"], "executed");
    // The treasury (the council, by default) received the slash.
    assert_eq!(chain.balance(&council.pubkey(), &mint), 30 * UNIT);
    let after = chain.json(&stranger, &["gov", "settler", "show", &wallet]);
    assert_eq!(units(&after["bond"]), 70 * UNIT);
    assert_eq!(units(&after["slashed_total"]), 30 * UNIT);
    assert_eq!(after["slash_count"], 1);
    assert_eq!(after["last_slash_reason"], 7);

    // A cancelled slash releases its reservation.
    chain.json(
        council,
        &[
            "gov",
            "settler",
            "slash",
            "--settler",
            &wallet,
            "--amount",
            "5",
            "--reason",
            "1",
        ],
    );
    chain.json(council, &["gov", "cancel", "1"]);
    let released = chain.json(&stranger, &["gov", "settler", "show", &wallet]);
    assert_eq!(units(&released["pending_slash"]), 0);

    // Revoked: the bond unlocks one timelock later.
    let revoked = chain.json(council, &["gov", "settler", "revoke", &wallet]);
    assert_eq!(revoked["approved"], false);
    let unlocks = revoked["bond_unlocks_at"].as_i64().unwrap();
    assert_eq!(unlocks, chain.now() + TIMELOCK);
    chain.fails_with(
        council,
        &["gov", "settler", "revoke", &wallet],
        "SettlerNotApproved",
    );
    let hint = chain.fails_with(
        &settler,
        &["gov", "settler", "withdraw-bond", "--amount", "1"],
        "BondLocked",
    );
    assert!(hint.contains("unlocks at"), "{hint}");
    chain.client.warp_seconds(TIMELOCK);
    let hint = chain.fails_with(
        &settler,
        &["gov", "settler", "withdraw-bond", "--amount", "70.000001"],
        "InsufficientBond",
    );
    assert!(hint.contains("is 70"), "{hint}");
    let withdrawn = chain.json(
        &settler,
        &["gov", "settler", "withdraw-bond", "--amount", "70"],
    );
    assert_eq!(units(&withdrawn["bond"]), 0);
    assert_eq!(chain.balance(&settler.pubkey(), &mint), 70 * UNIT);
}
