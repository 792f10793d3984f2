//! Receipts and disputes through the real programs: a settler that charged
//! more than the listener signed for refunds the excess from its bond, pays
//! the disputer and is suspended; a settler holding the receipt keeps what
//! it charged and the disputer's deposit; a settler charges no more within
//! a challenge window than its bond can refund. Every figure is worked out
//! by hand from the fixture's terms: 100 a play, a 1% settler fee, a one-day
//! challenge window, a 10% reward and a 0.05 SOL deposit.

use anchor_lang::prelude::{Pubkey, Rent};
use anchor_lang::solana_program::instruction::Instruction;
use encore_sdk::governance::errors::GovernanceError;
use encore_sdk::governance::state::Settler;
use encore_sdk::instructions::escrow::DisputeParties;
use encore_sdk::instructions::{escrow as ix, gov as gov_ix};
use encore_sdk::pda;
use encore_sdk::receipts::{self, Receipt, SignedReceipt};
use encore_sdk::stream_escrow::errors::EscrowError;
use encore_sdk::stream_escrow::instructions::OpenDisputeArgs;
use encore_sdk::stream_escrow::state::{Dispute, DisputeStatus};
use solana_keypair::Keypair;
use solana_signer::Signer;

use super::{Stream, SETTLER_BOND};
use crate::support::fixture::{assert_error, TxResult};

const DAY: i64 = 86_400;
const DEPOSIT: u64 = 50_000_000;
/// 8 discriminator + 5 keys + 2 u32 + 2 i64 + 5 u64 + status + 3 u64 + i64 + bump.
const DISPUTE_SPACE: usize = 8 + 5 * 32 + 2 * 4 + 2 * 8 + 5 * 8 + 1 + 3 * 8 + 8 + 1;

/// A stream at 100 a play with one listener holding 10,000.
fn stream() -> (Stream, usize) {
    let mut s = Stream::new(&[100]);
    let l = s.add_listener(10_000);
    (s, l)
}

impl Stream {
    /// What listener `l` signs for `total` with this stream's settler.
    pub(super) fn receipt(&mut self, l: usize, total: u64) -> Receipt {
        let listener = self.listener(l);
        let settler = self.settler.pubkey();
        Receipt {
            listener: self.wallet(l),
            payment_mint: self.mint,
            settler,
            epoch: receipts::receipt_epoch(&listener, &settler),
            total,
            through: self.f.now(),
        }
    }

    fn signed(&mut self, l: usize, total: u64) -> SignedReceipt {
        let receipt = self.receipt(l, total);
        receipts::sign(receipt, &self.listeners[l].insecure_clone())
    }

    /// The number the next dispute of listener `l`'s tab with `settler` takes.
    fn next_dispute(&mut self, l: usize, settler: &Pubkey) -> u32 {
        let listener = self.listener(l);
        listener
            .tabs
            .iter()
            .find(|t| t.settler == *settler)
            .map_or(0, |t| t.disputes)
    }

    /// `disputer` disputes the stream settler's charges to `l` beyond `signed_total`.
    fn dispute(&mut self, disputer: &Keypair, l: usize, signed_total: u64) -> TxResult {
        let settler = self.settler.pubkey();
        let number = self.next_dispute(l, &settler);
        self.dispute_numbered(disputer, l, number, signed_total)
    }

    pub(super) fn dispute_numbered(
        &mut self,
        disputer: &Keypair,
        l: usize,
        number: u32,
        signed_total: u64,
    ) -> TxResult {
        let args = OpenDisputeArgs {
            settler: self.settler.pubkey(),
            epoch: self.epoch(l),
            number,
            signed_total,
        };
        let listener = self.listener_address(l);
        let ixn = ix::open_dispute(&disputer.pubkey(), &listener, &self.mint, args);
        self.f.send(&[ixn], &[disputer])
    }

    /// The epoch of listener `l`'s tab with the stream's settler.
    fn epoch(&mut self, l: usize) -> u32 {
        let listener = self.listener(l);
        receipts::receipt_epoch(&listener, &self.settler.pubkey())
    }

