//! Turning any failure into one `error:` line and one `hint:` line.

use std::fmt;

use encore_sdk::SdkError;
use solana_transaction_error::TransactionError;

use crate::hints::{self, Known, ProgramError};

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

/// `result` with a program error's hint attached: the table's for the
/// program that raised it and its name (see [`crate::hints`]), with what the
/// command `known`s filled in.
pub fn hinted<T>(result: encore_sdk::Result<T>, known: &Known) -> anyhow::Result<T> {
    hinted_with(result, known, |_| None)
}

/// [`hinted`], but `special` answers first: commands that know more (a
/// deadline, a balance) say it for the errors they expect, matched by
/// program and name ([`ProgramError::name_in`]).
pub fn hinted_with<T>(
    result: encore_sdk::Result<T>,
    known: &Known,
    special: impl FnOnce(ProgramError) -> Option<String>,
) -> anyhow::Result<T> {
    result.map_err(|e| {
        let Some(named) = ProgramError::of(&e) else {
            return e.into();
        };
        let hint = special(named).unwrap_or_else(|| hints::hint(named, known));
        anyhow::Error::new(Hinted {
            error: e.into(),
            hint,
        })
    })
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
        SdkError::Program { .. } => ProgramError::of(err).map_or_else(
            || hints::USAGE.into(),
            |named| hints::hint(named, &Known::default()),
        ),
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
            "the keypair (-k) needs SOL for fees and rent: fund it, e.g. `encore wallet airdrop` on localnet or devnet".into()
        }
        T::BlockhashNotFound => "the cluster moved on; run the command again".into(),
        _ => "see the transaction error above; `encore <COMMAND> --help` lists the options".into(),
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
