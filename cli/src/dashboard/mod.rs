//! `encore dashboard [--port PORT]`: a web page for artists, listeners and
//! investors, served on 127.0.0.1.
//!
//! The page's files are embedded in the binary. Each request for data reads
//! the chain `-u` names through its JSON-RPC, builds the same views the CLI
//! prints (`--output json`) plus histories from the transactions' events,
//! and answers them as JSON; nothing is kept between requests. The server
//! answers one request at a time, which is plenty for one person's browser.

pub mod report;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context as _;
use clap::Args;
use encore_sdk::{EncoreClient, Pubkey};
use serde::Serialize;

use crate::error::HintExt;
use crate::output::key_values;
use crate::Context;

/// The port the dashboard listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 8080;

#[derive(Args, Debug)]
pub struct DashboardArgs {
    /// Port on 127.0.0.1 (0 picks a free one)
    #[arg(long, default_value_t = DEFAULT_PORT, value_name = "PORT")]
    pub port: u16,
}

/// What `encore dashboard` prints once it listens (`--output json` fields are stable).
#[derive(Serialize, Debug)]
pub struct DashboardView {
    pub url: String,
    pub rpc_url: String,
}

const INDEX_HTML: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const STYLE_CSS: &str = include_str!("assets/style.css");

pub fn run(ctx: &mut Context, args: DashboardArgs) -> anyhow::Result<()> {
    let listener = TcpListener::bind(("127.0.0.1", args.port))
        .with_context(|| format!("cannot listen on 127.0.0.1:{}", args.port))
        .hint("another program has the port: pass --port with another one (0 picks a free port)")?;
    let port = listener.local_addr()?.port();
    let view = DashboardView {
        url: format!("http://127.0.0.1:{port}/"),
        rpc_url: ctx.settings.url.clone(),
    };
    ctx.printer.emit(&view, |out| {
        key_values(
            out,
            &[
                ("Dashboard", view.url.clone()),
                ("Reading", view.rpc_url.clone()),
            ],
        )?;
        writeln!(out, "Open the dashboard in a browser; Ctrl-C stops it.")
    })?;
    std::io::stdout().flush()?;
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        if let Err(e) = serve(ctx.client, &view.rpc_url, stream) {
            log::debug!("dashboard request failed: {e:#}");
        }
    }
    Ok(())
}

/// A response: status, content type, body.
struct Response {
    status: u16,
    content_type: &'static str,
    body: String,
}

impl Response {
    fn ok(content_type: &'static str, body: &str) -> Self {
        Self {
            status: 200,
            content_type,
            body: body.to_string(),
        }
    }

    fn json(status: u16, value: &impl Serialize) -> Self {
        Self {
            status,
            content_type: "application/json",
            body: serde_json::to_string(value).unwrap_or_else(|e| {
                serde_json::json!({ "error": format!("cannot encode the answer: {e}") }).to_string()
            }),
        }
    }

    fn error(status: u16, message: impl std::fmt::Display) -> Self {
        Self::json(status, &serde_json::json!({ "error": message.to_string() }))
    }
}

/// The most a request (its line and headers) may take; a GET needs far less.
const MAX_REQUEST_BYTES: u64 = 16 * 1024;

fn serve(client: &dyn EncoreClient, rpc_url: &str, stream: TcpStream) -> anyhow::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?.take(MAX_REQUEST_BYTES));
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Headers are read and ignored: every answer is the same for everyone.
    let mut complete = request_line.ends_with('\n');
    let mut line = String::new();
    while complete && reader.read_line(&mut line)? > 2 {
        complete = line.ends_with('\n');
        line.clear();
    }
    let mut words = request_line.split_whitespace();
    let method = words.next().unwrap_or_default();
    let target = words.next().unwrap_or_default();
    let response = if !complete {
        Response::error(
            400,
            format!("a request is at most {MAX_REQUEST_BYTES} bytes"),
        )
    } else if method == "GET" {
        route(client, rpc_url, target)
    } else {
        Response::error(405, "only GET is served")
    };
    respond(&stream, &response)?;
    if !complete {
        // Closing with the rest unread would reset the connection before
        // the client reads the answer: take what it sent (briefly) first.
        stream.shutdown(std::net::Shutdown::Write)?;
        stream.set_read_timeout(Some(Duration::from_secs(1)))?;
        let _ = std::io::copy(&mut (&stream).take(1 << 20), &mut std::io::sink());
    }
    Ok(())
}

fn respond(mut stream: &TcpStream, response: &Response) -> anyhow::Result<()> {
    let reason = match response.status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Error",
    };
    write!(
        stream,
        "HTTP/1.1 {} {reason}\r\nContent-Type: {}; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        response.status,
        response.content_type,
        response.body.len()
    )?;
    stream.write_all(response.body.as_bytes())?;
    stream.flush()?;
    Ok(())
}

