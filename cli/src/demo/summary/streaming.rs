//! The streaming chapter's part of the demo's summary, and its checks.

use std::io::Write;

use encore_sdk::settle::Rejections;
use encore_sdk::{escrow, EncoreClient};
use serde::Serialize;

use super::check::{check, Check};
use crate::demo::played::{usdc, Played, DECIMALS};
use crate::output::{key_values, percent, short, table};
use crate::units::{Amount, Total};

#[derive(Serialize, Debug)]
pub struct StreamingSummary {
    pub settler: String,
    pub settler_fee_bps: u16,
    pub listeners: usize,
    /// What the listeners deposited into the escrow.
    pub deposited: Amount,
    pub plays_in: u64,
    pub plays_accepted: u64,
    pub rejected: Rejections,
    pub batches: u64,
    pub plays_paid: u64,
    pub plays_unpaid: u64,
    /// Charged to listeners: the tracks' earnings plus the settler's fees.
    pub paid_by_listeners: Amount,
    pub settler_fees: Amount,
    /// Taken by the treasury when the tracks harvested.
    pub protocol_fees: Total,
    /// Still in listeners' escrow balances.
    pub listener_balances: Amount,
    pub tracks: Vec<StreamingTrack>,
}

#[derive(Serialize, Debug)]
pub struct StreamingTrack {
    pub title: String,
    pub plays_paid: u64,
    /// Earned at settlement, net of the settler's fee.
    pub earned: Total,
    pub protocol_fee: Amount,
    /// Moved into the track's revenue vault by its harvest.
    pub harvested: Amount,
}

impl StreamingSummary {
    /// Reads the escrow's books; appends the streaming checks. `None` when
    /// the chapter did not play.
    pub fn collect(
        client: &dyn EncoreClient,
        played: &Played,
        checks: &mut Vec<Check>,
    ) -> anyhow::Result<Option<Self>> {
        let Some(s) = &played.streaming else {
            return Ok(None);
        };
        let mint = &played.mint;
        let books = escrow::books(client, mint)?;
        check(
            checks,
            "escrow: vault = listener balances + track owed + settler fees = flows".into(),
            books.conserved(),
            format!(
                "vault {}, listeners {} + tracks {} + settlers {}, flows {}",
                books.vault_balance,
                books.listener_balances,
                books.track_owed,
                books.settler_fees_owed,
                books.expected_by_flows
            ),
        );

        let on_chain = escrow::listeners(client, mint)?;
        let mut mismatched = 0usize;
        let mut debited = 0u128;
        let mut seen = 0usize;
        for (_, l) in &on_chain {
            let Some(deposit) = s.deposits.get(&l.wallet) else {
                continue;
            };
            seen += 1;
            let (plays, amount) = s
                .expected_listeners
                .get(&l.wallet)
                .copied()
                .unwrap_or_default();
            debited += l.lifetime_spent;
            let ok = l.lifetime_spent == u128::from(amount)
                && l.lifetime_plays == plays
                && deposit.checked_sub(amount) == Some(l.balance);
            if !ok {
                mismatched += 1;
            }
        }
        let expected_total: u64 = s.expected_listeners.values().map(|(_, a)| a).sum();
        check(
            checks,
            "escrow: every listener's debit = its paid plays x price".into(),
            mismatched == 0 && seen == s.listeners.len(),
            format!(
                "{seen} of {} listeners on chain, {mismatched} off the plan; debited {debited}, planned {expected_total}",
                s.listeners.len()
            ),
        );
        check(
            checks,
            "escrow: settled amount = listeners' debits".into(),
            u128::from(s.report.amount) == debited && s.report.amount == expected_total,
            format!(
                "settler's lifetime amount {}, listeners' debits {debited}",
                s.report.amount
            ),
        );

        let escrow_state = escrow::escrow(client, mint)?;
        let mut tracks = Vec::new();
        for t in &played.tracks {
            let ledger = escrow::ledger(client, &t.address)?;
            let (collected, earned, plays) = ledger.as_ref().map_or((0, 0, 0), |l| {
                (l.lifetime_collected, l.lifetime_earned, l.lifetime_plays)
            });
            let (received, paid, upstream_bps) = ledger.as_ref().map_or((0, 0, 0), |l| {
                (l.upstream_received, l.upstream_paid, l.upstream_bps)
            });
            let collected_now = u64::try_from(collected)
                .map_err(|_| anyhow::anyhow!("{}: collected more than a u64", t.title))?;
            let (fee, net) = escrow::split_fee(collected_now, s.protocol_fee_bps)
                .map_err(|e| anyhow::anyhow!("protocol fee: {e:?}"))?;
            let with_remixes = u128::from(net) + received;
            check(
                checks,
                format!(
                    "{}: harvested into the revenue vault = collected - protocol fee + remixes' shares - its parent's share",
                    t.title
                ),
                u128::from(t.harvested) + paid == with_remixes,
                format!(
                    "harvested {}, collected {collected} - fee {fee} ({}) + from remixes {received} - to its parent {paid}",
                    t.harvested,
                    percent(s.protocol_fee_bps)
                ),
            );
            // One harvest each: a remix's parent share is its licence's
            // share of what it collected, rounded down.
            check(
                checks,
                format!(
                    "{}: its parent's share = licence share of its collection",
                    t.title
                ),
                paid == with_remixes * u128::from(upstream_bps) / 10_000,
                format!(
                    "paid {paid} = ({net} + {received}) x {}",
                    percent(upstream_bps)
                ),
            );
            let (planned_plays, planned_earned) = s
                .expected_tracks
                .get(&t.address)
                .copied()
                .unwrap_or_default();
            check(
                checks,
                format!("{}: ledger earned = the plan's paid plays x price less settler fees", t.title),
                earned == u128::from(planned_earned) && plays == planned_plays && collected == earned,
                format!(
                    "ledger {plays} plays, earned {earned}, collected {collected}; plan {planned_plays} plays, {planned_earned}"
                ),
            );
            tracks.push(StreamingTrack {
                title: t.title.to_string(),
                plays_paid: plays,
                earned: Total::new(earned, DECIMALS),
                protocol_fee: usdc(fee),
                harvested: usdc(t.harvested),
            });
        }

        let r = &s.report;
        Ok(Some(Self {
            settler: s.settler.to_string(),
            settler_fee_bps: s.settler_fee_bps,
            listeners: s.listeners.len(),
            deposited: usdc(s.deposits.values().sum()),
            plays_in: r.plan.plays_in,
            plays_accepted: r.plan.plays_accepted,
            rejected: r.plan.rejected,
            batches: r.batches_planned,
            plays_paid: r.plays_paid,
            plays_unpaid: r.plays_unpaid,
            paid_by_listeners: usdc(r.amount),
            settler_fees: usdc(r.settler_fees),
            protocol_fees: Total::new(escrow_state.map_or(0, |e| e.total_protocol_fees), DECIMALS),
            listener_balances: usdc(books.listener_balances),
            tracks,
        }))
    }

