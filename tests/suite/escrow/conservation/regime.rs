//! A listener in the model: its balance, the cap and cap period its plays
//! count against, cap changes waiting for settlement, a withdrawal, and
//! its settlement window.

/// The end of the `period`-long period from `start` that `t` falls in; a
/// time before `start` counts in the first.
pub fn period_end(start: i64, period: i64, t: i64) -> i64 {
    let elapsed = (t - start).max(0);
    start + (elapsed / period + 1) * period
}

#[derive(Clone, Debug)]
pub struct Window {
    pub open: bool,
    pub settler: usize,
    pub first: i64,
    pub last: i64,
    pub done: Vec<bool>,
    pub opened_at: i64,
    /// The settler's plan: each index's (track, plays).
    pub plan: Vec<(usize, u16)>,
}

#[derive(Clone, Debug)]
pub struct Pending {
    pub cap: u64,
    pub period: i64,
    pub at: i64,
}

#[derive(Clone, Debug)]
pub struct Withdrawal {
    pub amount: u64,
    pub requested_at: i64,
    pub available_at: i64,
}

#[derive(Clone, Debug)]
pub struct MListener {
    pub balance: u64,
    pub cap: u64,
    pub period: i64,
    pub period_start: i64,
    pub spent: u64,
    /// Cap changes not yet adopted, in time order (at most four).
    pub pending: Vec<Pending>,
    pub withdrawal: Option<Withdrawal>,
    pub settled_through: i64,
    pub windows_opened: u32,
    pub window: Option<Window>,
    pub lifetime_spent: u128,
    pub lifetime_plays: u64,
}

impl MListener {
    pub fn new(balance: u64, opened_at: i64) -> Self {
        Self {
            balance,
            cap: u64::MAX,
            period: 30 * 86_400,
            period_start: opened_at,
            spent: 0,
            pending: Vec::new(),
            withdrawal: None,
            settled_through: 0,
            windows_opened: 0,
            window: None,
            lifetime_spent: 0,
            lifetime_plays: 0,
        }
    }

    pub fn window_open(&self) -> bool {
        self.window.as_ref().is_some_and(|w| w.open)
    }

    /// Whether plays in `[first, last]` would fall under two regimes.
    pub fn spans_change(&self, first: i64, last: i64) -> bool {
        let crosses = |at: i64| first < at && at <= last;
        if self.pending.iter().any(|p| crosses(p.at))
            || self
                .withdrawal
                .as_ref()
                .is_some_and(|w| crosses(w.available_at))
        {
            return true;
        }
        let (start, period) = match self.pending.iter().rev().find(|p| p.at <= first) {
            Some(p) => (p.at, p.period),
            None => (self.period_start, self.period),
        };
        last >= period_end(start, period, first)
    }

    /// The regime of plays starting at `first`: adopts a pending cap in
    /// force by then, rolls to their period; returns what is withheld.
    pub fn regime(&mut self, first: i64) -> u64 {
        self.adopt_through(first);
        let start = period_end(self.period_start, self.period, first) - self.period;
        if start > self.period_start {
            self.period_start = start;
            self.spent = 0;
        }
        self.withdrawal
            .as_ref()
            .filter(|w| first >= w.available_at)
            .map_or(0, |w| w.amount)
    }

    /// Makes the changes in force at `t` the cap, each from its time.
    pub fn adopt_through(&mut self, t: i64) {
        while self.pending.first().is_some_and(|p| p.at <= t) {
            let p = self.pending.remove(0);
            self.cap = p.cap;
            self.period = p.period;
            self.period_start = p.at;
            self.spent = 0;
        }
    }

    /// Whole plays within the balance (less what is withheld) and the cap.
    pub fn charge(&mut self, withheld: u64, plays: u64, price: u64) -> (u64, u64) {
        let cap_left = self.cap.saturating_sub(self.spent);
        let spendable = self.balance.saturating_sub(withheld).min(cap_left);
        let paid = plays.min(spendable / price);
        let amount = paid * price;
        assert!(amount <= spendable, "never beyond balance or cap");
        self.balance -= amount;
        self.spent += amount;
        assert!(self.spent <= self.cap);
        self.lifetime_spent += u128::from(amount);
        self.lifetime_plays += paid;
        (paid, amount)
    }
}
