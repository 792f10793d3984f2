//! Pure money math shared by the program and the SDK: exact splits and the
//! time-weighted revenue accumulator. u128 intermediates, explicit rounding
//! (always down, towards the vault), errors instead of overflow.

use anchor_lang::prelude::*;

use crate::constants::{ACC_SCALE, BPS_DENOMINATOR, MAX_RECIPIENTS};
use crate::errors::RoyaltyError;

/// One recipient of a split, as the artist gives it.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, PartialEq, Eq, Debug, InitSpace)]
pub struct Split {
    pub recipient: Pubkey,
    pub bps: u16,
}

/// 1 to 16 unique recipients, each with more than 0 bps, summing to exactly 10,000.
pub fn check_splits(splits: &[Split]) -> std::result::Result<(), RoyaltyError> {
    if splits.is_empty() || splits.len() > MAX_RECIPIENTS {
        return Err(RoyaltyError::InvalidRecipientCount);
    }
    let mut total: u32 = 0;
    for (i, split) in splits.iter().enumerate() {
        if split.bps == 0 {
            return Err(RoyaltyError::ZeroBps);
        }
        if splits[..i].iter().any(|s| s.recipient == split.recipient) {
            return Err(RoyaltyError::DuplicateRecipient);
        }
        total = total.saturating_add(u32::from(split.bps));
    }
    if total != u32::from(BPS_DENOMINATOR) {
        return Err(RoyaltyError::InvalidSplitTotal);
    }
    Ok(())
}

/// Splits `total` by basis points so the parts sum to `total` exactly
/// (largest remainder). Each part starts at `floor(total × bps / 10,000)`;
/// the few units left go one each to the largest remainders, ties to the
/// earlier recipient. Requires `check_splits` to have passed.
pub fn split_amounts(total: u64, bps: &[u16]) -> std::result::Result<Vec<u64>, RoyaltyError> {
    let denominator = u128::from(BPS_DENOMINATOR);
    let mut amounts = Vec::with_capacity(bps.len());
    let mut remainders = Vec::with_capacity(bps.len());
    let mut assigned: u64 = 0;
    for (i, b) in bps.iter().enumerate() {
        let product = u128::from(total)
            .checked_mul(u128::from(*b))
            .ok_or(RoyaltyError::MathOverflow)?;
        let quotient = product
            .checked_div(denominator)
            .ok_or(RoyaltyError::MathOverflow)?;
        let remainder = product
            .checked_rem(denominator)
            .ok_or(RoyaltyError::MathOverflow)?;
        let base = u64::try_from(quotient).map_err(|_| RoyaltyError::MathOverflow)?;
        amounts.push(base);
        remainders.push((remainder, i));
        assigned = assigned
            .checked_add(base)
            .ok_or(RoyaltyError::MathOverflow)?;
    }
    let leftover = total
        .checked_sub(assigned)
        .ok_or(RoyaltyError::MathOverflow)?;
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let leftover = usize::try_from(leftover).map_err(|_| RoyaltyError::MathOverflow)?;
    if leftover > remainders.len() {
        return Err(RoyaltyError::InvalidSplitTotal);
    }
    for (_, index) in remainders.iter().take(leftover) {
        let slot = amounts.get_mut(*index).ok_or(RoyaltyError::MathOverflow)?;
        *slot = slot.checked_add(1).ok_or(RoyaltyError::MathOverflow)?;
    }
    Ok(amounts)
}

/// Deposits released side by side, each on its own schedule.
pub const TRANCHES: usize = 10;
/// Deposits whose deadlines fall within `period / TRANCHE_GRAIN` of an
/// existing tranche's end join it (and are released by that end, a little
/// sooner than their own deadline): with a steady period at most
/// `TRANCHE_GRAIN + 1` tranches are ever live.
pub const TRANCHE_GRAIN: i64 = 8;

