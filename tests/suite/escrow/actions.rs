//! What listeners, artists, settlers and governance do to a `Stream`, one
//! call each, so tests read as the story they tell.

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use encore_sdk::instructions::{escrow as ix, registry as reg_ix};
use encore_sdk::pda;
use encore_sdk::stream_escrow::events::PlaysSettled;
use encore_sdk::stream_escrow::instructions::SetCapArgs;
use encore_sdk::stream_escrow::state::SettlerState;
use encore_sdk::track_registry::instructions::UpdateTermsArgs;
use solana_account::Account;
use solana_keypair::Keypair;
use solana_signer::Signer;

use super::{Stream, TestPart};
use crate::support::fixture::TxResult;

impl Stream {
    /// A second settler, approved by governance, with its own batch
    /// numbers in this mint at `fee_bps`.
    pub fn add_settler(&mut self, fee_bps: u16) -> Keypair {
        let settler = self.f.keypair();
        self.approve_settler(&settler, fee_bps);
        self.other_settlers.push(settler.insecure_clone());
        settler
    }

    /// Every settler's wallet: the stream's own first.
    pub fn settler_keys(&self) -> Vec<Pubkey> {
        std::iter::once(&self.settler)
            .chain(&self.other_settlers)
            .map(|k| k.pubkey())
            .collect()
    }

    pub fn settler_state_of(&mut self, settler: &Pubkey) -> SettlerState {
        let address = pda::settler_state(settler, &self.mint).0;
        self.f.state(&address)
    }

    /// Sends `parts` as batch `seq` signed by `settler` and returns the
    /// batch's `PlaysSettled` event.
    pub fn settle_as(
        &mut self,
        settler: &Keypair,
        seq: u64,
        parts: &[TestPart],
    ) -> TxResult<PlaysSettled> {
        let ixn = self.settle_ix_as(&settler.pubkey(), seq, parts);
        self.settle_sent(settler, ixn)
    }

    /// [`Self::settle_as`] as the stream's settler.
    pub fn settle_events(&mut self, seq: u64, parts: &[TestPart]) -> TxResult<PlaysSettled> {
        let settler = self.settler.insecure_clone();
        self.settle_as(&settler, seq, parts)
    }

    /// Sends a settle instruction signed (and paid) by `settler`; returns
    /// its one `PlaysSettled` event.
    pub fn settle_sent(&mut self, settler: &Keypair, ixn: Instruction) -> TxResult<PlaysSettled> {
        let mut events: Vec<PlaysSettled> = self.f.send_for_events(settler, &[ixn], &[])?;
        assert_eq!(events.len(), 1, "one PlaysSettled per batch");
        Ok(events.remove(0))
    }

    pub fn listener_address(&self, i: usize) -> Pubkey {
        pda::listener(&self.mint, &self.wallet(i)).0
    }

    /// Listener `i`'s own token account in the payment mint.
    pub fn wallet_tokens(&mut self, i: usize) -> Pubkey {
        let (w, mint) = (self.wallet(i), self.mint);
        self.f.ata(&w, &mint)
    }

    /// Sends `ixs` signed by listener `i`'s wallet.
    pub fn as_listener(&mut self, i: usize, ixs: &[Instruction]) -> TxResult {
        let wallet = self.listeners[i].insecure_clone();
        self.f.send(ixs, &[&wallet])
    }

    /// Mints `amount` to listener `i` and deposits it.
    pub fn deposit(&mut self, i: usize, amount: u64) -> TxResult {
        let (w, mint) = (self.wallet(i), self.mint);
        let source = self.wallet_tokens(i);
        let authority = self.mint_authority.insecure_clone();
        self.f.mint_to(&mint, &authority, &source, amount);
        self.as_listener(i, &[ix::deposit(&w, &mint, &source, amount)])
    }

    pub fn set_cap(&mut self, i: usize, cap: Option<u64>, period_secs: i64) -> TxResult {
        let (w, mint) = (self.wallet(i), self.mint);
        self.as_listener(
            i,
            &[ix::set_cap(&w, &mint, SetCapArgs { cap, period_secs })],
        )
    }

    pub fn request_withdrawal(&mut self, i: usize, amount: u64) -> TxResult {
        let (w, mint) = (self.wallet(i), self.mint);
        self.as_listener(i, &[ix::request_withdrawal(&w, &mint, amount)])
    }

    pub fn cancel_withdrawal(&mut self, i: usize) -> TxResult {
        let (w, mint) = (self.wallet(i), self.mint);
        self.as_listener(i, &[ix::cancel_withdrawal(&w, &mint)])
    }

    /// Completes listener `i`'s withdrawal into its own token account.
    pub fn withdraw(&mut self, i: usize) -> TxResult {
        let (w, mint) = (self.wallet(i), self.mint);
        let dest = self.wallet_tokens(i);
        self.as_listener(i, &[ix::withdraw(&w, &mint, &dest)])
    }

    /// `closer` closes listener `i`'s open window.
    pub fn close_window(&mut self, closer: &Keypair, i: usize) -> TxResult {
        let (w, mint) = (self.wallet(i), self.mint);
        self.f
            .send(&[ix::close_window(&closer.pubkey(), &mint, &w)], &[closer])
    }

    /// The artist's registry `change` to track `t`, then (when `sync`) the
    /// ledger's sync in the same transaction.
    pub fn change_track(&mut self, t: usize, change: Instruction, sync: bool) -> TxResult {
        let artist = self.artist.insecure_clone();
        let track = self.tracks[t];
        let ixs = reg_ix::with_ledger_sync(change, &track, sync);
        self.f.send(&ixs, &[&artist])
    }

    pub fn price_ix(&self, t: usize, price: u64) -> Instruction {
        reg_ix::update_terms(
            &self.artist.pubkey(),
            &self.tracks[t],
            UpdateTermsArgs {
                terms: crate::registry::terms(price),
                metadata_uri: None,
            },
        )
    }

    pub fn pause_track(&mut self, t: usize) -> TxResult {
        let change = reg_ix::pause_track(&self.artist.pubkey(), &self.tracks[t]);
        self.change_track(t, change, true)
    }

    pub fn resume_track(&mut self, t: usize) -> TxResult {
        let change = reg_ix::resume_track(&self.artist.pubkey(), &self.tracks[t]);
        self.change_track(t, change, true)
    }

    pub fn retire_track(&mut self, t: usize) -> TxResult {
        let change = reg_ix::retire_track(&self.artist.pubkey(), &self.tracks[t]);
        self.change_track(t, change, true)
    }

    /// Every account the escrow keeps for this stream, and its vault: a
    /// refused instruction must leave them byte for byte as they were.
    pub fn snapshot(&mut self) -> Vec<(Pubkey, Option<Account>)> {
        let mut addresses: Vec<Pubkey> = (0..self.listeners.len())
            .map(|i| self.listener_address(i))
            .collect();
        addresses.extend(self.tracks.iter().map(|t| pda::ledger(t).0));
        addresses.extend(
            self.settler_keys()
                .iter()
                .map(|k| pda::settler_state(k, &self.mint).0),
        );
        addresses.push(pda::escrow(&self.mint).0);
        addresses.push(pda::escrow_vault(&self.mint).0);
        addresses
            .into_iter()
            .map(|a| (a, self.f.account(&a)))
            .collect()
    }

    #[track_caller]
    pub fn assert_unchanged(&mut self, before: &[(Pubkey, Option<Account>)]) {
        for (address, was) in before {
            let is = self.f.account(address);
            assert_eq!(was, &is, "account {address} changed");
        }
    }
}