    pub fn display(&self, out: &mut dyn Write) -> std::io::Result<()> {
        writeln!(
            out,
            "Streaming (escrow, settled by {})",
            short(&self.settler)
        )?;
        let rejected = &self.rejected;
        key_values(
            out,
            &[
                ("Listeners", self.listeners.to_string()),
                ("Deposited", self.deposited.to_string()),
                (
                    "Plays",
                    format!(
                        "{} in, {} accepted; rejected {} duplicate, {} under the minimum, {} overlapping, {} over the daily cap",
                        self.plays_in,
                        self.plays_accepted,
                        rejected.duplicate,
                        rejected.too_short,
                        rejected.overlapping,
                        rejected.daily_cap
                    ),
                ),
                (
                    "Settled",
                    format!(
                        "{} batches: {} plays paid, {} unpaid (listeners ran short)",
                        self.batches, self.plays_paid, self.plays_unpaid
                    ),
                ),
                ("Paid by listeners", self.paid_by_listeners.to_string()),
                (
                    "Settler fees",
                    format!("{} ({})", self.settler_fees, percent(self.settler_fee_bps)),
                ),
                ("Protocol fees", self.protocol_fees.to_string()),
                ("Left in balances", self.listener_balances.to_string()),
            ],
        )?;
        let rows: Vec<Vec<String>> = self
            .tracks
            .iter()
            .map(|t| {
                vec![
                    t.title.clone(),
                    t.plays_paid.to_string(),
                    t.earned.to_string(),
                    t.protocol_fee.to_string(),
                    t.harvested.to_string(),
                ]
            })
            .collect();
        table(
            out,
            &["TRACK", "PLAYS PAID", "EARNED", "PROTOCOL FEE", "HARVESTED"],
            &rows,
        )
    }
}
