//! An in-process chain ready for settlement: governance, a payment mint,
//! registered tracks, the mint's escrow, an approved settler and funded
//! listeners. Every key comes from a seed, so two chains built alike hold
//! the same accounts, byte for byte.

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use encore_sdk::client::EncoreClient;
use encore_sdk::instructions::{escrow as ix, gov as gov_ix, registry as reg_ix};
use encore_sdk::native::LiteSvmClient;
use encore_sdk::track_registry::instructions::{CreateArtistArgs, RegisterTrackArgs};
use encore_sdk::track_registry::state::TermsArgs;
use encore_sdk::{pda, token};
use solana_keypair::Keypair;
use solana_signer::Signer;

pub const SOL: u64 = 1_000_000_000;
pub const DECIMALS: u8 = 6;
pub const SETTLER_FEE_BPS: u16 = 100;
/// Each settler's bond in the payment mint: more than any world here
/// charges within a challenge window.
pub const SETTLER_BOND: u64 = 1 << 60;

/// A keypair from a label and an index: the same on every chain.
pub fn seeded(label: u8, index: u32) -> Keypair {
    let mut secret = [0u8; 32];
    secret[0] = label;
    secret[1..5].copy_from_slice(&index.to_le_bytes());
    secret[31] = 0x5e;
    Keypair::new_from_array(secret)
}

pub fn terms(price: u64) -> TermsArgs {
    TermsArgs {
        price_per_play: price,
        allow_remix: false,
        allow_commercial: false,
        allow_derivative: false,
        derivative_share_bps: 0,
    }
}

pub struct Chain {
    pub client: LiteSvmClient,
    /// Pays setup and is the payment mint's authority.
    pub payer: Keypair,
    pub mint: Pubkey,
    pub artist: Keypair,
    pub tracks: Vec<Pubkey>,
    pub listeners: Vec<Keypair>,
    pub settler: Keypair,
}

/// What to build.
#[derive(Clone, Debug)]
pub struct ChainSpec {
    pub prices: Vec<u64>,
    /// Each listener's deposit; `None`: the wallet has no escrow account.
    pub balances: Vec<Option<u64>>,
    /// How many of the first tracks get their ledger during setup (the
    /// runner opens the rest).
    pub open_ledgers: usize,
    /// Whether governance approves the settler.
    pub approve_settler: bool,
    /// Whether setup opens the settler's state (with `SETTLER_FEE_BPS`);
    /// otherwise the runner's first run opens it.
    pub open_settler: bool,
}

impl ChainSpec {
    pub fn new(prices: Vec<u64>, balances: Vec<Option<u64>>) -> Self {
        Self {
            prices,
            balances,
            open_ledgers: 0,
            approve_settler: true,
            open_settler: true,
        }
    }
}

impl Chain {
    pub fn new(spec: &ChainSpec) -> Self {
        let client = LiteSvmClient::new();
        // Every chain starts at the epoch's start, whatever the wall clock
        // says, so two chains built alike are alike byte for byte.
        client.with_svm(|svm| {
            let mut clock: anchor_lang::prelude::Clock = svm.get_sysvar();
            clock.unix_timestamp = super::T0;
            svm.set_sysvar(&clock);
        });
        let council = seeded(1, 0);
        let treasury = seeded(2, 0);
        client
            .bootstrap_governance(
                &council,
                encore_sdk::native::local_params(&treasury.pubkey()),
            )
            .expect("governance");
        let payer = seeded(3, 0);
        client
            .airdrop(&payer.pubkey(), 1_000 * SOL)
            .expect("airdrop");
        let mint = seeded(4, 0);
        let ixs = token::create_mint(
            &payer.pubkey(),
            &mint.pubkey(),
            &payer.pubkey(),
            DECIMALS,
            token::mint_rent(),
        )
        .expect("mint");
        client
            .send_instructions(&ixs, &payer, &[&mint])
            .expect("create mint");
        let mint = mint.pubkey();

        let artist = seeded(5, 0);
        client
            .airdrop(&artist.pubkey(), 100 * SOL)
            .expect("airdrop");
        let create = reg_ix::create_artist(
            &artist.pubkey(),
            CreateArtistArgs {
                handle: "settled".into(),
                display_name: "Settled".into(),
                metadata_uri: String::new(),
            },
        );
        client
            .send_instructions(&[create], &artist, &[])
            .expect("artist");
        let mut tracks = Vec::new();
        for (i, price) in spec.prices.iter().enumerate() {
            let mut hash = [0u8; 32];
            hash[..4].copy_from_slice(&(i as u32 + 1).to_le_bytes());
            hash[31] = 0xa0;
            let register = reg_ix::register_track(
                &artist.pubkey(),
                &mint,
                RegisterTrackArgs {
                    content_hash: hash,
                    isrc: None,
                    metadata_uri: String::new(),
                    terms: terms(*price),
                },
            );
            client
                .send_instructions(&[register], &artist, &[])
                .expect("register track");
            tracks.push(pda::track(&hash).0);
        }
        client
            .send_instructions(&[ix::init_escrow(&payer.pubkey(), &mint)], &payer, &[])
            .expect("init escrow");
        {
            for track in tracks.iter().take(spec.open_ledgers) {
                client
                    .send_instructions(&[ix::open_ledger(&payer.pubkey(), track)], &payer, &[])
                    .expect("open ledger");
            }
        }

        let settler = seeded(6, 0);
        client
            .airdrop(&settler.pubkey(), 100 * SOL)
            .expect("airdrop");
        client
            .send_instructions(
                &[gov_ix::register_settler(&settler.pubkey(), &mint)],
                &settler,
                &[],
            )
            .expect("register settler");
        client
            .send_instructions(
                &minted_bond(&payer.pubkey(), &settler.pubkey(), &mint, SETTLER_BOND),
                &settler,
                &[&payer],
            )
            .expect("post bond");
        if spec.approve_settler {
            client
                .send_instructions(
                    &[gov_ix::approve_settler(
                        &council.pubkey(),
                        &settler.pubkey(),
                        0,
                    )],
                    &council,
                    &[],
                )
                .expect("approve settler");
        }
        if spec.open_settler {
            client
                .send_instructions(
                    &[ix::open_settler(&settler.pubkey(), &mint, SETTLER_FEE_BPS)],
                    &settler,
                    &[],
                )
                .expect("open settler");
        }

        let mut chain = Self {
            client,
            payer,
            mint,
            artist,
            tracks,
            listeners: Vec::new(),
            settler,
        };
        for (i, balance) in spec.balances.iter().enumerate() {
            chain.add_listener(i as u32, *balance);
        }
        chain
    }

