//! What the dashboard shows, read from the chain on each request: the same
//! views the CLI prints (`--output json`), plus histories read from the
//! transactions' events. Nothing is kept between requests.

use anyhow::anyhow;
use encore_sdk::events::{self, Logged};
use encore_sdk::royalty_pool::events::{
    LiquidityDeposited, LiquidityWithdrawn, PoolCreated, Swapped,
};
use encore_sdk::royalty_pool::math::SwapDirection;
use encore_sdk::shares::SHARE_DECIMALS;
use encore_sdk::stream_escrow::events::EarningsCollected;
use encore_sdk::{accounts, escrow, pda, pool, EncoreClient, Pubkey};
use serde::Serialize;

use crate::artist::{find_artist, ArtistView};
use crate::escrow::charges::ChargesView;
use crate::escrow::ListenerView;
use crate::pool::view::ui_ratio;
use crate::pool::{Loaded, PoolView, Side};
use crate::shares::holders::{holders, HolderView};
use crate::shares::SharesView;
use crate::track::view::{LedgerView, TrackView, Viewer};
use crate::units::{mint_decimals, Amount, Total};

/// How many of an address's latest transactions a history reads.
pub const HISTORY_LIMIT: usize = 500;
/// How many trades a pool view lists, newest first.
pub const RECENT_TRADES: usize = 20;

#[derive(Serialize, Debug)]
pub struct ArtistReport {
    /// The chain's clock when read.
    pub unix_timestamp: i64,
    pub artist: ArtistView,
    pub tracks: Vec<TrackReport>,
}

#[derive(Serialize, Debug)]
pub struct TrackReport {
    /// As `encore track show` prints it, with the ledger.
    pub track: TrackView,
    /// As `encore shares show` prints it; `null` before shares exist.
    pub shares: Option<SharesView>,
    /// As `encore shares holders` prints it.
    pub holders: Vec<HolderView>,
    /// Each collection of the track's earnings, oldest first: the last
    /// `cumulative` is the ledger's `collected` when the history is whole.
    pub earnings: Vec<EarningPoint>,
}

#[derive(Serialize, Debug)]
pub struct EarningPoint {
    /// Unix seconds of the block, when the node knows it.
    pub time: Option<i64>,
    pub signature: String,
    /// Collected in this transaction (before the protocol fee).
    pub collected: Amount,
    pub cumulative: Total,
}

pub fn artist(client: &dyn EncoreClient, key: &Pubkey) -> anyhow::Result<ArtistReport> {
    let (address, profile) =
        find_artist(client, key)?.ok_or_else(|| anyhow!("{key} has no artist profile"))?;
    let mut viewer = Viewer::new(client);
    let mut tracks = Vec::new();
    for (track_address, track) in accounts::tracks(client, Some(&address))? {
        let mut view = viewer.view(&track_address, &track);
        let decimals = view.terms.decimals.unwrap_or_default();
        view.ledger = Some(LedgerView::load(client, &track_address, decimals)?);
        let has_shares = track.share_mint.is_some();
        tracks.push(TrackReport {
            shares: if has_shares {
                Some(SharesView::load(client, &track_address)?)
            } else {
                None
            },
            holders: if has_shares {
                holders(client, &track_address)?
            } else {
                Vec::new()
            },
            earnings: earnings(client, &track_address, decimals)?,
            track: view,
        });
    }
    Ok(ArtistReport {
        unix_timestamp: client.clock()?.unix_timestamp,
        artist: ArtistView::new(&address, &profile),
        tracks,
    })
}

/// The track's collections, from its ledger's transactions.
fn earnings(
    client: &dyn EncoreClient,
    track: &Pubkey,
    decimals: u8,
) -> anyhow::Result<Vec<EarningPoint>> {
    let mut cumulative: u128 = 0;
    let mut points = Vec::new();
    for tx in events::history(client, &pda::ledger(track).0, HISTORY_LIMIT)? {
        let collected: u64 = events::decode::<EarningsCollected>(&tx.logs)?
            .iter()
            .filter(|e| e.track == *track)
            .map(|e| e.owed)
            .sum();
        if collected == 0 {
            continue;
        }
        cumulative += u128::from(collected);
        points.push(EarningPoint {
            time: tx.block_time,
            signature: tx.signature.to_string(),
            collected: Amount::new(collected, decimals),
            cumulative: Total::new(cumulative, decimals),
        });
    }
    Ok(points)
}

