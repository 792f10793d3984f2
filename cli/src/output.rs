//! Human output (aligned key-value blocks and tables) or JSON, one switch;
//! a closed output (`encore ... | head -1`) told apart from other failures.

use std::fmt;
use std::io::Write;

use clap::ValueEnum;
use serde::Serialize;

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    /// Aligned tables and key-value blocks
    #[default]
    Display,
    /// Pretty-printed JSON
    Json,
    /// JSON on one line
    JsonCompact,
}

/// Where a command's result goes, in the format the user asked for.
pub struct Printer<'a> {
    pub format: OutputFormat,
    /// `--get`: print only this field of the JSON form.
    field: Option<String>,
    out: &'a mut dyn Write,
}

impl<'a> Printer<'a> {
    pub fn new(format: OutputFormat, out: &'a mut dyn Write) -> Self {
        Self {
            format,
            field: None,
            out,
        }
    }

    /// Prints only `field` (a dotted path) of every result, whatever the format.
    pub fn with_field(mut self, field: Option<String>) -> Self {
        self.field = field;
        self
    }

    /// Prints `value` as JSON, or runs `display` for human output.
    pub fn emit<T: Serialize>(
        &mut self,
        value: &T,
        display: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> anyhow::Result<()> {
        let out = &mut *self.out;
        if let Some(path) = &self.field {
            let line = field_text(&serde_json::to_value(value)?, path)?;
            return output_result(writeln!(out, "{line}").and_then(|()| out.flush()));
        }
        let written = match self.format {
            OutputFormat::Display => display(out),
            OutputFormat::Json => serde_json::to_writer_pretty(&mut *out, value)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out)),
            OutputFormat::JsonCompact => serde_json::to_writer(&mut *out, value)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out)),
        };
        output_result(written.and_then(|()| out.flush()))
    }
}

/// `path` (`a.b.0`) of `value`: a string as it is, anything else as
/// compact JSON; a missing field is an error naming the ones there are.
pub fn field_text(value: &serde_json::Value, path: &str) -> anyhow::Result<String> {
    let mut at = value;
    for (depth, key) in path.split('.').enumerate() {
        let next = match at {
            serde_json::Value::Object(map) => map.get(key),
            serde_json::Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        let Some(next) = next else {
            let within = path.split('.').take(depth).collect::<Vec<_>>().join(".");
            let there = match at {
                serde_json::Value::Object(map) => {
                    let keys: Vec<&str> = map.keys().map(String::as_str).collect();
                    format!("its fields are {}", keys.join(", "))
                }
                serde_json::Value::Array(items) => {
                    format!("it is a list of {} (index from 0)", items.len())
                }
                _ => "it is a single value".to_string(),
            };
            let place = if within.is_empty() {
                "the output".to_string()
            } else {
                format!("`{within}`")
            };
            return Err(anyhow::Error::new(crate::error::Hinted {
                error: anyhow::anyhow!("--get {path}: {place} has no `{key}`"),
                hint: format!(
                    "{there}; the command itself ran (`--output json` shows all it printed)"
                ),
            }));
        };
        at = next;
    }
    Ok(match at {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    })
}

/// The reader of the command's output has gone (`encore ... | head -1`):
/// the command ends quietly, as other command-line tools do.
#[derive(Debug)]
pub struct OutputClosed;

impl fmt::Display for OutputClosed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the output was closed")
    }
}

impl std::error::Error for OutputClosed {}

/// Writes `text` as it is (help and version text).
pub fn write_text(out: &mut dyn Write, text: &str) -> anyhow::Result<()> {
    output_result(out.write_all(text.as_bytes()).and_then(|()| out.flush()))
}

/// Whether `err` is a write to an output nobody reads any more.
pub fn is_closed(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| cause.is::<OutputClosed>())
}

/// A write's result, a closed pipe told apart from other failures.
fn output_result(written: std::io::Result<()>) -> anyhow::Result<()> {
    written.map_err(|e| match e.kind() {
        std::io::ErrorKind::BrokenPipe => anyhow::Error::new(OutputClosed),
        _ => e.into(),
    })
}