    /// A listener wallet; with `Some(balance)`, an escrow account holding it.
    pub fn add_listener(&mut self, index: u32, balance: Option<u64>) {
        let wallet = seeded(7, index);
        let w = wallet.pubkey();
        if let Some(balance) = balance {
            self.client.airdrop(&w, SOL).expect("airdrop");
            let source = token::associated_address(&w, &self.mint);
            let mut ixs = vec![
                token::create_associated_idempotent(&w, &w, &self.mint),
                ix::open_listener(&w, &self.mint),
            ];
            if balance > 0 {
                ixs.push(
                    token::mint_to(&self.mint, &source, &self.payer.pubkey(), balance).unwrap(),
                );
                ixs.push(ix::deposit(&w, &self.mint, &source, balance));
            }
            self.client
                .send_instructions(&ixs, &wallet, &[&self.payer])
                .expect("open and fund listener");
        }
        self.listeners.push(wallet);
    }

    /// Moves the clock to `time` (forward only) and the slot by one.
    pub fn set_time(&self, time: i64) {
        let now = self.client.clock().expect("clock").unix_timestamp;
        assert!(time >= now, "the clock only moves forward");
        self.client.warp_seconds(time - now);
    }

    /// The clock well after the synthetic epoch (whose last sessions can
    /// run weeks past its 30 days), so all its plays are past.
    pub fn after_epoch(&self) {
        self.set_time(super::T0 + 120 * 86_400);
    }

    /// A registry change of `track` by its artist, with the ledger sync
    /// clients send beside it.
    pub fn change_track(
        &self,
        track: usize,
        change: anchor_lang::solana_program::instruction::Instruction,
    ) {
        let ixs = encore_sdk::registry::track_change(&self.client, &self.tracks[track], change)
            .expect("track change");
        self.client
            .send_instructions(&ixs, &self.artist, &[])
            .expect("send track change");
    }

    pub fn wallets(&self) -> Vec<Pubkey> {
        self.listeners.iter().map(|k| k.pubkey()).collect()
    }

    pub fn listener_account(&self, i: usize) -> Pubkey {
        pda::listener(&self.mint, &self.listeners[i].pubkey()).0
    }

    pub fn ledger_account(&self, t: usize) -> Pubkey {
        pda::ledger(&self.tracks[t]).0
    }

    /// Every listener and ledger account, raw, in a fixed order.
    pub fn snapshot(&self) -> Vec<(Pubkey, Option<solana_account::Account>)> {
        let mut keys: Vec<Pubkey> = (0..self.listeners.len())
            .map(|i| self.listener_account(i))
            .chain((0..self.tracks.len()).map(|t| self.ledger_account(t)))
            .collect();
        keys.push(pda::settler_state(&self.settler.pubkey(), &self.mint).0);
        keys.push(pda::escrow_vault(&self.mint).0);
        keys.iter()
            .map(|k| (*k, self.client.get_account(k).expect("read")))
            .collect()
    }
}

/// A settler's bond in the payment mint: `amount` minted to the settler
/// by the mint's `authority`, then posted. Signed by both; the settler pays.
pub fn minted_bond(
    authority: &Pubkey,
    settler: &Pubkey,
    mint: &Pubkey,
    amount: u64,
) -> Vec<Instruction> {
    let source = token::associated_address(settler, mint);
    vec![
        token::create_associated_idempotent(settler, settler, mint),
        token::mint_to(mint, &source, authority, amount).expect("mint_to"),
        gov_ix::post_bond(settler, &source, amount),
    ]
}