    /// Dispute `number` of listener `l`'s current tab with the stream's settler.
    pub(super) fn dispute_address(&mut self, l: usize, number: u32) -> Pubkey {
        let epoch = self.epoch(l);
        pda::dispute(
            &self.listener_address(l),
            &self.settler.pubkey(),
            epoch,
            number,
        )
        .0
    }

    pub(super) fn dispute_state(&mut self, l: usize, number: u32) -> Dispute {
        let address = self.dispute_address(l, number);
        self.f.state(&address)
    }

    pub(super) fn parties(&mut self, l: usize, number: u32) -> DisputeParties {
        let address = self.dispute_address(l, number);
        let dispute = self.dispute_state(l, number);
        DisputeParties::of(address, &dispute)
    }

    /// The settler answers dispute `number` of listener `l` with `signed`.
    fn answer(&mut self, l: usize, number: u32, signed: &SignedReceipt) -> TxResult {
        let parties = self.parties(l, number);
        let ixs = ix::answer_dispute(&parties, signed);
        self.answer_with(&ixs)
    }

    /// Sends `ixs` paid by the settler.
    fn answer_with(&mut self, ixs: &[Instruction]) -> TxResult {
        let settler = self.settler.insecure_clone();
        self.f.send_as(&settler, ixs, &[])
    }

    fn resolve(&mut self, l: usize, number: u32) -> TxResult {
        let parties = self.parties(l, number);
        self.f.send(&[ix::resolve_dispute(&parties)], &[])
    }

    fn approval(&mut self) -> Settler {
        let address = pda::settler(&self.settler.pubkey()).0;
        self.f.state(&address)
    }

    fn bond_vault_balance(&mut self) -> u64 {
        let vault = pda::settler_bond(&self.settler.pubkey()).0;
        self.f.token_balance(&vault)
    }

    /// Everything a dispute can touch: the escrow's books, the listener's
    /// and disputer's accounts, and the settler's bond.
    fn dispute_snapshot(
        &mut self,
        extra: &[Pubkey],
    ) -> Vec<(Pubkey, Option<solana_account::Account>)> {
        let mut all = self.snapshot();
        let s = self.settler.pubkey();
        let mut more = vec![pda::settler(&s).0, pda::settler_bond(&s).0];
        more.extend_from_slice(extra);
        all.extend(more.into_iter().map(|a| (a, self.f.account(&a))));
        all
    }
}

/// A watcher with a token account in the payment mint, for its reward.
pub(super) fn watcher(s: &mut Stream) -> Keypair {
    let watcher = s.f.keypair();
    let mint = s.mint;
    s.f.ata(&watcher.pubkey(), &mint);
    watcher
}

fn rent(space: usize) -> u64 {
    Rent::default().minimum_balance(space)
}

