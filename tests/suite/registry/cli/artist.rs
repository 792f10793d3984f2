//! `encore artist create | update | show`.

use encore_sdk::{accounts, pda};

use super::{key, Env};

#[test]
fn artist_create_update_and_show() {
    let env = Env::new();
    let wallet = env.wallet("nova");
    let created = env.json(
        &wallet,
        &[
            "artist",
            "create",
            "--handle",
            "nova",
            "--name",
            "Nova",
            "--uri",
            "ipfs://nova",
        ],
    );
    let profile = pda::artist(&wallet.pubkey()).0;
    assert_eq!(key(&created["artist"]), profile);
    assert_eq!(key(&created["authority"]), wallet.pubkey());
    assert_eq!(created["handle"], "nova");
    assert_eq!(created["display_name"], "Nova");
    assert_eq!(created["metadata_uri"], "ipfs://nova");
    assert!(created["signature"].as_str().is_some());

    let updated = env.json(&wallet, &["artist", "update", "--name", "Nova Live"]);
    assert_eq!(updated["display_name"], "Nova Live");
    let stored = accounts::artist(&env.client, &profile).unwrap();
    assert_eq!(stored.display_name, "Nova Live");
    assert_eq!(stored.handle, "nova", "fields not passed keep their values");
    assert_eq!(stored.metadata_uri, "ipfs://nova");

    // Default: the keypair's own profile; also by authority and by profile address.
    let shown = env.json(&wallet, &["artist", "show"]);
    assert_eq!(shown["handle"], "nova");
    assert_eq!(shown["track_count"], 0);
    let other = env.wallet("other");
    let by_authority = env.json(&other, &["artist", "show", &wallet.pubkey().to_string()]);
    assert_eq!(key(&by_authority["artist"]), profile);
    let by_profile = env.json(&other, &["artist", "show", &profile.to_string()]);
    assert_eq!(key(&by_profile["authority"]), wallet.pubkey());

    let human = env.run(&wallet, &["artist", "show"]).unwrap();
    assert!(human.contains("Handle        nova"), "{human}");
    assert!(human.contains("Display name  Nova Live"), "{human}");

    // A second profile for the same wallet is refused before sending.
    let (error, hint) = env.fail(&wallet, &["artist", "create", "--handle", "again"]);
    assert!(error.contains("already has an artist profile"), "{error}");
    assert!(hint.contains("encore artist update"), "{hint}");

    let (error, hint) = env.fail(&other, &["artist", "show"]);
    assert!(error.contains("has no artist profile"), "{error}");
    assert!(hint.contains("encore artist create"), "{hint}");

    let (error, hint) = env.fail(&other, &["artist", "create", "--handle", "Bad Handle"]);
    assert!(error.contains("InvalidHandle"), "{error}");
    assert!(hint.contains("3-32"), "{hint}");
}
