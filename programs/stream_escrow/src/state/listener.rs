use anchor_lang::prelude::*;

use crate::constants::{MAX_CAP_PERIOD_SECS, MIN_CAP_PERIOD_SECS, WINDOW_MAX_ENTRIES};
use crate::errors::EscrowError;
use crate::math::charge;

/// A listener's prepaid balance in one payment mint, at `[LISTENER, mint, wallet]`.
///
/// Every promise settlement makes to a listener is kept here, by play
/// time rather than settlement time:
/// - `settled_through`: plays starting at or before it are never charged
///   again, whichever settler asks;
/// - a lowered cap and a withdrawal take effect only after governance's
///   notice, so plays started before that are charged against the cap and
///   balance as they stood (`pending_cap_*`, `withdrawal_available_at`);
/// - `window`: the plays one settler is settling, possibly over several
///   batches, each entry at most once.
#[account]
#[derive(InitSpace, Debug)]
pub struct Listener {
    pub wallet: Pubkey,
    pub payment_mint: Pubkey,
    pub balance: u64,
    /// Most settlement may spend per period; `u64::MAX` is uncapped.
    pub cap_per_period: u64,
    pub cap_period_secs: i64,
    /// Start of the cap period that plays are counted in.
    pub period_start: i64,
    pub spent_this_period: u64,
    /// A lowered cap (or lengthened period) waiting out the notice:
    /// plays starting at or after `pending_cap_at` use it (0 = none).
    pub pending_cap: u64,
    pub pending_cap_period_secs: i64,
    pub pending_cap_at: i64,
    /// A pending withdrawal: amount, when it was asked for and when it may
    /// complete (the notice in force at the request). 0 = none.
    pub withdrawal_amount: u64,
    pub withdrawal_requested_at: i64,
    pub withdrawal_available_at: i64,
    /// Plays that started at or before this time are settled.
    pub settled_through: i64,
    /// Windows ever opened; the low 7 bits tag a window's later parts.
    pub windows_opened: u32,
    pub window: SettleWindow,
    pub lifetime_spent: u64,
    pub lifetime_plays: u64,
    pub bump: u8,
}

/// The plays one settler is settling for a listener: those starting in
/// `[first, last]`, as `entries` (track, plays) counts, settled over one
/// or more batches. Each entry settles once (`done`); when all have, the
/// listener's `settled_through` moves to `last`.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct SettleWindow {
    pub open: bool,
    pub settler: Pubkey,
    pub first: i64,
    pub last: i64,
    pub entries: u16,
    pub settled: u16,
    pub opened_at: i64,
    /// One bit per entry.
    pub done: [u8; 32],
}

/// What one entry's plays cost a listener.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Charge {
    pub plays_paid: u64,
    /// Plays the balance or the cap could not cover.
    pub plays_short: u64,
    pub amount: u64,
}

/// What settlement may spend for one window, fixed when its part is
/// processed: the balance (less a withdrawal in effect by the window's
/// plays) within what the cap of their period leaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WindowSpend {
    withheld: u64,
}

impl Listener {
    pub fn has_withdrawal_request(&self) -> bool {
        self.withdrawal_requested_at != 0
    }

    pub fn credit_deposit(&mut self, amount: u64) -> Result<()> {
        self.balance = self
            .balance
            .checked_add(amount)
            .ok_or(EscrowError::MathOverflow)?;
        self.invariant()
    }

    /// A cap change. Raising (a higher cap and a period no longer) applies
    /// at once and drops any pending change; anything else waits out the
    /// notice, so settlement of plays started before then is unaffected.
    pub fn set_cap(
        &mut self,
        cap: Option<u64>,
        period_secs: i64,
        now: i64,
        notice_secs: i64,
    ) -> Result<()> {
        require!(
            (MIN_CAP_PERIOD_SECS..=MAX_CAP_PERIOD_SECS).contains(&period_secs),
            EscrowError::InvalidCapPeriod
        );
        let cap = cap.unwrap_or(u64::MAX);
        if cap >= self.cap_per_period && period_secs <= self.cap_period_secs {
            self.cap_per_period = cap;
            self.cap_period_secs = period_secs;
            self.pending_cap = 0;
            self.pending_cap_period_secs = 0;
            self.pending_cap_at = 0;
        } else {
            self.pending_cap = cap;
            self.pending_cap_period_secs = period_secs;
            self.pending_cap_at = now
                .checked_add(notice_secs)
                .ok_or(EscrowError::MathOverflow)?;
        }
        self.invariant()
    }

