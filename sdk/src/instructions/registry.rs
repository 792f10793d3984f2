//! track_registry instructions.

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::{system_program, InstructionData, ToAccountMetas};
use track_registry::instructions::{
    CreateArtistArgs, RegisterTrackArgs, UpdateArtistArgs, UpdateTermsArgs,
};
use track_registry::{accounts, instruction};

use crate::pda;

fn build(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
    Instruction {
        program_id: track_registry::ID,
        accounts: accounts.to_account_metas(None),
        data: data.data(),
    }
}

pub fn create_artist(authority: &Pubkey, args: CreateArtistArgs) -> Instruction {
    build(
        accounts::CreateArtist {
            authority: *authority,
            artist: pda::artist(authority).0,
            protocol: pda::config().0,
            system_program: system_program::ID,
        },
        instruction::CreateArtist { args },
    )
}

pub fn update_artist(authority: &Pubkey, args: UpdateArtistArgs) -> Instruction {
    build(
        accounts::UpdateArtist {
            authority: *authority,
            artist: pda::artist(authority).0,
        },
        instruction::UpdateArtist { args },
    )
}

pub fn register_track(
    authority: &Pubkey,
    payment_mint: &Pubkey,
    args: RegisterTrackArgs,
) -> Instruction {
    register_derivative(authority, payment_mint, args, None)
}

/// [`register_track`] of a derivative of `parent` (whose terms must allow
/// derivatives), or of an original with `None`.
pub fn register_derivative(
    authority: &Pubkey,
    payment_mint: &Pubkey,
    args: RegisterTrackArgs,
    parent: Option<&Pubkey>,
) -> Instruction {
    build(
        accounts::RegisterTrack {
            authority: *authority,
            artist: pda::artist(authority).0,
            track: pda::track(&args.content_hash).0,
            payment_mint: *payment_mint,
            protocol: pda::config().0,
            system_program: system_program::ID,
            parent: parent.copied(),
        },
        instruction::RegisterTrack { args },
    )
}

/// The commitment `commit_registration` takes: `sha256("encore-register-1"
/// || content_hash || authority || salt)`. It binds the audio to the
/// registering wallet and hides it until the reveal.
pub fn commitment(content_hash: &[u8; 32], authority: &Pubkey, salt: &[u8; 32]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    hasher.update(track_registry::constants::COMMIT_DOMAIN);
    hasher.update(content_hash);
    hasher.update(authority.as_ref());
    hasher.update(salt);
    hasher.finalize().into()
}

/// Step one of a registration no one can front-run: see [`commitment`].
pub fn commit_registration(authority: &Pubkey, commitment: [u8; 32]) -> Instruction {
    build(
        accounts::CommitRegistration {
            authority: *authority,
            commit: pda::registration_commit(authority, &commitment).0,
            protocol: pda::config().0,
            system_program: system_program::ID,
        },
        instruction::CommitRegistration { commitment },
    )
}

/// Step two, in a later slot: reveals `args.content_hash` and `salt`.
/// `previous_artist`: the artist profile of a later claim of the same audio
/// this reveal reclaims (`None` for a new track); `parent`: the track this
/// one derives from, if any.
pub fn register_committed(
    authority: &Pubkey,
    payment_mint: &Pubkey,
    args: RegisterTrackArgs,
    salt: [u8; 32],
    previous_artist: Option<Pubkey>,
    parent: Option<&Pubkey>,
) -> Instruction {
    let commitment = commitment(&args.content_hash, authority, &salt);
    build(
        accounts::RegisterCommitted {
            authority: *authority,
            artist: pda::artist(authority).0,
            commit: pda::registration_commit(authority, &commitment).0,
            track: pda::track(&args.content_hash).0,
            previous_artist,
            payment_mint: *payment_mint,
            protocol: pda::config().0,
            system_program: system_program::ID,
            parent: parent.copied(),
        },
        instruction::RegisterCommitted { args, salt },
    )
}

/// [`register_track`] and the track's escrow ledger opened in the same
/// transaction (the artist pays its rent): every later change of terms is
/// then recorded on the ledger when it happens, with its notice.
pub fn register_track_with_ledger(
    authority: &Pubkey,
    payment_mint: &Pubkey,
    args: RegisterTrackArgs,
) -> Vec<Instruction> {
    let track = pda::track(&args.content_hash).0;
    vec![
        register_track(authority, payment_mint, args),
        crate::instructions::escrow::open_ledger(authority, &track),
    ]
}

pub fn update_terms(authority: &Pubkey, track: &Pubkey, args: UpdateTermsArgs) -> Instruction {
    build(
        accounts::UpdateTerms {
            authority: *authority,
            track: *track,
            protocol: pda::config().0,
        },
        instruction::UpdateTerms { args },
    )
}

