//! The native harness itself: syscall stubs bridged, CPIs really executed.

use anchor_lang::prelude::{AccountInfo, Pubkey};
use anchor_lang::solana_program::entrypoint::ProgramResult;
use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};
use anchor_spl::token::{self, Transfer};
use solana_program_test::processor;
use solana_signer::Signer;

use crate::gov::governed;
use crate::support::fixture::Fixture;

const PROBE_ID: Pubkey = anchor_lang::pubkey!("CpiProbe11111111111111111111111111111111111");

/// A minimal native program that moves tokens through Anchor's SPL Token CPI
/// helper, the same path every Encore program takes.
fn probe_entry(_program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    let amount = u64::from_le_bytes(data[..8].try_into().expect("8-byte amount"));
    let [from, to, authority, _token_program] = accounts else {
        return Err(anchor_lang::prelude::ProgramError::NotEnoughAccountKeys);
    };
    token::transfer(
        anchor_lang::context::CpiContext::new(
            token::ID,
            Transfer {
                from: from.clone(),
                to: to.clone(),
                authority: authority.clone(),
            },
        ),
        amount,
    )
    .map_err(Into::into)
}

#[test]
fn token_cpi_from_a_native_program_moves_balances() {
    let mut f = Fixture::with(|pt| pt.add_program("cpi_probe", PROBE_ID, processor!(probe_entry)));
    let authority = f.keypair();
    let mint = f.create_mint(&authority, 6);
    let receiver = f.keypair();
    let from = f.ata(&authority.pubkey(), &mint);
    let to = f.ata(&receiver.pubkey(), &mint);
    f.mint_to(&mint, &authority, &from, 1_000);

    let ix = Instruction {
        program_id: PROBE_ID,
        accounts: vec![
            AccountMeta::new(from, false),
            AccountMeta::new(to, false),
            AccountMeta::new_readonly(authority.pubkey(), true),
            AccountMeta::new_readonly(token::ID, false),
        ],
        data: 400u64.to_le_bytes().to_vec(),
    };
    f.send(&[ix], &[&authority]).expect("probe transfer");

    // A skipped CPI would return Ok and leave both balances untouched.
    assert_eq!(f.token_balance(&from), 600);
    assert_eq!(f.token_balance(&to), 400);
}

#[test]
fn clock_sysvar_reaches_native_programs_and_warps() {
    let (mut f, _gov) = governed();
    let before = f.now();
    f.warp_seconds(3_600);
    assert_eq!(f.now(), before + 3_600);

    // register_track stamps the bank clock into the account through Clock::get.
    let artist = crate::registry::new_artist(&mut f, "clockwork");
    let (track, _) = crate::registry::register(&mut f, &artist, [9u8; 32]);
    let stored: encore_sdk::track_registry::state::Track = f.state(&track);
    assert_eq!(stored.registered_at, before + 3_600);
}

#[test]
fn in_process_litesvm_client_runs_the_programs() {
    use encore_sdk::client::EncoreClient;
    use encore_sdk::instructions::registry as ix;
    use encore_sdk::track_registry::instructions::CreateArtistArgs;

    let client = encore_sdk::native::LiteSvmClient::new();
    let council = solana_keypair::Keypair::new();
    let params = encore_sdk::native::local_params(&council.pubkey());
    client
        .bootstrap_governance(&council, params)
        .expect("governance");
    let wallet = solana_keypair::Keypair::new();
    client
        .airdrop(&wallet.pubkey(), 1_000_000_000)
        .expect("airdrop");
    let args = CreateArtistArgs {
        handle: "lite".into(),
        display_name: "Lite".into(),
        metadata_uri: String::new(),
    };
    client
        .send_instructions(&[ix::create_artist(&wallet.pubkey(), args)], &wallet, &[])
        .expect("create artist");
    let (_, artist) = encore_sdk::accounts::artist_of(&client, &wallet.pubkey())
        .expect("fetch")
        .expect("exists");
    assert_eq!(artist.handle, "lite");
    assert_eq!(artist.authority, wallet.pubkey());
}
