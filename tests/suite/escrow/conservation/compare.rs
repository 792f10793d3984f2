//! After every step: every amount on chain equals the model's, and the
//! vault holds exactly what the escrow owes.

use encore_sdk::pda;
use encore_sdk::track_registry::state::TrackStatus;
use proptest::prelude::*;

use super::world::World;
use crate::escrow::NOTICE;

impl World {
    /// Every amount on chain equals the model's, and the vault holds
    /// exactly what the escrow owes.
    pub(super) fn compare(&mut self) -> Result<(), TestCaseError> {
        let keys = self.s.settler_keys();
        let mut balances = 0u128;
        for l in 0..self.m.listeners.len() {
            let p = self.s.listener(l);
            let m = self.m.listeners[l].clone();
            prop_assert_eq!(p.balance, m.balance, "listener {} balance", l);
            prop_assert_eq!(
                (
                    p.cap_per_period,
                    p.cap_period_secs,
                    p.period_start,
                    p.spent_this_period
                ),
                (m.cap, m.period, m.period_start, m.spent),
                "listener {} cap",
                l
            );
            prop_assert!(p.spent_this_period <= p.cap_per_period);
            let pending: Vec<(u64, i64, i64)> =
                m.pending.iter().map(|x| (x.cap, x.period, x.at)).collect();
            let on_chain: Vec<(u64, i64, i64)> = p
                .cap_changes()
                .iter()
                .map(|c| (c.cap, c.period_secs, c.at))
                .collect();
            prop_assert_eq!(on_chain, pending, "listener {} pending cap", l);
            let request = m
                .withdrawal
                .as_ref()
                .map_or((0, 0, 0), |w| (w.amount, w.requested_at, w.available_at));
            prop_assert_eq!(
                (
                    p.withdrawal_amount,
                    p.withdrawal_requested_at,
                    p.withdrawal_available_at
                ),
                request,
                "listener {} withdrawal",
                l
            );
            prop_assert_eq!(
                (
                    p.settled_through,
                    p.windows_opened,
                    p.lifetime_spent,
                    p.lifetime_plays
                ),
                (
                    m.settled_through,
                    m.windows_opened,
                    m.lifetime_spent,
                    m.lifetime_plays
                ),
                "listener {} settlement",
                l
            );
            match &m.window {
                None => prop_assert!(!p.window.open && p.window.entries == 0),
                Some(w) => {
                    let done: Vec<bool> = (0..w.done.len())
                        .map(|i| p.window.done[i / 8] >> (i % 8) & 1 == 1)
                        .collect();
                    prop_assert_eq!(
                        (
                            p.window.open,
                            p.window.settler,
                            p.window.first,
                            p.window.last
                        ),
                        (w.open, keys[w.settler], w.first, w.last),
                        "listener {} window",
                        l
                    );
                    prop_assert_eq!(
                        (
                            usize::from(p.window.entries),
                            usize::from(p.window.settled),
                            p.window.opened_at
                        ),
                        (
                            w.done.len(),
                            w.done.iter().filter(|d| **d).count(),
                            w.opened_at
                        )
                    );
                    prop_assert_eq!(done, w.done.clone());
                }
            }
            let wallet = self.s.wallet_tokens(l);
            prop_assert_eq!(self.s.f.token_balance(&wallet), self.m.withdrawn_by[l]);
            // Every token a listener put in is in its balance, was spent
            // on plays, or came back to it.
            prop_assert_eq!(
                u128::from(p.balance) + p.lifetime_spent + u128::from(self.m.withdrawn_by[l]),
                u128::from(self.audit.deposited[l])
            );
            balances += u128::from(p.balance);
        }
        let mut owed = 0u128;
        for t in 0..self.m.tracks.len() {
            let p = self.s.ledger(t);
            let m = self.m.tracks[t].clone();
            prop_assert_eq!(
                (
                    p.owed,
                    p.lifetime_earned,
                    p.lifetime_plays,
                    p.lifetime_collected
                ),
                (
                    m.owed,
                    u128::from(m.lifetime_earned),
                    m.lifetime_plays,
                    u128::from(m.lifetime_collected)
                ),
                "track {} books",
                t
            );
            let points: Vec<(i64, u64, TrackStatus)> = p
                .points()
                .iter()
                .map(|x| (x.from, x.price, x.status))
                .collect();
            prop_assert_eq!(points, m.points(NOTICE), "track {} points", t);
            prop_assert_eq!(
                (p.terms_version, p.synced_at),
                (m.ledger_version, m.synced_at)
            );
            let vault = pda::revenue_vault(&self.s.tracks[t]).0;
            prop_assert_eq!(self.s.f.token_balance(&vault), self.m.revenue[t]);
            owed += u128::from(p.owed);
        }
        let mut fees = 0u128;
        for (s, key) in keys.iter().enumerate() {
            let p = self.s.settler_state_of(key);
            let m = self.m.settlers[s].clone();
            prop_assert_eq!(
                (
                    p.fees_owed,
                    p.lifetime_fees,
                    p.lifetime_plays,
                    p.lifetime_amount
                ),
                (
                    m.fees_owed,
                    u128::from(m.lifetime_fees),
                    m.lifetime_plays,
                    u128::from(m.lifetime_amount)
                ),
                "settler {} books",
                s
            );
            prop_assert_eq!(
                (p.highest_seq, p.batches, p.last_settled_at),
                (m.highest_seq, m.batches, m.last_settled_at)
            );
            prop_assert_eq!(self.s.f.token_balance(&self.settler_tokens[s]), m.claimed);
            fees += u128::from(p.fees_owed);
        }
        let escrow = self.s.escrow();
        prop_assert_eq!(
            (
                escrow.total_deposited,
                escrow.total_withdrawn,
                escrow.total_collected,
                escrow.total_protocol_fees,
                escrow.total_settler_fees
            ),
            (
                u128::from(self.m.total_deposited),
                u128::from(self.m.total_withdrawn),
                u128::from(self.m.total_collected),
                u128::from(self.m.total_protocol_fees),
                u128::from(self.m.total_settler_fees)
            )
        );
        let vault = self.s.vault_balance();
        prop_assert_eq!(vault, self.m.vault());
        prop_assert_eq!(u128::from(vault), balances + owed + fees, "conservation");
        prop_assert_eq!(self.s.f.token_balance(&self.treasury), self.m.treasury);
        Ok(())
    }
}