#[test]
fn an_unanswered_overcharge_comes_back_from_the_bond_and_suspends_the_settler() {
    let (mut s, l) = stream();
    // Five plays charged; the listener signed for three.
    s.settle_plays(1, &[(l, &[(0, 5)])]).expect("settle");
    assert_eq!(s.listener(l).balance, 9_500);
    let tab = s.listener(l).tabs[0];
    assert_eq!(
        (tab.settler, tab.charged, tab.disputes),
        (s.settler.pubkey(), 500, 0)
    );

    let w = watcher(&mut s);
    let lamports_before = s.f.lamports(&w.pubkey());
    s.dispute(&w, l, 300).expect("dispute");
    // 200 claimed, a 10% reward on it: 220 of the bond held.
    let dispute = s.dispute_state(l, 0);
    assert_eq!(
        (
            dispute.charged,
            dispute.open_amount,
            dispute.signed_total,
            dispute.held
        ),
        (500, 500, 300, 220)
    );
    assert_eq!(dispute.status, DisputeStatus::Open);
    assert_eq!(dispute.answer_by, dispute.opened_at + DAY);
    let address = s.dispute_address(l, 0);
    assert_eq!(s.f.lamports(&address), rent(DISPUTE_SPACE) + DEPOSIT);
    assert_eq!(
        lamports_before - s.f.lamports(&w.pubkey()),
        rent(DISPUTE_SPACE) + DEPOSIT,
        "the payer pays the fees; the watcher the rent and the deposit"
    );
    let approval = s.approval();
    assert_eq!(
        (approval.held_by_disputes, approval.free_bond()),
        (220, SETTLER_BOND - 220)
    );
    assert!(s.listener(l).tabs[0].disputed);
    assert_eq!(s.settler_state().open_disputes, 1);

    // While the dispute is open, the settler's plays for this listener are held.
    let at = s.play_time();
    let held = s
        .settle_events(2, &[super::open(l, at, at, 1, &[(0, 0, 2)])])
        .expect("a batch with held plays lands");
    assert_eq!((held.plays_held, held.plays_paid, held.amount), (2, 0, 0));
    assert_eq!(s.listener(l).balance, 9_500);

    // Too early to decide without an answer.
    let before = s.dispute_snapshot(&[address, w.pubkey()]);
    assert_error(s.resolve(l, 0), EscrowError::AnswerWindowOpen);
    s.assert_unchanged(&before);

    // No answer by the deadline: anyone decides it.
    s.f.warp_seconds(DAY + 1);
    let mint = s.mint;
    let watcher_tokens = s.f.ata(&w.pubkey(), &mint);
    s.resolve(l, 0).expect("resolve");
    // The excess back in the listener's balance, the reward to the watcher,
    // the deposit back to the watcher; the rent stays with the record.
    assert_eq!(s.listener(l).balance, 9_700);
    assert_eq!(s.listener(l).lifetime_refunded, 200);
    assert_eq!(s.f.token_balance(&watcher_tokens), 20);
    assert_eq!(s.f.lamports(&address), rent(DISPUTE_SPACE));
    assert_eq!(
        lamports_before - s.f.lamports(&w.pubkey()),
        rent(DISPUTE_SPACE)
    );
    let dispute = s.dispute_state(l, 0);
    assert_eq!(dispute.status, DisputeStatus::Upheld);
    assert_eq!((dispute.refund, dispute.reward), (200, 20));
    // The bond paid 220 and holds nothing more; the settler is suspended.
    let approval = s.approval();
    assert_eq!(approval.bond_amount, SETTLER_BOND - 220);
    assert_eq!(s.bond_vault_balance(), SETTLER_BOND - 220);
    assert_eq!(approval.held_by_disputes, 0);
    assert_eq!((approval.disputes_lost, approval.refunded_total), (1, 220));
    assert!(!approval.approved);
    let state = s.settler_state();
    assert_eq!((state.open_disputes, state.disputes_lost), (0, 1));
    let tab = s.listener(l).tabs[0];
    assert_eq!((tab.charged, tab.disputed, tab.disputes), (300, false, 1));
    assert_eq!(s.escrow().total_refunded, 200);
    s.assert_conserved();

    // Suspended: no more batches, and its fees wait until nothing it
    // charged is open to dispute.
    assert_error(
        s.settle_plays(3, &[(l, &[(0, 1)])]),
        EscrowError::SettlerNotApproved,
    );
    let settler = s.settler.insecure_clone();
    let dest = s.f.ata(&settler.pubkey(), &mint);
    let claim = ix::claim_settler_fees(&settler.pubkey(), &mint, &dest);
    let before = s.dispute_snapshot(&[]);
    assert_error(
        s.f.send(std::slice::from_ref(&claim), &[&settler]),
        EscrowError::FeesLockedByDisputes,
    );
    s.assert_unchanged(&before);
    s.f.warp_seconds(2 * DAY);
    let fees = s.settler_state().fees_owed;
    assert_eq!(fees, 5, "1% of the 500 charged");
    s.f.send(&[claim], &[&settler])
        .expect("claim after the windows");
    assert_eq!(s.f.token_balance(&dest), 5);
    s.assert_conserved();
}

