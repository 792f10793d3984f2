//! The registry's share-mint hook (`set_share_mint`), which only the royalty
//! shares program can sign for. Its one caller, `create_shares`, refuses
//! retired tracks and repeats with its own errors first, so users meet those;
//! the registry's `TrackRetired` and `ShareMintAlreadySet` are its own
//! defence, shown here with an impostor in the royalty program's place that
//! skips every check of its own.

use anchor_lang::prelude::{AccountInfo, Pubkey};
use anchor_lang::solana_program::entrypoint::ProgramResult;
use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};
use anchor_lang::solana_program::program::invoke_signed;
use anchor_lang::solana_program::program_error::ProgramError;
use encore_sdk::client::EncoreClient;
use encore_sdk::instructions::{registry as reg_ix, shares as royalty_ix};
use encore_sdk::native::{local_params, LiteSvmClient};
use encore_sdk::royalty_shares::errors::RoyaltyError;
use encore_sdk::royalty_shares::math::Split;
use encore_sdk::track_registry::constants::seeds::REGISTRY_AUTHORITY;
use encore_sdk::track_registry::errors::RegistryError;
use encore_sdk::track_registry::state::Track;
use encore_sdk::{pda, token};
use solana_keypair::Keypair;
use solana_program_test::processor;
use solana_signer::Signer;
use solana_transaction::Transaction;

use crate::registry::{artist_args, track_args};
use crate::support::fixture::{assert_error, assert_sdk_error, TxError, TxResult, SOL};

/// Stands in for the royalty shares program: signs `set_share_mint` (the
/// share mint is the instruction data) with the program's registry-authority
/// PDA, checking nothing. Accounts: the PDA, the track, the registry.
fn impostor(_program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    let share_mint = Pubkey::try_from(data).map_err(|_| ProgramError::InvalidInstructionData)?;
    let track = accounts.get(1).ok_or(ProgramError::NotEnoughAccountKeys)?;
    let (authority, bump) = pda::registry_authority();
    let set = reg_ix::set_share_mint(&authority, track.key, share_mint);
    invoke_signed(&set, accounts, &[&[REGISTRY_AUTHORITY, &[bump]]])
}

/// A chain with governance, an artist and one registered track.
struct Hook {
    client: LiteSvmClient,
    artist: Keypair,
    track: Pubkey,
    payment_mint: Pubkey,
}

impl Hook {
    fn new() -> Self {
        let client = LiteSvmClient::new();
        let council = Keypair::new();
        client
            .bootstrap_governance(&council, local_params(&council.pubkey()))
            .unwrap();
        let artist = Keypair::new();
        client.airdrop(&artist.pubkey(), 10 * SOL).unwrap();
        let mint = Keypair::new();
        let ixs = token::create_mint(
            &artist.pubkey(),
            &mint.pubkey(),
            &artist.pubkey(),
            6,
            token::mint_rent(),
        )
        .unwrap();
        client.send_instructions(&ixs, &artist, &[&mint]).unwrap();
        let hash = [77u8; 32];
        let ixs = [
            reg_ix::create_artist(&artist.pubkey(), artist_args("hooked")),
            reg_ix::register_track(&artist.pubkey(), &mint.pubkey(), track_args(hash)),
        ];
        client.send_instructions(&ixs, &artist, &[]).unwrap();
        // Shares wait for the slot after the track's claim.
        client.warp_seconds(0);
        Self {
            client,
            artist,
            track: pda::track(&hash).0,
            payment_mint: mint.pubkey(),
        }
    }

    /// Puts the impostor where the royalty shares program was.
    fn with_impostor() -> Self {
        let hook = Self::new();
        let builtin = processor!(impostor).expect("native builtin");
        hook.client
            .with_svm(|svm| svm.add_builtin(encore_sdk::royalty_shares::ID, builtin));
        hook
    }