/// The answer to `GET target`.
fn route(client: &dyn EncoreClient, rpc_url: &str, target: &str) -> Response {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    match path {
        "/" | "/index.html" => return Response::ok("text/html", INDEX_HTML),
        "/app.js" => return Response::ok("text/javascript", APP_JS),
        "/style.css" => return Response::ok("text/css", STYLE_CSS),
        "/api/overview" => return answer(report::overview(client, rpc_url)),
        _ => {}
    }
    let Some(rest) = path.strip_prefix("/api/") else {
        return Response::error(404, format!("nothing at {path}"));
    };
    let Some((kind, key)) = rest.split_once('/') else {
        return Response::error(404, format!("nothing at {path}"));
    };
    let Ok(key) = Pubkey::from_str(key) else {
        return Response::error(400, format!("{key:?} is not an address"));
    };
    match kind {
        "artist" => answer(report::artist(client, &key)),
        "listener" => answer(report::listener(client, &key)),
        "pool" => answer(report::pool_report(client, &key)),
        _ => Response::error(404, format!("nothing at {path}")),
    }
}

fn answer<T: Serialize>(result: anyhow::Result<T>) -> Response {
    match result {
        Ok(value) => Response::json(200, &value),
        Err(e) => Response::error(404, format!("{e:#}")),
    }
}

#[cfg(test)]
mod tests {
    use solana_commitment_config::CommitmentConfig;

    use super::*;

    /// A node no one listens on: what needs no chain must not ask it, and
    /// what does gets a JSON error.
    fn nowhere() -> encore_sdk::RpcClient {
        encore_sdk::RpcClient::new("http://127.0.0.1:9", CommitmentConfig::confirmed())
    }

    #[test]
    fn the_page_and_its_files_are_served_from_the_binary() {
        let client = nowhere();
        for (path, kind, needle) in [
            ("/", "text/html", "<script src=\"/app.js\">"),
            ("/index.html?x=1", "text/html", "Encore dashboard"),
            ("/app.js", "text/javascript", "function chart("),
            ("/style.css", "text/css", "svg.chart"),
        ] {
            let r = route(&client, "rpc", path);
            assert_eq!((r.status, r.content_type), (200, kind), "{path}");
            assert!(r.body.contains(needle), "{path}");
        }
    }

    #[test]
    fn bad_requests_get_named_json_errors() {
        let client = nowhere();
        let cases = [
            ("/nothing", 404, "nothing at /nothing"),
            ("/api/artist", 404, "nothing at /api/artist"),
            (
                "/api/artist/not-a-key",
                400,
                "\"not-a-key\" is not an address",
            ),
            (
                "/api/whatever/11111111111111111111111111111111",
                404,
                "nothing at",
            ),
        ];
        for (path, status, message) in cases {
            let r = route(&client, "rpc", path);
            assert_eq!(
                (r.status, r.content_type),
                (status, "application/json"),
                "{path}"
            );
            let body: serde_json::Value = serde_json::from_str(&r.body).unwrap();
            assert!(
                body["error"].as_str().unwrap().contains(message),
                "{path}: {body}"
            );
        }
        // A well-formed question the node cannot answer.
        let r = route(
            &client,
            "rpc",
            "/api/listener/11111111111111111111111111111111",
        );
        assert_eq!(r.status, 404);
        let body: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert!(
            body["error"].as_str().unwrap().contains("127.0.0.1:9"),
            "{body}"
        );
    }

    /// One exchange over a real socket: the request is written before the
    /// server accepts it (the kernel holds it), then the answer is read.
    fn exchange(request: &str) -> String {
        let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let mut client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        client.write_all(request.as_bytes()).unwrap();
        client.shutdown(std::net::Shutdown::Write).unwrap();
        let (stream, _) = listener.accept().unwrap();
        serve(&nowhere(), "rpc", stream).unwrap();
        let mut answer = String::new();
        client.read_to_string(&mut answer).unwrap();
        answer
    }

    #[test]
    fn answers_are_whole_http_responses() {
        let answer = exchange("GET /style.css HTTP/1.1\r\nHost: x\r\n\r\n");
        let (head, body) = answer.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
        assert!(
            head.contains("Content-Type: text/css; charset=utf-8"),
            "{head}"
        );
        assert!(head.contains(&format!("Content-Length: {}", STYLE_CSS.len())));
        assert!(head.contains("Connection: close"));
        assert_eq!(body, STYLE_CSS);

        let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(20_000));
        let answer = exchange(&long);
        assert!(
            answer.starts_with("HTTP/1.1 400 Bad Request\r\n"),
            "{answer}"
        );
        assert!(answer.contains("at most 16384 bytes"), "{answer}");

        let answer = exchange("POST /api/overview HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
        assert!(
            answer.starts_with("HTTP/1.1 405 Method Not Allowed\r\n"),
            "{answer}"
        );
        assert!(
            answer.ends_with("{\"error\":\"only GET is served\"}"),
            "{answer}"
        );
    }
}