/// Revenue released linearly until `end`.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, PartialEq, Eq, Debug, Default, InitSpace,
)]
pub struct Tranche {
    pub amount: u64,
    pub end: i64,
}

/// A track's revenue stream. Each deposit is released linearly from its
/// arrival until its arrival + the release period, on its own schedule, so
/// no later deposit (of dust, every second) delays it: deposits live in a
/// fixed set of tranches, one per deadline up to a grain of the period.
/// Releases enter `acc_per_share` (reward per staked base unit, scaled by
/// `ACC_SCALE`). While nothing is staked every schedule stands still, so
/// revenue is kept for stakers instead of being lost.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, PartialEq, Eq, Debug, Default, InitSpace,
)]
pub struct Accrual {
    pub total_staked: u64,
    pub acc_per_share: u128,
    /// Released revenue × scale not yet reflected in `acc_per_share`: the
    /// remainder of the last distribution plus the fractions that closed
    /// positions handed back. It joins the next distribution, so rounding
    /// never loses value; it only waits.
    pub carry_scaled: u128,
    /// Everything not yet released: the sum of the tranches.
    pub unreleased: u64,
    /// When the last of it is released (the latest tranche's end).
    pub release_end: i64,
    pub last_update: i64,
    pub tranches: [Tranche; TRANCHES],
}

fn ratio(amount: u64, part: i64, whole: i64) -> std::result::Result<u64, RoyaltyError> {
    let part = u128::try_from(part).map_err(|_| RoyaltyError::MathOverflow)?;
    let whole = u128::try_from(whole).map_err(|_| RoyaltyError::MathOverflow)?;
    let value = u128::from(amount)
        .checked_mul(part)
        .ok_or(RoyaltyError::MathOverflow)?
        .checked_div(whole)
        .ok_or(RoyaltyError::MathOverflow)?;
    u64::try_from(value).map_err(|_| RoyaltyError::MathOverflow)
}

impl Accrual {
    /// Releases what is due at `now`. Returns the amount released.
    pub fn update(&mut self, now: i64) -> std::result::Result<u64, RoyaltyError> {
        self.advance(now, true)
    }

    /// Moves to `now`; with `releasing` false (or nothing staked) every
    /// schedule stands still, shifted by the time that passed.
    pub fn advance(&mut self, now: i64, releasing: bool) -> std::result::Result<u64, RoyaltyError> {
        if now <= self.last_update {
            return Ok(0);
        }
        let elapsed = now
            .checked_sub(self.last_update)
            .ok_or(RoyaltyError::MathOverflow)?;
        if self.total_staked == 0 || !releasing {
            for t in self.tranches.iter_mut().filter(|t| t.amount > 0) {
                t.end = t
                    .end
                    .checked_add(elapsed)
                    .ok_or(RoyaltyError::MathOverflow)?;
            }
            self.last_update = now;
            self.refresh()?;
            return Ok(0);
        }
        let mut released = 0u64;
        for t in self.tranches.iter_mut().filter(|t| t.amount > 0) {
            let part = if now >= t.end {
                t.amount
            } else {
                let window = t
                    .end
                    .checked_sub(self.last_update)
                    .ok_or(RoyaltyError::MathOverflow)?;
                ratio(t.amount, elapsed, window)?
            };
            t.amount = t
                .amount
                .checked_sub(part)
                .ok_or(RoyaltyError::MathOverflow)?;
            released = released
                .checked_add(part)
                .ok_or(RoyaltyError::MathOverflow)?;
        }
        let numerator = u128::from(released)
            .checked_mul(ACC_SCALE)
            .and_then(|n| n.checked_add(self.carry_scaled))
            .ok_or(RoyaltyError::MathOverflow)?;
        let staked = u128::from(self.total_staked);
        let increment = numerator
            .checked_div(staked)
            .ok_or(RoyaltyError::MathOverflow)?;
        self.carry_scaled = numerator
            .checked_rem(staked)
            .ok_or(RoyaltyError::MathOverflow)?;
        self.acc_per_share = self
            .acc_per_share
            .checked_add(increment)
            .ok_or(RoyaltyError::MathOverflow)?;
        self.last_update = now;
        self.refresh()?;
        Ok(released)
    }