#[derive(Serialize, Debug)]
pub struct ListenerReport {
    pub wallet: String,
    /// One per payment mint.
    pub balances: Vec<ListenerBalance>,
}

#[derive(Serialize, Debug)]
pub struct ListenerBalance {
    /// As `encore escrow show` prints it.
    #[serde(flatten)]
    pub balance: ListenerView,
    /// As `encore escrow charges` prints it.
    pub charges: ChargesView,
}

pub fn listener(client: &dyn EncoreClient, wallet: &Pubkey) -> anyhow::Result<ListenerReport> {
    let mut balances = Vec::new();
    for (listener, balance) in ListenerView::all_of(client, wallet)? {
        balances.push(ListenerBalance {
            charges: ChargesView::of(client, &listener, balance.decimals)?,
            balance,
        });
    }
    if balances.is_empty() {
        return Err(anyhow!("{wallet} has no listener balance"));
    }
    Ok(ListenerReport {
        wallet: wallet.to_string(),
        balances,
    })
}

#[derive(Serialize, Debug)]
pub struct PoolReport {
    /// As `encore pool show` prints it.
    pub pool: PoolView,
    /// The mean price since the pool opened, from its accumulator.
    pub twap: TwapView,
    /// Each change of the reserves, oldest first, with the accumulator as
    /// of it (from the events).
    pub prices: Vec<PricePoint>,
    /// The price history from the accumulator: the mean price between each
    /// change and the next (the last one up to now), intervals of at least
    /// a second.
    pub history: Vec<PriceInterval>,
    /// The latest swaps, newest first.
    pub trades: Vec<TradeView>,
}

#[derive(Serialize, Debug)]
pub struct TwapView {
    pub from: i64,
    pub to: i64,
    /// Quote per share in UI units (display precision).
    pub quote_per_share: String,
}

#[derive(Serialize, Debug)]
pub struct PricePoint {
    /// The chain's clock at the change.
    pub time: i64,
    pub signature: String,
    /// `create`, `swap`, `deposit` or `withdraw`.
    pub kind: &'static str,
    /// Quote per share in UI units, after the change.
    pub quote_per_share: String,
    pub reserve_share: Amount,
    pub reserve_quote: Amount,
    /// The accumulator (quote per share, Q64.64 × seconds, decimal) as of
    /// `time`, before this change's reserves took over.
    pub price_cumulative: String,
}

#[derive(Serialize, Debug)]
pub struct PriceInterval {
    pub from: i64,
    pub to: i64,
    /// `Δcumulative / Δtime`, quote per share in UI units (display precision).
    pub mean_quote_per_share: String,
}

#[derive(Serialize, Debug)]
pub struct TradeView {
    pub time: i64,
    pub signature: String,
    pub trader: String,
    /// `buy` (quote in, shares out) or `sell` (shares in, quote out).
    pub side: &'static str,
    pub shares: Amount,
    pub quote: Amount,
    /// The LPs' and the protocol's fee, in the input token.
    pub fee: Amount,
    /// Quote per share the trade paid or got, in UI units.
    pub price: String,
}

