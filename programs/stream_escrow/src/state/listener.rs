use anchor_lang::prelude::*;

use crate::constants::{
    CAP_CHANGES, MAX_CAP_PERIOD_SECS, MIN_CAP_PERIOD_SECS, TABS, WINDOW_MAX_ENTRIES,
};
use crate::errors::EscrowError;
use crate::math::charge;
use crate::state::Tab;

/// A listener's prepaid balance in one payment mint, at `[LISTENER, mint, wallet]`.
///
/// Every promise settlement makes to a listener is kept here, by play
/// time rather than settlement time:
/// - `settled_through`: plays starting at or before it are never charged
///   again, whichever settler asks;
/// - a lowered cap and a withdrawal take effect only after governance's
///   notice, so plays started before that are charged against the cap and
///   balance as they stood (`cap_changes`, `withdrawal_available_at`);
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
    /// Cap changes not yet adopted by settlement, in time order: lowered
    /// caps waiting out the notice, or in force for plays not yet settled.
    pub cap_changes: [CapChange; CAP_CHANGES],
    pub cap_change_count: u8,
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
    /// In u128: a lifetime total never stops a charge.
    pub lifetime_spent: u128,
    pub lifetime_plays: u64,
    pub bump: u8,
    /// The key whose receipts settlers answer disputes with: the wallet
    /// until the listener sets a device key.
    pub receipt_key: Pubkey,
    /// The key replaced last and when: its receipts count for plays
    /// through that time only (the default key = none).
    pub revoked_key: Pubkey,
    pub revoked_at: i64,
    /// Bumped when the listener closes a tab; a new tab takes it as its epoch.
    pub tab_epoch: u32,
    /// What each settler has charged, one slot per settler.
    pub tabs: [Tab; TABS],
    /// Refunded from settlers' bonds for proven overcharges.
    pub lifetime_refunded: u128,
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