fn status_accounts(authority: &Pubkey, track: &Pubkey) -> accounts::SetTrackStatus {
    accounts::SetTrackStatus {
        authority: *authority,
        track: *track,
        protocol: pda::config().0,
    }
}

pub fn pause_track(authority: &Pubkey, track: &Pubkey) -> Instruction {
    build(
        status_accounts(authority, track),
        instruction::PauseTrack {},
    )
}

pub fn resume_track(authority: &Pubkey, track: &Pubkey) -> Instruction {
    build(
        status_accounts(authority, track),
        instruction::ResumeTrack {},
    )
}

pub fn retire_track(authority: &Pubkey, track: &Pubkey) -> Instruction {
    build(
        status_accounts(authority, track),
        instruction::RetireTrack {},
    )
}

/// `change`, a pause, resumption, retirement or terms update of `track`,
/// followed, when `ledger_open`, by the escrow's permissionless
/// `sync_ledger` of the track's ledger.
///
/// Settlement charges the price and status the ledger caches, so a change
/// reaches settlement only once the ledger is synced; syncing in the same
/// transaction makes the two one atomic step (no batch can land between
/// them at the old price or status). The payment mint is fixed for a
/// track's life, so a track has one ledger; it has none until its first
/// settlement opens it, which reads the terms then in force.
///
/// ```
/// use encore_sdk::instructions::registry::{pause_track, with_ledger_sync};
/// use encore_sdk::{pda, Pubkey};
/// let (artist, track) = (Pubkey::new_unique(), Pubkey::new_unique());
/// let ixs = with_ledger_sync(pause_track(&artist, &track), &track, true);
/// assert_eq!(ixs.len(), 2);
/// assert_eq!(ixs[1].program_id, encore_sdk::stream_escrow::ID);
/// assert_eq!(ixs[1].accounts[1].pubkey, pda::ledger(&track).0);
/// assert_eq!(with_ledger_sync(pause_track(&artist, &track), &track, false).len(), 1);
/// ```
pub fn with_ledger_sync(
    change: Instruction,
    track: &Pubkey,
    ledger_open: bool,
) -> Vec<Instruction> {
    let mut instructions = vec![change];
    if ledger_open {
        instructions.push(crate::instructions::escrow::sync_ledger(track));
    }
    instructions
}

/// `new_authority = None` withdraws a pending proposal.
pub fn propose_transfer(
    authority: &Pubkey,
    track: &Pubkey,
    new_authority: Option<Pubkey>,
) -> Instruction {
    build(
        accounts::ProposeTransfer {
            authority: *authority,
            track: *track,
        },
        instruction::ProposeTransfer { new_authority },
    )
}

/// `current_artist` is the track's current `artist` profile.
pub fn accept_transfer(
    new_authority: &Pubkey,
    track: &Pubkey,
    current_artist: &Pubkey,
) -> Instruction {
    build(
        accounts::AcceptTransfer {
            new_authority: *new_authority,
            track: *track,
            from_artist: *current_artist,
            to_artist: pda::artist(new_authority).0,
        },
        instruction::AcceptTransfer {},
    )
}

/// Only valid when signed by the royalty shares program (by CPI); exposed for tests.
pub fn set_share_mint(
    royalty_authority: &Pubkey,
    track: &Pubkey,
    share_mint: Pubkey,
) -> Instruction {
    build(
        accounts::SetShareMint {
            royalty_authority: *royalty_authority,
            track: *track,
        },
        instruction::SetShareMint { share_mint },
    )
}

/// Disputes `track`'s ownership: `claimant` (with an artist profile)
/// holds the registry's dispute bond until governance decides.
pub fn file_track_dispute(claimant: &Pubkey, track: &Pubkey, evidence_uri: &str) -> Instruction {
    build(
        accounts::FileTrackDispute {
            claimant: *claimant,
            claimant_artist: pda::artist(claimant).0,
            track: *track,
            dispute: pda::track_dispute(track).0,
            system_program: system_program::ID,
        },
        instruction::FileTrackDispute {
            evidence_uri: evidence_uri.to_string(),
        },
    )
}

/// Applies governance's executed decision `decision` (a `ProposedChange`)
/// on the dispute over `track`: `owner` is the track's authority now,
/// `claimant` the dispute's.
pub fn resolve_track_dispute(
    track: &Pubkey,
    decision: &Pubkey,
    owner: &Pubkey,
    claimant: &Pubkey,
) -> Instruction {
    build(
        accounts::ResolveTrackDispute {
            track: *track,
            dispute: pda::track_dispute(track).0,
            decision: *decision,
            claimant: *claimant,
            owner: *owner,
            owner_artist: pda::artist(owner).0,
            claimant_artist: pda::artist(claimant).0,
        },
        instruction::ResolveTrackDispute {},
    )
}
