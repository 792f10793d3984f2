//! Amounts in a mint's units and humane durations, as commands take and print them.

use std::fmt;

use encore_sdk::token;
use serde::Serialize;

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

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.ui)
    }
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
    fn amounts() {
        let a = Amount::new(1_250_000, 6);
        assert_eq!(a.ui, "1.25");
        assert_eq!(
            serde_json::to_value(&a).unwrap(),
            serde_json::json!({"base_units": 1_250_000, "ui": "1.25"})
        );
    }
}