#[test]
fn a_settler_holding_the_receipt_keeps_the_charge_and_the_deposit() {
    let (mut s, l) = stream();
    s.settle_plays(1, &[(l, &[(0, 5)])]).expect("settle");
    // The app signed for all five plays; a watcher with an older receipt
    // disputes anyway.
    let latest = s.signed(l, 500);
    assert!(latest.verify());
    let w = watcher(&mut s);
    s.dispute(&w, l, 300).expect("dispute");
    let settler = s.settler.pubkey();
    let settler_lamports = s.f.lamports(&settler);
    // The settler pays the fee: its own signature and the receipt's, which
    // the ed25519 program verifies, at 5,000 lamports each.
    let paid_fees = 2 * 5_000;
    s.answer(l, 0, &latest).expect("answer");
    let dispute = s.dispute_state(l, 0);
    assert_eq!(dispute.status, DisputeStatus::Dismissed);
    assert_eq!(
        (dispute.answered_total, dispute.refund, dispute.reward),
        (500, 0, 0)
    );
    assert_eq!(
        s.f.lamports(&settler),
        settler_lamports + DEPOSIT - paid_fees,
        "the deposit goes to the settler"
    );
    let approval = s.approval();
    assert!(approval.approved);
    assert_eq!(
        (approval.bond_amount, approval.held_by_disputes),
        (SETTLER_BOND, 0)
    );
    assert_eq!(s.settler_state().disputes_won, 1);
    assert_eq!(s.listener(l).balance, 9_500);
    let tab = s.listener(l).tabs[0];
    assert_eq!((tab.charged, tab.disputed), (500, false));

    // A second answer, or a late decision, finds nothing open.
    assert_error(s.answer(l, 0, &latest), EscrowError::DisputeNotOpen);
    s.f.warp_seconds(DAY + 1);
    assert_error(s.resolve(l, 0), EscrowError::DisputeNotOpen);

    // Plays settle again for this listener.
    let at = s.play_time();
    let e = s
        .settle_events(2, &[super::open(l, at, at, 1, &[(0, 0, 1)])])
        .expect("settle again");
    assert_eq!((e.plays_paid, e.plays_held), (1, 0));
    s.assert_conserved();
}

#[test]
fn a_receipt_short_of_the_charge_refunds_the_difference() {
    let (mut s, l) = stream();
    s.settle_plays(1, &[(l, &[(0, 5)])]).expect("settle");
    let four = s.signed(l, 400);
    let w = watcher(&mut s);
    // The watcher claims nothing was signed: 500 claimed, 550 held.
    s.dispute(&w, l, 0).expect("dispute");
    assert_eq!(s.dispute_state(l, 0).held, 550);
    s.answer(l, 0, &four).expect("answer");
    // The receipt covers 400: 100 back, a 10 reward, 440 of the hold freed.
    let dispute = s.dispute_state(l, 0);
    assert_eq!(dispute.status, DisputeStatus::Upheld);
    assert_eq!(
        (dispute.answered_total, dispute.refund, dispute.reward),
        (400, 100, 10)
    );
    assert_eq!(s.listener(l).balance, 9_600);
    let approval = s.approval();
    assert_eq!(
        (approval.bond_amount, approval.held_by_disputes),
        (SETTLER_BOND - 110, 0)
    );
    assert!(!approval.approved);
    s.assert_conserved();
}

