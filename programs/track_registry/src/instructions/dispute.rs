use anchor_lang::prelude::*;
use anchor_lang::system_program::{self, Transfer};
use encore_utils::{create_pda_account, move_lamports};
use governance::state::{ChangeStatus, ParamChange, ProposedChange};

use crate::checks::check_uri;
use crate::constants::{seeds, TRACK_DISPUTE_BOND_LAMPORTS};
use crate::errors::RegistryError;
use crate::events::{log_event, TrackDisputeFiled, TrackDisputeResolved};
use crate::state::{Artist, Track, TrackDispute};

#[derive(Accounts)]
pub struct FileTrackDispute<'info> {
    #[account(mut)]
    pub claimant: Signer<'info>,
    /// The claimant's profile: a track always belongs to one.
    #[account(
        seeds = [seeds::ARTIST, claimant.key().as_ref()],
        bump = claimant_artist.bump,
    )]
    pub claimant_artist: Account<'info, Artist>,
    #[account(mut)]
    pub track: Account<'info, Track>,
    /// CHECK: `[DISPUTE, track]`, created here; an existing one means a
    /// dispute is open.
    #[account(mut, seeds = [seeds::DISPUTE, track.key().as_ref()], bump)]
    pub dispute: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

/// Anyone with an artist profile: disputes `track`'s ownership with
/// evidence, holding `TRACK_DISPUTE_BOND_LAMPORTS` in the dispute. Until
/// governance decides, the track's earnings stay in the escrow and it
/// cannot be transferred or retired. Not paused: a remedy is never new risk.
pub fn file(ctx: Context<FileTrackDispute>, evidence_uri: String) -> Result<()> {
    let track = &mut ctx.accounts.track;
    require!(!track.is_retired(), RegistryError::TrackRetired);
    require!(
        track.authority != ctx.accounts.claimant.key(),
        RegistryError::DisputeOwnTrack
    );
    check_uri(&evidence_uri)?;
    let dispute_info = ctx.accounts.dispute.to_account_info();
    require!(
        dispute_info.data_is_empty() && !track.disputed,
        RegistryError::DisputeAlreadyOpen
    );
    let track_key = track.key();
    let bump = [ctx.bumps.dispute];
    let signer_seeds: &[&[u8]] = &[seeds::DISPUTE, track_key.as_ref(), &bump];
    create_pda_account(
        &ctx.accounts.claimant,
        &dispute_info,
        8 + TrackDispute::INIT_SPACE,
        &crate::ID,
        signer_seeds,
    )?;
    system_program::transfer(
        CpiContext::new(
            system_program::ID,
            Transfer {
                from: ctx.accounts.claimant.to_account_info(),
                to: dispute_info.clone(),
            },
        ),
        TRACK_DISPUTE_BOND_LAMPORTS,
    )?;
    let dispute = TrackDispute {
        track: track_key,
        claimant: ctx.accounts.claimant.key(),
        claimant_artist: ctx.accounts.claimant_artist.key(),
        bond: TRACK_DISPUTE_BOND_LAMPORTS,
        filed_at: Clock::get()?.unix_timestamp,
        bump: ctx.bumps.dispute,
        evidence_uri: evidence_uri.clone(),
    };
    let mut data = dispute_info.try_borrow_mut_data()?;
    let mut writer: &mut [u8] = &mut data;
    dispute.try_serialize(&mut writer)?;
    track.disputed = true;
    log_event(&TrackDisputeFiled {
        track: track_key,
        claimant: dispute.claimant,
        bond: dispute.bond,
        evidence_uri,
    });
    Ok(())
}

#[derive(Accounts)]
pub struct ResolveTrackDispute<'info> {
    #[account(mut)]
    pub track: Account<'info, Track>,
    #[account(
        mut,
        seeds = [seeds::DISPUTE, track.key().as_ref()],
        bump = dispute.bump,
    )]
    pub dispute: Account<'info, TrackDispute>,
    /// Governance's executed decision (owner checked: the governance program's).
    pub decision: Account<'info, ProposedChange>,
    /// CHECK: receives the bond back if upheld, and the dispute's rent.
    #[account(mut, address = dispute.claimant @ RegistryError::ArtistMismatch)]
    pub claimant: UncheckedAccount<'info>,
    /// CHECK: the track's owner: receives the bond if dismissed.
    #[account(mut, address = track.authority @ RegistryError::Unauthorized)]
    pub owner: UncheckedAccount<'info>,
    #[account(mut, address = track.artist @ RegistryError::ArtistMismatch)]
    pub owner_artist: Account<'info, Artist>,
    #[account(mut, address = dispute.claimant_artist @ RegistryError::ArtistMismatch)]
    pub claimant_artist: Account<'info, Artist>,
}

/// Anyone: applies governance's executed, timelocked decision on the open
/// dispute. Upheld: the track (its ownership, profile and future earnings)
/// goes to the claimant, whose bond comes back. Dismissed: the bond goes
/// to the owner. Either way the dispute closes (its rent to the claimant)
/// and the held earnings can be collected again.
pub fn resolve(ctx: Context<ResolveTrackDispute>) -> Result<()> {
    let a = ctx.accounts;
    let decision = &a.decision;
    let uphold = match decision.change {
        ParamChange::ResolveTrackDispute {
            track,
            filed_at,
            uphold,
        } if track == a.track.key()
            && filed_at == a.dispute.filed_at
            && decision.status == ChangeStatus::Executed =>
        {
            uphold
        }
        _ => return Err(RegistryError::NotDecidedByGovernance.into()),
    };
    let track = &mut a.track;
    let (bond_to, claimant) = (
        if uphold {
            a.claimant.key()
        } else {
            a.owner.key()
        },
        a.claimant.key(),
    );
    if uphold {
        let from_authority = track.reassign(
            claimant,
            &mut a.owner_artist,
            &mut a.claimant_artist,
            Clock::get()?.unix_timestamp,
        )?;
        // Shares the previous owner issued lose their claim: from now on
        // the earnings go to the rightful owner.
        track.shares_void = track.share_mint.is_some();
        log_event(&crate::events::TrackTransferred {
            track: track.key(),
            from_authority,
            to_authority: claimant,
            to_artist: track.artist,
        });
    }
    track.disputed = false;

    // The bond to its winner, the rest (the rent) to the claimant.
    let bond = a.dispute.bond;
    let dispute_info = a.dispute.to_account_info();
    let recipient = if uphold {
        a.claimant.to_account_info()
    } else {
        a.owner.to_account_info()
    };
    move_lamports(&dispute_info, &recipient, bond)?;
    a.dispute.close(a.claimant.to_account_info())?;
    log_event(&TrackDisputeResolved {
        track: track.key(),
        claimant,
        upheld: uphold,
        bond_to,
        bond,
    });
    Ok(())
}
