//! Ownership disputes with a remedy: a claimant files against a track with
//! a bond and evidence; the track's settled earnings keep accruing but wait
//! in the escrow; governance decides through its timelock and anyone
//! applies the decision. Dismissed: the bond to the owner. Upheld: the
//! track to the claimant, the bond back, and shares the previous owner
//! issued stop earning. Bonds and held earnings to the base unit.

use encore_sdk::governance::state::ParamChange;
use encore_sdk::instructions::{escrow as ix, registry as reg_ix, shares as shares_ix};
use encore_sdk::pda;
use encore_sdk::stream_escrow::errors::EscrowError;
use encore_sdk::track_registry::constants::TRACK_DISPUTE_BOND_LAMPORTS;
use encore_sdk::track_registry::errors::RegistryError;
use encore_sdk::track_registry::state::{Track, TrackDispute};
use solana_keypair::Keypair;
use solana_signer::Signer;

use super::Stream;
use crate::gov::{execute, propose, TIMELOCK};
use crate::registry::new_artist;
use crate::support::fixture::{assert_error, TxResult};

/// One track priced 1,000 with shares for its artist; a listener's 10
/// plays settled: 9,900 owed after the settler's 1 %.
fn disputed_world() -> (Stream, Keypair) {
    let mut s = Stream::new(&[1_000]);
    let l = s.add_listener(100_000);
    s.settle_plays(1, &[(l, &[(0, 10)])]).expect("settle");
    s.shares_for_artist(0);
    let claimant = new_artist(&mut s.f, "claimant");
    (s, claimant)
}

fn file(s: &mut Stream, who: &Keypair) -> TxResult {
    let track = s.tracks[0];
    s.f.send(
        &[reg_ix::file_track_dispute(
            &who.pubkey(),
            &track,
            "ipfs://evidence",
        )],
        &[who],
    )
}

fn harvest(s: &mut Stream) -> TxResult {
    let treasury = s.treasury_account();
    let (track, mint) = (s.tracks[0], s.mint);
    s.f.send(&[shares_ix::harvest(&track, &mint, &treasury)], &[])
}

/// Governance's decision through the timelock; returns the change's address.
fn decide(s: &mut Stream, uphold: bool) -> anchor_lang::prelude::Pubkey {
    let track = s.tracks[0];
    let dispute: TrackDispute = s.f.state(&pda::track_dispute(&track).0);
    let change = ParamChange::ResolveTrackDispute {
        track,
        filed_at: dispute.filed_at,
        uphold,
    };
    let id = propose(&mut s.f, &s.gov, change);
    s.f.warp_seconds(TIMELOCK);
    execute(&mut s.f, id, &change).expect("execute");
    pda::change(id).0
}

fn resolve(
    s: &mut Stream,
    decision: &anchor_lang::prelude::Pubkey,
    claimant: &Keypair,
) -> TxResult {
    let track = s.tracks[0];
    let owner = s.f.state::<Track>(&track).authority;
    s.f.send(
        &[reg_ix::resolve_track_dispute(
            &track,
            decision,
            &owner,
            &claimant.pubkey(),
        )],
        &[],
    )
}

