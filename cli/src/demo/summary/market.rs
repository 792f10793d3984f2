//! The market's part of the demo's summary, and its conservation checks.

use std::io::Write;

use encore_sdk::pool::{self, Observation, MINIMUM_LIQUIDITY};
use encore_sdk::shares::SHARE_DECIMALS;
use encore_sdk::{token, EncoreClient};
use serde::Serialize;
use solana_signer::Signer;

use super::check::{check, Check};
use crate::demo::played::{usdc, Played, PlayedPool, DECIMALS, POOL_CREATOR, POOL_TRACK, ROLES};
use crate::output::{key_values, percent, short, table};
use crate::pool::view::SpotPrice;
use crate::pool::{lp, priced};
use crate::shares::share_amount;
use crate::units::Amount;

#[derive(Serialize, Debug)]
pub struct PoolSummary {
    pub pool: String,
    pub title: String,
    pub track: String,
    pub share_mint: String,
    pub quote_mint: String,
    pub creator_role: String,
    pub creator: String,
    pub fee_bps: u16,
    pub reserve_share: Amount,
    pub reserve_quote: Amount,
    pub lp_supply: Amount,
    /// The creator's LP tokens (the supply less the locked minimum).
    pub creator_lp: Amount,
    pub protocol_fees_share: Amount,
    pub protocol_fees_quote: Amount,
    pub vault_share: Amount,
    pub vault_quote: Amount,
    pub spot_price: SpotPrice,
    /// The mean price since the pool opened, from its accumulator (`None`
    /// until a second has passed).
    pub twap_quote_per_share: Option<Amount>,
    /// `reserve_share × reserve_quote` at creation and now (decimal strings).
    pub k_initial: String,
    pub k_final: String,
    /// The share reserve's royalty earnings held for the LPs, collected at
    /// the pool's trades and liquidity changes.
    pub earnings: Amount,
    /// Released to the reserve and collected at the pool's next change.
    pub earnings_pending: Amount,
    pub trades: Vec<TradeSummary>,
    pub investors: Vec<InvestorSummary>,
}

#[derive(Serialize, Debug)]
pub struct TradeSummary {
    pub investor: String,
    /// `shares` or `quote`: the side given.
    pub sell: String,
    pub amount_in: Amount,
    pub amount_out: Amount,
    pub fee: Amount,
}

#[derive(Serialize, Debug)]
pub struct InvestorSummary {
    pub name: String,
    pub wallet: String,
    pub funded: Amount,
    pub shares: Amount,
    pub usdc: Amount,
}

