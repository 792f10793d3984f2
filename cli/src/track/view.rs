//! A track as printed, with prices in the payment mint's UI units.

use std::collections::BTreeMap;

use encore_sdk::registry::{format_isrc, hex};
use encore_sdk::stream_escrow::state::TrackLedger;
use encore_sdk::track_registry::state::{Track, TrackDispute, TrackStatus};
use encore_sdk::{accounts, token, EncoreClient, Pubkey};
use serde::Serialize;

use crate::output::{or_dash, percent, utc, Rows};
use crate::units::{mint_decimals, Amount, Total};

/// `--output json` fields are a stable interface.
#[derive(Serialize, Debug)]
pub struct TrackView {
    pub track: String,
    pub artist: String,
    /// The owning profile's handle, when it could be read.
    pub handle: Option<String>,
    pub authority: String,
    pub content_hash: String,
    /// With hyphens: `US-RC1-76-07839`.
    pub isrc: Option<String>,
    pub metadata_uri: String,
    pub status: Status,
    pub terms: TermsView,
    pub terms_version: u32,
    pub registered_at: i64,
    pub updated_at: i64,
    pub pending_authority: Option<String>,
    pub share_mint: Option<String>,
    /// Registered through a commitment (`false`: the one-step path), and
    /// the slot of the owner's claim.
    pub committed: bool,
    pub claim_slot: u64,
    /// The track this one derives from, and the share of its collections
    /// owed to it (bps); `null` and 0 for an original.
    pub parent: Option<String>,
    pub upstream_bps: u16,
    /// Levels below an original (0 for one).
    pub depth: u8,
    /// Tracks registered as derivatives of this one (`track show` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub children: Option<Vec<String>>,
    /// Every track above this one, its parent first, up to the original
    /// (`track show` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ancestors: Option<Vec<String>>,
    /// An ownership dispute is open (its earnings wait in the escrow).
    pub disputed: bool,
    /// An upheld dispute reassigned the track away from shares its previous
    /// owner issued: its earnings go to its authority.
    pub shares_void: bool,
    /// The open dispute (`track show` and `track dispute` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dispute: Option<DisputeView>,
    /// What settlement has paid the track (`track show` only; `null` before
    /// its first settlement opens the ledger).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ledger: Option<Option<LedgerView>>,
}

/// A track's settlement ledger in the payment mint's units: plays paid,
/// net earnings (after settler fees, before the protocol fee), what was
/// collected to the royalty vault or the owner, and what waits.
#[derive(Serialize, Debug)]
pub struct LedgerView {
    pub plays: u64,
    pub earned: Total,
    pub collected: Total,
    pub owed: Amount,
    /// Derivatives' shares credited here and not yet collected.
    pub upstream_owed: Amount,
}

impl LedgerView {
    pub fn of(ledger: &TrackLedger, decimals: u8) -> Self {
        Self {
            plays: ledger.lifetime_plays,
            earned: Total::new(ledger.lifetime_earned, decimals),
            collected: Total::new(ledger.lifetime_collected, decimals),
            owed: Amount::new(ledger.owed, decimals),
            upstream_owed: Amount::new(ledger.upstream_owed, decimals),
        }
    }

    /// The track's ledger, if settlement has opened it.
    pub fn load(
        client: &dyn EncoreClient,
        track: &Pubkey,
        decimals: u8,
    ) -> anyhow::Result<Option<Self>> {
        Ok(encore_sdk::escrow::ledger(client, track)?.map(|l| Self::of(&l, decimals)))
    }
}

#[derive(Serialize, Debug)]
pub struct DisputeView {
    pub claimant: String,
    pub evidence_uri: String,
    /// Lamports held until governance decides.
    pub bond_lamports: u64,
    pub filed_at: i64,
}

#[derive(Serialize, Debug)]
pub struct TermsView {
    pub payment_mint: String,
    /// The mint's decimals, when the mint could be read.
    pub decimals: Option<u8>,
    /// Base units of the payment mint.
    pub price_per_play: u64,
    /// UI units (`price_per_play` scaled by `decimals`), when known.
    pub price: Option<String>,
    pub allow_remix: bool,
    pub allow_commercial: bool,
    pub allow_derivative: bool,
    pub derivative_share_bps: u16,
}