#[test]
fn answers_that_prove_nothing_fail_by_name_and_change_nothing() {
    let (mut s, l) = stream();
    let device = Keypair::new();
    let wallet = s.listeners[l].insecure_clone();
    let mint = s.mint;
    // The listener's app signs with a device key, later revoked.
    s.as_listener(
        l,
        &[ix::set_receipt_key(
            &wallet.pubkey(),
            &mint,
            Some(device.pubkey()),
        )],
    )
    .expect("device key");
    s.settle_plays(1, &[(l, &[(0, 5)])]).expect("settle");
    let w = watcher(&mut s);
    s.dispute(&w, l, 0).expect("dispute");
    s.f.warp_seconds(10);
    s.as_listener(l, &[ix::set_receipt_key(&wallet.pubkey(), &mint, None)])
        .expect("revoke the device key");
    let revoked_at = s.listener(l).revoked_at;
    let address = s.dispute_address(l, 0);
    let before = s.dispute_snapshot(&[address, w.pubkey()]);

    let good = s.receipt(l, 500);
    let sign = |r: Receipt, k: &Keypair| receipts::sign(r, k);
    let stranger = Keypair::new();
    let cases: Vec<(SignedReceipt, EscrowError)> = vec![
        (sign(good, &stranger), EscrowError::ReceiptWrongKey),
        (
            sign(
                Receipt {
                    through: revoked_at + 1,
                    ..good
                },
                &device,
            ),
            EscrowError::ReceiptKeyRevoked,
        ),
        (
            sign(
                Receipt {
                    settler: Pubkey::new_unique(),
                    ..good
                },
                &wallet,
            ),
            EscrowError::ReceiptWrongSettler,
        ),
        (
            sign(
                Receipt {
                    payment_mint: Pubkey::new_unique(),
                    ..good
                },
                &wallet,
            ),
            EscrowError::ReceiptWrongMint,
        ),
        (
            sign(
                Receipt {
                    listener: Pubkey::new_unique(),
                    ..good
                },
                &wallet,
            ),
            EscrowError::ReceiptWrongListener,
        ),
        (
            sign(
                Receipt {
                    epoch: good.epoch + 1,
                    ..good
                },
                &wallet,
            ),
            EscrowError::ReceiptWrongEpoch,
        ),
    ];
    for (signed, error) in cases {
        assert!(signed.verify(), "each is a valid signature of its message");
        assert_error(s.answer(l, 0, &signed), error);
        s.assert_unchanged(&before);
    }

    // The answer alone, with no signature check before it, or after a
    // check of another message.
    let signed = sign(good, &wallet);
    let parties = s.parties(l, 0);
    let [verify, answer] = ix::answer_dispute(&parties, &signed);
    let other = sign(Receipt { total: 499, ..good }, &wallet).verify_instruction();
    for ixs in [vec![answer.clone()], vec![other, answer.clone()]] {
        assert_error(s.answer_with(&ixs), EscrowError::ReceiptNotVerified);
        s.assert_unchanged(&before);
    }
    // A forged signature fails in the ed25519 program itself.
    let mut forged = verify;
    forged.data[16 + 32] ^= 1; // the signature's first byte
    let result = s.answer_with(&[forged, answer]);
    assert_eq!(result.expect_err("forged").instruction_index(), Some(0));
    s.assert_unchanged(&before);

    // The revoked device key still signs for plays up to its revocation,
    // and the wallet (the key now) for any.
    let by_device = sign(
        Receipt {
            through: revoked_at,
            ..good
        },
        &device,
    );
    s.answer(l, 0, &by_device)
        .expect("the device's receipt from before");
    assert_eq!(s.dispute_state(l, 0).status, DisputeStatus::Dismissed);

    // After the deadline no answer counts.
    s.settle_plays(2, &[(l, &[(0, 1)])]).expect("settle");
    let w2 = watcher(&mut s);
    s.dispute(&w2, l, 500).expect("second dispute");
    s.f.warp_seconds(DAY + 1);
    let late = s.signed(l, 600);
    let address = s.dispute_address(l, 1);
    let before = s.dispute_snapshot(&[address, w2.pubkey()]);
    assert_error(s.answer(l, 1, &late), EscrowError::AnswerTooLate);
    s.assert_unchanged(&before);
    s.resolve(l, 1).expect("decided unanswered");
    assert_eq!(s.dispute_state(l, 1).refund, 100);
}