impl PoolSummary {
    /// Reads the pool and the investors' wallets; appends the pool's checks.
    pub fn collect(
        client: &dyn EncoreClient,
        played: &Played,
        checks: &mut Vec<Check>,
    ) -> anyhow::Result<Self> {
        let market: &PlayedPool = &played.pool;
        let keys = &market.keys;
        let at = Some(&market.address);
        let p = pool::pool_at(client, &market.address)?;
        let vault_share = token::balance(client, &p.share_vault)?;
        let vault_quote = token::balance(client, &p.quote_vault)?;
        let creator = played.holders.get(POOL_CREATOR).map(|h| h.pubkey());
        let creator_lp = match creator {
            Some(c) => token::balance(client, &token::associated_address(&c, &keys.lp_mint))?,
            None => 0,
        };
        let mut pool_check = |name: &str, ok: bool, detail: String| {
            check(checks, format!("pool: {name}"), ok, detail);
        };

        let owed_share = u128::from(p.reserve_share) + u128::from(p.protocol_fees_share);
        pool_check(
            "share vault = share reserve + protocol fees",
            u128::from(vault_share) == owed_share,
            format!(
                "vault {vault_share}, reserve {} + fees {}",
                p.reserve_share, p.protocol_fees_share
            ),
        );
        let owed_quote = u128::from(p.reserve_quote)
            + u128::from(p.protocol_fees_quote)
            + u128::from(p.earnings);
        pool_check(
            "quote vault = quote reserve + protocol fees + LPs' earnings",
            u128::from(vault_quote) == owed_quote,
            format!(
                "vault {vault_quote}, reserve {} + fees {} + earnings {}",
                p.reserve_quote, p.protocol_fees_quote, p.earnings
            ),
        );
        // The share reserve is a royalty position: what it was paid is what
        // the pool booked for its LPs.
        let position = encore_sdk::shares::position(client, &p.track, &market.address)?;
        let now = client.clock()?.unix_timestamp;
        let config = encore_sdk::shares::require_config(client, &p.track)?;
        let (paid, staked, pending) = match &position {
            Some(pos) => (
                pos.claimed,
                pos.stake.staked,
                encore_sdk::shares::pending_rewards(pos, &config, now)?,
            ),
            None => (0, 0, 0),
        };
        pool_check(
            "the reserve's royalty position stakes the share reserve and paid what the pool booked",
            staked == p.reserve_share && paid == p.earned_total,
            format!(
                "staked {staked}, reserve {}; paid {paid}, booked {}",
                p.reserve_share, p.earned_total
            ),
        );
        let k_final = u128::from(p.reserve_share) * u128::from(p.reserve_quote);
        let mut history = market.k_history.clone();
        history.push(k_final);
        let never_fell = history.windows(2).all(|w| w[0] <= w[1]);
        let k_initial = market.k_history.first().copied().unwrap_or_default();
        pool_check(
            "k never decreased",
            never_fell,
            format!(
                "k from {k_initial} to {k_final} over {} trades",
                market.trades.len()
            ),
        );

        let mut investors = Vec::new();
        let (mut investor_shares, mut investor_usdc, mut funded) = (0u64, 0u64, 0u64);
        for investor in &market.investors {
            let owner = investor.wallet.pubkey();
            let held_shares =
                token::balance(client, &token::associated_address(&owner, &keys.share_mint))?;
            let held_usdc =
                token::balance(client, &token::associated_address(&owner, &keys.quote_mint))?;
            investor_shares += held_shares;
            investor_usdc += held_usdc;
            funded += investor.funded;
            investors.push(InvestorSummary {
                name: investor.name.to_string(),
                wallet: owner.to_string(),
                funded: usdc(investor.funded),
                shares: share_amount(held_shares),
                usdc: usdc(held_usdc),
            });
        }
        // Only the creator put shares in and only the investors traded, so
        // every share and every USDC is in the vaults or their wallets.
        pool_check(
            "share vault + investors' shares = the creator's deposit",
            u128::from(vault_share) + u128::from(investor_shares)
                == u128::from(market.seeded_shares),
            format!(
                "vault {vault_share} + investors {investor_shares}, deposited {}",
                market.seeded_shares
            ),
        );
        pool_check(
            "quote vault + investors' USDC = the creator's deposit + the investors' funding",
            u128::from(vault_quote) + u128::from(investor_usdc)
                == u128::from(market.seeded_quote) + u128::from(funded),
            format!(
                "vault {vault_quote} + investors {investor_usdc}, deposited {} + funded {funded}",
                market.seeded_quote
            ),
        );
        pool_check(
            "LP supply = the creator's LP + the locked minimum",
            u128::from(p.lp_supply) == u128::from(creator_lp) + u128::from(MINIMUM_LIQUIDITY),
            format!(
                "supply {}, creator {creator_lp} + locked {MINIMUM_LIQUIDITY}",
                p.lp_supply
            ),
        );

        let opened = Observation {
            timestamp: p.created_at,
            ..Observation::default()
        };
        let observed = priced(pool::observe(&p, now), at)?;
        let twap_quote_per_share = match pool::twap(&opened, &observed) {
            Ok(mean) => Some(usdc(priced(
                pool::value_at(
                    10u64.pow(u32::from(SHARE_DECIMALS)),
                    mean.share_in_quote_q64,
                ),
                at,
            )?)),
            Err(_) => None,
        };
        let title = played
            .tracks
            .get(POOL_TRACK)
            .map(|t| t.title.to_string())
            .unwrap_or_default();
        let trades = market
            .trades
            .iter()
            .map(|t| {
                let name = market
                    .investors
                    .get(t.investor)
                    .map(|i| i.name.to_string())
                    .unwrap_or_default();
                let (sell, amount_in, amount_out, fee) = if t.sell_shares {
                    (
                        "shares",
                        share_amount(t.amount_in),
                        usdc(t.amount_out),
                        share_amount(t.fee),
                    )
                } else {
                    (
                        "quote",
                        usdc(t.amount_in),
                        share_amount(t.amount_out),
                        usdc(t.fee),
                    )
                };
                TradeSummary {
                    investor: name,
                    sell: sell.into(),
                    amount_in,
                    amount_out,
                    fee,
                }
            })
            .collect();
        Ok(Self {
            pool: market.address.to_string(),
            title,
            track: p.track.to_string(),
            share_mint: p.share_mint.to_string(),
            quote_mint: p.quote_mint.to_string(),
            creator_role: ROLES.get(POOL_CREATOR).copied().unwrap_or("holder").into(),
            creator: p.creator.to_string(),
            fee_bps: market.fee_bps,
            reserve_share: share_amount(p.reserve_share),
            reserve_quote: usdc(p.reserve_quote),
            lp_supply: lp(p.lp_supply),
            creator_lp: lp(creator_lp),
            protocol_fees_share: share_amount(p.protocol_fees_share),
            protocol_fees_quote: usdc(p.protocol_fees_quote),
            vault_share: share_amount(vault_share),
            vault_quote: usdc(vault_quote),
            spot_price: SpotPrice::of(&p, DECIMALS)?,
            twap_quote_per_share,
            k_initial: k_initial.to_string(),
            k_final: k_final.to_string(),
            earnings: usdc(p.earnings),
            earnings_pending: usdc(pending),
            trades,
            investors,
        })
    }

