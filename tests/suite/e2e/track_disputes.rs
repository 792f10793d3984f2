//! Ownership disputes end to end through the binary over `encore localnet`:
//! a squatter registers two recordings and issues their shares, plays are
//! settled, the rightful artist disputes both; governance dismisses one and
//! upholds the other through the timelock. The bonds and the held earnings
//! are accounted to the base unit.

use encore_sdk::client::EncoreClient;
use encore_sdk::track_registry::constants::TRACK_DISPUTE_BOND_LAMPORTS;
use encore_sdk::{accounts, pda, token};

use super::shares::base_units;
use super::{key, register_args, E2e};

const USD: u64 = 1_000_000;

#[test]
fn e2e_a_dispute_dismissed_and_a_dispute_upheld() {
    let e2e = E2e::start();
    let authority = &e2e.authority;
    e2e.json(authority, &["migrate"]);
    let payer = e2e.wallet("payer");
    let mint = e2e.mint(&payer, 6);
    let mint_arg = mint.to_string();

    // A settler bonded in the payment mint, approved.
    let settler = e2e.wallet("settler");
    e2e.json(
        &settler,
        &["gov", "settler", "register", "--bond-mint", &mint_arg],
    );
    e2e.mint_to(&payer, &mint, &settler.pubkey(), 100 * USD);
    e2e.json(
        &settler,
        &["gov", "settler", "post-bond", "--amount", "100"],
    );
    e2e.json(
        authority,
        &["migrate", "--settler", &settler.pubkey().to_string()],
    );

    // The squatter registers two recordings at 0.5 a play and takes all
    // their shares; the rightful artist has a profile too.
    let squatter = e2e.wallet("squatter");
    e2e.json(&squatter, &["artist", "create", "--handle", "squatter"]);
    let nova = e2e.wallet("nova");
    e2e.json(&nova, &["artist", "create", "--handle", "nova"]);
    let mut tracks = Vec::new();
    for name in ["first", "second"] {
        let audio = e2e.file(&format!("{name}.wav"), name.as_bytes());
        let registered = e2e.json(&squatter, &register_args(&audio, "0.5", &mint_arg, &[]));
        let track = key(&registered["track"]);
        let split = format!("{}:10000", squatter.pubkey());
        e2e.json(
            &squatter,
            &[
                "shares",
                "create",
                "--track",
                &track.to_string(),
                "--split",
                &split,
            ],
        );
        tracks.push(track);
    }
    let (dismissed, upheld) = (tracks[0].to_string(), tracks[1].to_string());

    // A listener plays each four times; the settler settles them: each
    // track is owed 2 (the settler charges no fee).
    let listener = e2e.wallet("listener");
    e2e.mint_to(&payer, &mint, &listener.pubkey(), 20 * USD);
    e2e.json(
        &listener,
        &["escrow", "open", "--mint", &mint_arg, "--deposit", "20"],
    );
    let now = e2e.client.clock().unwrap().unix_timestamp;
    let mut log = String::from("listener,track,timestamp,seconds_played\n");
    for (i, track) in tracks.iter().enumerate() {
        for n in 0..4i64 {
            // One play at a time: 180 s plays, 200 s apart.
            let at = now - 1_800 + 200 * (2 * n + i as i64);
            log.push_str(&format!("{},{track},{at},180\n", listener.pubkey()));
        }
    }
    let plays = e2e.file("plays.csv", log.as_bytes());
    let settled = e2e.json(&settler, &["settle", "run", "--plays", &plays]);
    assert_eq!(settled["plays_paid"], 8, "{settled}");
    for track in &tracks {
        let ledger = encore_sdk::escrow::ledger(&e2e.client, track)
            .unwrap()
            .unwrap();
        assert_eq!(ledger.owed, 2 * USD);
    }

    // Nova disputes both; each holds the bond, and the earnings wait.
    let nova_before = e2e.client.balance(&nova.pubkey()).unwrap();
    for track in [&dismissed, &upheld] {
        let filed = e2e.json(
            &nova,
            &[
                "track",
                "dispute",
                track,
                "--evidence",
                "ipfs://stems-and-session-files",
            ],
        );
        assert_eq!(filed["disputed"], true);
        assert_eq!(
            filed["dispute"]["bond_lamports"],
            TRACK_DISPUTE_BOND_LAMPORTS
        );
    }
    let dispute_rent = e2e
        .client
        .balance(&pda::track_dispute(&tracks[0]).0)
        .unwrap()
        - TRACK_DISPUTE_BOND_LAMPORTS;
    let spent = nova_before - e2e.client.balance(&nova.pubkey()).unwrap();
    assert_eq!(
        spent,
        2 * (TRACK_DISPUTE_BOND_LAMPORTS + dispute_rent + 5_000)
    );
    let shown = e2e.json(&nova, &["track", "show", &dismissed]);
    assert_eq!(shown["dispute"]["claimant"], nova.pubkey().to_string());
    let (error, _) = e2e.fail(&payer, &["escrow", "collect", "--track", &dismissed]);
    assert!(error.contains("TrackDisputed"), "{error}");

    // Governance decides through its timelock: one dismissed, one upheld.
    let first = e2e.json(
        authority,
        &[
            "gov",
            "dispute",
            "resolve",
            "--track",
            &dismissed,
            "--dismiss",
        ],
    );
    let second = e2e.json(
        authority,
        &["gov", "dispute", "resolve", "--track", &upheld, "--uphold"],
    );
    e2e.net.warp_seconds(2 * 86_400 + 60).unwrap();
    let squatter_before = e2e.client.balance(&squatter.pubkey()).unwrap();
    let nova_before = e2e.client.balance(&nova.pubkey()).unwrap();
    for proposal in [&first, &second] {
        let id = proposal["proposal"]["id"].as_u64().unwrap().to_string();
        e2e.json(&payer, &["gov", "execute", &id]);
    }
    // Dismissed: the squatter gets one bond. Upheld: nova gets its bond
    // back; both disputes' rent returns to nova.
    assert_eq!(
        e2e.client.balance(&squatter.pubkey()).unwrap(),
        squatter_before + TRACK_DISPUTE_BOND_LAMPORTS
    );
    assert_eq!(
        e2e.client.balance(&nova.pubkey()).unwrap(),
        nova_before + TRACK_DISPUTE_BOND_LAMPORTS + 2 * dispute_rent
    );
    let kept = accounts::track(&e2e.client, &tracks[0]).unwrap();
    assert_eq!((kept.authority, kept.disputed), (squatter.pubkey(), false));
    let moved = accounts::track(&e2e.client, &tracks[1]).unwrap();
    assert_eq!(moved.authority, nova.pubkey());
    assert!(moved.shares_void);

    // The held earnings flow: 2 less the 3 % protocol fee each, into the
    // kept track's revenue vault and to nova for the reassigned one.
    let collected = e2e.json(&payer, &["escrow", "collect", "--track", &dismissed]);
    assert_eq!(collected["paid_to"], "revenue_vault");
    let vault = pda::revenue_vault(&tracks[0]).0;
    assert_eq!(
        token::balance(&e2e.client, &vault).unwrap(),
        2 * USD - 60_000
    );
    let collected = e2e.json(&payer, &["escrow", "collect", "--track", &upheld]);
    assert_eq!(collected["paid_to"], "authority");
    assert_eq!(base_units(&collected["owed"]), 2 * USD);
    let nova_usd = token::associated_address(&nova.pubkey(), &mint);
    assert_eq!(
        token::balance(&e2e.client, &nova_usd).unwrap(),
        2 * USD - 60_000
    );
    let squatter_usd = token::associated_address(&squatter.pubkey(), &mint);
    assert_eq!(token::balance(&e2e.client, &squatter_usd).unwrap_or(0), 0);
}
