//! Reading a play log into interned plays.
//!
//! Two formats, told apart by the first non-blank byte (`{` means JSON lines):
//! - CSV with a header naming the columns `listener,track,timestamp,seconds_played`
//!   (any order; other columns are ignored; fields may be double-quoted);
//! - JSON lines, one object per line with the same four fields.
//!
//! `listener` is the listener's wallet, `track` the registry `Track` account
//! (both base58), `timestamp` the play's start in unix seconds and
//! `seconds_played` how long it was listened to (a fractional part is dropped).
//! A malformed line fails the whole log with its line number: a settler should
//! not pay from a log it cannot fully read.
//!
//! Parsing is built for throughput: lines are split over the input bytes with
//! no per-line allocation, and each distinct key string is base58-decoded once.

use std::str::FromStr;

use rustc_hash::FxHashMap;

use crate::Pubkey;

/// One play event. `listener` and `track` index [`PlayLog::listeners`] and
/// [`PlayLog::tracks`]. The derived order (listener, track, timestamp,
/// seconds) is the canonical order of events within a settlement batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Play {
    pub listener: u32,
    pub track: u32,
    pub timestamp: i64,
    pub seconds: u32,
}

/// A parsed log. Both key tables are sorted by address and hold each address
/// once, so indices do not depend on the order of lines in the file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlayLog {
    pub listeners: Vec<Pubkey>,
    pub tracks: Vec<Pubkey>,
    pub plays: Vec<Play>,
}

impl PlayLog {
    /// Builds a log from explicit events (tests, generators).
    pub fn from_events(events: &[(Pubkey, Pubkey, i64, u32)]) -> Self {
        let mut listeners: Vec<Pubkey> = events.iter().map(|e| e.0).collect();
        let mut tracks: Vec<Pubkey> = events.iter().map(|e| e.1).collect();
        listeners.sort_unstable();
        listeners.dedup();
        tracks.sort_unstable();
        tracks.dedup();
        let index =
            |table: &[Pubkey], key: &Pubkey| table.binary_search(key).map_or(0, |i| i as u32);
        let plays = events
            .iter()
            .map(|(l, t, timestamp, seconds)| Play {
                listener: index(&listeners, l),
                track: index(&tracks, t),
                timestamp: *timestamp,
                seconds: *seconds,
            })
            .collect();
        Self {
            listeners,
            tracks,
            plays,
        }
    }
}

/// A line that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("play log line {line}: {message}")]
pub struct IngestError {
    /// 1-based line number in the input.
    pub line: usize,
    pub message: String,
}