    pub fn display(&self, out: &mut dyn Write) -> std::io::Result<()> {
        writeln!(out, "Pool (\"{}\" shares / USDC)", self.title)?;
        key_values(
            out,
            &[
                ("Pool", self.pool.clone()),
                (
                    "Opened by",
                    format!("the {} ({})", self.creator_role, short(&self.creator)),
                ),
                ("Fee", percent(self.fee_bps)),
                (
                    "Reserves",
                    format!(
                        "{} shares / {} USDC",
                        self.reserve_share, self.reserve_quote
                    ),
                ),
                (
                    "LP supply",
                    format!(
                        "{} (the {} holds {}; 1000 base units locked)",
                        self.lp_supply, self.creator_role, self.creator_lp
                    ),
                ),
                (
                    "Spot price",
                    format!("{} USDC a share", self.spot_price.quote_per_share),
                ),
                (
                    "Mean price since opening",
                    match &self.twap_quote_per_share {
                        Some(p) => format!("{p} USDC a share"),
                        None => "-".into(),
                    },
                ),
                (
                    "Protocol fees",
                    format!(
                        "{} shares / {} USDC (uncollected)",
                        self.protocol_fees_share, self.protocol_fees_quote
                    ),
                ),
                (
                    "Reserve earnings",
                    format!(
                        "{} USDC for the LPs, {} USDC more released (pooled shares earn the track's revenue)",
                        self.earnings, self.earnings_pending
                    ),
                ),
            ],
        )?;
        writeln!(out)?;
        let rows: Vec<Vec<String>> = self
            .trades
            .iter()
            .map(|t| {
                let (sold, bought) = if t.sell == "shares" {
                    ("shares", "USDC")
                } else {
                    ("USDC", "shares")
                };
                vec![
                    t.investor.clone(),
                    format!("{} {sold}", t.amount_in),
                    format!("{} {bought}", t.amount_out),
                    format!("{} {sold}", t.fee),
                ]
            })
            .collect();
        table(out, &["TRADER", "GAVE", "GOT", "FEE"], &rows)?;
        writeln!(out)?;
        let rows: Vec<Vec<String>> = self
            .investors
            .iter()
            .map(|i| {
                vec![
                    i.name.clone(),
                    short(&i.wallet),
                    i.funded.to_string(),
                    i.shares.to_string(),
                    i.usdc.to_string(),
                ]
            })
            .collect();
        table(
            out,
            &["INVESTOR", "WALLET", "FUNDED (USDC)", "SHARES", "USDC"],
            &rows,
        )
    }
}
