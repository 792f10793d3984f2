use anchor_lang::prelude::*;
use track_registry::state::{Track, TrackStatus};

use crate::constants::TERMS_POINTS;
use crate::errors::EscrowError;

/// A track's terms from one moment on: the price of a play starting at or
/// after `from`, and whether the track was earning then.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub struct TermsPoint {
    pub from: i64,
    pub price: u64,
    pub status: TrackStatus,
}

const EMPTY_POINT: TermsPoint = TermsPoint {
    from: 0,
    price: 0,
    status: TrackStatus::Active,
};

/// What settlement needs of a track, at `[LEDGER, track]`, so a track costs
/// one account slot in a settle transaction.
///
/// `points` is the track's terms over time, oldest first: a play is charged
/// the price in force when it started. `sync_ledger` records a registry
/// change: a price cut or a status change from the moment of the sync, a
/// rise only from one withdrawal notice later, so a listener can leave
/// first. The last `TERMS_POINTS` points are kept; a play older than the
/// oldest is not charged (its price is no longer known).
#[account]
#[derive(InitSpace, Debug)]
pub struct TrackLedger {
    pub track: Pubkey,
    pub payment_mint: Pubkey,
    pub points: [TermsPoint; TERMS_POINTS],
    pub point_count: u8,
    /// The registry's `terms_version` the points reflect.
    pub terms_version: u32,
    /// Net earnings settled and not yet collected.
    pub owed: u64,
    /// Lifetime totals in u128: they never stop a batch or a collection.
    pub lifetime_earned: u128,
    pub lifetime_plays: u64,
    pub lifetime_collected: u128,
    pub synced_at: i64,
    pub bump: u8,
    /// `owed` by the protocol fee in force when it was settled: a fee
    /// change applies to plays settled after it, never to revenue already
    /// settled. Slots with nothing owed are free.
    pub owed_by_fee: [OwedAtFee; FEE_SLOTS],
    /// The track this one is a derivative of (default: an original), and
    /// the share of every collection it owes it, as registered.
    pub parent: Pubkey,
    pub upstream_bps: u16,
    /// Derivatives' shares credited here and not yet collected: fee-free
    /// (their protocol fee was paid when the derivative was collected).
    pub upstream_owed: u64,
    /// Lifetime derivatives' shares credited here, and lifetime shares
    /// sent to the parent.
    pub upstream_received: u128,
    pub upstream_paid: u128,
}

/// Distinct protocol fees a ledger keeps apart until collection.
pub const FEE_SLOTS: usize = 4;

#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct OwedAtFee {
    pub fee_bps: u16,
    pub owed: u64,
}

impl TrackLedger {
    pub fn points(&self) -> &[TermsPoint] {
        let n = usize::from(self.point_count).min(TERMS_POINTS);
        self.points.get(..n).unwrap_or(&[])
    }

    /// The terms of a play starting at `time`; `None` if older than every
    /// point kept.
    pub fn terms_at(&self, time: i64) -> Option<TermsPoint> {
        self.points().iter().rev().find(|p| p.from <= time).copied()
    }

    /// Whether the terms change for plays starting in `(first, last]`.
    pub fn spans_change(&self, first: i64, last: i64) -> bool {
        self.points()
            .iter()
            .any(|p| first < p.from && p.from <= last)
    }

    /// The terms in force right now, as the registry's track gives them,
    /// from `from` (a new ledger's first point).
    pub fn start(&mut self, track: &Track, from: i64, now: i64) {
        self.points = [EMPTY_POINT; TERMS_POINTS];
        self.points[0] = TermsPoint {
            from,
            price: track.terms.price_per_play,
            status: track.status,
        };
        self.point_count = 1;
        self.terms_version = track.terms_version;
        self.synced_at = now;
        self.set_lineage(track);
    }

    /// Records the registry's current terms. From `now` on, a play costs
    /// at most both the old schedule and the new price; from `now +
    /// notice_secs` on, exactly the new price. A status change applies from
    /// `now`. So a cut is immediate and a rise waits out the notice.
    pub fn sync(&mut self, track: &Track, now: i64, notice_secs: i64) -> Result<()> {
        let price = track.terms.price_per_play;
        let status = track.status;
        let rise_at = now
            .checked_add(notice_secs)
            .ok_or(EscrowError::MathOverflow)?;
        let old: Vec<TermsPoint> = self.points().to_vec();
        let at = |t: i64| old.iter().rev().find(|p| p.from <= t).copied();
        let mut next: Vec<TermsPoint> = old.iter().filter(|p| p.from < now).copied().collect();
        // Between now and the rise: the lower of the old schedule and the new price.
        let mut boundaries: Vec<i64> = vec![now];
        boundaries.extend(
            old.iter()
                .map(|p| p.from)
                .filter(|f| *f > now && *f < rise_at),
        );
        // A time older than every point kept stays unpriced: its price is
        // not known, so neither is the lower of it and the new one.
        for from in boundaries {
            if let Some(old_terms) = at(from) {
                next.push(TermsPoint {
                    from,
                    price: old_terms.price.min(price),
                    status,
                });
            }
        }
        next.push(TermsPoint {
            from: rise_at,
            price,
            status,
        });
        // Drop points that change nothing, then the oldest beyond capacity.
        let mut compact: Vec<TermsPoint> = Vec::with_capacity(next.len());
        for p in next {
            match compact.last() {
                Some(last) if last.price == p.price && last.status == p.status => {}
                _ => compact.push(p),
            }
        }
        let skip = compact.len().saturating_sub(TERMS_POINTS);
        self.points = [EMPTY_POINT; TERMS_POINTS];
        for (slot, p) in self.points.iter_mut().zip(compact.iter().skip(skip)) {
            *slot = *p;
        }
        self.point_count = u8::try_from(compact.len().saturating_sub(skip))
            .map_err(|_| EscrowError::MathOverflow)?;
        self.terms_version = track.terms_version;
        self.synced_at = now;
        self.set_lineage(track);
        self.invariant()
    }

