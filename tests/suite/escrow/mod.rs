//! stream_escrow through the real programs: a `Stream` deployment and its
//! actions here and in actions.rs; batches (settle.rs) and their windows
//! (windows.rs); the price of a play's time (terms.rs); caps, withdrawals
//! and window closes (commitments.rs, listeners.rs); collection (collect.rs);
//! amounts at u64::MAX (limits.rs); receipts and disputes (disputes.rs,
//! and over random sequences in receipts_model.rs); and every amount over
//! random sequences against an independent model (conservation.rs,
//! model.rs).

mod actions;
mod charges;
mod collect;
mod commitments;
mod conservation;
mod derivatives;
mod disputes;
mod limits;
mod listeners;
mod receipts_model;
mod settle;
mod terms;
mod track_disputes;
mod windows;

use crate::support::fixture::TxResult;
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use encore_sdk::governance::state::{ProtocolConfig, Settler};
use encore_sdk::instructions::{escrow as ix, gov as gov_ix, registry as reg_ix};
use encore_sdk::pda;
use encore_sdk::stream_escrow::batch::{encode, Entry, Part, PartHeader};
use encore_sdk::stream_escrow::instructions::SettleArgs;
use encore_sdk::stream_escrow::state::{Escrow, Listener, SettlerState, TrackLedger};
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::gov::{governed, Gov};
use crate::registry::{new_artist, track_args};
use crate::support::fixture::Fixture;

pub const SETTLER_FEE_BPS: u16 = 100;
/// The governed fixture's withdrawal notice (2 days): what a price rise, a
/// lowered cap and a withdrawal wait out.
pub const NOTICE: i64 = 2 * 86_400;
/// Each settler's bond, posted in the payment mint: more than any test
/// here charges within a challenge window, leaving the rest of the supply
/// to listeners.
pub const SETTLER_BOND: u64 = 1 << 62;

/// How a `Stream`'s settlers come by their bonds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bond {
    /// `SETTLER_BOND`, minted and posted through governance.
    Posted,
    /// u64::MAX, written into the settler's record and vault, so that
    /// listeners can hold the whole supply of the mint, and no dispute
    /// reward, so that the bond covers a charge of u64::MAX (limits.rs).
    Max,
}

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
    /// Settlers added with `add_settler`.
    pub other_settlers: Vec<Keypair>,
    pub listeners: Vec<Keypair>,
    /// How settlers are bonded.
    pub bond: Bond,
    /// The next play time `play_time` hands out.
    next_time: i64,
}

/// One listener's part of a test batch: entries as (index in the window,
/// track by index into `Stream::tracks`, plays).
#[derive(Clone, Debug)]
pub struct TestPart {
    pub listener: usize,
    pub header: TestHeader,
    pub entries: Vec<(u8, usize, u16)>,
}

#[derive(Clone, Copy, Debug)]
pub enum TestHeader {
    Open { first: i64, last: i64, entries: u16 },
    Continue { tag: u8 },
}

/// A part opening `listener`'s window `[first, last]` of `n` entries.
pub fn open(
    listener: usize,
    first: i64,
    last: i64,
    n: u16,
    entries: &[(u8, usize, u16)],
) -> TestPart {
    TestPart {
        listener,
        header: TestHeader::Open {
            first,
            last,
            entries: n,
        },
        entries: entries.to_vec(),
    }
}

/// A part continuing `listener`'s open window, whose parts carry `tag`.
pub fn cont(listener: usize, tag: u8, entries: &[(u8, usize, u16)]) -> TestPart {
    TestPart {
        listener,
        header: TestHeader::Continue { tag },
        entries: entries.to_vec(),
    }
}

impl Stream {
    /// Tracks priced at `prices`, each with an open ledger.
    pub fn new(prices: &[u64]) -> Self {
        Self::bonded(prices, Bond::Posted)
    }

    /// As `new`, its settlers bonded as `bond` says.
    pub fn bonded(prices: &[u64], bond: Bond) -> Self {
        let lineage: Vec<(u16, Option<usize>)> = prices.iter().map(|_| (2_500, None)).collect();
        Self::build(prices, &lineage, bond)
    }