/// A cap for plays starting at or after `at`, counted in periods of
/// `period_secs` from `at`.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct CapChange {
    pub at: i64,
    /// `u64::MAX` is uncapped.
    pub cap: u64,
    pub period_secs: i64,
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
    /// The slot of `settler`'s tab.
    pub fn tab_index(&self, settler: &Pubkey) -> Option<usize> {
        self.tabs.iter().position(|t| t.settler == *settler)
    }

    /// `settler`'s tab, opened in a free slot at its first charge; `None`
    /// when every slot belongs to another settler.
    pub fn tab_for_charge(&mut self, settler: &Pubkey) -> Option<&mut Tab> {
        let index = self
            .tab_index(settler)
            .or_else(|| self.tabs.iter().position(Tab::is_free))?;
        let epoch = self.tab_epoch;
        let tab = self.tabs.get_mut(index)?;
        if tab.is_free() {
            *tab = Tab {
                settler: *settler,
                epoch,
                ..Tab::default()
            };
        }
        Some(tab)
    }

    /// The listener frees `settler`'s slot once nothing it charged is open
    /// to dispute; receipts for the closed tab never count again.
    pub fn close_tab(&mut self, settler: &Pubkey, now: i64, window_secs: i64) -> Result<()> {
        let index = self.tab_index(settler).ok_or(EscrowError::NoSuchTab)?;
        let tab = self.tabs[index];
        require!(
            !tab.disputed && tab.windows.open(now, window_secs) == 0 && !self.window_of(settler),
            EscrowError::TabStillOpen
        );
        self.tabs[index] = Tab::default();
        self.tab_epoch = self
            .tab_epoch
            .checked_add(1)
            .ok_or(EscrowError::MathOverflow)?;
        Ok(())
    }

    fn window_of(&self, settler: &Pubkey) -> bool {
        self.window.open && self.window.settler == *settler
    }

    /// Replaces the receipt key (`None`: back to the wallet). The key it
    /// replaces still signs for plays up to now. Only one replaced key is
    /// remembered, so moving to a new device key waits until nothing any
    /// settler charged is open to dispute (a receipt under the key that
    /// would be forgotten could still be a settler's answer); going back to
    /// the wallet, which revokes a device key, is always allowed.
    pub fn set_receipt_key(
        &mut self,
        key: Option<Pubkey>,
        now: i64,
        window_secs: i64,
    ) -> Result<()> {
        let key = key.unwrap_or(self.wallet);
        require!(key != Pubkey::default(), EscrowError::InvalidReceiptKey);
        require!(key != self.receipt_key, EscrowError::ReceiptKeyUnchanged);
        if key != self.wallet {
            let open = self
                .tabs
                .iter()
                .any(|t| t.disputed || t.windows.open(now, window_secs) > 0);
            require!(!open, EscrowError::ReceiptKeyInUse);
        }
        self.revoked_key = self.receipt_key;
        self.revoked_at = now;
        self.receipt_key = key;
        Ok(())
    }

    /// Whether a receipt for plays through `through` signed by `key` binds
    /// the listener: the current key or the wallet, or the key before for
    /// plays up to its replacement.
    pub fn check_receipt_key(&self, key: &Pubkey, through: i64) -> Result<()> {
        // The wallet always binds its owner.
        if *key == self.receipt_key || *key == self.wallet {
            return Ok(());
        }
        require!(
            *key == self.revoked_key && self.revoked_key != Pubkey::default(),
            EscrowError::ReceiptWrongKey
        );
        require!(through <= self.revoked_at, EscrowError::ReceiptKeyRevoked);
        Ok(())
    }

    /// A proven overcharge comes back into the balance.
    pub fn credit_refund(&mut self, amount: u64) -> Result<()> {
        self.balance = self
            .balance
            .checked_add(amount)
            .ok_or(EscrowError::MathOverflow)?;
        self.lifetime_refunded = self
            .lifetime_refunded
            .checked_add(u128::from(amount))
            .ok_or(EscrowError::MathOverflow)?;
        self.invariant()
    }

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

    /// The cap changes waiting for settlement, oldest first.
    pub fn cap_changes(&self) -> &[CapChange] {
        let n = usize::from(self.cap_change_count).min(CAP_CHANGES);
        &self.cap_changes[..n]
    }

    fn truncate_cap_changes(&mut self, keep: usize) {
        for change in self.cap_changes.iter_mut().skip(keep) {
            *change = CapChange::default();
        }
        self.cap_change_count = keep.min(CAP_CHANGES) as u8;
    }

    /// Makes the changes in force at `time` the listener's cap: each starts
    /// a new period at its time, with nothing spent.
    fn adopt_cap_changes_through(&mut self, time: i64) {
        let adopted = self
            .cap_changes()
            .iter()
            .take_while(|c| c.at <= time)
            .count();
        let Some(last) = adopted.checked_sub(1).map(|i| self.cap_changes[i]) else {
            return;
        };
        self.cap_per_period = last.cap;
        self.cap_period_secs = last.period_secs;
        self.period_start = last.at;
        self.spent_this_period = 0;
        let count = self.cap_changes().len();
        self.cap_changes.copy_within(adopted..count, 0);
        self.truncate_cap_changes(count.saturating_sub(adopted));
    }

    /// A cap change, returning when it takes effect.
    ///
    /// A raise (a cap no lower and a period no longer than the cap in force
    /// now) applies at once to that cap, within its period, and drops the
    /// changes not yet in force. Anything else applies to plays starting
    /// one notice from now, in a new period from then; plays before that
    /// are charged under the caps as they stood, including earlier changes
    /// already in force but not yet met by settlement. At most
    /// [`CAP_CHANGES`] wait at once: to make room, changes in force for a
    /// notice or longer (the settlers' deadline, as for withdrawals) are
    /// adopted early; failing that, `CapChangesPending`.
    pub fn set_cap(
        &mut self,
        cap: Option<u64>,
        period_secs: i64,
        now: i64,
        notice_secs: i64,
    ) -> Result<i64> {
        require!(
            (MIN_CAP_PERIOD_SECS..=MAX_CAP_PERIOD_SECS).contains(&period_secs),
            EscrowError::InvalidCapPeriod
        );
        let cap = cap.unwrap_or(u64::MAX);
        let in_force = self.cap_changes().iter().filter(|c| c.at <= now).count();
        let (cap_now, period_now) = match in_force.checked_sub(1) {
            Some(i) => (self.cap_changes[i].cap, self.cap_changes[i].period_secs),
            None => (self.cap_per_period, self.cap_period_secs),
        };
        let effective_at = if cap >= cap_now && period_secs <= period_now {
            self.truncate_cap_changes(in_force);
            match in_force.checked_sub(1) {
                Some(i) => {
                    self.cap_changes[i].cap = cap;
                    self.cap_changes[i].period_secs = period_secs;
                }
                None => {
                    self.cap_per_period = cap;
                    self.cap_period_secs = period_secs;
                }
            }
            now
        } else {
            let at = now
                .checked_add(notice_secs)
                .ok_or(EscrowError::MathOverflow)?;
            let before = self.cap_changes().iter().filter(|c| c.at < at).count();
            self.truncate_cap_changes(before);
            if before == CAP_CHANGES {
                self.adopt_cap_changes_through(now.saturating_sub(notice_secs));
            }
            let count = self.cap_changes().len();
            let slot = self
                .cap_changes
                .get_mut(count)
                .ok_or(EscrowError::CapChangesPending)?;
            *slot = CapChange {
                at,
                cap,
                period_secs,
            };
            self.cap_change_count = self.cap_change_count.saturating_add(1);
            at
        };
        self.invariant()?;
        Ok(effective_at)
    }

    /// Starts the notice, replacing an earlier request still in its
    /// notice: plays started before `now + notice_secs` are still charged
    /// against the whole balance; the withdrawal may complete from then on.
    /// A request whose notice has passed already withholds its amount from
    /// later plays, so it is not replaced (`WithdrawalReady`): complete or
    /// cancel it first.
    pub fn request_withdrawal(&mut self, amount: u64, now: i64, notice_secs: i64) -> Result<()> {
        require!(amount > 0, EscrowError::ZeroAmount);
        require!(
            !self.has_withdrawal_request() || now < self.withdrawal_available_at,
            EscrowError::WithdrawalReady
        );
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

    /// Whether a window over `[first, last]` would span a change in what
    /// settlement may take, so that not all its plays are charged under one
    /// regime.
    fn spans_change(&self, first: i64, last: i64) -> Result<bool> {
        let next = next_change(
            self.period_start,
            self.cap_period_secs,
            self.cap_changes(),
            self.withdrawal_available_at,
            first,
        )?;
        Ok(last >= next)
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
        self.adopt_cap_changes_through(first);
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
            .checked_add(u128::from(amount))
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
        let changes = self.cap_changes();
        let changes_consistent = usize::from(self.cap_change_count) <= CAP_CHANGES
            && changes.windows(2).all(|w| w[0].at < w[1].at)
            && changes
                .iter()
                .all(|c| (MIN_CAP_PERIOD_SECS..=MAX_CAP_PERIOD_SECS).contains(&c.period_secs));
        let window_consistent = !self.window.open
            || (self.window.first > self.settled_through
                && self.window.first <= self.window.last
                && self.window.settled <= self.window.entries);
        require!(
            request_consistent
                && changes_consistent
                && window_consistent
                && self.spent_this_period <= self.cap_per_period
                && (MIN_CAP_PERIOD_SECS..=MAX_CAP_PERIOD_SECS).contains(&self.cap_period_secs)
                && self.lifetime_spent >= u128::from(self.spent_this_period),
            EscrowError::InvariantViolated
        );
        Ok(())
    }
}

/// The first time after `first` at which what a listener may be charged
/// changes: a cap change, a withdrawal taking effect (`withdrawal_at`, 0 =
/// none), or the end of the cap period `first` falls in (under the cap in
/// force at `first`). A window starting at `first` must end before it.
pub fn next_change(
    period_start: i64,
    period_secs: i64,
    changes: &[CapChange],
    withdrawal_at: i64,
    first: i64,
) -> Result<i64> {
    let mut next = i64::MAX;
    let upcoming = changes.iter().map(|c| c.at).chain([withdrawal_at]);
    for at in upcoming.filter(|&at| at != 0 && first < at) {
        next = next.min(at);
    }
    let (start, period) = changes
        .iter()
        .rev()
        .find(|c| c.at <= first)
        .map_or((period_start, period_secs), |c| (c.at, c.period_secs));
    Ok(next.min(period_end(start, period, first)?))
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