#[test]
fn a_dismissed_dispute_pays_its_bond_to_the_owner_and_releases_the_earnings() {
    let (mut s, claimant) = disputed_world();
    let track = s.tracks[0];
    let artist = s.artist.pubkey();

    // The owner cannot dispute its own track.
    let owner = s.artist.insecure_clone();
    assert_error(file(&mut s, &owner), RegistryError::DisputeOwnTrack);
    // A transfer proposed before the dispute cannot be accepted during it.
    let buyer = new_artist(&mut s.f, "buyer");
    s.f.send(
        &[reg_ix::propose_transfer(
            &artist,
            &track,
            Some(buyer.pubkey()),
        )],
        &[&owner],
    )
    .expect("propose before the dispute");

    let before = s.f.lamports(&claimant.pubkey());
    file(&mut s, &claimant).expect("file");
    let dispute_address = pda::track_dispute(&track).0;
    let rent = s.f.lamports(&dispute_address) - TRACK_DISPUTE_BOND_LAMPORTS;
    assert_eq!(
        s.f.lamports(&claimant.pubkey()),
        before - TRACK_DISPUTE_BOND_LAMPORTS - rent
    );
    assert!(s.f.state::<Track>(&track).disputed);
    assert_error(file(&mut s, &claimant), RegistryError::DisputeAlreadyOpen);

    // Earnings keep accruing but wait: more plays settle, none are collected.
    let l2 = s.add_listener(100_000);
    s.settle_plays(2, &[(l2, &[(0, 5)])])
        .expect("settle while disputed");
    assert_eq!(s.ledger(0).owed, 9_900 + 4_950);
    assert_error(harvest(&mut s), EscrowError::TrackDisputed);
    let (treasury, mint) = (s.treasury_account(), s.mint);
    assert_error(
        s.f.send(&[ix::collect(&track, &mint, &treasury)], &[]),
        EscrowError::TrackDisputed,
    );
    // The owner cannot move the track away or retire it meanwhile.
    let profile = pda::artist(&artist).0;
    assert_error(
        s.f.send(
            &[reg_ix::accept_transfer(&buyer.pubkey(), &track, &profile)],
            &[&buyer],
        ),
        RegistryError::TrackUnderDispute,
    );
    assert_error(
        s.f.send(&[reg_ix::retire_track(&artist, &track)], &[&owner]),
        RegistryError::TrackUnderDispute,
    );
    let stranger = new_artist(&mut s.f, "stranger");
    assert_error(
        s.f.send(
            &[reg_ix::propose_transfer(
                &artist,
                &track,
                Some(stranger.pubkey()),
            )],
            &[&owner],
        ),
        RegistryError::TrackUnderDispute,
    );

    // Without a decision, or with one on another dispute, nothing resolves.
    let unrelated = ParamChange::ProtocolFeeBps(300);
    let id = propose(&mut s.f, &s.gov, unrelated);
    s.f.warp_seconds(TIMELOCK);
    execute(&mut s.f, id, &unrelated).expect("execute");
    assert_error(
        resolve(&mut s, &pda::change(id).0, &claimant),
        RegistryError::NotDecidedByGovernance,
    );

    let decision = decide(&mut s, false);
    let owner_before = s.f.lamports(&artist);
    let claimant_before = s.f.lamports(&claimant.pubkey());
    resolve(&mut s, &decision, &claimant).expect("dismissed");
    assert_eq!(
        s.f.lamports(&artist),
        owner_before + TRACK_DISPUTE_BOND_LAMPORTS
    );
    assert_eq!(s.f.lamports(&claimant.pubkey()), claimant_before + rent);
    assert!(s.f.account(&dispute_address).is_none());
    let t: Track = s.f.state(&track);
    assert!(!t.disputed);
    assert_eq!(t.authority, artist);

    // The held earnings flow: 14,850 less 3 % (445) into the vault.
    harvest(&mut s).expect("harvest");
    let vault = pda::revenue_vault(&track).0;
    assert_eq!(s.f.token_balance(&vault), 14_850 - 445);
    s.assert_conserved();
}

#[test]
fn an_upheld_dispute_reassigns_the_track_and_returns_the_bond() {
    let (mut s, claimant) = disputed_world();
    let track = s.tracks[0];
    let squatter = s.artist.pubkey();
    file(&mut s, &claimant).expect("file");
    let decision = decide(&mut s, true);
    let claimant_before = s.f.lamports(&claimant.pubkey());
    let dispute_lamports = s.f.lamports(&pda::track_dispute(&track).0);
    resolve(&mut s, &decision, &claimant).expect("upheld");
    assert_eq!(
        s.f.lamports(&claimant.pubkey()),
        claimant_before + dispute_lamports,
        "the bond and the rent come back"
    );
    let t: Track = s.f.state(&track);
    assert_eq!(t.authority, claimant.pubkey());
    assert_eq!(t.artist, pda::artist(&claimant.pubkey()).0);
    assert!(!t.disputed && t.shares_void);
    // A decision applies once.
    assert!(resolve(&mut s, &decision, &claimant).is_err());

    // The squatter's shares no longer earn: the vault path is closed, and
    // the held 9,900 (less 297) go to the rightful owner.
    let (treasury, mint) = (s.treasury_account(), s.mint);
    assert_error(harvest(&mut s), EscrowError::SharesVoid);
    let payout = s.f.ata(&claimant.pubkey(), &mint);
    s.f.send(
        &[ix::collect_unshared(
            &track, None, &mint, &payout, &treasury,
        )],
        &[],
    )
    .expect("collect to the rightful owner");
    assert_eq!(s.f.token_balance(&payout), 9_900 - 297);
    let squatter_payout = s.f.ata(&squatter, &mint);
    assert_eq!(s.f.token_balance(&squatter_payout), 0);
    s.assert_conserved();
}