    /// Tracks priced at `prices`, track `i` letting derivatives of it owe
    /// it `lineage[i].0` bps and deriving from track `lineage[i].1` (an
    /// earlier one), if any.
    pub fn tree(prices: &[u64], lineage: &[(u16, Option<usize>)]) -> Self {
        Self::build(prices, lineage, Bond::Posted)
    }

    fn build(prices: &[u64], lineage: &[(u16, Option<usize>)], bond: Bond) -> Self {
        let (mut f, gov) = governed();
        let artist = new_artist(&mut f, "streamer");
        let mint_authority = f.keypair();
        let mint = f.create_mint(&mint_authority, 6);
        let mut tracks = Vec::new();
        for (i, price) in prices.iter().enumerate() {
            let hash = [40 + i as u8; 32];
            let mut args = track_args(hash);
            args.terms.price_per_play = *price;
            let (share_bps, parent) = lineage.get(i).copied().unwrap_or((2_500, None));
            args.terms.derivative_share_bps = share_bps;
            let parent = parent.and_then(|p| tracks.get(p).copied());
            f.send(
                &[reg_ix::register_derivative(
                    &artist.pubkey(),
                    &mint,
                    args,
                    parent.as_ref(),
                )],
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
        let mut s = Self {
            f,
            gov,
            artist,
            mint,
            mint_authority,
            tracks,
            settler: settler.insecure_clone(),
            other_settlers: Vec::new(),
            listeners: Vec::new(),
            bond,
            next_time: 0,
        };
        s.approve_settler(&settler, SETTLER_FEE_BPS);
        s
    }

    /// Registers `settler` with a bond in the payment mint, has governance
    /// approve it and opens its batch numbers at `fee_bps`.
    pub fn approve_settler(&mut self, settler: &Keypair, fee_bps: u16) {
        let (s, mint) = (settler.pubkey(), self.mint);
        self.f
            .send(&[gov_ix::register_settler(&s, &mint)], &[settler])
            .expect("register settler");
        match self.bond {
            Bond::Posted => {
                let source = self.f.ata(&s, &mint);
                let authority = self.mint_authority.insecure_clone();
                self.f.mint_to(&mint, &authority, &source, SETTLER_BOND);
                self.f
                    .send(&[gov_ix::post_bond(&s, &source, SETTLER_BOND)], &[settler])
                    .expect("post bond");
            }
            Bond::Max => {
                let record = pda::settler(&s).0;
                let mut approval: Settler = self.f.state(&record);
                approval.bond_amount = u64::MAX;
                self.f.set_state(&record, &approval);
                self.f.set_token_amount(&pda::settler_bond(&s).0, u64::MAX);
                // With no dispute reward to cover, u64::MAX of bond covers
                // u64::MAX of charges.
                let address = pda::config().0;
                let mut config: ProtocolConfig = self.f.state(&address);
                config.params.dispute_reward_bps = 0;
                self.f.set_state(&address, &config);
            }
        }
        let authority = self.gov.authority.insecure_clone();
        self.f
            .send(
                &[gov_ix::approve_settler(&authority.pubkey(), &s, 0)],
                &[&authority],
            )
            .expect("approve settler");
        self.f
            .send(&[ix::open_settler(&s, &mint, fee_bps)], &[settler])
            .expect("open settler");
    }

    /// A play start time after every earlier one and before the clock.
    pub fn play_time(&mut self) -> i64 {
        if self.next_time == 0 {
            self.next_time = self.f.now() - 1_000_000;
        }
        self.next_time += 10;
        self.next_time
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

    /// Settles, as one batch, one whole window per listener, each of one
    /// fresh instant: `plays` are (listener, [(track, plays)]).
    pub fn settle_plays(&mut self, seq: u64, plays: &[(usize, &[(usize, u16)])]) -> TxResult {
        let parts: Vec<TestPart> = plays
            .iter()
            .map(|(l, tracks)| {
                let at = self.play_time();
                let entries: Vec<(u8, usize, u16)> = tracks
                    .iter()
                    .enumerate()
                    .map(|(i, (t, p))| (i as u8, *t, *p))
                    .collect();
                open(*l, at, at, tracks.len() as u16, &entries)
            })
            .collect();
        self.settle_parts(seq, &parts)
    }

    /// The settle instruction of `parts` as this stream's settler.
    pub fn settle_ix(
        &self,
        seq: u64,
        parts: &[TestPart],
    ) -> anchor_lang::solana_program::instruction::Instruction {
        self.settle_ix_as(&self.settler.pubkey(), seq, parts)
    }

    pub fn settle_ix_as(&self, settler: &Pubkey, seq: u64, parts: &[TestPart]) -> Instruction {
        self.settle_ix_at(settler, seq, None, parts)
    }

    /// The settle instruction of `parts` as `settler`, with windows' times
    /// counted from `base_time` (by default the earliest opening `first`).
    pub fn settle_ix_at(
        &self,
        settler: &Pubkey,
        seq: u64,
        base_time: Option<i64>,
        parts: &[TestPart],
    ) -> Instruction {
        let mut tracks: Vec<usize> = Vec::new();
        for p in parts {
            for (_, t, _) in &p.entries {
                if !tracks.contains(t) {
                    tracks.push(*t);
                }
            }
        }
        let base_time = base_time.unwrap_or_else(|| {
            parts
                .iter()
                .filter_map(|p| match p.header {
                    TestHeader::Open { first, .. } => Some(first),
                    TestHeader::Continue { .. } => None,
                })
                .min()
                .unwrap_or(0)
        });
        let wire: Vec<Part> = parts
            .iter()
            .map(|p| Part {
                header: match p.header {
                    TestHeader::Open {
                        first,
                        last,
                        entries,
                    } => PartHeader::Open {
                        first_offset: u32::try_from(first - base_time).expect("first offset"),
                        last_offset: u32::try_from(last - base_time).expect("last offset"),
                        window_entries: entries,
                    },
                    TestHeader::Continue { tag } => PartHeader::Continue { tag },
                },
                entries: p
                    .entries
                    .iter()
                    .map(|(index, t, plays)| Entry {
                        index: *index,
                        ledger: tracks.iter().position(|x| x == t).unwrap() as u8,
                        plays: *plays,
                    })
                    .collect(),
            })
            .collect();
        let listeners: Vec<usize> = parts.iter().map(|p| p.listener).collect();
        self.raw_settle_ix(
            settler,
            seq,
            base_time,
            encode(&wire).expect("encodable parts"),
            &listeners,
            &tracks,
        )
    }

    /// A settle instruction carrying `parts` as given (any bytes), for
    /// listeners and tracks by index, in that account order.
    pub fn raw_settle_ix(
        &self,
        settler: &Pubkey,
        seq: u64,
        base_time: i64,
        parts: Vec<u8>,
        listeners: &[usize],
        tracks: &[usize],
    ) -> Instruction {
        let args = SettleArgs {
            seq,
            audit_root: [seq as u8; 32],
            base_time,
            parts,
        };
        let wallets: Vec<Pubkey> = listeners.iter().map(|l| self.wallet(*l)).collect();
        let track_keys: Vec<Pubkey> = tracks.iter().map(|t| self.tracks[*t]).collect();
        ix::settle(settler, &self.mint, &wallets, &track_keys, args)
    }

    /// Sends `parts` as one batch numbered `seq`.
    pub fn settle_parts(&mut self, seq: u64, parts: &[TestPart]) -> TxResult {
        let ixn = self.settle_ix(seq, parts);
        let settler = self.settler.insecure_clone();
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
        let owed: u64 = (0..self.tracks.len())
            .map(|t| {
                let ledger = self.ledger(t);
                ledger.owed + ledger.upstream_owed
            })
            .sum();
        let fees: u64 = self
            .settler_keys()
            .iter()
            .map(|k| self.settler_state_of(k).fees_owed)
            .sum();
        let vault = self.vault_balance();
        assert_eq!(
            u128::from(vault),
            u128::from(listeners) + u128::from(owed) + u128::from(fees),
            "vault vs ledgers"
        );
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
