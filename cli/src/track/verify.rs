//! `encore track verify`: is this file the registered recording?

use std::path::PathBuf;

use anyhow::anyhow;
use clap::Args;
use encore_sdk::registry::{hash_audio_file, hex};
use encore_sdk::Pubkey;
use serde::Serialize;

use super::fetch_track;
use crate::error::HintExt;
use crate::output::key_values;
use crate::Context;

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// The audio file to check
    #[arg(long, value_name = "FILE")]
    pub audio: PathBuf,
    /// Track address
    #[arg(value_name = "TRACK")]
    pub track: Pubkey,
}

#[derive(Serialize)]
struct Verification {
    track: String,
    matches: bool,
    /// The content hash on chain.
    expected: String,
    /// The file's sha256.
    actual: String,
}

/// Prints the comparison either way; a mismatch is also an error (non-zero exit).
pub fn run(ctx: &mut Context, args: VerifyArgs) -> anyhow::Result<()> {
    let actual = hash_audio_file(&args.audio).hint("check the --audio path")?;
    let track = fetch_track(ctx.client, &args.track)?;
    let result = Verification {
        track: args.track.to_string(),
        matches: actual == track.content_hash,
        expected: hex(&track.content_hash),
        actual: hex(&actual),
    };
    ctx.printer.emit(&result, |out| {
        key_values(
            out,
            &[
                ("Track", result.track.clone()),
                ("Matches", if result.matches { "yes" } else { "no" }.into()),
                ("Expected", result.expected.clone()),
                ("Actual", result.actual.clone()),
            ],
        )
    })?;
    if result.matches {
        return Ok(());
    }
    Err(anyhow!(
        "{} does not match track {}: its sha256 is {}, the registered content hash is {}",
        args.audio.display(),
        args.track,
        result.actual,
        result.expected
    ))
    .hint("this file is not the registered recording (a re-encode or edit changes the hash); check you have the original master")
}
