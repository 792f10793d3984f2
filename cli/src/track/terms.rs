//! Licence and price flags shared by `register` and `update-terms`.

use clap::Args;
use encore_sdk::registry::parse_isrc;
use encore_sdk::track_registry::constants::MAX_BPS;
use encore_sdk::track_registry::state::{LicenceTerms, TermsArgs};

use crate::units::parse_amount_or_base_units;

/// Each flag takes an optional `=true`/`=false`: `--allow-remix` alone allows,
/// `--allow-remix=false` forbids. Flags left out keep the current value
/// (`update-terms`) or default to not allowed (`register`).
#[derive(Args, Debug, Clone, Default)]
pub struct LicenceFlags {
    /// Allow remixes
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_name = "BOOL")]
    pub allow_remix: Option<bool>,
    /// Allow commercial use
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_name = "BOOL")]
    pub allow_commercial: Option<bool>,
    /// Allow derivative works
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_name = "BOOL")]
    pub allow_derivative: Option<bool>,
    /// Share of a derivative work's revenue owed to this track, in basis points (0-10000)
    #[arg(long, value_name = "BPS", value_parser = clap::value_parser!(u16).range(0..=i64::from(MAX_BPS)))]
    pub derivative_share_bps: Option<u16>,
}

impl LicenceFlags {
    pub fn is_empty(&self) -> bool {
        self.allow_remix.is_none()
            && self.allow_commercial.is_none()
            && self.allow_derivative.is_none()
            && self.derivative_share_bps.is_none()
    }

    /// Terms with these flags applied over `current` (or over "nothing allowed").
    /// Forbidding derivatives without naming a share drops the share to 0,
    /// since a share without derivatives is invalid.
    pub fn apply(&self, price_per_play: u64, current: Option<&LicenceTerms>) -> TermsArgs {
        let allow_derivative = self
            .allow_derivative
            .unwrap_or(current.is_some_and(|c| c.allow_derivative));
        let derivative_share_bps = match self.derivative_share_bps {
            Some(bps) => bps,
            None if !allow_derivative => 0,
            None => current.map_or(0, |c| c.derivative_share_bps),
        };
        TermsArgs {
            price_per_play,
            allow_remix: self
                .allow_remix
                .unwrap_or(current.is_some_and(|c| c.allow_remix)),
            allow_commercial: self
                .allow_commercial
                .unwrap_or(current.is_some_and(|c| c.allow_commercial)),
            allow_derivative,
            derivative_share_bps,
        }
    }
}

/// `--price` (UI units) or `--price-base-units` as base units of a mint with `decimals`.
pub fn price_in_base_units(
    price: Option<&str>,
    base_units: Option<u64>,
    decimals: u8,
) -> anyhow::Result<Option<u64>> {
    match (price, base_units) {
        (_, Some(units)) => Ok(Some(units)),
        (Some(text), None) => parse_amount_or_base_units(
            text,
            "--price",
            "the payment mint",
            decimals,
            "--price-base-units",
        )
        .map(Some),
        (None, None) => Ok(None),
    }
}

/// clap value parser for `--isrc`: `US-RC1-76-07839` or `USRC17607839`.
pub fn isrc_arg(text: &str) -> Result<[u8; 12], String> {
    parse_isrc(text).map_err(|e| format!("{e} (e.g. US-RC1-76-07839)"))
}
