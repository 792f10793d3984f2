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
    out: &'a mut dyn Write,
}

impl<'a> Printer<'a> {
    pub fn new(format: OutputFormat, out: &'a mut dyn Write) -> Self {
        Self { format, out }
    }

    /// Prints `value` as JSON, or runs `display` for human output.
    pub fn emit<T: Serialize>(
        &mut self,
        value: &T,
        display: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> anyhow::Result<()> {
        let out = &mut *self.out;
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
}