    /// Starts the notice (replacing an earlier request): plays started
    /// before `now + notice_secs` are still charged against the whole
    /// balance; the withdrawal may complete from then on.
    pub fn request_withdrawal(&mut self, amount: u64, now: i64, notice_secs: i64) -> Result<()> {
        require!(amount > 0, EscrowError::ZeroAmount);
        require!(amount <= self.balance, EscrowError::InsufficientBalance);
        self.withdrawal_amount = amount;
        self.withdrawal_requested_at = now;
        self.withdrawal_available_at = now
            .checked_add(notice_secs)
            .ok_or(EscrowError::MathOverflow)?;
        self.invariant()
    }

    pub fn cancel_withdrawal(&mut self) -> Result<()> {
        require!(
            self.has_withdrawal_request(),
            EscrowError::NoWithdrawalRequest
        );
        self.clear_withdrawal();
        self.invariant()
    }

    fn clear_withdrawal(&mut self) {
        self.withdrawal_amount = 0;
        self.withdrawal_requested_at = 0;
        self.withdrawal_available_at = 0;
    }

    /// Completes a request once its notice has passed: pays what is left of
    /// it (plays started during the notice may have been charged).
    pub fn complete_withdrawal(&mut self, now: i64) -> Result<u64> {
        require!(
            self.has_withdrawal_request(),
            EscrowError::NoWithdrawalRequest
        );
        require!(
            now >= self.withdrawal_available_at,
            EscrowError::WithdrawalNotReady
        );
        let amount = self.withdrawal_amount.min(self.balance);
        self.balance = self
            .balance
            .checked_sub(amount)
            .ok_or(EscrowError::MathOverflow)?;
        self.clear_withdrawal();
        self.invariant()?;
        Ok(amount)
    }

    /// The times at which what settlement may take changes, in `(first,
    /// last]`: a window must not span one, so each of its plays is charged
    /// under one regime.
    fn spans_change(&self, first: i64, last: i64) -> Result<bool> {
        let crosses = |at: i64| at != 0 && first < at && at <= last;
        if crosses(self.pending_cap_at) || crosses(self.withdrawal_available_at) {
            return Ok(true);
        }
        // The cap period the window's plays count in must end after them.
        let (start, period) = if self.pending_cap_at != 0 && first >= self.pending_cap_at {
            (self.pending_cap_at, self.pending_cap_period_secs)
        } else {
            (self.period_start, self.cap_period_secs)
        };
        let end = period_end(start, period, first)?;
        Ok(last >= end)
    }

    /// Opens a window for `settler` over plays in `[first, last]`, refusing
    /// plays at or before `settled_through` and windows that span a change.
    pub fn open_window(
        &mut self,
        settler: Pubkey,
        first: i64,
        last: i64,
        entries: u16,
        now: i64,
    ) -> Result<()> {
        require!(
            first > self.settled_through,
            EscrowError::PlaysAlreadySettled
        );
        require!(!self.window.open, EscrowError::ListenerWindowOpen);
        require!(
            first <= last
                && last <= now
                && entries > 0
                && usize::from(entries) <= WINDOW_MAX_ENTRIES,
            EscrowError::InvalidWindow
        );
        require!(
            !self.spans_change(first, last)?,
            EscrowError::WindowSpansChange
        );
        self.windows_opened = self
            .windows_opened
            .checked_add(1)
            .ok_or(EscrowError::MathOverflow)?;
        self.window = SettleWindow {
            open: true,
            settler,
            first,
            last,
            entries,
            settled: 0,
            opened_at: now,
            done: [0; 32],
        };
        self.invariant()
    }

    /// The tag a window's later parts carry: the low 7 bits of its number.
    pub fn window_tag(&self) -> u8 {
        (self.windows_opened & 0x7f) as u8
    }

    /// Checks that a later part (`tag`) belongs to the window `settler` has open.
    pub fn continue_window(&self, settler: &Pubkey, tag: u8) -> Result<()> {
        require!(
            self.window.open && self.window.settler == *settler && self.window_tag() == tag,
            EscrowError::NoOpenWindow
        );
        Ok(())
    }

    /// Fixes the regime the open window's plays are charged under: a
    /// pending cap in effect by their start is adopted, the cap period they
    /// start in is rolled to, and a withdrawal in effect by then is withheld.
    pub fn window_spend(&mut self) -> Result<WindowSpend> {
        let first = self.window.first;
        if self.pending_cap_at != 0 && first >= self.pending_cap_at {
            self.cap_per_period = self.pending_cap;
            self.cap_period_secs = self.pending_cap_period_secs;
            self.period_start = self.pending_cap_at;
            self.spent_this_period = 0;
            self.pending_cap = 0;
            self.pending_cap_period_secs = 0;
            self.pending_cap_at = 0;
        }
        let end = period_end(self.period_start, self.cap_period_secs, first)?;
        let start = end
            .checked_sub(self.cap_period_secs)
            .ok_or(EscrowError::MathOverflow)?;
        if start > self.period_start {
            self.period_start = start;
            self.spent_this_period = 0;
        }
        let withheld = if self.withdrawal_available_at != 0 && first >= self.withdrawal_available_at
        {
            self.withdrawal_amount
        } else {
            0
        };
        Ok(WindowSpend { withheld })
    }

