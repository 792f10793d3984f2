//! Listener money: deposits, withdrawal notice, and exits while paused.

use encore_sdk::governance::state::PauseArea;
use encore_sdk::instructions::escrow as ix;
use encore_sdk::stream_escrow::errors::EscrowError;
use solana_signer::Signer;

use super::Stream;
use crate::support::fixture::assert_error;

const NOTICE: i64 = crate::gov::TIMELOCK; // the governed fixture's notice is 2 days too

#[test]
fn deposits_need_money_the_right_mint_and_an_open_settlement_area() {
    let mut s = Stream::new(&[100]);
    let l = s.add_listener(500);
    assert_eq!(s.listener(l).balance, 500);
    let wallet = s.listeners[l].insecure_clone();
    let (w, mint) = (wallet.pubkey(), s.mint);
    let source = s.f.ata(&w, &mint);
    assert_error(
        s.f.send(&[ix::deposit(&w, &mint, &source, 0)], &[&wallet]),
        EscrowError::ZeroAmount,
    );

    let other_authority = s.f.keypair();
    let other = s.f.create_mint(&other_authority, 6);
    let wrong = s.f.ata(&w, &other);
    s.f.mint_to(&other, &other_authority, &wrong, 10);
    assert_error(
        s.f.send(&[ix::deposit(&w, &mint, &wrong, 10)], &[&wallet]),
        EscrowError::WrongPaymentMint,
    );

    s.set_pause(PauseArea::Settlement, true);
    let authority = s.mint_authority.insecure_clone();
    s.f.mint_to(&mint, &authority, &source, 10);
    assert_error(
        s.f.send(&[ix::deposit(&w, &mint, &source, 10)], &[&wallet]),
        EscrowError::SettlementPaused,
    );
    assert_eq!(s.listener(l).balance, 500);
    s.assert_conserved();
}

#[test]
fn withdrawals_wait_for_the_notice_and_work_while_paused() {
    let mut s = Stream::new(&[100]);
    let l = s.add_listener(1_000);
    let wallet = s.listeners[l].insecure_clone();
    let (w, mint) = (wallet.pubkey(), s.mint);
    let dest = s.f.ata(&w, &mint);

    assert_error(
        s.f.send(&[ix::withdraw(&w, &mint, &dest)], &[&wallet]),
        EscrowError::NoWithdrawalRequest,
    );
    assert_error(
        s.f.send(&[ix::cancel_withdrawal(&w, &mint)], &[&wallet]),
        EscrowError::NoWithdrawalRequest,
    );
    assert_error(
        s.f.send(&[ix::request_withdrawal(&w, &mint, 1_001)], &[&wallet]),
        EscrowError::InsufficientBalance,
    );
    assert_error(
        s.f.send(&[ix::request_withdrawal(&w, &mint, 0)], &[&wallet]),
        EscrowError::ZeroAmount,
    );

    s.f.send(&[ix::request_withdrawal(&w, &mint, 800)], &[&wallet])
        .expect("request");
    assert_error(
        s.f.send(&[ix::withdraw(&w, &mint, &dest)], &[&wallet]),
        EscrowError::WithdrawalNotReady,
    );
    // Plays made before the request still settle during the notice.
    s.settle_plays(1, &[(l, &[(0, 3)])])
        .expect("settle during notice");

    s.f.warp_seconds(NOTICE);
    s.set_pause(PauseArea::Settlement, true);
    s.set_pause(PauseArea::Registry, true);
    s.f.send(&[ix::withdraw(&w, &mint, &dest)], &[&wallet])
        .expect("withdraw while paused");
    assert_eq!(s.f.token_balance(&dest), 700, "what is left of the request");
    assert_eq!(s.listener(l).balance, 0);
    assert!(!s.listener(l).has_withdrawal_request());
    s.assert_conserved();
}

#[test]
fn a_withdrawal_request_can_be_cancelled() {
    let mut s = Stream::new(&[100]);
    let l = s.add_listener(1_000);
    let wallet = s.listeners[l].insecure_clone();
    let (w, mint) = (wallet.pubkey(), s.mint);
    let dest = s.f.ata(&w, &mint);
    s.f.send(&[ix::request_withdrawal(&w, &mint, 500)], &[&wallet])
        .expect("request");
    s.f.send(&[ix::cancel_withdrawal(&w, &mint)], &[&wallet])
        .expect("cancel");
    s.f.warp_seconds(NOTICE);
    assert_error(
        s.f.send(&[ix::withdraw(&w, &mint, &dest)], &[&wallet]),
        EscrowError::NoWithdrawalRequest,
    );
    assert_eq!(s.listener(l).balance, 1_000);
}

/// A withdrawal keeps the notice in force when it was requested: a longer
/// notice adopted later applies to later requests only.
#[test]
fn a_notice_change_never_reaches_back_to_a_request_already_made() {
    use encore_sdk::governance::state::ParamChange;
    const DAY: i64 = 86_400;
    let mut s = Stream::new(&[100]);
    let (early, late) = (s.add_listener(1_000), s.add_listener(1_000));
    // The timelock rises to 5 days, then the notice follows it.
    let timelock = ParamChange::TimelockDelaySecs(5 * DAY);
    let id = crate::gov::propose(&mut s.f, &s.gov, timelock);
    s.f.warp_seconds(NOTICE);
    crate::gov::execute(&mut s.f, id, &timelock).expect("timelock");
    let notice = ParamChange::WithdrawalNoticeSecs(5 * DAY);
    let id = crate::gov::propose(&mut s.f, &s.gov, notice);
    s.f.warp_seconds(5 * DAY - 60);
    // A minute before the change lands, under the two-day notice.
    s.request_withdrawal(early, 400).expect("request");
    let requested = s.listener(early).withdrawal_requested_at;
    assert_eq!(
        s.listener(early).withdrawal_available_at,
        requested + NOTICE
    );
    s.f.warp_seconds(60);
    crate::gov::execute(&mut s.f, id, &notice).expect("notice");
    s.request_withdrawal(late, 400)
        .expect("request under the new notice");
    let requested_late = s.listener(late).withdrawal_requested_at;
    assert_eq!(
        s.listener(late).withdrawal_available_at,
        requested_late + 5 * DAY
    );
    // Two days after its request, the early one completes; the late one waits.
    s.f.warp_seconds(NOTICE);
    s.withdraw(early).expect("the notice it was given");
    assert_eq!(s.listener(early).balance, 600);
    assert_error(s.withdraw(late), EscrowError::WithdrawalNotReady);
    s.f.warp_seconds(3 * DAY);
    s.withdraw(late).expect("five days on");
    s.assert_conserved();
}
