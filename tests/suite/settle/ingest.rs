//! Reading play logs: CSV and JSON lines, keys interned, errors by line.

use encore_sdk::settle::ingest::{self, Format};

use super::epoch::{generate, EpochSpec};
use super::key;

#[test]
fn csv_and_json_lines_give_the_same_log() {
    let epoch = generate(EpochSpec::small(40, 12, 600, 3));
    let from_csv = ingest::parse(&epoch.csv()).unwrap();
    let from_json = ingest::parse(&epoch.json_lines()).unwrap();
    assert_eq!(Format::detect(&epoch.json_lines()), Format::JsonLines);
    assert_eq!(Format::detect(&epoch.csv()), Format::Csv);
    assert_eq!(from_csv, from_json);
    assert_eq!(from_csv.plays.len(), 600);
    // Key tables are sorted and unique, whatever the line order.
    assert!(from_csv.listeners.windows(2).all(|w| w[0] < w[1]));
    assert!(from_csv.tracks.windows(2).all(|w| w[0] < w[1]));
    let back: Vec<_> = from_csv
        .plays
        .iter()
        .map(|p| {
            (
                from_csv.listeners[p.listener as usize],
                from_csv.tracks[p.track as usize],
                p.timestamp,
                p.seconds,
            )
        })
        .collect();
    assert_eq!(back, epoch.keyed());
}

#[test]
fn csv_columns_in_any_order_quoted_with_crlf_and_fractions() {
    let (l, t) = (key(1), key(2));
    let text = format!(
        "seconds_played,extra,track,listener,timestamp\r\n\
         183.9,x,\"{t}\",{l},1700000000\r\n\
         \r\n\
         45,y,{t},\"{l}\",-5\r\n"
    );
    let log = ingest::parse(text.as_bytes()).unwrap();
    assert_eq!(log.listeners, vec![l]);
    assert_eq!(log.tracks, vec![t]);
    assert_eq!(log.plays.len(), 2);
    assert_eq!(log.plays[0].seconds, 183, "fractions are dropped");
    assert_eq!(log.plays[0].timestamp, 1_700_000_000);
    assert_eq!(log.plays[1].timestamp, -5);

    let json = format!(
        "{{\"listener\":\"{l}\",\"track\":\"{t}\",\"timestamp\":10,\"seconds_played\":40.5}}\n"
    );
    assert_eq!(ingest::parse(json.as_bytes()).unwrap().plays[0].seconds, 40);
}

#[test]
fn malformed_lines_fail_with_their_line_number() {
    let (l, t) = (key(1), key(2));
    let header = "listener,track,timestamp,seconds_played\n";
    let cases = [
        (
            format!("{header}{l},{t},1,40\n{l},nope,2,40\n"),
            3,
            "not a base58 address",
        ),
        (
            format!("{header}{l},{t},1,40\n{l},{t},soon,40\n"),
            3,
            "timestamp",
        ),
        (format!("{header}{l},{t},1,-40\n"), 2, "seconds_played"),
        (format!("{header}{l},{t},1\n"), 2, "columns"),
        (
            format!("listener,track,when,seconds_played\n{l},{t},1,40\n"),
            1,
            "missing timestamp",
        ),
        (
            format!("{{\"listener\":\"{l}\",\"track\":\"{t}\"}}\n"),
            1,
            "not a play object",
        ),
    ];
    for (text, line, what) in cases {
        let err = ingest::parse(text.as_bytes()).unwrap_err();
        assert_eq!(err.line, line, "{text}");
        assert!(
            err.to_string().contains(what),
            "{err} should mention {what}"
        );
    }
    assert!(ingest::parse(b"").unwrap().plays.is_empty());
}

#[test]
fn prices_with_or_without_a_header() {
    let (a, b) = (key(1), key(2));
    let prices = ingest::parse_prices(format!("track,price\n{a},250\n{b},7\n").as_bytes()).unwrap();
    assert_eq!(prices.get(&a), Some(&250));
    assert_eq!(prices.get(&b), Some(&7));
    let prices = ingest::parse_prices(format!("{a},3\n").as_bytes()).unwrap();
    assert_eq!(prices.len(), 1);
    let err = ingest::parse_prices(format!("{a},3\n{b},x\n").as_bytes()).unwrap_err();
    assert_eq!(err.line, 2);
}
