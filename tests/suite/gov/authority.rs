//! The two-step authority handover and the emergency pause.

use encore_sdk::governance::errors::GovernanceError;
use encore_sdk::governance::instructions::SetPauseArgs;
use encore_sdk::governance::state::{ParamChange, PauseArea, PauseFlags};
use encore_sdk::instructions::gov as ix;
use solana_signer::Signer;

use super::{config, governed, try_propose};
use crate::support::fixture::assert_error;

#[test]
fn authority_handover_is_two_step() {
    let (mut f, gov) = governed();
    let council = f.keypair();
    let stranger = f.keypair();
    let a = gov.authority.pubkey();

    assert_error(
        f.send(&[ix::accept_authority(&council.pubkey())], &[&council]),
        GovernanceError::NoPendingAuthority,
    );
    assert_error(
        f.send(&[ix::propose_authority(&a, Some(a))], &[&gov.authority]),
        GovernanceError::AuthorityUnchanged,
    );
    assert_error(
        f.send(&[ix::propose_authority(&a, None)], &[&gov.authority]),
        GovernanceError::NoPendingAuthority,
    );
    assert_error(
        f.send(
            &[ix::propose_authority(
                &stranger.pubkey(),
                Some(stranger.pubkey()),
            )],
            &[&stranger],
        ),
        GovernanceError::Unauthorized,
    );

    f.send(
        &[ix::propose_authority(&a, Some(council.pubkey()))],
        &[&gov.authority],
    )
    .expect("propose");
    assert_eq!(config(&mut f).pending_authority, Some(council.pubkey()));
    assert_eq!(config(&mut f).authority, a);
    assert_error(
        f.send(&[ix::accept_authority(&stranger.pubkey())], &[&stranger]),
        GovernanceError::WrongPendingAuthority,
    );

    f.send(&[ix::accept_authority(&council.pubkey())], &[&council])
        .expect("accept");
    let c = config(&mut f);
    assert_eq!(c.authority, council.pubkey());
    assert_eq!(c.pending_authority, None);

    // The old authority has lost every power; the council has them.
    assert_error(
        f.send(
            &[ix::set_pause(&a, SetPauseArgs::all(true))],
            &[&gov.authority],
        ),
        GovernanceError::Unauthorized,
    );
    assert_error(
        try_propose(&mut f, &gov.authority, 0, ParamChange::ProtocolFeeBps(1)),
        GovernanceError::Unauthorized,
    );
    f.send(
        &[ix::set_pause(&council.pubkey(), SetPauseArgs::all(true))],
        &[&council],
    )
    .expect("council pauses");
}

#[test]
fn a_pending_authority_can_be_withdrawn() {
    let (mut f, gov) = governed();
    let council = f.keypair();
    let a = gov.authority.pubkey();
    f.send(
        &[ix::propose_authority(&a, Some(council.pubkey()))],
        &[&gov.authority],
    )
    .expect("propose");
    f.send(&[ix::propose_authority(&a, None)], &[&gov.authority])
        .expect("withdraw");
    assert_eq!(config(&mut f).pending_authority, None);
    assert_error(
        f.send(&[ix::accept_authority(&council.pubkey())], &[&council]),
        GovernanceError::NoPendingAuthority,
    );
    assert_eq!(config(&mut f).authority, a);
}

#[test]
fn pause_is_immediate_per_area_and_authority_only() {
    let (mut f, gov) = governed();
    let a = gov.authority.pubkey();
    let stranger = f.keypair();

    assert_error(
        f.send(
            &[ix::set_pause(&stranger.pubkey(), SetPauseArgs::all(true))],
            &[&stranger],
        ),
        GovernanceError::Unauthorized,
    );
    assert_error(
        f.send(
            &[ix::set_pause(&a, SetPauseArgs::default())],
            &[&gov.authority],
        ),
        GovernanceError::PauseUnchanged,
    );
    assert_error(
        f.send(
            &[ix::set_pause(
                &a,
                SetPauseArgs::only(PauseArea::Pool, false),
            )],
            &[&gov.authority],
        ),
        GovernanceError::PauseUnchanged,
    );

    f.send(
        &[ix::set_pause(
            &a,
            SetPauseArgs::only(PauseArea::Settlement, true),
        )],
        &[&gov.authority],
    )
    .expect("pause settlement");
    let c = config(&mut f);
    assert!(c.is_paused(PauseArea::Settlement));
    assert!(!c.is_paused(PauseArea::Registry) && !c.is_paused(PauseArea::Pool));

    // Emergency: everything at once, and the already-paused area is no obstacle.
    f.send(
        &[ix::set_pause(&a, SetPauseArgs::all(true))],
        &[&gov.authority],
    )
    .expect("pause all");
    let c = config(&mut f);
    assert!(c.is_paused(PauseArea::Registry) && c.is_paused(PauseArea::Pool));
    assert_error(
        f.send(
            &[ix::set_pause(&a, SetPauseArgs::all(true))],
            &[&gov.authority],
        ),
        GovernanceError::PauseUnchanged,
    );

    f.send(
        &[ix::set_pause(
            &a,
            SetPauseArgs::only(PauseArea::Registry, false),
        )],
        &[&gov.authority],
    )
    .expect("resume registry");
    let c = config(&mut f);
    assert_eq!(
        c.paused,
        PauseFlags {
            registry: false,
            settlement: true,
            pool: true
        }
    );
    f.send(
        &[ix::set_pause(&a, SetPauseArgs::all(false))],
        &[&gov.authority],
    )
    .expect("resume all");
    assert_eq!(config(&mut f).paused, PauseFlags::default());
}