    /// The impostor's call, with the raw error: the failing instruction's
    /// program is the impostor, so the SDK would name the code as its error.
    fn impostor_sets(&self, share_mint: Pubkey) -> TxResult {
        let call = Instruction {
            program_id: encore_sdk::royalty_shares::ID,
            accounts: vec![
                AccountMeta::new_readonly(pda::registry_authority().0, false),
                AccountMeta::new(self.track, false),
                AccountMeta::new_readonly(encore_sdk::track_registry::ID, false),
            ],
            data: share_mint.to_bytes().to_vec(),
        };
        let blockhash = self.client.latest_blockhash().unwrap();
        let tx = Transaction::new_signed_with_payer(
            &[call],
            Some(&self.artist.pubkey()),
            &[&self.artist],
            blockhash,
        );
        self.client.with_svm(|svm| {
            let result = svm.send_transaction(tx).map(|_| ()).map_err(|f| TxError {
                err: f.err,
                logs: f.meta.logs,
                instructions: 1,
            });
            svm.expire_blockhash();
            result
        })
    }

    fn retire(&self) {
        let retire = reg_ix::retire_track(&self.artist.pubkey(), &self.track);
        self.client
            .send_instructions(&[retire], &self.artist, &[])
            .unwrap();
    }

    fn track_account(&self) -> solana_account::Account {
        self.client.get_account(&self.track).unwrap().unwrap()
    }

    fn track(&self) -> Track {
        encore_sdk::accounts::track(&self.client, &self.track).unwrap()
    }

    fn create_shares(&self) -> encore_sdk::Result<solana_signature::Signature> {
        let splits = vec![Split {
            recipient: self.artist.pubkey(),
            bps: 10_000,
        }];
        let create = royalty_ix::create_shares(
            &self.artist.pubkey(),
            &self.track,
            &self.payment_mint,
            splits,
        );
        self.client.send_instructions(&[create], &self.artist, &[])
    }
}

#[test]
fn the_registry_sets_a_share_mint_once_whoever_asks() {
    let hook = Hook::with_impostor();
    let first = Pubkey::new_unique();
    hook.impostor_sets(first).expect("first share mint");
    assert_eq!(hook.track().share_mint, Some(first));

    let before = hook.track_account();
    assert_error(
        hook.impostor_sets(Pubkey::new_unique()),
        RegistryError::ShareMintAlreadySet,
    );
    assert_eq!(hook.track_account(), before);
    assert_eq!(hook.track().share_mint, Some(first));
}

#[test]
fn a_retired_track_takes_no_share_mint_whoever_asks() {
    let hook = Hook::with_impostor();
    hook.retire();
    let before = hook.track_account();
    assert_error(
        hook.impostor_sets(Pubkey::new_unique()),
        RegistryError::TrackRetired,
    );
    assert_eq!(hook.track_account(), before);
    assert_eq!(hook.track().share_mint, None);
}

#[test]
fn users_meet_the_royalty_programs_checks_before_the_registrys() {
    // A repeat: the royalty program names it before reaching the registry.
    let hook = Hook::new();
    hook.create_shares().expect("first create_shares");
    let share_mint = hook.track().share_mint.expect("share mint set");
    assert_eq!(share_mint, pda::share_mint(&hook.track).0);
    let before = hook.track_account();
    hook.client.warp_seconds(1);
    assert_sdk_error(
        hook.create_shares(),
        encore_sdk::royalty_shares::errors::RoyaltyError::SharesAlreadyCreated,
    );
    assert_eq!(hook.track_account(), before);

    // A retired track: likewise, and nothing is created.
    let hook = Hook::new();
    hook.retire();
    let before = hook.track_account();
    let result = hook.create_shares();
    assert_sdk_error(
        result,
        encore_sdk::royalty_shares::errors::RoyaltyError::TrackRetired,
    );
    assert_eq!(hook.track_account(), before);
    assert_eq!(hook.track().share_mint, None);
    let royalty = pda::royalty(&hook.track).0;
    assert_eq!(hook.client.get_account(&royalty).unwrap(), None);
    // The SDK names a code by the transaction's program, so the names above
    // are the royalty program's only because the registry's codes differ.
    for (royalty, registry) in [
        (
            RoyaltyError::SharesAlreadyCreated,
            RegistryError::ShareMintAlreadySet,
        ),
        (RoyaltyError::TrackRetired, RegistryError::TrackRetired),
    ] {
        assert_ne!(u32::from(royalty), u32::from(registry));
    }
}