    /// `unreleased` and `release_end` from the tranches.
    fn refresh(&mut self) -> std::result::Result<(), RoyaltyError> {
        let mut unreleased = 0u64;
        let mut end = self.last_update;
        for t in self.tranches.iter().filter(|t| t.amount > 0) {
            unreleased = unreleased
                .checked_add(t.amount)
                .ok_or(RoyaltyError::MathOverflow)?;
            end = end.max(t.end);
        }
        self.unreleased = unreleased;
        self.release_end = end;
        Ok(())
    }

    /// Adds revenue at `now`, released over the next `period` seconds
    /// whatever else arrives: into the tranche ending within a grain before
    /// its deadline, or a free one. With none free (only after the period
    /// changed), into the tranche ending latest before the deadline, or,
    /// failing that, the earliest one, brought forward to the deadline: a
    /// tranche may be released sooner, never later.
    pub fn add_revenue(
        &mut self,
        amount: u64,
        now: i64,
        period: i64,
    ) -> std::result::Result<(), RoyaltyError> {
        self.update(now)?;
        self.last_update = self.last_update.max(now);
        if amount == 0 {
            return Ok(());
        }
        let period = period.max(1);
        let deadline = self
            .last_update
            .checked_add(period)
            .ok_or(RoyaltyError::MathOverflow)?;
        let grain = (period / TRANCHE_GRAIN).max(1);
        let live = |t: &Tranche| t.amount > 0;
        let index = self
            .tranches
            .iter()
            .position(|t| live(t) && t.end <= deadline && t.end > deadline.saturating_sub(grain))
            .or_else(|| self.tranches.iter().position(|t| !live(t)))
            .or_else(|| {
                self.tranches
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.end <= deadline)
                    .max_by_key(|(_, t)| t.end)
                    .map(|(i, _)| i)
            })
            .or_else(|| {
                self.tranches
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, t)| t.end)
                    .map(|(i, _)| i)
            })
            .ok_or(RoyaltyError::MathOverflow)?;
        let t = self
            .tranches
            .get_mut(index)
            .ok_or(RoyaltyError::MathOverflow)?;
        if !live(t) {
            t.end = deadline;
        }
        t.end = t.end.min(deadline);
        t.amount = t
            .amount
            .checked_add(amount)
            .ok_or(RoyaltyError::MathOverflow)?;
        self.refresh()
    }

    /// Takes back the fraction of a base unit (× `ACC_SCALE`) that a closing
    /// position earned but could not claim; it joins the next distribution.
    pub fn reclaim(&mut self, earned_scaled: u128) -> std::result::Result<(), RoyaltyError> {
        if earned_scaled >= ACC_SCALE {
            return Err(RoyaltyError::PositionNotEmpty);
        }
        self.carry_scaled = self
            .carry_scaled
            .checked_add(earned_scaled)
            .ok_or(RoyaltyError::MathOverflow)?;
        Ok(())
    }

    /// Unreleased revenue always has time left to be released in, and the
    /// totals agree with the tranches.
    pub fn invariant(&self) -> bool {
        let live = self.tranches.iter().filter(|t| t.amount > 0);
        let sum = self
            .tranches
            .iter()
            .try_fold(0u64, |s, t| s.checked_add(t.amount));
        live.clone().all(|t| self.last_update < t.end) && sum == Some(self.unreleased)
    }
}

/// A holder's stake and what it has earned, in scaled units.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, PartialEq, Eq, Debug, Default, InitSpace,
)]
pub struct Stake {
    pub staked: u64,
    pub acc_snapshot: u128,
    /// Earned but unclaimed revenue × `ACC_SCALE`; the part below one base
    /// unit stays here until it grows into a whole unit.
    pub earned_scaled: u128,
}