#[derive(Serialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Active,
    Paused,
    Retired,
}

impl From<TrackStatus> for Status {
    fn from(status: TrackStatus) -> Self {
        match status {
            TrackStatus::Active => Status::Active,
            TrackStatus::Paused => Status::Paused,
            TrackStatus::Retired => Status::Retired,
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Status::Active => "Active",
            Status::Paused => "Paused",
            Status::Retired => "Retired",
        })
    }
}

/// Builds views, reading each mint and artist profile once.
pub struct Viewer<'a> {
    client: &'a dyn EncoreClient,
    decimals: BTreeMap<Pubkey, Option<u8>>,
    handles: BTreeMap<Pubkey, Option<String>>,
}

impl<'a> Viewer<'a> {
    pub fn new(client: &'a dyn EncoreClient) -> Self {
        Self {
            client,
            decimals: BTreeMap::new(),
            handles: BTreeMap::new(),
        }
    }

    /// [`Viewer::view`] with the open dispute, if there is one.
    pub fn view_with_dispute(
        &mut self,
        address: &Pubkey,
        track: &Track,
    ) -> anyhow::Result<TrackView> {
        let mut view = self.view(address, track);
        if track.disputed {
            let dispute: Option<TrackDispute> = encore_sdk::accounts::fetch_optional(
                self.client,
                &encore_sdk::pda::track_dispute(address).0,
                &encore_sdk::track_registry::ID,
                "track dispute",
            )?;
            view.dispute = dispute.map(|d| DisputeView {
                claimant: d.claimant.to_string(),
                evidence_uri: d.evidence_uri,
                bond_lamports: d.bond,
                filed_at: d.filed_at,
            });
        }
        Ok(view)
    }

    /// The mint's decimals; `None` if it cannot be read (the view then shows base units).
    pub fn decimals(&mut self, mint: &Pubkey) -> Option<u8> {
        let client = self.client;
        *self
            .decimals
            .entry(*mint)
            .or_insert_with(|| mint_decimals(client, mint, "payment mint", None).ok())
    }

    fn handle(&mut self, artist: &Pubkey) -> Option<String> {
        let client = self.client;
        self.handles
            .entry(*artist)
            .or_insert_with(|| accounts::artist(client, artist).ok().map(|a| a.handle))
            .clone()
    }

    pub fn view(&mut self, address: &Pubkey, track: &Track) -> TrackView {
        let decimals = self.decimals(&track.terms.payment_mint);
        let terms = &track.terms;
        TrackView {
            track: address.to_string(),
            artist: track.artist.to_string(),
            handle: self.handle(&track.artist),
            authority: track.authority.to_string(),
            content_hash: hex(&track.content_hash),
            isrc: track.isrc.as_ref().map(format_isrc),
            metadata_uri: track.metadata_uri.clone(),
            status: track.status.into(),
            terms: TermsView {
                payment_mint: terms.payment_mint.to_string(),
                decimals,
                price_per_play: terms.price_per_play,
                price: decimals.map(|d| token::ui_amount(terms.price_per_play, d)),
                allow_remix: terms.allow_remix,
                allow_commercial: terms.allow_commercial,
                allow_derivative: terms.allow_derivative,
                derivative_share_bps: terms.derivative_share_bps,
            },
            terms_version: track.terms_version,
            registered_at: track.registered_at,
            updated_at: track.updated_at,
            pending_authority: track.pending_authority.map(|p| p.to_string()),
            share_mint: track.share_mint.map(|m| m.to_string()),
            committed: track.committed,
            claim_slot: track.claim_slot,
            parent: track.parent_track().map(|p| p.to_string()),
            upstream_bps: track.upstream_bps,
            depth: track.depth,
            children: None,
            ancestors: None,
            disputed: track.disputed,
            shares_void: track.shares_void,
            dispute: None,
            ledger: None,
        }
    }
}

fn allowed(yes: bool) -> String {
    if yes { "allowed" } else { "not allowed" }.into()
}

