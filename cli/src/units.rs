//! Amounts in a mint's units and humane durations, as commands take and
//! print them: the one parser of UI amounts and the one lookup of a mint's
//! decimals every command uses.

use std::fmt;

use anyhow::Context as _;
use encore_sdk::{token, EncoreClient, Pubkey};
use serde::Serialize;

use crate::error::HintExt;

/// A token amount as `--output json` prints it: exact base units beside the
/// UI form scaled by the mint's decimals.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct Amount {
    pub base_units: u64,
    pub ui: String,
}

impl Amount {
    pub fn new(base_units: u64, decimals: u8) -> Self {
        Self {
            base_units,
            ui: token::ui_amount(base_units, decimals),
        }
    }
}

/// A lifetime total as printed: like [`Amount`], in u128 (totals outgrow
/// any one token amount).
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Total {
    pub base_units: u128,
    pub ui: String,
}

impl Total {
    pub fn new(base_units: u128, decimals: u8) -> Self {
        Self {
            base_units,
            ui: token::ui_amount(base_units, decimals),
        }
    }
}

impl fmt::Display for Total {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.ui)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.ui)
    }
}

/// Parses `text`, given as `flag`, an amount in UI units of `unit` (`the
/// payment mint`, `shares`), which has `decimals`.
pub fn parse_amount(text: &str, flag: &str, unit: &str, decimals: u8) -> anyhow::Result<u64> {
    parse(text, flag, unit, decimals, None)
}

/// [`parse_amount`] for a flag that `base_units_flag` can replace; the hint
/// names both.
pub fn parse_amount_or_base_units(
    text: &str,
    flag: &str,
    unit: &str,
    decimals: u8,
    base_units_flag: &str,
) -> anyhow::Result<u64> {
    parse(text, flag, unit, decimals, Some(base_units_flag))
}

fn parse(
    text: &str,
    flag: &str,
    unit: &str,
    decimals: u8,
    base_units_flag: Option<&str>,
) -> anyhow::Result<u64> {
    token::parse_ui_amount(text, decimals).with_hint(|| {
        let hint = format!(
            "{flag} is in UI units of {unit}, which has {decimals} decimals (e.g. {flag} 1.5)"
        );
        match base_units_flag {
            Some(other) => format!("{hint}; or pass {other}"),
            None => hint,
        }
    })
}

/// The decimals of `mint`, read from the chain. `what` names the mint in the
/// error (`payment mint`); `flag`, when the user gave the mint, names the
/// option to fix in the hint.
pub fn mint_decimals(
    client: &dyn EncoreClient,
    mint: &Pubkey,
    what: &str,
    flag: Option<&str>,
) -> anyhow::Result<u8> {
    let read = token::mint_info(client, mint).with_context(|| format!("cannot read {what} {mint}"));
    let info = match flag {
        Some(flag) => read.with_hint(|| {
            format!("{flag} must be an SPL Token mint on this cluster (check -u/--url)")
        })?,
        // A mint read from the chain: the SDK's error says what went wrong.
        None => read?,
    };
    Ok(info.decimals)
}

const UNITS: [(char, i64); 5] = [
    ('w', 7 * 86_400),
    ('d', 86_400),
    ('h', 3_600),
    ('m', 60),
    ('s', 1),
];

/// Seconds, or a humane duration: `90`, `90s`, `90m`, `36h`, `2d`, `1w`,
/// `1d12h`. clap value parser for duration flags.
/// SOL in UI units (`0.05`) to lamports, for clap.
pub fn parse_sol(text: &str) -> Result<u64, String> {
    parse_amount(text, "the amount", "SOL", 9).map_err(|e| format!("{e:#}"))
}

pub fn parse_duration(text: &str) -> Result<i64, String> {
    let bad = || {
        format!("{text:?} is not a duration: use seconds (86400) or a number with s, m, h, d or w (90m, 36h, 2d, 1d12h)")
    };
    let trimmed = text.trim();
    if let Ok(secs) = trimmed.parse::<i64>() {
        return Ok(secs);
    }
    let mut total: i64 = 0;
    let mut digits = String::new();
    for c in trimmed.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let scale = UNITS
            .iter()
            .find(|(unit, _)| *unit == c.to_ascii_lowercase())
            .map(|(_, scale)| *scale)
            .ok_or_else(bad)?;
        let n: i64 = digits.parse().map_err(|_| bad())?;
        digits.clear();
        total = n
            .checked_mul(scale)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(bad)?;
    }
    if !digits.is_empty() || trimmed.is_empty() {
        return Err(bad());
    }
    Ok(total)
}

/// `172800` -> `2d`, `129600` -> `1d 12h`, `5400` -> `1h 30m`, `0` -> `0s`.
pub fn format_duration(secs: i64) -> String {
    if secs <= 0 {
        return format!("{secs}s");
    }
    let mut rest = secs;
    let mut parts = Vec::new();
    for (unit, scale) in UNITS.iter().skip(1) {
        let n = rest / scale;
        if n > 0 {
            parts.push(format!("{n}{unit}"));
            rest %= scale;
        }
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("86400"), Ok(86_400));
        assert_eq!(parse_duration("2d"), Ok(172_800));
        assert_eq!(parse_duration("36h"), Ok(129_600));
        assert_eq!(parse_duration("90m"), Ok(5_400));
        assert_eq!(parse_duration("45s"), Ok(45));
        assert_eq!(parse_duration("1w"), Ok(604_800));
        assert_eq!(parse_duration("1d12h"), Ok(129_600));
        assert_eq!(parse_duration("-5"), Ok(-5));
        assert!(parse_duration("2x").is_err());
        assert!(parse_duration("d").is_err());
        assert!(parse_duration("12h3").is_err());
        assert!(parse_duration("").is_err());
        assert_eq!(format_duration(172_800), "2d");
        assert_eq!(format_duration(129_600), "1d 12h");
        assert_eq!(format_duration(5_400), "1h 30m");
        assert_eq!(format_duration(61), "1m 1s");
        assert_eq!(format_duration(0), "0s");
    }

    #[test]
    fn ui_amounts_name_the_flag_and_the_decimals() {
        assert_eq!(
            parse_amount("1.5", "--amount", "shares", 6).unwrap(),
            1_500_000
        );
        let err = parse_amount("1.0000001", "--amount", "shares", 6).unwrap_err();
        let (message, hint) = crate::error::report(&err);
        assert!(message.contains("at most 6 decimals"), "{message}");
        assert_eq!(
            hint,
            "--amount is in UI units of shares, which has 6 decimals (e.g. --amount 1.5)"
        );
        let err =
            parse_amount_or_base_units("x", "--price", "the payment mint", 2, "--price-base-units")
                .unwrap_err();
        let (_, hint) = crate::error::report(&err);
        assert_eq!(
            hint,
            "--price is in UI units of the payment mint, which has 2 decimals (e.g. --price 1.5); \
             or pass --price-base-units"
        );
    }

    #[test]
    fn amounts() {
        let a = Amount::new(1_250_000, 6);
        assert_eq!(a.ui, "1.25");
        assert_eq!(
            serde_json::to_value(&a).unwrap(),
            serde_json::json!({"base_units": 1_250_000, "ui": "1.25"})
        );
    }
}
