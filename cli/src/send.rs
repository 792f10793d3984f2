//! Sending a command's transaction, and what the command prints after it:
//! the signature beside the account as it now is.

use encore_sdk::EncoreClient;
use serde::Serialize;
use solana_instruction::Instruction;
use solana_keypair::Keypair;

use crate::error::hinted_with;
use crate::hints::{Known, ProgramError};
use crate::output::{key_values, Printer, Rows};

/// Sends `ixs` in one transaction paid by `payer`, signed by `signers` too.
/// A program error comes back with its hint, naming what the command
/// `known`s. Returns the signature.
pub fn send(
    client: &dyn EncoreClient,
    ixs: &[Instruction],
    payer: &Keypair,
    signers: &[&Keypair],
    known: &Known,
) -> anyhow::Result<String> {
    send_with(client, ixs, payer, signers, known, |_| None)
}

/// [`send`], with `special` hinting the program errors the command knows
/// more about (matched by program and name) before the table does.
pub fn send_with(
    client: &dyn EncoreClient,
    ixs: &[Instruction],
    payer: &Keypair,
    signers: &[&Keypair],
    known: &Known,
    special: impl FnOnce(ProgramError) -> Option<String>,
) -> anyhow::Result<String> {
    hinted_with(
        client.send_instructions(ixs, payer, signers),
        known,
        special,
    )
    .map(|signature| signature.to_string())
}

/// What a command prints after its transaction: `--output json` gives
/// `signature` beside the view's own fields; human output a headline, the
/// view's rows and the signature.
#[derive(Serialize, Debug)]
pub struct Sent<V> {
    pub signature: String,
    #[serde(flatten)]
    pub view: V,
}

impl<V: Serialize> Sent<V> {
    pub fn new(signature: String, view: V) -> Self {
        Self { signature, view }
    }

    /// Prints `headline` over `rows` and the signature (or the JSON).
    pub fn emit_rows(
        &self,
        printer: &mut Printer,
        headline: &str,
        mut rows: Vec<(&'static str, String)>,
    ) -> anyhow::Result<()> {
        rows.push(("Signature", self.signature.clone()));
        printer.emit(self, |out| {
            writeln!(out, "{headline}")?;
            key_values(out, &rows)
        })
    }
}

impl<V: Serialize + Rows> Sent<V> {
    /// Prints `headline` over the view's rows and the signature (or the JSON).
    pub fn emit(&self, printer: &mut Printer, headline: &str) -> anyhow::Result<()> {
        self.emit_rows(printer, headline, self.view.rows())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::OutputFormat;

    #[derive(Serialize)]
    struct View {
        balance: u64,
    }

    impl Rows for View {
        fn rows(&self) -> Vec<(&'static str, String)> {
            vec![("Balance", self.balance.to_string())]
        }
    }

    fn printed(format: OutputFormat) -> String {
        let mut out = Vec::new();
        let sent = Sent::new("5ig".into(), View { balance: 7 });
        sent.emit(&mut Printer::new(format, &mut out), "Deposited")
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_signature_sits_beside_the_view() {
        assert_eq!(
            printed(OutputFormat::Display),
            "Deposited\nBalance    7\nSignature  5ig\n"
        );
        let json: serde_json::Value =
            serde_json::from_str(&printed(OutputFormat::JsonCompact)).unwrap();
        assert_eq!(json, serde_json::json!({"signature": "5ig", "balance": 7}));
    }
}
