//! stream_escrow: deposits, caps, withdrawals, batched settlement, collection
//! into royalty vaults, and conservation, through the real programs.

mod collect;
mod conservation;
mod listeners;
mod settle;

use crate::support::fixture::TxResult;
use anchor_lang::prelude::Pubkey;
use encore_sdk::instructions::{escrow as ix, gov as gov_ix, registry as reg_ix};
use encore_sdk::pda;
use encore_sdk::stream_escrow::instructions::{SettleArgs, SettleEntry};
use encore_sdk::stream_escrow::state::{Escrow, Listener, SettlerState, TrackLedger};
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::gov::{governed, Gov};
use crate::registry::{new_artist, track_args};
use crate::support::fixture::Fixture;

pub const SETTLER_FEE_BPS: u16 = 100;

/// A governed deployment with an escrow in one payment mint, tracks with
/// ledgers, and an approved settler.
pub struct Stream {
    pub f: Fixture,
    pub gov: Gov,
    pub artist: Keypair,
    pub mint: Pubkey,
    pub mint_authority: Keypair,
    pub tracks: Vec<Pubkey>,
    pub settler: Keypair,
    pub listeners: Vec<Keypair>,
}

pub fn entry(listener: u8, track: u8, plays: u16) -> SettleEntry {
    SettleEntry {
        listener,
        track,
        plays,
    }
}

impl Stream {
    /// Tracks priced at `prices`, each with an open ledger.
    pub fn new(prices: &[u64]) -> Self {
        let (mut f, gov) = governed();
        let artist = new_artist(&mut f, "streamer");
        let mint_authority = f.keypair();
        let mint = f.create_mint(&mint_authority, 6);
        let mut tracks = Vec::new();
        for (i, price) in prices.iter().enumerate() {
            let hash = [40 + i as u8; 32];
            let mut args = track_args(hash);
            args.terms.price_per_play = *price;
            f.send(
                &[reg_ix::register_track(&artist.pubkey(), &mint, args)],
                &[&artist],
            )
            .expect("register");
            let track = pda::track(&hash).0;
            tracks.push(track);
        }
        let payer = f.payer().pubkey();
        f.send(&[ix::init_escrow(&payer, &mint)], &[])
            .expect("init escrow");
        for track in &tracks {
            f.send(&[ix::open_ledger(&payer, track)], &[])
                .expect("open ledger");
        }
        let settler = f.keypair();
        let s = settler.pubkey();
        f.send(&[gov_ix::register_settler(&s, &mint)], &[&settler])
            .expect("register settler");
        f.send(
            &[gov_ix::approve_settler(&gov.authority.pubkey(), &s, 0)],
            &[&gov.authority],
        )
        .expect("approve settler");
        f.send(&[ix::open_settler(&s, &mint, SETTLER_FEE_BPS)], &[&settler])
            .expect("open settler");
        Self {
            f,
            gov,
            artist,
            mint,
            mint_authority,
            tracks,
            settler,
            listeners: Vec::new(),
        }
    }

    /// A listener funded with `balance` in the escrow; returns its index.
    pub fn add_listener(&mut self, balance: u64) -> usize {
        let wallet = self.f.keypair();
        let w = wallet.pubkey();
        let source = self.f.ata(&w, &self.mint);
        let (mint, authority) = (self.mint, self.mint_authority.insecure_clone());
        let mut ixs = vec![ix::open_listener(&w, &mint)];
        if balance > 0 {
            self.f.mint_to(&mint, &authority, &source, balance);
            ixs.push(ix::deposit(&w, &mint, &source, balance));
        }
        self.f.send(&ixs, &[&wallet]).expect("open and deposit");
        self.listeners.push(wallet);
        self.listeners.len() - 1
    }

    pub fn wallet(&self, i: usize) -> Pubkey {
        self.listeners[i].pubkey()
    }

    /// Settles `entries` against the listeners and tracks given by index.
    pub fn settle(
        &mut self,
        seq: u64,
        listeners: &[usize],
        tracks: &[usize],
        entries: Vec<SettleEntry>,
    ) -> TxResult {
        let wallets: Vec<Pubkey> = listeners.iter().map(|i| self.wallet(*i)).collect();
        let track_keys: Vec<Pubkey> = tracks.iter().map(|i| self.tracks[*i]).collect();
        let args = SettleArgs {
            seq,
            audit_root: [seq as u8; 32],
            listener_count: wallets.len() as u8,
            entries,
        };
        let settler = self.settler.insecure_clone();
        let ixn = ix::settle(&settler.pubkey(), &self.mint, &wallets, &track_keys, args);
        self.f.send_as(&settler, &[ixn], &[])
    }

    pub fn listener(&mut self, i: usize) -> Listener {
        let address = pda::listener(&self.mint, &self.wallet(i)).0;
        self.f.state(&address)
    }

    pub fn ledger(&mut self, t: usize) -> TrackLedger {
        let address = pda::ledger(&self.tracks[t]).0;
        self.f.state(&address)
    }

    pub fn settler_state(&mut self) -> SettlerState {
        let address = pda::settler_state(&self.settler.pubkey(), &self.mint).0;
        self.f.state(&address)
    }

    pub fn escrow(&mut self) -> Escrow {
        let address = pda::escrow(&self.mint).0;
        self.f.state(&address)
    }

    pub fn vault_balance(&mut self) -> u64 {
        let vault = pda::escrow_vault(&self.mint).0;
        self.f.token_balance(&vault)
    }

    /// Vault = Σ listener balances + Σ owed + settler fees, and the escrow's
    /// flow counters agree: the conservation invariant, to the base unit.
    pub fn assert_conserved(&mut self) {
        let listeners: u64 = (0..self.listeners.len())
            .map(|i| self.listener(i).balance)
            .sum();
        let owed: u64 = (0..self.tracks.len()).map(|t| self.ledger(t).owed).sum();
        let fees = self.settler_state().fees_owed;
        let vault = self.vault_balance();
        assert_eq!(vault, listeners + owed + fees, "vault vs ledgers");
        assert_eq!(
            Some(vault),
            self.escrow().expected_vault_balance(),
            "vault vs flows"
        );
    }

    pub fn set_pause(&mut self, area: encore_sdk::governance::state::PauseArea, paused: bool) {
        let authority = self.gov.authority.insecure_clone();
        let args = encore_sdk::governance::instructions::SetPauseArgs::only(area, paused);
        self.f
            .send(
                &[gov_ix::set_pause(&authority.pubkey(), args)],
                &[&authority],
            )
            .expect("set pause");
    }
}
