//! royalty_shares: exact splits, fixed supply, time-weighted accrual, exits
//! while paused, amounts at the limits of u64, and conservation over random
//! sequences, through the real program. The shared world and its helpers
//! here, one module per area in shares/.

mod cli;

mod accrual;
mod issue;
mod limits;
mod properties;

use anchor_lang::prelude::Pubkey;
use encore_sdk::governance::instructions::SetPauseArgs;
use encore_sdk::governance::state::PauseArea;
use encore_sdk::instructions::{gov as gov_ix, registry as reg_ix, shares as ix};
use encore_sdk::pda;
use encore_sdk::royalty_shares::math::Split;
use encore_sdk::royalty_shares::state::{Position, RoyaltyConfig};
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::gov::{governed, Gov};
use crate::registry::new_artist;
use crate::support::fixture::{Fixture, TxResult};

const DAY: i64 = 86_400;
pub(crate) const RELEASE: i64 = 7 * DAY;

/// A governed deployment with one registered track.
pub struct World {
    pub f: Fixture,
    pub gov: Gov,
    pub artist: Keypair,
    pub track: Pubkey,
    pub payment_mint: Pubkey,
    pub mint_authority: Keypair,
}

pub fn world() -> World {
    let (mut f, gov) = governed();
    let artist = new_artist(&mut f, "royal");
    let mint_authority = f.keypair();
    let payment_mint = f.create_mint(&mint_authority, 6);
    let hash = [21u8; 32];
    f.send(
        &[reg_ix::register_track(
            &artist.pubkey(),
            &payment_mint,
            crate::registry::track_args(hash),
        )],
        &[&artist],
    )
    .expect("register");
    World {
        f,
        gov,
        artist,
        track: pda::track(&hash).0,
        payment_mint,
        mint_authority,
    }
}

fn splits(recipients: &[&Keypair], bps: &[u16]) -> Vec<Split> {
    recipients
        .iter()
        .zip(bps)
        .map(|(r, b)| Split {
            recipient: r.pubkey(),
            bps: *b,
        })
        .collect()
}

impl World {
    /// Creates the shares a slot after the track's claim (never in its slot).
    pub(crate) fn create(&mut self, splits: Vec<Split>) -> TxResult {
        self.f.next_slot();
        let ixn = ix::create_shares(
            &self.artist.pubkey(),
            &self.track,
            &self.payment_mint,
            splits,
        );
        let artist = self.artist.insecure_clone();
        self.f.send(&[ixn], &[&artist])
    }

    pub(crate) fn distribute(&mut self, recipients: &[Pubkey]) {
        let payer = self.f.payer().pubkey();
        for chunk in recipients.chunks(ix::DISTRIBUTE_BATCH) {
            self.f
                .send(&[ix::distribute_shares(&payer, &self.track, chunk)], &[])
                .expect("distribute");
        }
    }

    pub(crate) fn share_mint(&self) -> Pubkey {
        pda::share_mint(&self.track).0
    }

    pub(crate) fn shares_of(&mut self, owner: &Pubkey) -> u64 {
        let ata = encore_sdk::token::associated_address(owner, &self.share_mint());
        self.f.token_balance(&ata)
    }

    pub(crate) fn payment_account(&mut self, owner: &Pubkey) -> Pubkey {
        let mint = self.payment_mint;
        self.f.ata(owner, &mint)
    }

    pub(crate) fn royalty(&mut self) -> RoyaltyConfig {
        let address = pda::royalty(&self.track).0;
        self.f.state(&address)
    }

    pub(crate) fn position(&mut self, owner: &Pubkey) -> Position {
        let address = pda::position(&self.track, owner).0;
        self.f.state(&address)
    }

    /// Funds `who` with payment tokens and deposits `amount` as revenue.
    pub(crate) fn deposit(&mut self, who: &Keypair, amount: u64) {
        let source = self.payment_account(&who.pubkey());
        let (mint, authority) = (self.payment_mint, self.mint_authority.insecure_clone());
        self.f.mint_to(&mint, &authority, &source, amount);
        let ixn = ix::deposit_revenue(&who.pubkey(), &self.track, &source, amount);
        self.f.send(&[ixn], &[who]).expect("deposit revenue");
    }