fn fail<T>(line: usize, message: impl Into<String>) -> Result<T, IngestError> {
    Err(IngestError {
        line,
        message: message.into(),
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    JsonLines,
}

impl Format {
    /// JSON lines if the first non-blank byte opens an object, CSV otherwise.
    pub fn detect(input: &[u8]) -> Self {
        match input.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => Format::JsonLines,
            _ => Format::Csv,
        }
    }
}

/// Parses a log in the format [`Format::detect`] finds.
pub fn parse(input: &[u8]) -> Result<PlayLog, IngestError> {
    parse_as(input, Format::detect(input))
}

pub fn parse_as(input: &[u8], format: Format) -> Result<PlayLog, IngestError> {
    let mut reader = Reader::default();
    match format {
        Format::Csv => reader.csv(input)?,
        Format::JsonLines => reader.json_lines(input)?,
    }
    reader.finish()
}

/// Non-blank lines with their 1-based numbers, `\r` trimmed.
fn lines(input: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let mut start = 0;
    let mut number = 0;
    std::iter::from_fn(move || loop {
        if start >= input.len() {
            return None;
        }
        let end = memchr::memchr(b'\n', &input[start..]).map_or(input.len(), |i| start + i);
        let mut line = &input[start..end];
        start = end + 1;
        number += 1;
        if let [rest @ .., b'\r'] = line {
            line = rest;
        }
        if !line.iter().all(u8::is_ascii_whitespace) {
            return Some((number, line));
        }
    })
}

const FIELDS: [&str; 4] = ["listener", "track", "timestamp", "seconds_played"];

/// Interned key strings and the plays that reference them.
#[derive(Default)]
struct Reader<'a> {
    listener_ids: FxHashMap<&'a [u8], u32>,
    listener_keys: Vec<(&'a [u8], usize)>,
    track_ids: FxHashMap<&'a [u8], u32>,
    track_keys: Vec<(&'a [u8], usize)>,
    plays: Vec<Play>,
}

fn intern<'a>(
    ids: &mut FxHashMap<&'a [u8], u32>,
    keys: &mut Vec<(&'a [u8], usize)>,
    text: &'a [u8],
    line: usize,
) -> u32 {
    if let Some(id) = ids.get(text) {
        return *id;
    }
    let id = keys.len() as u32;
    ids.insert(text, id);
    keys.push((text, line));
    id
}

impl<'a> Reader<'a> {
    fn push(
        &mut self,
        line: usize,
        listener: &'a [u8],
        track: &'a [u8],
        timestamp: i64,
        seconds: u32,
    ) -> Result<(), IngestError> {
        if listener.is_empty() || track.is_empty() {
            return fail(line, "listener and track must not be empty");
        }
        let listener = intern(
            &mut self.listener_ids,
            &mut self.listener_keys,
            listener,
            line,
        );
        let track = intern(&mut self.track_ids, &mut self.track_keys, track, line);
        self.plays.push(Play {
            listener,
            track,
            timestamp,
            seconds,
        });
        Ok(())
    }

    fn csv(&mut self, input: &'a [u8]) -> Result<(), IngestError> {
        let mut lines = lines(input);
        let Some((header_line, header)) = lines.next() else {
            return Ok(());
        };
        // Which of the four fields each column holds.
        let mut slots: Vec<Option<usize>> = Vec::new();
        for name in header.split(|b| *b == b',') {
            let name = unquote(trim(name));
            slots.push(FIELDS.iter().position(|f| f.as_bytes() == name));
        }
        for (i, field) in FIELDS.iter().enumerate() {
            if !slots.contains(&Some(i)) {
                return fail(
                    header_line,
                    format!(
                        "the CSV header must name the columns {} (missing {field})",
                        FIELDS.join(",")
                    ),
                );
            }
        }
        self.plays.reserve(input.len() / 100);
        for (number, line) in lines {
            let mut values: [&[u8]; 4] = [&[]; 4];
            let mut seen = 0;
            for (column, value) in line.split(|b| *b == b',').enumerate() {
                if let Some(Some(slot)) = slots.get(column) {
                    values[*slot] = unquote(trim(value));
                    seen += 1;
                }
            }
            if seen != 4 {
                return fail(
                    number,
                    format!("expected {} columns as in the header", slots.len()),
                );
            }
            let Some(timestamp) = parse_i64(values[2]) else {
                return fail(number, bad_number("timestamp", values[2]));
            };
            let Some(seconds) = parse_seconds(values[3]) else {
                return fail(number, bad_number("seconds_played", values[3]));
            };
            self.push(number, values[0], values[1], timestamp, seconds)?;
        }
        Ok(())
    }

    fn json_lines(&mut self, input: &'a [u8]) -> Result<(), IngestError> {
        #[derive(serde::Deserialize)]
        struct Line<'a> {
            #[serde(borrow)]
            listener: &'a str,
            #[serde(borrow)]
            track: &'a str,
            timestamp: i64,
            seconds_played: serde_json::Number,
        }
        for (number, line) in lines(input) {
            let parsed: Line<'a> = match serde_json::from_slice(line) {
                Ok(parsed) => parsed,
                Err(e) => return fail(number, format!("not a play object: {e}")),
            };
            let seconds = parsed
                .seconds_played
                .as_u64()
                .or_else(|| {
                    parsed
                        .seconds_played
                        .as_f64()
                        .filter(|s| s.is_finite() && *s >= 0.0)
                        .map(|s| s as u64)
                })
                .and_then(|s| u32::try_from(s).ok());
            let Some(seconds) = seconds else {
                return fail(
                    number,
                    "seconds_played must be a non-negative number of seconds",
                );
            };
            self.push(
                number,
                parsed.listener.as_bytes(),
                parsed.track.as_bytes(),
                parsed.timestamp,
                seconds,
            )?;
        }
        Ok(())
    }

    /// Decodes each distinct key once and renumbers both tables in address order.
    fn finish(self) -> Result<PlayLog, IngestError> {
        let (listeners, listener_map) = decode_table(&self.listener_keys, "listener")?;
        let (tracks, track_map) = decode_table(&self.track_keys, "track")?;
        let mut plays = self.plays;
        for play in &mut plays {
            play.listener = listener_map[play.listener as usize];
            play.track = track_map[play.track as usize];
        }
        Ok(PlayLog {
            listeners,
            tracks,
            plays,
        })
    }
}