impl Stake {
    /// Books what the stake earned up to the accumulator value `acc`.
    pub fn settle(&mut self, acc: u128) -> std::result::Result<(), RoyaltyError> {
        let delta = acc
            .checked_sub(self.acc_snapshot)
            .ok_or(RoyaltyError::MathOverflow)?;
        let earned = u128::from(self.staked)
            .checked_mul(delta)
            .ok_or(RoyaltyError::MathOverflow)?;
        self.earned_scaled = self
            .earned_scaled
            .checked_add(earned)
            .ok_or(RoyaltyError::MathOverflow)?;
        self.acc_snapshot = acc;
        Ok(())
    }

    /// Whole base units claimable now (rounded down).
    pub fn claimable(&self) -> std::result::Result<u64, RoyaltyError> {
        u64::try_from(self.earned_scaled / ACC_SCALE).map_err(|_| RoyaltyError::MathOverflow)
    }

    /// Removes `amount` whole units after a claim.
    pub fn take(&mut self, amount: u64) -> std::result::Result<(), RoyaltyError> {
        let scaled = u128::from(amount)
            .checked_mul(ACC_SCALE)
            .ok_or(RoyaltyError::MathOverflow)?;
        self.earned_scaled = self
            .earned_scaled
            .checked_sub(scaled)
            .ok_or(RoyaltyError::MathOverflow)?;
        Ok(())
    }
}