    /// Stakes from `who`'s wallet, opening its position unless it has one
    /// (distribution opens the recipients').
    pub(crate) fn open_and_stake(&mut self, who: &Keypair, amount: u64) {
        let source = encore_sdk::token::associated_address(&who.pubkey(), &self.share_mint());
        let mut ixs = vec![ix::stake(&who.pubkey(), &self.track, &source, amount)];
        if self
            .f
            .account(&pda::position(&self.track, &who.pubkey()).0)
            .is_none()
        {
            ixs.insert(
                0,
                ix::open_position(&who.pubkey(), &who.pubkey(), &self.track),
            );
        }
        self.f.send(&ixs, &[who]).expect("open and stake");
    }

    /// Unstakes everything `who` holds staked into its associated account.
    pub(crate) fn unstake_all(&mut self, who: &Keypair) {
        let staked = self.position(&who.pubkey()).stake.staked;
        let mint = self.share_mint();
        self.f.ata(&who.pubkey(), &mint);
        self.unstake(who, staked).expect("unstake all");
    }

    pub(crate) fn stake(&mut self, who: &Keypair, amount: u64) -> TxResult {
        let source = encore_sdk::token::associated_address(&who.pubkey(), &self.share_mint());
        let ixn = ix::stake(&who.pubkey(), &self.track, &source, amount);
        self.f.send(&[ixn], &[who])
    }

    pub(crate) fn unstake(&mut self, who: &Keypair, amount: u64) -> TxResult {
        let dest = encore_sdk::token::associated_address(&who.pubkey(), &self.share_mint());
        let ixn = ix::unstake(&who.pubkey(), &self.track, &dest, amount);
        self.f.send(&[ixn], &[who])
    }

    /// Claims and returns what arrived in `who`'s payment account.
    pub(crate) fn claim(&mut self, who: &Keypair) -> TxResult<u64> {
        let dest = self.payment_account(&who.pubkey());
        let before = self.f.token_balance(&dest);
        let ixn = ix::claim(&who.pubkey(), &self.track, &dest);
        self.f.send(&[ixn], &[who])?;
        Ok(self.f.token_balance(&dest) - before)
    }

    /// What the SDK says `who` can claim right now.
    pub(crate) fn pending(&mut self, who: &Pubkey) -> u64 {
        let now = self.f.now();
        let position = self.position(who);
        let royalty = self.royalty();
        encore_sdk::shares::pending_rewards(&position, &royalty, now).expect("pending")
    }

    pub(crate) fn pause_registry(&mut self, paused: bool) {
        let authority = self.gov.authority.insecure_clone();
        let ixn = gov_ix::set_pause(
            &authority.pubkey(),
            SetPauseArgs::only(PauseArea::Registry, paused),
        );
        self.f.send(&[ixn], &[&authority]).expect("set pause");
    }
}

/// A world whose track's shares are split between `n` fresh holders, as
/// distributed: every share staked in its holder's position.
pub(crate) fn staked_world(bps: &[u16]) -> (World, Vec<Keypair>) {
    let mut w = world();
    let holders: Vec<Keypair> = bps.iter().map(|_| w.f.keypair()).collect();
    let refs: Vec<&Keypair> = holders.iter().collect();
    w.create(splits(&refs, bps)).expect("create shares");
    let keys: Vec<Pubkey> = holders.iter().map(|h| h.pubkey()).collect();
    w.distribute(&keys);
    (w, holders)
}

/// [`staked_world`] after every holder unstaked all it holds into its
/// wallet: nothing staked, for tests of staking itself.
pub(crate) fn shared_world(bps: &[u16]) -> (World, Vec<Keypair>) {
    let (mut w, holders) = staked_world(bps);
    for h in &holders {
        w.unstake_all(h);
    }
    (w, holders)
}