#[test]
fn disputes_open_only_while_something_is_open_to_dispute() {
    let (mut s, l) = stream();
    let w = watcher(&mut s);
    let settler = s.settler.pubkey();
    let before = s.dispute_snapshot(&[w.pubkey()]);
    // Nothing charged yet: no tab.
    assert_error(s.dispute(&w, l, 0), EscrowError::NoSuchTab);
    s.assert_unchanged(&before);

    s.settle_plays(1, &[(l, &[(0, 5)])]).expect("settle");
    let before = s.dispute_snapshot(&[w.pubkey()]);
    // A signed total that covers the charge disputes nothing.
    assert_error(s.dispute(&w, l, 500), EscrowError::NothingToDispute);
    // A number other than the tab's next.
    assert_error(
        s.dispute_numbered(&w, l, 1, 0),
        EscrowError::WrongDisputeAccount,
    );
    s.assert_unchanged(&before);

    s.dispute(&w, l, 400).expect("dispute");
    let address = s.dispute_address(l, 0);
    let before = s.dispute_snapshot(&[address, w.pubkey()]);
    assert_error(
        s.dispute_numbered(&w, l, 1, 0),
        EscrowError::DisputeAlreadyOpen,
    );
    s.assert_unchanged(&before);
    let signed = s.signed(l, 500);
    s.answer(l, 0, &signed).expect("answered");

    // Two windows on, the charges are closed to dispute, and the listener
    // may close the tab; not before.
    let wallet = s.listeners[l].insecure_clone();
    let mint = s.mint;
    let close = ix::close_tab(&wallet.pubkey(), &mint, &settler);
    let before = s.dispute_snapshot(&[w.pubkey()]);
    assert_error(
        s.as_listener(l, std::slice::from_ref(&close)),
        EscrowError::TabStillOpen,
    );
    s.assert_unchanged(&before);
    s.f.warp_seconds(2 * DAY);
    assert_error(s.dispute(&w, l, 0), EscrowError::DisputeWindowClosed);
    s.assert_unchanged(&before);
    s.as_listener(l, std::slice::from_ref(&close))
        .expect("close the tab");
    let listener = s.listener(l);
    assert!(listener.tabs.iter().all(|t| t.settler == Pubkey::default()));
    assert_eq!(listener.tab_epoch, 1);
    assert_error(s.as_listener(l, &[close]), EscrowError::NoSuchTab);

    // A receipt of the closed tab does not answer for the next one.
    s.settle_plays(2, &[(l, &[(0, 2)])])
        .expect("settle in a new tab");
    assert_eq!(s.listener(l).tabs[0].epoch, 1);
    s.dispute(&w, l, 0).expect("dispute the new tab");
    let number = s.next_dispute(l, &settler) - 1;
    let old = receipts::sign(
        Receipt {
            epoch: 0,
            ..signed.receipt
        },
        &wallet,
    );
    assert_error(s.answer(l, number, &old), EscrowError::ReceiptWrongEpoch);
}

#[test]
fn receipt_keys_change_only_to_a_new_real_key() {
    let (mut s, l) = stream();
    let wallet = s.listeners[l].insecure_clone();
    let mint = s.mint;
    assert_eq!(
        s.listener(l).receipt_key,
        wallet.pubkey(),
        "the wallet at open"
    );
    let before = s.snapshot();
    for (key, error) in [
        (Some(Pubkey::default()), EscrowError::InvalidReceiptKey),
        (Some(wallet.pubkey()), EscrowError::ReceiptKeyUnchanged),
        (None, EscrowError::ReceiptKeyUnchanged),
    ] {
        assert_error(
            s.as_listener(l, &[ix::set_receipt_key(&wallet.pubkey(), &mint, key)]),
            error,
        );
        s.assert_unchanged(&before);
    }
    let device = Pubkey::new_unique();
    s.as_listener(
        l,
        &[ix::set_receipt_key(&wallet.pubkey(), &mint, Some(device))],
    )
    .expect("set");
    let listener = s.listener(l);
    assert_eq!(
        (
            listener.receipt_key,
            listener.revoked_key,
            listener.revoked_at
        ),
        (device, wallet.pubkey(), s.f.now())
    );
    // While a charge is open to dispute, a new device key would forget the
    // one it replaces (whose receipts may be a settler's answer): only a
    // revocation back to the wallet is allowed, which keeps the device key
    // binding for plays up to then.
    s.settle_plays(1, &[(l, &[(0, 2)])]).expect("settle");
    let other_device = Pubkey::new_unique();
    let change = ix::set_receipt_key(&wallet.pubkey(), &mint, Some(other_device));
    let before = s.snapshot();
    assert_error(
        s.as_listener(l, std::slice::from_ref(&change)),
        EscrowError::ReceiptKeyInUse,
    );
    s.assert_unchanged(&before);
    s.as_listener(l, &[ix::set_receipt_key(&wallet.pubkey(), &mint, None)])
        .expect("revoke at once");
    assert_error(
        s.as_listener(l, std::slice::from_ref(&change)),
        EscrowError::ReceiptKeyInUse,
    );
    // Two windows on, nothing is open: a new device key is fine.
    s.f.warp_seconds(2 * DAY);
    s.as_listener(l, &[change]).expect("a new device key");
    assert_eq!(s.listener(l).receipt_key, other_device);

    // Only the listener signs for its account.
    let other = s.f.keypair();
    let forged = ix::set_receipt_key(&other.pubkey(), &mint, Some(other.pubkey()));
    assert!(s.f.send(&[forged], &[&other]).is_err());
}

