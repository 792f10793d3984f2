//! Turning any failure into one `error:` line and one `hint:` line.

use std::fmt;

use encore_sdk::{Pubkey, SdkError};
use solana_transaction_error::TransactionError;

/// An error with the next step the user should take.
#[derive(Debug)]
pub struct Hinted {
    pub error: anyhow::Error,
    pub hint: String,
}

impl fmt::Display for Hinted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#}", self.error)
    }
}

impl std::error::Error for Hinted {}

/// Attaches a hint to a failing result.
pub trait HintExt<T> {
    fn hint(self, hint: impl Into<String>) -> anyhow::Result<T>;
    fn with_hint<S: Into<String>>(self, hint: impl FnOnce() -> S) -> anyhow::Result<T>;
}

impl<T, E: Into<anyhow::Error>> HintExt<T> for Result<T, E> {
    fn hint(self, hint: impl Into<String>) -> anyhow::Result<T> {
        self.with_hint(|| hint)
    }

    fn with_hint<S: Into<String>>(self, hint: impl FnOnce() -> S) -> anyhow::Result<T> {
        self.map_err(|e| {
            anyhow::Error::new(Hinted {
                error: e.into(),
                hint: hint().into(),
            })
        })
    }
}

/// A failed send with its hint: program errors get the hint for their
/// name, with `<TRACK>` filled in when the command knows the track.
pub fn sent<T>(result: encore_sdk::Result<T>, track: Option<&Pubkey>) -> anyhow::Result<T> {
    result.map_err(|e| match e.program_error_name() {
        Some(name) => {
            let mut hint = program_hint(name).to_string();
            if let Some(track) = track {
                hint = hint.replace("<TRACK>", &track.to_string());
            }
            anyhow::Error::new(Hinted {
                error: e.into(),
                hint,
            })
        }
        None => e.into(),
    })
}

/// A failed send whose program error gets the hint `hint` gives for its name
/// (commands that know the accounts involved can say more than one fixed
/// line); names it has nothing for fall back to [`sent`].
pub fn sent_with<T>(
    result: encore_sdk::Result<T>,
    hint: impl FnOnce(&str) -> Option<String>,
) -> anyhow::Result<T> {
    match result {
        Ok(value) => Ok(value),
        Err(e) => match e.program_error_name().and_then(hint) {
            Some(hint) => Err(anyhow::Error::new(Hinted {
                error: e.into(),
                hint,
            })),
            None => sent(Err(e), None),
        },
    }
}

/// The two lines printed for `err`, without their `error: `/`hint: ` prefixes.
pub fn report(err: &anyhow::Error) -> (String, String) {
    let message = one_line(&format!("{err:#}"));
    let hint = err
        .chain()
        .find_map(|cause| cause.downcast_ref::<Hinted>().map(|h| h.hint.clone()))
        .or_else(|| {
            err.chain()
                .find_map(|cause| cause.downcast_ref::<SdkError>())
                .map(sdk_hint)
        })
        .unwrap_or_else(|| "run `encore --help` for usage".to_string());
    (message, one_line(&hint))
}

/// Collapses whitespace runs (including newlines) so a report stays two lines.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn sdk_hint(err: &SdkError) -> String {
    match err {
        SdkError::Program { name, .. } => program_hint(name).to_string(),
        SdkError::Rpc(_) => "is a validator running there? start one with `encore localnet` (or \
             `solana-test-validator`), or point -u/--url at a reachable cluster"
            .into(),
        SdkError::AccountNotFound(address) => {
            format!("no account at {address} on this cluster: check the address and -u/--url")
        }
        SdkError::Decode(address, what) => {
            format!("{address} is not a {what}: check the address")
        }
        SdkError::Transaction(tx) => transaction_hint(tx),
        SdkError::InvalidInput(_) => "check the value and try again".into(),
        SdkError::Io(_) => "check the file path and its permissions".into(),
    }
}

fn transaction_hint(err: &TransactionError) -> String {
    use TransactionError as T;
    match err {
        T::AccountNotFound | T::InsufficientFundsForFee | T::InsufficientFundsForRent { .. } => {
            "the keypair (-k) needs SOL for fees and rent: fund it, e.g. `solana airdrop 1`".into()
        }
        T::BlockhashNotFound => "the cluster moved on; run the command again".into(),
        _ => "see the transaction error above; `encore <COMMAND> --help` lists the options".into(),
    }
}

fn program_hint(name: &str) -> &'static str {
    match name {
        "InvalidHandle" => "choose a handle of 3-32 characters: a-z, 0-9 or _",
        "DisplayNameTooLong" => "shorten --name to 64 bytes",
        "UriTooLong" => "shorten --uri to 200 bytes",
        "InvalidIsrc" => "write the ISRC as CC-XXX-YY-NNNNN, e.g. US-RC1-76-07839",
        "DuplicateContentHash" => {
            "this audio is already registered; see `encore track show <TRACK>`"
        }
        "InvalidContentHash" => "the audio file must not hash to all zeroes",
        "InvalidPrice" => "pass a price greater than zero",
        "InvalidBps" => "--derivative-share-bps is at most 10000 (100%)",
        "DerivativeShareWithoutDerivatives" => {
            "add --allow-derivative, or set --derivative-share-bps 0"
        }
        "Unauthorized" => "sign with the account's authority keypair (-k)",
        "TrackRetired" => "a retired track can no longer change",
        "TrackAlreadyPaused" => "the track is already paused; `encore track resume <TRACK>` reactivates it",
        "TrackNotPaused" => "the track is already active",
        "NoPendingTransfer" => {
            "the owner proposes a transfer first: `encore track transfer <TRACK> --to <PUBKEY>`"
        }
        "WrongPendingAuthority" => {
            "the transfer was proposed to another wallet; `encore track show <TRACK>` shows the pending owner"
        }
        "TransferToSelf" => "you already own this track",
        "ArtistMismatch" => {
            "the new owner needs an artist profile: `encore artist create --handle <HANDLE>`"
        }
        "NothingToUpdate" => "pass at least one of --handle, --name, --uri",
        "ArtistAlreadyExists" => {
            "this wallet has a profile already; change it with `encore artist update`"
        }
        "AccountNotInitialized" => {
            "an account the instruction needs does not exist yet; check the addresses (an artist profile comes from `encore artist create`)"
        }
        "AccountDiscriminatorMismatch" | "AccountDidNotDeserialize" => {
            "an address given is not the kind of account expected; check it"
        }
        _ => "see `encore <COMMAND> --help`",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_survive_context() {
        use anyhow::Context as _;
        let err = Err::<(), _>(anyhow::anyhow!("boom"))
            .hint("do this")
            .context("outer")
            .unwrap_err();
        assert_eq!(report(&err), ("outer: boom".into(), "do this".into()));
        let err = Err::<(), _>(SdkError::Rpc("http://x (refused\nagain)".into()))
            .context("fetching the artist")
            .unwrap_err();
        let (message, hint) = report(&err);
        assert_eq!(
            message,
            "fetching the artist: cannot reach the cluster: http://x (refused again)"
        );
        assert!(hint.contains("solana-test-validator"));
    }
}