fn bad_number(field: &str, value: &[u8]) -> String {
    format!(
        "{field} {:?} is not a whole number",
        String::from_utf8_lossy(value)
    )
}

/// The sorted, unique addresses and, for each interned id, its new index.
fn decode_table(
    keys: &[(&[u8], usize)],
    what: &str,
) -> Result<(Vec<Pubkey>, Vec<u32>), IngestError> {
    let mut decoded = Vec::with_capacity(keys.len());
    for (id, (text, line)) in keys.iter().enumerate() {
        let key = std::str::from_utf8(text)
            .ok()
            .and_then(|s| Pubkey::from_str(s).ok());
        match key {
            Some(key) => decoded.push((key, id as u32)),
            None => {
                return fail(
                    *line,
                    format!(
                        "{what} {:?} is not a base58 address",
                        String::from_utf8_lossy(text)
                    ),
                )
            }
        }
    }
    decoded.sort_unstable();
    let mut table: Vec<Pubkey> = Vec::with_capacity(decoded.len());
    let mut map = vec![0u32; keys.len()];
    for (key, id) in decoded {
        if table.last() != Some(&key) {
            table.push(key);
        }
        map[id as usize] = (table.len() - 1) as u32;
    }
    Ok((table, map))
}

fn trim(field: &[u8]) -> &[u8] {
    field.trim_ascii()
}

fn unquote(field: &[u8]) -> &[u8] {
    match field {
        [b'"', inner @ .., b'"'] => inner,
        other => other,
    }
}

fn parse_i64(text: &[u8]) -> Option<i64> {
    let (negative, digits) = match text {
        [b'-', rest @ ..] => (true, rest),
        other => (false, other),
    };
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    let mut value: i64 = 0;
    for b in digits {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        value = value * 10 + i64::from(d);
    }
    Some(if negative { -value } else { value })
}

/// Whole seconds; a fractional part (`183.4`) is dropped.
fn parse_seconds(text: &[u8]) -> Option<u32> {
    let whole = match memchr::memchr(b'.', text) {
        Some(dot) => {
            if !text[dot + 1..].iter().all(u8::is_ascii_digit) {
                return None;
            }
            &text[..dot]
        }
        None => text,
    };
    if whole.is_empty() || whole.len() > 10 {
        return None;
    }
    let mut value: u64 = 0;
    for b in whole {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        value = value * 10 + u64::from(d);
    }
    u32::try_from(value).ok()
}

/// Prices per track in base units: CSV lines `track,price`, an optional
/// header line first (`track,price`).
pub fn parse_prices(input: &[u8]) -> Result<std::collections::BTreeMap<Pubkey, u64>, IngestError> {
    let mut prices = std::collections::BTreeMap::new();
    for (i, (number, line)) in lines(input).enumerate() {
        let mut fields = line.split(|b| *b == b',').map(|f| unquote(trim(f)));
        let (Some(track), Some(price), None) = (fields.next(), fields.next(), fields.next()) else {
            return fail(number, "expected two columns: track,price");
        };
        if i == 0 && track == b"track" {
            continue;
        }
        let key = std::str::from_utf8(track)
            .ok()
            .and_then(|s| Pubkey::from_str(s).ok());
        let Some(key) = key else {
            return fail(
                number,
                format!(
                    "track {:?} is not a base58 address",
                    String::from_utf8_lossy(track)
                ),
            );
        };
        let Some(price) = std::str::from_utf8(price)
            .ok()
            .and_then(|p| p.parse::<u64>().ok())
        else {
            return fail(number, bad_number("price", price));
        };
        prices.insert(key, price);
    }
    Ok(prices)
}