#[test]
fn a_settler_charges_within_a_window_no_more_than_its_bond_refunds() {
    let (mut s, l) = stream();
    let l2 = s.add_listener(10_000);
    // A settler bonded with 1,100: with a 10% reward, 1,000 of charges.
    let small = s.f.keypair();
    let (k, mint) = (small.pubkey(), s.mint);
    s.f.send(&[gov_ix::register_settler(&k, &mint)], &[&small])
        .expect("register");
    let source = s.f.ata(&k, &mint);
    let authority = s.mint_authority.insecure_clone();
    s.f.mint_to(&mint, &authority, &source, 1_100);
    s.f.send(&[gov_ix::post_bond(&k, &source, 1_100)], &[&small])
        .expect("bond");
    let council = s.gov.authority.insecure_clone();
    s.f.send(
        &[gov_ix::approve_settler(&council.pubkey(), &k, 0)],
        &[&council],
    )
    .expect("approve");
    s.f.send(&[ix::open_settler(&k, &mint, 100)], &[&small])
        .expect("open");
    s.other_settlers.push(small.insecure_clone());

    let part = |s: &mut Stream, l: usize, plays: u16| {
        let at = s.play_time();
        super::open(l, at, at, 1, &[(0, 0, plays)])
    };
    // 11 plays (1,100) is more than 1,100 of bond covers with the reward.
    let p = part(&mut s, l, 11);
    let before = s.snapshot();
    assert_error(
        s.settle_as(&small, 1, &[p]),
        EscrowError::ExposureExceedsBond,
    );
    s.assert_unchanged(&before);
    // 6 + 4 plays to two listeners: 1,000, exactly covered.
    let (p1, p2) = (part(&mut s, l, 6), part(&mut s, l2, 4));
    s.settle_as(&small, 1, &[p1, p2]).expect("exactly covered");
    assert_eq!(s.settler_state_of(&k).exposure.open(s.f.now(), DAY), 1_000);
    let p = part(&mut s, l, 1);
    assert_error(
        s.settle_as(&small, 2, std::slice::from_ref(&p)),
        EscrowError::ExposureExceedsBond,
    );
    // Two windows later the charges are closed and the bond covers anew.
    s.f.warp_seconds(2 * DAY);
    let p = part(&mut s, l, 10);
    s.settle_as(&small, 2, &[p]).expect("a new window");
    assert_eq!(s.listener(l).balance, 10_000 - 600 - 1_000);
    s.assert_conserved();
}

#[test]
fn a_settler_bonded_in_another_mint_cannot_settle() {
    let (mut s, l) = stream();
    let other = s.f.keypair();
    let k = other.pubkey();
    let authority = s.f.keypair();
    let bond_mint = s.f.create_mint(&authority, 6);
    s.f.send(&[gov_ix::register_settler(&k, &bond_mint)], &[&other])
        .expect("register");
    let source = s.f.ata(&k, &bond_mint);
    s.f.mint_to(&bond_mint, &authority, &source, 1_000_000);
    s.f.send(&[gov_ix::post_bond(&k, &source, 1_000_000)], &[&other])
        .expect("bond");
    let council = s.gov.authority.insecure_clone();
    let mint = s.mint;
    s.f.send(
        &[gov_ix::approve_settler(&council.pubkey(), &k, 0)],
        &[&council],
    )
    .expect("approve");
    s.f.send(&[ix::open_settler(&k, &mint, 100)], &[&other])
        .expect("open");
    s.other_settlers.push(other.insecure_clone());
    let at = s.play_time();
    let before = s.snapshot();
    assert_error(
        s.settle_as(&other, 1, &[super::open(l, at, at, 1, &[(0, 0, 1)])]),
        EscrowError::BondNotInPaymentMint,
    );
    s.assert_unchanged(&before);
}

#[test]
fn only_the_escrow_holds_or_releases_a_bond() {
    let (mut s, _) = stream();
    let settler = s.settler.pubkey();
    let thief = s.f.keypair();
    let hold = gov_ix::hold_for_dispute(&thief.pubkey(), &settler, 1);
    let before = s.dispute_snapshot(&[]);
    let result = s.f.send(&[hold], &[&thief]);
    assert_error(result, GovernanceError::NotDisputeAuthority);
    s.assert_unchanged(&before);
}
