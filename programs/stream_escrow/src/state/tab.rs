use anchor_lang::prelude::*;

use crate::errors::EscrowError;

/// Charges counted in challenge windows of `w` seconds, aligned to
/// multiples of `w` since the epoch: those of the window that started at
/// `start` and of the window before it. A charge in the window starting at
/// `s` is open to dispute until `s + 2w`: at least one whole window after
/// it was made, at most two, erring towards the listener.
///
/// Every tab and every settler counts in the same aligned windows, so what
/// a settler has open is the sum of what its tabs have open (less refunds
/// and closed tabs): the bond check on the settler covers every dispute its
/// tabs can raise.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct ChargeWindows {
    pub start: i64,
    pub current: u64,
    pub previous: u64,
}

impl ChargeWindows {
    /// Adds `amount` charged at `now`.
    pub fn add(&mut self, amount: u64, now: i64, w: i64) -> Result<()> {
        if amount == 0 {
            return Ok(());
        }
        let w = w.max(1);
        let start = now.saturating_sub(now.rem_euclid(w));
        let empty = self.current == 0 && self.previous == 0;
        if empty || start >= self.start.saturating_add(w.saturating_mul(2)) {
            *self = ChargeWindows {
                start,
                current: 0,
                previous: 0,
            };
        } else if start > self.start {
            self.previous = self.current;
            self.current = 0;
            self.start = start;
        }
        self.current = self
            .current
            .checked_add(amount)
            .ok_or(EscrowError::MathOverflow)?;
        Ok(())
    }

    /// What is still open to dispute at `now`.
    pub fn open(&self, now: i64, w: i64) -> u64 {
        let elapsed = now.saturating_sub(self.start);
        if elapsed >= w.saturating_mul(2) {
            0
        } else if elapsed >= w {
            self.current
        } else {
            self.current.saturating_add(self.previous)
        }
    }

    /// Takes `amount` refunded off what is open, newest charges first.
    pub fn refund(&mut self, amount: u64) {
        let from_current = amount.min(self.current);
        self.current = self.current.saturating_sub(from_current);
        self.previous = self
            .previous
            .saturating_sub(amount.saturating_sub(from_current));
    }
}

/// What one settler has charged one listener: the figure receipts are
/// checked against. Opened by the settler's first charge and kept until
/// the listener closes it; `epoch` is the listener's tab epoch then, so
/// receipts signed for a closed tab never count for a later one.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct Tab {
    /// The settler's wallet; the default key marks a free slot.
    pub settler: Pubkey,
    pub epoch: u32,
    /// Charged in this tab, less refunds: what the listener's latest receipt must cover.
    pub charged: u64,
    pub windows: ChargeWindows,
    /// Disputes opened on this tab; numbers each dispute's address.
    pub disputes: u32,
    /// A dispute is open: the settler's plays for this listener are held.
    pub disputed: bool,
}

impl Tab {
    pub fn is_free(&self) -> bool {
        self.settler == Pubkey::default()
    }

    pub fn charge(&mut self, amount: u64, now: i64, w: i64) -> Result<()> {
        self.charged = self
            .charged
            .checked_add(amount)
            .ok_or(EscrowError::MathOverflow)?;
        self.windows.add(amount, now, w)
    }

    /// Gives `amount` back: no longer charged, no longer open to dispute.
    pub fn refund(&mut self, amount: u64) -> Result<()> {
        self.charged = self
            .charged
            .checked_sub(amount)
            .ok_or(EscrowError::MathOverflow)?;
        self.windows.refund(amount);
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    const W: i64 = 100;

    #[test]
    fn a_charge_stays_open_for_a_window_at_least() {
        let mut w = ChargeWindows::default();
        w.add(5, 1_000, W).unwrap();
        assert_eq!(w.open(1_000, W), 5);
        assert_eq!(w.open(1_099, W), 5);
        assert_eq!(
            w.open(1_199, W),
            5,
            "its window's charges: until start + 2w"
        );
        assert_eq!(w.open(1_200, W), 0);
        // A charge late in the window stays open a full window after it.
        w.add(7, 1_099, W).unwrap();
        assert_eq!(w.open(1_199, W), 12);
        // The next window (aligned at 1,100): the previous one's charges
        // stay open until it ends.
        w.add(3, 1_150, W).unwrap();
        assert_eq!((w.start, w.current, w.previous), (1_100, 3, 12));
        assert_eq!(w.open(1_199, W), 15);
        assert_eq!(w.open(1_200, W), 3);
        assert_eq!(w.open(1_299, W), 3);
        assert_eq!(w.open(1_300, W), 0);
        // Long quiet: both windows start over, aligned.
        w.add(1, 2_042, W).unwrap();
        assert_eq!((w.start, w.current, w.previous), (2_000, 1, 0));
    }

    #[test]
    fn a_settlers_windows_are_the_sum_of_its_tabs() {
        // Two tabs charged at different times and the settler's own count.
        let (mut a, mut b, mut all) = Default::default();
        let charges: [(u8, u64, i64); 6] = [
            (0, 4, 1_010),
            (1, 6, 1_090),
            (0, 1, 1_130),
            (1, 2, 1_260),
            (0, 9, 1_299),
            (1, 5, 1_610),
        ];
        for (tab, amount, at) in charges {
            let tab: &mut ChargeWindows = if tab == 0 { &mut a } else { &mut b };
            tab.add(amount, at, W).unwrap();
            ChargeWindows::add(&mut all, amount, at, W).unwrap();
            for now in at..at + 3 * W {
                assert_eq!(
                    all.open(now, W),
                    a.open(now, W) + b.open(now, W),
                    "at {now}"
                );
            }
        }
    }

    #[test]
    fn refunds_come_off_the_newest_charges() {
        let mut w = ChargeWindows {
            start: 0,
            current: 4,
            previous: 10,
        };
        w.refund(6);
        assert_eq!((w.current, w.previous), (0, 8));
        w.refund(100);
        assert_eq!((w.current, w.previous), (0, 0));
    }
}