/// A view printed as a block of aligned `Key  value` rows.
pub trait Rows {
    fn rows(&self) -> Vec<(&'static str, String)>;
}

/// `Key   value` lines with the values aligned.
pub fn key_values(out: &mut dyn Write, rows: &[(&str, String)]) -> std::io::Result<()> {
    let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    for (key, value) in rows {
        writeln!(out, "{key:<width$}  {value}")?;
    }
    Ok(())
}

/// A table with a header row; every column padded to its widest cell.
pub fn table(out: &mut dyn Write, headers: &[&str], rows: &[Vec<String>]) -> std::io::Result<()> {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let last = cells.len().saturating_sub(1);
        cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (cell, width))| {
                if i == last {
                    cell.to_string()
                } else {
                    format!("{cell:<width$}")
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
    };
    writeln!(out, "{}", line(headers.to_vec()))?;
    for row in rows {
        writeln!(out, "{}", line(row.iter().map(String::as_str).collect()))?;
    }
    Ok(())
}

/// `value` or `-` when empty.
pub fn or_dash(value: &str) -> String {
    if value.is_empty() {
        "-".into()
    } else {
        value.to_string()
    }
}

/// Basis points as a percentage: `2500` -> `25%`, `125` -> `1.25%`.
pub fn percent(bps: u16) -> String {
    let whole = bps / 100;
    let frac = bps % 100;
    if frac == 0 {
        format!("{whole}%")
    } else {
        format!("{whole}.{}%", format!("{frac:02}").trim_end_matches('0'))
    }
}

/// A unix timestamp as an RFC 3339 UTC time (`2024-05-01T12:00:00Z`).
pub fn utc(timestamp: i64) -> String {
    let days = timestamp.div_euclid(86_400);
    let secs = timestamp.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3_600,
        secs % 3_600 / 60,
        secs % 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `ABCDEFGH...WXYZ` for narrow table columns.
pub fn short(address: &str) -> String {
    if address.len() <= 12 {
        address.to_string()
    } else {
        format!("{}..{}", &address[..4], &address[address.len() - 4..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(1_714_564_800), "2024-05-01T12:00:00Z");
        assert_eq!(percent(2_500), "25%");
        assert_eq!(percent(125), "1.25%");
        assert_eq!(percent(5), "0.05%");
        assert_eq!(percent(10), "0.1%");
        let mut out = Vec::new();
        table(
            &mut out,
            &["A", "BB"],
            &[vec!["xxx".into(), "y".into()], vec!["z".into(), "w".into()]],
        )
        .unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "A    BB\nxxx  y\nz    w\n");
    }

    #[test]
    fn get_reaches_fields_by_dotted_path() {
        let value = serde_json::json!({
            "track": "T1",
            "amount": {"base_units": 1500000, "ui": "1.5"},
            "funded": ["A", "B"],
            "done": true,
        });
        assert_eq!(field_text(&value, "track").unwrap(), "T1");
        assert_eq!(field_text(&value, "amount.ui").unwrap(), "1.5");
        assert_eq!(field_text(&value, "amount.base_units").unwrap(), "1500000");
        assert_eq!(field_text(&value, "funded.1").unwrap(), "B");
        assert_eq!(
            field_text(&value, "amount").unwrap(),
            r#"{"base_units":1500000,"ui":"1.5"}"#
        );
        assert_eq!(field_text(&value, "done").unwrap(), "true");
        let missing = field_text(&value, "amount.usd").unwrap_err();
        assert_eq!(
            missing.to_string(),
            "--get amount.usd: `amount` has no `usd`"
        );
        let (_, hint) = crate::error::report(&missing);
        assert!(hint.starts_with("its fields are base_units, ui"), "{hint}");
        let out_of_range = field_text(&value, "funded.2").unwrap_err();
        let (_, hint) = crate::error::report(&out_of_range);
        assert!(hint.starts_with("it is a list of 2"), "{hint}");
        let top = field_text(&value, "pool").unwrap_err();
        assert_eq!(top.to_string(), "--get pool: the output has no `pool`");
        assert!(field_text(&value, "track.x").is_err());
    }
}
