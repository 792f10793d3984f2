//! Disputes as printed by `encore escrow show`, `encore escrow watch`,
//! `encore settle answer` and `encore gov settler show`.

use std::collections::BTreeMap;

use encore_sdk::stream_escrow::state::{Dispute, DisputeStatus};
use encore_sdk::{EncoreClient, Pubkey};
use serde::Serialize;

use crate::units::{mint_decimals, Amount};

#[derive(Serialize, Debug, Clone)]
pub struct DisputeView {
    pub dispute: String,
    /// The listener's wallet.
    pub listener: String,
    pub payment_mint: String,
    pub settler: String,
    pub disputer: String,
    pub epoch: u32,
    pub number: u32,
    /// `open`, `dismissed` (a receipt covered the charge) or `upheld`
    /// (the excess was refunded from the settler's bond).
    pub status: &'static str,
    pub opened_at: i64,
    /// The settler's receipt must land by then; after it anyone decides.
    pub answer_by: i64,
    /// The tab's charge when it was opened.
    pub charged: Amount,
    /// Of which still open to dispute then: the most a refund can be.
    pub open_amount: Amount,
    /// What the disputer said the listener signed for.
    pub signed_total: Amount,
    /// Held in the settler's bond for the refund and reward.
    pub held: Amount,
    /// The answering receipt's total, once answered.
    pub answered_total: Option<Amount>,
    pub refund: Amount,
    pub reward: Amount,
    pub deposit_lamports: u64,
    pub decided_at: Option<i64>,
}

pub fn status_text(status: DisputeStatus) -> &'static str {
    match status {
        DisputeStatus::Open => "open",
        DisputeStatus::Dismissed => "dismissed",
        DisputeStatus::Upheld => "upheld",
    }
}

impl DisputeView {
    pub fn new(address: &Pubkey, d: &Dispute, decimals: u8) -> Self {
        let amount = |v: u64| Amount::new(v, decimals);
        let decided = d.status != DisputeStatus::Open;
        Self {
            dispute: address.to_string(),
            listener: d.wallet.to_string(),
            payment_mint: d.payment_mint.to_string(),
            settler: d.settler.to_string(),
            disputer: d.disputer.to_string(),
            epoch: d.epoch,
            number: d.number,
            status: status_text(d.status),
            opened_at: d.opened_at,
            answer_by: d.answer_by,
            charged: amount(d.charged),
            open_amount: amount(d.open_amount),
            signed_total: amount(d.signed_total),
            held: amount(d.held),
            answered_total: (decided
                && (d.answered_total > 0 || d.status == DisputeStatus::Dismissed))
                .then(|| amount(d.answered_total)),
            refund: amount(d.refund),
            reward: amount(d.reward),
            deposit_lamports: d.deposit,
            decided_at: decided.then_some(d.decided_at),
        }
    }

    /// One line for tables and headlines.
    pub fn line(&self) -> String {
        let short = |s: &str| s.chars().take(8).collect::<String>();
        match self.status {
            "open" => format!(
                "{} open: {} charged, {} signed, answer by {}",
                short(&self.listener),
                self.charged,
                self.signed_total,
                crate::output::utc(self.answer_by)
            ),
            status => format!(
                "{} {status}: {} refunded, {} reward",
                short(&self.listener),
                self.refund,
                self.reward
            ),
        }
    }
}

/// Views of `disputes`, each in its payment mint's units.
pub fn views(
    client: &dyn EncoreClient,
    disputes: &[(Pubkey, Dispute)],
) -> anyhow::Result<Vec<DisputeView>> {
    let mut decimals: BTreeMap<Pubkey, u8> = BTreeMap::new();
    let mut out = Vec::new();
    for (address, d) in disputes {
        let places = match decimals.get(&d.payment_mint) {
            Some(p) => *p,
            None => {
                let p = mint_decimals(client, &d.payment_mint, "payment mint", None)?;
                decimals.insert(d.payment_mint, p);
                p
            }
        };
        out.push(DisputeView::new(address, d, places));
    }
    Ok(out)
}