impl TermsView {
    /// `0.25` in UI units, or `250000 base units` when the mint is unknown.
    pub fn price_text(&self) -> String {
        match &self.price {
            Some(price) => price.clone(),
            None => format!("{} base units", self.price_per_play),
        }
    }

    pub fn derivatives_text(&self) -> String {
        match (self.allow_derivative, self.derivative_share_bps) {
            (false, _) => allowed(false),
            (true, 0) => allowed(true),
            (true, bps) => format!("allowed, {} of revenue to this track", percent(bps)),
        }
    }

    /// `remix, commercial, derivative 25%` for tables.
    pub fn licence_summary(&self) -> String {
        let mut parts = Vec::new();
        if self.allow_remix {
            parts.push("remix".to_string());
        }
        if self.allow_commercial {
            parts.push("commercial".to_string());
        }
        if self.allow_derivative {
            parts.push(match self.derivative_share_bps {
                0 => "derivative".to_string(),
                bps => format!("derivative {}", percent(bps)),
            });
        }
        if parts.is_empty() {
            "-".into()
        } else {
            parts.join(", ")
        }
    }
}

impl TrackView {
    /// `@handle` or the profile address.
    pub fn artist_label(&self) -> String {
        match &self.handle {
            Some(handle) => format!("@{handle}"),
            None => self.artist.clone(),
        }
    }
}

impl Rows for TrackView {
    fn rows(&self) -> Vec<(&'static str, String)> {
        let terms = &self.terms;
        let mint = match terms.decimals {
            Some(d) => format!("{} ({d} decimals)", terms.payment_mint),
            None => terms.payment_mint.clone(),
        };
        let artist = match &self.handle {
            Some(handle) => format!("{} (@{handle})", self.artist),
            None => self.artist.clone(),
        };
        let mut rows = vec![
            ("Track", self.track.clone()),
            ("Artist", artist),
            ("Authority", self.authority.clone()),
            ("Status", self.status.to_string()),
            ("Content hash", self.content_hash.clone()),
            ("ISRC", self.isrc.clone().unwrap_or_else(|| "-".into())),
            ("Metadata URI", or_dash(&self.metadata_uri)),
            ("Payment mint", mint),
            ("Price per play", terms.price_text()),
            ("Remix", allowed(terms.allow_remix)),
            ("Commercial use", allowed(terms.allow_commercial)),
            ("Derivatives", terms.derivatives_text()),
            ("Terms version", self.terms_version.to_string()),
            ("Registered", utc(self.registered_at)),
            ("Updated", utc(self.updated_at)),
        ];
        if let Some(pending) = &self.pending_authority {
            rows.push(("Pending owner", pending.clone()));
        }
        if let Some(share_mint) = &self.share_mint {
            rows.push(("Share mint", share_mint.clone()));
        }
        if let Some(parent) = &self.parent {
            rows.push((
                "Derivative of",
                format!(
                    "{parent} ({} of each collection to it; {} level(s) below an original)",
                    percent(self.upstream_bps),
                    self.depth
                ),
            ));
        }
        if let Some(ancestors) = self.ancestors.as_ref().filter(|a| a.len() > 1) {
            rows.push(("Lineage", ancestors.join(" <- ")));
        }
        if let Some(children) = self.children.as_ref().filter(|c| !c.is_empty()) {
            rows.push(("Derivatives", children.join(", ")));
        }
        if let Some(d) = &self.dispute {
            rows.push((
                "Disputed",
                format!(
                    "by {} since {} ({}); earnings wait until governance decides",
                    d.claimant,
                    utc(d.filed_at),
                    d.evidence_uri
                ),
            ));
        }
        if self.shares_void {
            rows.push((
                "Shares",
                "voided by an upheld dispute: earnings go to the authority".into(),
            ));
        }
        match &self.ledger {
            Some(Some(l)) => {
                rows.push(("Plays paid", l.plays.to_string()));
                rows.push(("Earned", l.earned.ui.clone()));
                rows.push(("Collected", l.collected.ui.clone()));
                rows.push(("Owed", l.owed.ui.clone()));
            }
            Some(None) => rows.push(("Plays paid", "0 (not settled yet)".into())),
            None => {}
        }
        rows
    }
}