    /// Marks entry `index` of the open window settled; refuses it twice.
    /// Returns whether the window is now complete.
    pub fn settle_entry(&mut self, index: u8) -> Result<()> {
        require!(
            u16::from(index) < self.window.entries,
            EscrowError::InvalidEntryIndex
        );
        let byte = self
            .window
            .done
            .get_mut(usize::from(index / 8))
            .ok_or(EscrowError::InvalidEntryIndex)?;
        let bit = 1u8 << (index % 8);
        require!(*byte & bit == 0, EscrowError::PlaysAlreadySettled);
        *byte |= bit;
        self.window.settled = self
            .window
            .settled
            .checked_add(1)
            .ok_or(EscrowError::MathOverflow)?;
        Ok(())
    }

    /// Charges whole plays at `price` within what `spend` allows; the rest
    /// are short. Never takes more than the balance (less a withdrawal in
    /// effect) or the cap allows.
    pub fn charge(&mut self, spend: WindowSpend, plays: u64, price: u64) -> Result<Charge> {
        let cap_left = self.cap_per_period.saturating_sub(self.spent_this_period);
        let spendable = self.balance.saturating_sub(spend.withheld).min(cap_left);
        let (paid, amount) = charge(plays, price, spendable)?;
        self.balance = self
            .balance
            .checked_sub(amount)
            .ok_or(EscrowError::MathOverflow)?;
        self.spent_this_period = self
            .spent_this_period
            .checked_add(amount)
            .ok_or(EscrowError::MathOverflow)?;
        self.lifetime_spent = self
            .lifetime_spent
            .checked_add(amount)
            .ok_or(EscrowError::MathOverflow)?;
        self.lifetime_plays = self
            .lifetime_plays
            .checked_add(paid)
            .ok_or(EscrowError::MathOverflow)?;
        Ok(Charge {
            plays_paid: paid,
            plays_short: plays.checked_sub(paid).ok_or(EscrowError::MathOverflow)?,
            amount,
        })
    }

    /// Closes the window if every entry has settled: its plays are settled
    /// for good. Returns whether it closed.
    pub fn close_window_if_done(&mut self) -> Result<bool> {
        if !self.window.open || self.window.settled < self.window.entries {
            return Ok(false);
        }
        self.close_window();
        self.invariant()?;
        Ok(true)
    }

    /// Closes the window whatever is left in it: its unsettled entries are
    /// never charged (the settler gave up, or went quiet for a notice).
    pub fn close_window(&mut self) {
        self.settled_through = self.settled_through.max(self.window.last);
        self.window.open = false;
    }

    /// The books a listener's promises rest on.
    pub fn invariant(&self) -> Result<()> {
        let request_consistent = (self.withdrawal_requested_at == 0)
            == (self.withdrawal_amount == 0)
            && (self.withdrawal_requested_at == 0) == (self.withdrawal_available_at == 0);
        let window_consistent = !self.window.open
            || (self.window.first > self.settled_through
                && self.window.first <= self.window.last
                && self.window.settled <= self.window.entries);
        require!(
            request_consistent
                && window_consistent
                && self.spent_this_period <= self.cap_per_period
                && (MIN_CAP_PERIOD_SECS..=MAX_CAP_PERIOD_SECS).contains(&self.cap_period_secs)
                && self.lifetime_spent >= self.spent_this_period,
            EscrowError::InvariantViolated
        );
        Ok(())
    }
}

/// The end of the cap period (of `period` seconds from `start`) that
/// `time` falls in; a time before `start` counts in the first period.
pub fn period_end(start: i64, period: i64, time: i64) -> Result<i64> {
    require!(period > 0, EscrowError::InvalidCapPeriod);
    let elapsed = time.saturating_sub(start).max(0);
    let periods = elapsed
        .checked_div(period)
        .and_then(|n| n.checked_add(1))
        .ok_or(EscrowError::MathOverflow)?;
    let span = periods
        .checked_mul(period)
        .ok_or(EscrowError::MathOverflow)?;
    Ok(start.checked_add(span).unwrap_or(i64::MAX))
}