/// `key` is a pool, or a track whose pool quotes its payment mint.
pub fn pool_report(client: &dyn EncoreClient, key: &Pubkey) -> anyhow::Result<PoolReport> {
    let is_track = client
        .get_account(key)?
        .is_some_and(|a| a.owner == encore_sdk::track_registry::ID);
    let address = match is_track.then(|| accounts::track(client, key)).transpose()? {
        Some(track) => {
            let share_mint = track
                .share_mint
                .ok_or_else(|| anyhow!("track {key} has no shares, so no pool"))?;
            pda::pool(&share_mint, &track.terms.payment_mint).0
        }
        None => *key,
    };
    let loaded = Loaded::load(client, &address)?;
    let view = PoolView::of(client, &loaded)?;
    let history = events::history(client, &address, HISTORY_LIMIT)?;
    let (prices, mut trades, marks) = pool_history(&loaded, &history)?;
    trades.reverse();
    trades.truncate(RECENT_TRADES);
    let now = client.clock()?.unix_timestamp;
    let observed = pool::observe(&loaded.pool, now)?;
    let decimals = loaded.quote_decimals;
    let from = loaded.pool.created_at;
    let mean = |from: i64, to: i64, from_cum: u128, to_cum: u128| {
        let seconds = u128::try_from(to.saturating_sub(from)).unwrap_or_default();
        (seconds > 0).then(|| q64_ui(to_cum.wrapping_sub(from_cum) / seconds, decimals))
    };
    let twap = TwapView {
        from,
        to: now,
        quote_per_share: mean(from, now, 0, observed.price_cumulative_share_in_quote)
            .unwrap_or_else(|| view.spot_price.quote_per_share.clone()),
    };
    let mut ends = marks.clone();
    ends.push((now, observed.price_cumulative_share_in_quote));
    let history = marks
        .iter()
        .zip(ends.iter().skip(1))
        .filter_map(|(&(t0, c0), &(t1, c1))| {
            mean(t0, t1, c0, c1).map(|m| PriceInterval {
                from: t0,
                to: t1,
                mean_quote_per_share: m,
            })
        })
        .collect();
    Ok(PoolReport {
        pool: view,
        twap,
        prices,
        history,
        trades,
    })
}

/// A Q64.64 price of quote base units per share base unit, in UI units.
fn q64_ui(price_q64: u128, quote_decimals: u8) -> String {
    let scale = 10f64.powi(i32::from(SHARE_DECIMALS) - i32::from(quote_decimals));
    format!("{:.9}", pool::q64_to_f64(price_q64) * scale)
}

/// Price points, trades, and the accumulator's marks `(time, cumulative)`
/// in order (one per change, the pool's opening at 0 first).
#[allow(clippy::type_complexity)]
fn pool_history(
    loaded: &Loaded,
    history: &[Logged],
) -> anyhow::Result<(Vec<PricePoint>, Vec<TradeView>, Vec<(i64, u128)>)> {
    let address = loaded.address;
    let quote_decimals = loaded.quote_decimals;
    let price = |quote: u64, shares: u64| ui_ratio(quote, quote_decimals, shares, SHARE_DECIMALS);
    let mut prices = Vec::new();
    let mut trades = Vec::new();
    let mut marks = Vec::new();
    for tx in history {
        let signature = tx.signature.to_string();
        let mut point = |kind, time, cumulative: u128, share: u64, quote: u64| {
            marks.push((time, cumulative));
            prices.push(PricePoint {
                time,
                signature: signature.clone(),
                kind,
                quote_per_share: price(quote, share),
                reserve_share: loaded.amount(Side::Shares, share),
                reserve_quote: loaded.amount(Side::Quote, quote),
                price_cumulative: cumulative.to_string(),
            });
        };
        for e in events::decode::<PoolCreated>(&tx.logs)? {
            if e.pool == address {
                point("create", e.timestamp, 0, e.reserve_share, e.reserve_quote);
            }
        }
        for e in events::decode::<LiquidityDeposited>(&tx.logs)? {
            if e.pool == address {
                point(
                    "deposit",
                    e.timestamp,
                    e.price_cumulative_share_in_quote,
                    e.reserve_share_after,
                    e.reserve_quote_after,
                );
            }
        }
        for e in events::decode::<LiquidityWithdrawn>(&tx.logs)? {
            if e.pool == address {
                point(
                    "withdraw",
                    e.timestamp,
                    e.price_cumulative_share_in_quote,
                    e.reserve_share_after,
                    e.reserve_quote_after,
                );
            }
        }
        for e in events::decode::<Swapped>(&tx.logs)? {
            if e.pool != address {
                continue;
            }
            point(
                "swap",
                e.timestamp,
                e.price_cumulative_share_in_quote,
                e.reserve_share_after,
                e.reserve_quote_after,
            );
            let (side, shares, quote, fee_side) = match e.direction {
                SwapDirection::SellQuote => ("buy", e.amount_out, e.amount_in, Side::Quote),
                SwapDirection::SellShares => ("sell", e.amount_in, e.amount_out, Side::Shares),
            };
            trades.push(TradeView {
                time: e.timestamp,
                signature: signature.clone(),
                trader: e.trader.to_string(),
                side,
                shares: loaded.amount(Side::Shares, shares),
                quote: loaded.amount(Side::Quote, quote),
                fee: loaded.amount(fee_side, e.fee),
                price: price(quote, shares),
            });
        }
    }
    Ok((prices, trades, marks))
}

