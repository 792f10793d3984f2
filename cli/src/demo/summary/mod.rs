//! What the story left on chain, and the checks that value was conserved:
//! each chapter's part of the summary is a child module.

use std::io::Write;

use encore_sdk::EncoreClient;
use serde::Serialize;

use super::played::Played;
use crate::output::table;

mod check;
mod market;
mod royalties;
mod streaming;

pub use check::Check;
use market::PoolSummary;
use royalties::Royalties;
use streaming::StreamingSummary;

#[derive(Serialize, Debug)]
pub struct Summary {
    pub payment_mint: String,
    pub release_period_secs: i64,
    /// `tracks`, `holders` and `totals`.
    #[serde(flatten)]
    pub royalties: Royalties,
    /// The market in one track's shares.
    pub pool: PoolSummary,
    /// Listeners' escrow, settlement and harvest (`null` when the chapter
    /// was skipped on a cluster).
    pub streaming: Option<StreamingSummary>,
    pub checks: Vec<Check>,
}

impl Summary {
    pub fn collect(client: &dyn EncoreClient, played: &Played) -> anyhow::Result<Self> {
        let mut checks = Vec::new();
        let royalties = Royalties::collect(client, played, &mut checks)?;
        let pool = PoolSummary::collect(client, played, &mut checks)?;
        let streaming = StreamingSummary::collect(client, played, &mut checks)?;
        Ok(Self {
            payment_mint: played.mint.to_string(),
            release_period_secs: played.release_period,
            royalties,
            pool,
            streaming,
            checks,
        })
    }

    pub fn failed(&self) -> Vec<&Check> {
        self.checks.iter().filter(|c| !c.ok).collect()
    }

    /// The human summary: tracks, rights holders, streaming, the pool, checks.
    pub fn display(&self, out: &mut dyn Write) -> std::io::Result<()> {
        self.royalties.display(out, &self.payment_mint)?;

        if let Some(streaming) = &self.streaming {
            writeln!(out)?;
            streaming.display(out)?;
        }

        writeln!(out)?;
        self.pool.display(out)?;

        writeln!(out)?;
        writeln!(out, "Checks")?;
        let rows: Vec<Vec<String>> = self
            .checks
            .iter()
            .map(|c| {
                vec![
                    if c.ok { "ok" } else { "FAILED" }.into(),
                    c.name.clone(),
                    c.detail.clone(),
                ]
            })
            .collect();
        table(out, &["RESULT", "CHECK", "DETAIL"], &rows)
    }
}