/// What a stake could claim at `now`, computed exactly as the program would.
pub fn pending_rewards(
    stake: &Stake,
    accrual: &Accrual,
    releasing: bool,
    now: i64,
) -> std::result::Result<u64, RoyaltyError> {
    let mut accrual = *accrual;
    accrual.advance(now, releasing)?;
    let mut stake = *stake;
    stake.settle(accrual.acc_per_share)?;
    stake.claimable()
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    #[test]
    fn split_is_exact_with_fixed_tie_break() {
        // Three equal thirds of 100: remainders tie, the first recipient gets the unit.
        assert_eq!(
            split_amounts(100, &[3_334, 3_333, 3_333]).unwrap(),
            vec![34, 33, 33]
        );
        assert_eq!(
            split_amounts(10, &[3_333, 3_334, 3_333]).unwrap(),
            vec![3, 4, 3]
        );
        assert_eq!(split_amounts(1, &[5_000, 5_000]).unwrap(), vec![1, 0]);
        assert_eq!(split_amounts(2, &[5_000, 5_000]).unwrap(), vec![1, 1]);
    }

    /// The griefing the tranches stop: a deposit of 7,000 over a 7,000 s
    /// period, then one base unit every second after it. Each deposit is
    /// released by its own deadline; the dust does not push the 7,000 back.
    #[test]
    fn dust_every_second_never_delays_an_earlier_deposit() {
        let mut a = Accrual {
            total_staked: 1,
            ..Accrual::default()
        };
        a.add_revenue(7_000, 0, 7_000).unwrap();
        let mut released = 0;
        for t in 1..=7_000 {
            released += a.update(t).unwrap();
            a.add_revenue(1, t, 7_000).unwrap();
            assert!(a.invariant());
        }
        // By 7,000 s the 7,000 is out (one a second, exactly), and of the
        // dust what is due: deadlines 7,001..14,000 s, none passed yet,
        // each tranche part released, rounded down.
        assert!(released >= 7_000, "released {released}");
        assert!(released < 7_000 + 7_000);
        // Every dust unit is out by its own deadline, the last at 14,000 s.
        released += a.update(14_000).unwrap();
        assert_eq!(released, 14_000);
        assert_eq!(a.unreleased, 0);
        // At most TRANCHE_GRAIN + 1 tranches were ever needed.
        assert!(a.tranches.iter().all(|t| t.amount == 0));
    }

    /// A second deposit runs on its own schedule beside the first, which
    /// ends when it would have alone (a single schedule restarted by every
    /// deposit is what let dust stall the release).
    #[test]
    fn a_later_deposit_keeps_its_own_schedule() {
        let mut a = Accrual {
            total_staked: 1,
            ..Accrual::default()
        };
        a.add_revenue(1_000, 0, 1_000).unwrap();
        assert_eq!(a.update(500).unwrap(), 500);
        a.add_revenue(2_000, 500, 1_000).unwrap();
        // 500 of the first left for 500 s, 2,000 over 1,000 s.
        assert_eq!(a.update(1_000).unwrap(), 500 + 1_000);
        assert_eq!(a.update(1_500).unwrap(), 1_000);
        assert_eq!(a.unreleased, 0);
        assert_eq!(a.release_end, 1_500);
    }

    #[test]
    fn revenue_waits_for_stakers() {
        let mut a = Accrual::default();
        a.add_revenue(1_000, 100, 1_000).unwrap();
        // Nobody staked for 500 s: nothing released, schedule pushed back.
        assert_eq!(a.update(600).unwrap(), 0);
        assert_eq!(a.release_end, 1_600);
        a.total_staked = 10;
        assert_eq!(a.update(1_100).unwrap(), 500);
        assert_eq!(a.update(1_600).unwrap(), 500);
        assert_eq!(a.unreleased, 0);
        assert_eq!(a.acc_per_share, 100 * ACC_SCALE);
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn bps_vectors() -> impl Strategy<Value = Vec<u16>> {
        // Random cut points of 10,000 give 1..=16 positive parts summing to 10,000.
        prop::collection::btree_set(1u16..10_000, 0..16).prop_map(|cuts| {
            let mut points: Vec<u16> = cuts.into_iter().collect();
            points.push(10_000);
            let mut last = 0;
            points
                .into_iter()
                .map(|p| {
                    let part = p - last;
                    last = p;
                    part
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn splits_always_sum_to_the_supply(bps in bps_vectors(), total in 0u64..=u64::MAX / 10_000) {
            let amounts = split_amounts(total, &bps).unwrap();
            prop_assert_eq!(amounts.iter().sum::<u64>(), total);
            for (amount, b) in amounts.iter().zip(&bps) {
                let exact = total as f64 * f64::from(*b) / 10_000.0;
                prop_assert!((*amount as f64 - exact).abs() < 1.0 + exact * 1e-12);
            }
        }

        /// Whatever is deposited when (dust every second included), each
        /// deposit is released by its arrival + the period while anything
        /// is staked: at every moment the amount released is at least the
        /// sum of the deposits whose deadline has passed, and never more
        /// than was deposited.
        #[test]
        fn every_deposit_is_released_by_its_deadline(
            deposits in prop::collection::vec((1u64..1_000_000, 0i64..200, any::<bool>()), 1..120),
            period in 1i64..5_000,
        ) {
            let mut a = Accrual { total_staked: 7, ..Accrual::default() };
            let mut now = 0i64;
            let mut released = 0u64;
            let mut deposited = 0u64;
            let mut deadlines: Vec<(i64, u64)> = Vec::new();
            for (amount, gap, dust) in deposits {
                now += gap;
                released += a.update(now).unwrap();
                let due: u64 = deadlines.iter().filter(|(d, _)| *d <= now).map(|(_, x)| x).sum();
                prop_assert!(released >= due, "at {}: released {} < due {}", now, released, due);
                let amount = if dust { 1 } else { amount };
                a.add_revenue(amount, now, period).unwrap();
                deposited += amount;
                deadlines.push((now + period, amount));
                prop_assert!(a.invariant());
                prop_assert_eq!(released + a.unreleased, deposited);
            }
            released += a.update(now + period).unwrap();
            prop_assert_eq!(released, deposited);
        }

        /// Over random stakes, unstakes, deposits, claims, closes and time
        /// jumps, value is conserved exactly in scaled units:
        /// `S·deposited = S·(claimed + unreleased) + Σ earned_scaled + carry`,
        /// i.e. Σ claimed + Σ claimable + unreleased + dust = Σ deposited with
        /// the dust (the positions' fractions plus the carry) counted, never
        /// lost; and no holder earns more than its stake-weighted share of
        /// what was released while it was staked.
        #[test]
        fn accrual_conserves_value_and_is_fair(
            ops in prop::collection::vec((0u8..6, 0usize..3, 1u64..1_000_000_000, 1i64..500_000), 1..60),
            period in 1i64..1_000_000,
        ) {
            let mut accrual = Accrual::default();
            let mut stakes = [Stake::default(); 3];
            let mut ideal = [0f64; 3];
            let mut earned_total = [0u64; 3];
            let mut deposited = 0u64;
            let mut claimed = 0u64;
            let mut handed_back = 0f64;
            let mut now = 0i64;
            for (kind, who, amount, dt) in ops {
                // Release what is due and credit each holder its ideal share.
                // Handed-back fractions count as released with the next
                // distribution.
                let before = accrual.last_update;
                let released = accrual.update(now).unwrap();
                if accrual.total_staked > 0 && accrual.last_update > before {
                    let shared = released as f64 + handed_back;
                    handed_back = 0.0;
                    for (i, s) in stakes.iter().enumerate() {
                        ideal[i] += shared * s.staked as f64 / accrual.total_staked as f64;
                    }
                }
                for s in stakes.iter_mut() {
                    s.settle(accrual.acc_per_share).unwrap();
                }
                match kind {
                    0 => {
                        let add = amount % 1_000_000 + 1;
                        stakes[who].staked += add;
                        accrual.total_staked += add;
                    }
                    1 => {
                        let take = (amount % 1_000_000 + 1).min(stakes[who].staked);
                        stakes[who].staked -= take;
                        accrual.total_staked -= take;
                    }
                    2 => {
                        accrual.add_revenue(amount, now, period).unwrap();
                        deposited += amount;
                    }
                    3 => {
                        let got = stakes[who].claimable().unwrap();
                        stakes[who].take(got).unwrap();
                        claimed += got;
                        earned_total[who] += got;
                    }
                    4 => {
                        // Close (and reopen) an empty position.
                        let s = &mut stakes[who];
                        if s.staked == 0 && s.claimable().unwrap() == 0 {
                            accrual.reclaim(s.earned_scaled).unwrap();
                            handed_back += s.earned_scaled as f64 / ACC_SCALE as f64;
                            *s = Stake { acc_snapshot: accrual.acc_per_share, ..Stake::default() };
                        }
                    }
                    _ => now += dt,
                }
                prop_assert!(accrual.invariant());
                let scale = ACC_SCALE;
                let held: u128 = stakes.iter().map(|s| s.earned_scaled).sum();
                prop_assert_eq!(
                    u128::from(deposited) * scale,
                    u128::from(claimed + accrual.unreleased) * scale + held + accrual.carry_scaled
                );
                // Counted dust: each position's fraction plus the carry (which
                // holds the fractions closed positions handed back until the
                // next distribution): a few base units at most.
                let fractions: u128 = stakes.iter().map(|s| s.earned_scaled % scale).sum();
                let dust_scaled = fractions + accrual.carry_scaled;
                prop_assert!(dust_scaled < scale * 7, "dust {}", dust_scaled);
                for (i, s) in stakes.iter().enumerate() {
                    let earned = earned_total[i] + s.claimable().unwrap();
                    prop_assert!(earned as f64 <= ideal[i] + 1.0 + ideal[i] * 1e-9,
                        "holder {} earned {} > ideal {}", i, earned, ideal[i]);
                }
            }
        }
    }
}