#[derive(Serialize, Debug)]
pub struct Overview {
    pub rpc_url: String,
    pub slot: u64,
    pub unix_timestamp: i64,
    pub artists: Vec<ArtistEntry>,
    pub pools: Vec<PoolEntry>,
    /// The largest listener balances in the tracks' payment mints.
    pub listeners: Vec<ListenerEntry>,
}

#[derive(Serialize, Debug)]
pub struct ListenerEntry {
    pub wallet: String,
    pub payment_mint: String,
    pub balance: Amount,
    pub lifetime_plays: u64,
}

/// How many listeners the overview lists.
pub const OVERVIEW_LISTENERS: usize = 50;

#[derive(Serialize, Debug)]
pub struct ArtistEntry {
    pub authority: String,
    pub handle: String,
    pub tracks: u32,
}

#[derive(Serialize, Debug)]
pub struct PoolEntry {
    pub pool: String,
    pub track: String,
    pub reserve_share: Amount,
    pub reserve_quote: Amount,
}

/// Every artist and pool on the cluster, for the landing page.
pub fn overview(client: &dyn EncoreClient, rpc_url: &str) -> anyhow::Result<Overview> {
    let clock = client.clock()?;
    let mut artists = Vec::new();
    for (_, profile) in accounts::artists(client)? {
        artists.push(ArtistEntry {
            authority: profile.authority.to_string(),
            handle: profile.handle,
            tracks: profile.track_count,
        });
    }
    let mut pools = Vec::new();
    for (address, p) in pool::pools(client, None)? {
        let decimals = mint_decimals(client, &p.quote_mint, "quote mint", None)?;
        pools.push(PoolEntry {
            pool: address.to_string(),
            track: p.track.to_string(),
            reserve_share: Amount::new(p.reserve_share, SHARE_DECIMALS),
            reserve_quote: Amount::new(p.reserve_quote, decimals),
        });
    }
    let mut mints: Vec<Pubkey> = accounts::tracks(client, None)?
        .iter()
        .map(|(_, t)| t.terms.payment_mint)
        .collect();
    mints.sort();
    mints.dedup();
    let mut listeners = Vec::new();
    for mint in &mints {
        let decimals = mint_decimals(client, mint, "payment mint", None)?;
        for (_, l) in escrow::listeners(client, mint)? {
            listeners.push(ListenerEntry {
                wallet: l.wallet.to_string(),
                payment_mint: mint.to_string(),
                balance: Amount::new(l.balance, decimals),
                lifetime_plays: l.lifetime_plays,
            });
        }
    }
    listeners.sort_by(|a, b| {
        b.balance
            .base_units
            .cmp(&a.balance.base_units)
            .then_with(|| a.wallet.cmp(&b.wallet))
    });
    listeners.truncate(OVERVIEW_LISTENERS);
    Ok(Overview {
        rpc_url: rpc_url.to_string(),
        slot: clock.slot,
        unix_timestamp: clock.unix_timestamp,
        artists,
        pools,
        listeners,
    })
}
