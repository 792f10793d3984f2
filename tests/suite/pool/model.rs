//! An independent model of the constant-product pool, written from the
//! formulas in docs/ARCHITECTURE.md ("Royalty pool") in plain u128
//! arithmetic: the expected values of pool tests, never the program's or
//! the SDK's own math. Amounts above u64 are kept, so a test can tell that
//! the program must refuse them.

use encore_sdk::pool::{Pool, SwapDirection};

const BPS: u128 = 10_000;

pub fn ceil_div(a: u128, b: u128) -> u128 {
    a.div_ceil(b)
}

/// `floor(sqrt(n))`: a float guess corrected to the exact integer.
pub fn sqrt_floor(n: u128) -> u128 {
    let mut root = (n as f64).sqrt() as u128;
    while root * root > n {
        root -= 1;
    }
    while (root + 1) * (root + 1) <= n {
        root += 1;
    }
    root
}

/// A pool's state fields as the program stores them: reserves (share,
/// quote), uncollected protocol fees (share, quote) and the LP supply.
pub type Stored = (u64, u64, u64, u64, u64);

/// A swap as the pool should execute it; `fee` is part of `amount_in`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Trade {
    pub amount_in: u128,
    pub amount_out: u128,
    pub fee: u128,
}

/// The fee on an input: `ceil(amount_in × fee_bps / 10,000)`.
pub fn fee_on(amount_in: u128, fee_bps: u16) -> u128 {
    ceil_div(amount_in * u128::from(fee_bps), BPS)
}

/// Selling exactly `amount_in` against reserves `(r_in, r_out)`: the fee
/// comes off first, and `x = amount_in - fee` buys
/// `floor(r_out × x / (r_in + x))`.
pub fn sell_exactly(r_in: u128, r_out: u128, amount_in: u128, fee_bps: u16) -> Trade {
    let fee = fee_on(amount_in, fee_bps);
    let x = amount_in - fee;
    Trade {
        amount_in,
        amount_out: r_out * x / (r_in + x),
        fee,
    }
}

/// Buying exactly `amount_out`: the curve needs
/// `x = ceil(r_in × out / (r_out - out))`, and the trader pays the least
/// input whose fee-less part covers it, `ceil(x × 10,000 / (10,000 - fee))`.
pub fn buy_exactly(r_in: u128, r_out: u128, amount_out: u128, fee_bps: u16) -> Trade {
    let x = ceil_div(r_in * amount_out, r_out - amount_out);
    let amount_in = ceil_div(x * BPS, BPS - u128::from(fee_bps));
    Trade {
        amount_in,
        amount_out,
        fee: fee_on(amount_in, fee_bps),
    }
}

/// The pool's books: reserves and uncollected protocol fees per side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Books {
    pub reserve_share: u128,
    pub reserve_quote: u128,
    pub fees_share: u128,
    pub fees_quote: u128,
    pub lp_supply: u128,
}

impl Books {
    pub fn of(pool: &Pool) -> Self {
        Self {
            reserve_share: pool.reserve_share.into(),
            reserve_quote: pool.reserve_quote.into(),
            fees_share: pool.protocol_fees_share.into(),
            fees_quote: pool.protocol_fees_quote.into(),
            lp_supply: pool.lp_supply.into(),
        }
    }

    /// A new pool: `floor(sqrt(share × quote))` LP units, the locked
    /// 1,000 included.
    pub fn opened(share: u128, quote: u128) -> Self {
        Self {
            reserve_share: share,
            reserve_quote: quote,
            fees_share: 0,
            fees_quote: 0,
            lp_supply: sqrt_floor(share * quote),
        }
    }

    /// `(reserve_in, reserve_out)` for a trade in `direction`.
    pub fn reserves(&self, direction: SwapDirection) -> (u128, u128) {
        match direction {
            SwapDirection::SellShares => (self.reserve_share, self.reserve_quote),
            SwapDirection::SellQuote => (self.reserve_quote, self.reserve_share),
        }
    }

    pub fn sell(&self, direction: SwapDirection, amount_in: u128, fee_bps: u16) -> Trade {
        let (r_in, r_out) = self.reserves(direction);
        sell_exactly(r_in, r_out, amount_in, fee_bps)
    }

    pub fn buy(&self, direction: SwapDirection, amount_out: u128, fee_bps: u16) -> Trade {
        let (r_in, r_out) = self.reserves(direction);
        buy_exactly(r_in, r_out, amount_out, fee_bps)
    }

    /// The books after `trade`: governance's `protocol_fee_bps` of the fee
    /// (rounded down) is set aside on the input side, the rest of the input
    /// joins its reserve, and the output leaves the other.
    pub fn after(&self, direction: SwapDirection, trade: &Trade, protocol_fee_bps: u16) -> Self {
        let protocol = trade.fee * u128::from(protocol_fee_bps) / BPS;
        let to_reserve = trade.amount_in - protocol;
        let mut next = *self;
        match direction {
            SwapDirection::SellShares => {
                next.reserve_share += to_reserve;
                next.reserve_quote -= trade.amount_out;
                next.fees_share += protocol;
            }
            SwapDirection::SellQuote => {
                next.reserve_quote += to_reserve;
                next.reserve_share -= trade.amount_out;
                next.fees_quote += protocol;
            }
        }
        next
    }

    /// What minting `lp` units costs: `ceil(lp × R / L)` of each side.
    pub fn deposit_cost(&self, lp: u128) -> (u128, u128) {
        (
            ceil_div(lp * self.reserve_share, self.lp_supply),
            ceil_div(lp * self.reserve_quote, self.lp_supply),
        )
    }

    /// What burning `lp` units pays: `floor(lp × R / L)` of each side.
    pub fn withdrawal(&self, lp: u128) -> (u128, u128) {
        (
            lp * self.reserve_share / self.lp_supply,
            lp * self.reserve_quote / self.lp_supply,
        )
    }

    /// The pool's state fields as the program stores them, for comparison.
    pub fn stored(pool: &Pool) -> Stored {
        (
            pool.reserve_share,
            pool.reserve_quote,
            pool.protocol_fees_share,
            pool.protocol_fees_quote,
            pool.lp_supply,
        )
    }

    /// These books as u64 fields (panics if any does not fit).
    pub fn as_stored(&self) -> Stored {
        let u = |v: u128| u64::try_from(v).expect("fits in u64");
        (
            u(self.reserve_share),
            u(self.reserve_quote),
            u(self.fees_share),
            u(self.fees_quote),
            u(self.lp_supply),
        )
    }
}
