//! `encore gov pause | unpause | transfer-authority | accept-authority`.

use encore_sdk::accounts;
use serde_json::json;

use super::Chain;
use crate::support::cli::key;

#[test]
fn pause_and_unpause_each_area_or_all() {
    let chain = Chain::new();
    let council = &chain.council;

    let paused = chain.json(council, &["gov", "pause", "--area", "settlement"]);
    assert_eq!(
        paused["paused"],
        json!({"registry": false, "settlement": true, "pool": false})
    );
    assert!(accounts::config(&chain.client).unwrap().paused.settlement);
    let hint = chain.fails_with(
        council,
        &["gov", "pause", "--area", "settlement"],
        "PauseUnchanged",
    );
    assert!(hint.contains("encore gov show"), "{hint}");

    let all = chain.json(council, &["gov", "pause", "--area", "all"]);
    assert_eq!(
        all["paused"],
        json!({"registry": true, "settlement": true, "pool": true})
    );
    let human = chain.run(council, &["gov", "show"]).unwrap();
    assert!(human.contains("registry, settlement, pool"), "{human}");

    // The registry area really blocks new artists.
    let artist = chain.wallet("artist");
    chain.fails_with(
        &artist,
        &["artist", "create", "--handle", "blocked"],
        "RegistryPaused",
    );

    let resumed = chain.json(council, &["gov", "unpause", "--area", "pool"]);
    assert_eq!(
        resumed["paused"],
        json!({"registry": true, "settlement": true, "pool": false})
    );
    chain.json(council, &["gov", "unpause", "--area", "all"]);
    assert_eq!(
        accounts::config(&chain.client).unwrap().paused,
        Default::default()
    );
    chain.json(&artist, &["artist", "create", "--handle", "unblocked"]);

    // Only the authority; and the area must be one of the four.
    let stranger = chain.wallet("stranger");
    chain.fails_with(
        &stranger,
        &["gov", "pause", "--area", "registry"],
        "Unauthorized",
    );
    let (error, _) = chain.fail(council, &["gov", "pause", "--area", "everything"]);
    assert!(error.contains("invalid value 'everything'"), "{error}");
    let (error, _) = chain.fail(council, &["gov", "pause"]);
    assert!(error.contains("--area"), "{error}");
}

#[test]
fn authority_moves_in_two_steps() {
    let chain = Chain::new();
    let council = &chain.council;
    let successor = chain.wallet("successor");
    let stranger = chain.wallet("stranger");

    let hint = chain.fails_with(
        &successor,
        &["gov", "accept-authority"],
        "NoPendingAuthority",
    );
    assert!(hint.contains("transfer-authority"), "{hint}");
    chain.fails_with(
        &stranger,
        &["gov", "transfer-authority", &stranger.pubkey().to_string()],
        "Unauthorized",
    );
    chain.fails_with(
        council,
        &["gov", "transfer-authority", &council.pubkey().to_string()],
        "AuthorityUnchanged",
    );

    let proposed = chain.json(
        council,
        &["gov", "transfer-authority", &successor.pubkey().to_string()],
    );
    assert_eq!(key(&proposed["pending_authority"]), successor.pubkey());
    assert_eq!(key(&proposed["authority"]), council.pubkey());

    // Withdraw, then propose again.
    let withdrawn = chain.json(council, &["gov", "transfer-authority", "--cancel"]);
    assert!(withdrawn["pending_authority"].is_null());
    chain.json(
        council,
        &["gov", "transfer-authority", &successor.pubkey().to_string()],
    );

    let hint = chain.fails_with(
        &stranger,
        &["gov", "accept-authority"],
        "WrongPendingAuthority",
    );
    assert!(hint.contains(&successor.pubkey().to_string()), "{hint}");
    let accepted = chain.json(&successor, &["gov", "accept-authority"]);
    assert_eq!(key(&accepted["authority"]), successor.pubkey());
    assert!(accepted["pending_authority"].is_null());
    assert_eq!(
        accounts::config(&chain.client).unwrap().authority,
        successor.pubkey()
    );

    // The old council has no say any more.
    chain.fails_with(council, &["gov", "pause", "--area", "pool"], "Unauthorized");
    chain.json(&successor, &["gov", "pause", "--area", "pool"]);
    let (error, _) = chain.fail(council, &["gov", "transfer-authority"]);
    assert!(error.contains("required"), "{error}");
}