    /// When plays start being charged the terms the ledger last recorded
    /// (no earlier than `now`): the start of the run of points, at the end
    /// of the schedule, that carry them.
    pub fn recorded_terms_from(&self, now: i64) -> i64 {
        let Some(last) = self.points().last().copied() else {
            return now;
        };
        let run = self
            .points()
            .iter()
            .rev()
            .take_while(|p| p.price == last.price && p.status == last.status)
            .last()
            .map_or(last.from, |p| p.from);
        run.max(now)
    }

    /// Books `net` earnings for `plays` paid plays, under the protocol fee
    /// in force now (`fee_bps`). With every slot taken by other fees (more
    /// than `FEE_SLOTS` fee changes between two collections), they join the
    /// lowest fee kept, which takes the lower of the two: a fee is never
    /// more than the one in force when the plays were settled.
    pub fn credit(&mut self, net: u64, plays: u64, fee_bps: u16) -> Result<()> {
        if net > 0 {
            let slots = &mut self.owed_by_fee;
            let index = slots
                .iter()
                .position(|s| s.owed > 0 && s.fee_bps == fee_bps)
                .or_else(|| slots.iter().position(|s| s.owed == 0))
                .or_else(|| {
                    (0..FEE_SLOTS).min_by_key(|i| slots.get(*i).map_or(u16::MAX, |s| s.fee_bps))
                })
                .ok_or(EscrowError::InvariantViolated)?;
            let slot = slots.get_mut(index).ok_or(EscrowError::InvariantViolated)?;
            slot.fee_bps = if slot.owed == 0 {
                fee_bps
            } else {
                slot.fee_bps.min(fee_bps)
            };
            slot.owed = slot
                .owed
                .checked_add(net)
                .ok_or(EscrowError::MathOverflow)?;
        }
        self.owed = self
            .owed
            .checked_add(net)
            .ok_or(EscrowError::MathOverflow)?;
        self.lifetime_earned = self
            .lifetime_earned
            .checked_add(u128::from(net))
            .ok_or(EscrowError::MathOverflow)?;
        self.lifetime_plays = self
            .lifetime_plays
            .checked_add(plays)
            .ok_or(EscrowError::MathOverflow)?;
        self.invariant()
    }

    /// Empties what is owed, for collection: the total and its parts by
    /// the protocol fee each was settled under.
    pub fn take_owed(&mut self) -> Result<(u64, [OwedAtFee; FEE_SLOTS])> {
        let owed = self.owed;
        require!(
            owed > 0 || self.upstream_owed > 0,
            EscrowError::NothingToCollect
        );
        let parts = std::mem::take(&mut self.owed_by_fee);
        self.owed = 0;
        self.lifetime_collected = self
            .lifetime_collected
            .checked_add(u128::from(owed))
            .ok_or(EscrowError::MathOverflow)?;
        self.invariant()?;
        Ok((owed, parts))
    }

    /// Takes the derivatives' shares waiting here.
    pub fn take_upstream(&mut self) -> u64 {
        std::mem::take(&mut self.upstream_owed)
    }

    /// Credits a derivative's share of its collection.
    pub fn credit_upstream(&mut self, amount: u64) -> Result<()> {
        self.upstream_owed = self
            .upstream_owed
            .checked_add(amount)
            .ok_or(EscrowError::MathOverflow)?;
        self.upstream_received = self
            .upstream_received
            .checked_add(u128::from(amount))
            .ok_or(EscrowError::MathOverflow)?;
        Ok(())
    }

    /// The track's lineage, from the registry.
    pub fn set_lineage(&mut self, track: &Track) {
        self.parent = track.parent;
        self.upstream_bps = track.upstream_bps;
    }

    /// Everything earned is still owed or collected; points are in time order.
    pub fn invariant(&self) -> Result<()> {
        let points = self.points();
        let by_fee = self
            .owed_by_fee
            .iter()
            .try_fold(0u64, |sum, s| sum.checked_add(s.owed));
        require!(
            by_fee == Some(self.owed)
                && u128::from(self.owed).checked_add(self.lifetime_collected)
                    == Some(self.lifetime_earned)
                && !points.is_empty()
                && usize::from(self.point_count) <= TERMS_POINTS
                && points.windows(2).all(|w| w[0].from < w[1].from),
            EscrowError::InvariantViolated
        );
        Ok(())
    }
}
