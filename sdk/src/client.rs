//! One way to talk to a chain, two implementations: JSON-RPC and in-process.

use anchor_lang::prelude::{Clock, Pubkey};
use anchor_lang::solana_program::instruction::Instruction;
use solana_account::Account;
use solana_commitment_config::CommitmentConfig;
use solana_hash::Hash;
use solana_keypair::Keypair;
use solana_rpc_client_api::config::{RpcAccountInfoConfig, RpcProgramAccountsConfig};
use solana_rpc_client_api::filter::{Memcmp, RpcFilterType};
use solana_signature::Signature;
use solana_signer::Signer;
use solana_transaction::versioned::VersionedTransaction;
use solana_transaction::Transaction;
use solana_transaction_error::TransactionError;

use crate::error::{Result, SdkError};

const CLOCK_SYSVAR: Pubkey = anchor_lang::pubkey!("SysvarC1ock11111111111111111111111111111111");

/// A memcmp filter for program-account scans: `bytes` at `offset`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemcmpFilter {
    pub offset: usize,
    pub bytes: Vec<u8>,
}

impl MemcmpFilter {
    pub fn new(offset: usize, bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            offset,
            bytes: bytes.into(),
        }
    }

    pub fn matches(&self, data: &[u8]) -> bool {
        data.get(self.offset..self.offset.saturating_add(self.bytes.len()))
            .is_some_and(|s| s == self.bytes.as_slice())
    }
}

/// A transaction handed to the cluster: still to be confirmed, or (for
/// clients that process at once) already decided.
#[derive(Debug)]
pub enum Submitted {
    Pending(Signature),
    Done(Signature, Result<()>),
}

/// Reads accounts and sends transactions. Sending is separate from building:
/// every builder in this crate returns plain instructions.
pub trait EncoreClient {
    fn get_account(&self, address: &Pubkey) -> Result<Option<Account>>;

    fn get_multiple_accounts(&self, addresses: &[Pubkey]) -> Result<Vec<Option<Account>>> {
        addresses.iter().map(|a| self.get_account(a)).collect()
    }

    /// Accounts owned by `program` whose data match every filter.
    fn get_program_accounts(
        &self,
        program: &Pubkey,
        filters: &[MemcmpFilter],
    ) -> Result<Vec<(Pubkey, Account)>>;

    fn latest_blockhash(&self) -> Result<Hash>;

    /// Sends a signed transaction and waits until it is confirmed.
    fn send_transaction(&self, transaction: &Transaction) -> Result<Signature>;

    fn clock(&self) -> Result<Clock>;

    fn airdrop(&self, to: &Pubkey, lamports: u64) -> Result<()>;

    /// Moves a local node's clock `seconds` forward (slots follow); a real
    /// cluster refuses. Returns the clock after.
    fn time_travel(&self, seconds: u64) -> Result<Clock> {
        let _ = seconds;
        Err(SdkError::InvalidInput(
            "only a local node's clock can be moved".into(),
        ))
    }

    fn balance(&self, address: &Pubkey) -> Result<u64> {
        Ok(self.get_account(address)?.map_or(0, |a| a.lamports))
    }

    /// Sends a signed versioned (v0) transaction and waits until it is
    /// confirmed. Clients that cannot send them say so.
    fn send_versioned_transaction(&self, transaction: &VersionedTransaction) -> Result<Signature> {
        let _ = transaction;
        Err(SdkError::InvalidInput(
            "this client cannot send versioned transactions".into(),
        ))
    }

    /// Hands a signed versioned transaction over without waiting for it,
    /// for senders that keep many in flight. The default sends and waits.
    fn submit(&self, transaction: &VersionedTransaction) -> Result<Submitted> {
        let signature = transaction.signatures.first().copied().unwrap_or_default();
        Ok(Submitted::Done(
            signature,
            self.send_versioned_transaction(transaction).map(|_| ()),
        ))
    }

    /// How each submitted transaction ended, once it has at the client's
    /// commitment (`None` while it has not).
    fn signature_statuses(
        &self,
        signatures: &[Signature],
    ) -> Result<Vec<Option<std::result::Result<(), TransactionError>>>> {
        Ok(vec![None; signatures.len()])
    }

    /// The log lines of a confirmed transaction, from which
    /// [`crate::events::decode`] reads the programs' events. Clients that
    /// keep no logs say so.
    fn transaction_logs(&self, signature: &Signature) -> Result<Vec<String>> {
        let _ = signature;
        Err(SdkError::InvalidInput(
            "this client cannot read transaction logs".into(),
        ))
    }

    /// The latest transactions that touched `address`, newest first, at
    /// most `limit`: what history views (a track's collections, a pool's
    /// trades) read with [`EncoreClient::transaction_logs`]. Clients that
    /// keep no history say so.
    fn address_history(&self, address: &Pubkey, limit: usize) -> Result<Vec<HistoryEntry>> {
        let _ = (address, limit);
        Err(SdkError::InvalidInput(
            "this client cannot list an address's transactions".into(),
        ))
    }

    /// A confirmed transaction as recorded: its top-level instructions over
    /// its full account list (lookup-table addresses resolved) and its logs;
    /// `None` if the node does not have it. Clients that keep no history
    /// say so.
    fn recorded_transaction(&self, signature: &Signature) -> Result<Option<RecordedTransaction>> {
        let _ = signature;
        Err(SdkError::InvalidInput(
            "this client cannot read recorded transactions".into(),
        ))
    }

    /// Returns once the chain is past `slot`; a local chain is moved there.
    /// Lookup-table addresses become usable the slot after they were added.
    fn wait_for_slot(&self, slot: u64) -> Result<()> {
        let start = std::time::Instant::now();
        while self.clock()?.slot <= slot {
            if start.elapsed() > std::time::Duration::from_secs(60) {
                return Err(SdkError::Rpc(format!("the chain did not pass slot {slot}")));
            }
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
        Ok(())
    }

    /// Signs `instructions` with `payer` and `signers` and sends them as one transaction.
    fn send_instructions(
        &self,
        instructions: &[Instruction],
        payer: &Keypair,
        signers: &[&Keypair],
    ) -> Result<Signature> {
        let blockhash = self.latest_blockhash()?;
        let mut all: Vec<&Keypair> = vec![payer];
        for s in signers {
            if s.pubkey() != payer.pubkey() && !all.iter().any(|k| k.pubkey() == s.pubkey()) {
                all.push(s);
            }
        }
        let tx = Transaction::new_signed_with_payer(
            instructions,
            Some(&payer.pubkey()),
            &all,
            blockhash,
        );
        self.send_transaction(&tx)
    }
}

/// One transaction in an address's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryEntry {
    pub signature: Signature,
    pub slot: u64,
    /// Unix seconds, when the node knows the block's time.
    pub block_time: Option<i64>,
    /// The transaction failed (its logs carry no effects).
    pub failed: bool,
}

/// A confirmed transaction (see [`EncoreClient::recorded_transaction`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedTransaction {
    pub slot: u64,
    pub block_time: Option<i64>,
    /// The message's keys, then the lookup tables' writable and read-only
    /// addresses: what the instructions' indexes point into.
    pub account_keys: Vec<Pubkey>,
    pub instructions: Vec<RecordedInstruction>,
    pub logs: Vec<String>,
    /// The transaction failed.
    pub failed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedInstruction {
    pub program_id: Pubkey,
    pub accounts: Vec<Pubkey>,
    pub data: Vec<u8>,
}

impl RecordedTransaction {
    /// Reads a `getTransaction` answer in the `json` encoding.
    pub fn from_rpc_json(found: &serde_json::Value) -> std::result::Result<Self, String> {
        let keys = |value: Option<&serde_json::Value>| -> std::result::Result<Vec<Pubkey>, String> {
            value
                .and_then(|v| v.as_array())
                .map(|keys| {
                    keys.iter()
                        .map(|k| {
                            k.as_str()
                                .and_then(|k| k.parse().ok())
                                .ok_or_else(|| format!("{k} is not an address"))
                        })
                        .collect()
                })
                .unwrap_or_else(|| Ok(Vec::new()))
        };
        let message = found
            .pointer("/transaction/message")
            .ok_or("the answer has no message")?;
        let mut account_keys = keys(message.get("accountKeys"))?;
        account_keys.extend(keys(found.pointer("/meta/loadedAddresses/writable"))?);
        account_keys.extend(keys(found.pointer("/meta/loadedAddresses/readonly"))?);
        let key_at = |index: &serde_json::Value| {
            index
                .as_u64()
                .and_then(|i| account_keys.get(usize::try_from(i).ok()?))
                .copied()
                .ok_or_else(|| format!("account index {index} is out of range"))
        };
        let instructions = message
            .get("instructions")
            .and_then(|i| i.as_array())
            .ok_or("the message has no instructions")?
            .iter()
            .map(|ix| {
                let program_id =
                    key_at(ix.get("programIdIndex").unwrap_or(&serde_json::Value::Null))?;
                let accounts = ix
                    .get("accounts")
                    .and_then(|a| a.as_array())
                    .map(|a| {
                        a.iter()
                            .map(key_at)
                            .collect::<std::result::Result<Vec<_>, _>>()
                    })
                    .unwrap_or_else(|| Ok(Vec::new()))?;
                let data = ix
                    .get("data")
                    .and_then(|d| d.as_str())
                    .map(|d| bs58::decode(d).into_vec().map_err(|e| e.to_string()))
                    .unwrap_or_else(|| Ok(Vec::new()))?;
                Ok(RecordedInstruction {
                    program_id,
                    accounts,
                    data,
                })
            })
            .collect::<std::result::Result<Vec<_>, String>>()?;
        let logs = found
            .pointer("/meta/logMessages")
            .and_then(|l| l.as_array())
            .map(|l| {
                l.iter()
                    .filter_map(|line| line.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        Ok(Self {
            slot: found
                .get("slot")
                .and_then(|s| s.as_u64())
                .unwrap_or_default(),
            block_time: found.get("blockTime").and_then(|t| t.as_i64()),
            account_keys,
            instructions,
            logs,
            failed: found.pointer("/meta/err").is_some_and(|e| !e.is_null()),
        })
    }
}

/// Which program each instruction of `tx` called, for naming errors.
pub fn instruction_programs(tx: &Transaction) -> Vec<Pubkey> {
    tx.message
        .instructions
        .iter()
        .map(|ix| {
            tx.message
                .account_keys
                .get(usize::from(ix.program_id_index))
                .copied()
                .unwrap_or_default()
        })
        .collect()
}

/// Which program each instruction of a versioned transaction called
/// (programs are always static keys).
pub fn versioned_instruction_programs(tx: &VersionedTransaction) -> Vec<Pubkey> {
    let keys = tx.message.static_account_keys();
    tx.message
        .instructions()
        .iter()
        .map(|ix| {
            keys.get(usize::from(ix.program_id_index))
                .copied()
                .unwrap_or_default()
        })
        .collect()
}

/// How often [`RpcClient`] asks whether a sent transaction is confirmed.
pub const CONFIRM_POLL: std::time::Duration = std::time::Duration::from_millis(20);
/// How long it waits before giving up (a blockhash lives about a minute).
pub const CONFIRM_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(90);

/// A JSON-RPC cluster.
pub struct RpcClient {
    inner: solana_rpc_client::rpc_client::RpcClient,
    url: String,
}

impl RpcClient {
    /// A client error as the SDK names it: a transaction error by its
    /// program (`programs`: each instruction's), anything else as RPC.
    fn named(
        &self,
        e: solana_rpc_client_api::client_error::Error,
        programs: &[Pubkey],
    ) -> SdkError {
        match e.get_transaction_error() {
            Some(tx_err) => SdkError::from_transaction_error(tx_err, programs),
            None => self.rpc_err(e),
        }
    }

    /// Polls `signature`'s status every [`CONFIRM_POLL`] until it reaches
    /// the client's commitment, or [`CONFIRM_TIMEOUT`].
    fn confirm(&self, signature: Signature, programs: &[Pubkey]) -> Result<Signature> {
        let started = std::time::Instant::now();
        loop {
            let status = self
                .inner
                .get_signature_status_with_commitment(&signature, self.inner.commitment())
                .map_err(|e| self.rpc_err(e))?;
            match status {
                Some(Ok(())) => return Ok(signature),
                Some(Err(e)) => return Err(SdkError::from_transaction_error(e, programs)),
                None if started.elapsed() > CONFIRM_TIMEOUT => {
                    return Err(SdkError::Rpc(format!(
                        "{}: transaction {signature} was not confirmed within {CONFIRM_TIMEOUT:?}",
                        self.url
                    )))
                }
                None => std::thread::sleep(CONFIRM_POLL),
            }
        }
    }

    pub fn new(url: &str, commitment: CommitmentConfig) -> Self {
        Self {
            inner: solana_rpc_client::rpc_client::RpcClient::new_with_commitment(
                url.to_string(),
                commitment,
            ),
            url: url.to_string(),
        }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn inner(&self) -> &solana_rpc_client::rpc_client::RpcClient {
        &self.inner
    }

    fn rpc_err(&self, e: impl std::fmt::Display) -> SdkError {
        SdkError::Rpc(format!("{} ({e})", self.url))
    }
}

impl EncoreClient for RpcClient {
    /// Through the local node's `surfnet_timeTravel` method.
    fn time_travel(&self, seconds: u64) -> Result<Clock> {
        let now = self.clock()?.unix_timestamp;
        let target = now
            .checked_add(i64::try_from(seconds).map_err(|_| self.rpc_err("too far"))?)
            .and_then(|t| t.checked_mul(1_000))
            .ok_or_else(|| self.rpc_err("too far"))?;
        let request = serde_json::json!([{ "absoluteTimestamp": target }]);
        let _: serde_json::Value = self
            .inner
            .send(
                solana_rpc_client_api::request::RpcRequest::Custom {
                    method: "surfnet_timeTravel",
                },
                request,
            )
            .map_err(|e| self.rpc_err(e))?;
        self.clock()
    }

    fn get_account(&self, address: &Pubkey) -> Result<Option<Account>> {
        self.inner
            .get_account_with_commitment(address, self.inner.commitment())
            .map(|r| r.value)
            .map_err(|e| self.rpc_err(e))
    }

    fn get_multiple_accounts(&self, addresses: &[Pubkey]) -> Result<Vec<Option<Account>>> {
        let mut out = Vec::with_capacity(addresses.len());
        for chunk in addresses.chunks(100) {
            out.extend(
                self.inner
                    .get_multiple_accounts(chunk)
                    .map_err(|e| self.rpc_err(e))?,
            );
        }
        Ok(out)
    }

    fn get_program_accounts(
        &self,
        program: &Pubkey,
        filters: &[MemcmpFilter],
    ) -> Result<Vec<(Pubkey, Account)>> {
        let config = RpcProgramAccountsConfig {
            filters: Some(
                filters
                    .iter()
                    .map(|f| {
                        RpcFilterType::Memcmp(Memcmp::new_raw_bytes(f.offset, f.bytes.clone()))
                    })
                    .collect(),
            ),
            account_config: RpcAccountInfoConfig {
                encoding: Some(solana_account_decoder_client_types::UiAccountEncoding::Base64),
                commitment: Some(self.inner.commitment()),
                ..RpcAccountInfoConfig::default()
            },
            ..RpcProgramAccountsConfig::default()
        };
        let raw = self
            .inner
            .get_program_ui_accounts_with_config(program, config)
            .map_err(|e| self.rpc_err(e))?;
        raw.into_iter()
            .map(|(key, ui)| {
                let data = ui
                    .data
                    .decode()
                    .ok_or(SdkError::Decode(key, "base64 account"))?;
                let owner = ui
                    .owner
                    .parse()
                    .map_err(|_| SdkError::Decode(key, "account owner"))?;
                Ok((
                    key,
                    Account {
                        lamports: ui.lamports,
                        data,
                        owner,
                        executable: ui.executable,
                        rent_epoch: ui.rent_epoch,
                    },
                ))
            })
            .collect()
    }

    fn latest_blockhash(&self) -> Result<Hash> {
        self.inner
            .get_latest_blockhash()
            .map_err(|e| self.rpc_err(e))
    }

    /// Sends (with preflight) and polls the signature's status every
    /// [`CONFIRM_POLL`]: the stock client sleeps 500 ms between polls, which
    /// dominates on a fast local node.
    fn send_transaction(&self, transaction: &Transaction) -> Result<Signature> {
        let programs = instruction_programs(transaction);
        let signature = self
            .inner
            .send_transaction(transaction)
            .map_err(|e| self.named(e, &programs))?;
        self.confirm(signature, &programs)
    }

    /// As [`Self::send_transaction`], for legacy and v0 (lookup-table) messages alike.
    fn send_versioned_transaction(&self, transaction: &VersionedTransaction) -> Result<Signature> {
        let programs = versioned_instruction_programs(transaction);
        let signature = self
            .inner
            .send_transaction(transaction)
            .map_err(|e| self.named(e, &programs))?;
        self.confirm(signature, &programs)
    }

    /// Sends without preflight (the runner checks every status itself,
    /// and a local node would otherwise run each program twice).
    fn submit(&self, transaction: &VersionedTransaction) -> Result<Submitted> {
        let config = solana_rpc_client_api::config::RpcSendTransactionConfig {
            skip_preflight: true,
            ..Default::default()
        };
        self.inner
            .send_transaction_with_config(transaction, config)
            .map(Submitted::Pending)
            .map_err(|e| self.named(e, &versioned_instruction_programs(transaction)))
    }

    fn signature_statuses(
        &self,
        signatures: &[Signature],
    ) -> Result<Vec<Option<std::result::Result<(), TransactionError>>>> {
        let commitment = self.inner.commitment();
        let mut out = Vec::with_capacity(signatures.len());
        for chunk in signatures.chunks(256) {
            let statuses = self
                .inner
                .get_signature_statuses(chunk)
                .map_err(|e| self.rpc_err(e))?
                .value;
            out.extend(statuses.into_iter().map(|s| {
                s.filter(|s| s.satisfies_commitment(commitment))
                    .map(|s| s.status)
            }));
        }
        Ok(out)
    }

    /// `getSignaturesForAddress` at the client's commitment.
    fn address_history(&self, address: &Pubkey, limit: usize) -> Result<Vec<HistoryEntry>> {
        let request = serde_json::json!([
            address.to_string(),
            {
                "limit": limit.clamp(1, 1_000),
                "commitment": self.inner.commitment().commitment.to_string(),
            }
        ]);
        let found: Vec<serde_json::Value> = self
            .inner
            .send(
                solana_rpc_client_api::request::RpcRequest::GetSignaturesForAddress,
                request,
            )
            .map_err(|e| self.rpc_err(e))?;
        found
            .iter()
            .map(|entry| {
                let signature = entry
                    .get("signature")
                    .and_then(|s| s.as_str())
                    .and_then(|s| s.parse().ok())
                    .ok_or_else(|| {
                        SdkError::Rpc(format!("{}: a history entry has no signature", self.url))
                    })?;
                Ok(HistoryEntry {
                    signature,
                    slot: entry
                        .get("slot")
                        .and_then(|s| s.as_u64())
                        .unwrap_or_default(),
                    block_time: entry.get("blockTime").and_then(|t| t.as_i64()),
                    failed: entry.get("err").is_some_and(|e| !e.is_null()),
                })
            })
            .collect()
    }

    fn recorded_transaction(&self, signature: &Signature) -> Result<Option<RecordedTransaction>> {
        let request = serde_json::json!([
            signature.to_string(),
            {
                "encoding": "json",
                "maxSupportedTransactionVersion": 0,
                "commitment": self.inner.commitment().commitment.to_string(),
            }
        ]);
        let found: serde_json::Value = self
            .inner
            .send(
                solana_rpc_client_api::request::RpcRequest::GetTransaction,
                request,
            )
            .map_err(|e| self.rpc_err(e))?;
        if found.is_null() {
            return Ok(None);
        }
        RecordedTransaction::from_rpc_json(&found)
            .map(Some)
            .map_err(|e| SdkError::Rpc(format!("{}: transaction {signature}: {e}", self.url)))
    }

    /// `getTransaction` at the client's commitment; a node may answer
    /// `null` for a moment after confirming, so it is asked again.
    fn transaction_logs(&self, signature: &Signature) -> Result<Vec<String>> {
        let request = serde_json::json!([
            signature.to_string(),
            {
                "encoding": "json",
                "maxSupportedTransactionVersion": 0,
                "commitment": self.inner.commitment().commitment.to_string(),
            }
        ]);
        let start = std::time::Instant::now();
        loop {
            let found: serde_json::Value = self
                .inner
                .send(
                    solana_rpc_client_api::request::RpcRequest::GetTransaction,
                    request.clone(),
                )
                .map_err(|e| self.rpc_err(e))?;
            if let Some(logs) = found.pointer("/meta/logMessages") {
                return serde_json::from_value(logs.clone()).map_err(|e| {
                    SdkError::Rpc(format!("{}: {signature}'s log messages: {e}", self.url))
                });
            }
            if start.elapsed() > std::time::Duration::from_secs(30) {
                return Err(SdkError::Rpc(format!(
                    "{}: transaction {signature} was not found",
                    self.url
                )));
            }
            std::thread::sleep(CONFIRM_POLL);
        }
    }

    fn clock(&self) -> Result<Clock> {
        let account = self
            .get_account(&CLOCK_SYSVAR)?
            .ok_or(SdkError::AccountNotFound(CLOCK_SYSVAR))?;
        bincode_clock(&account.data)
    }

    fn airdrop(&self, to: &Pubkey, lamports: u64) -> Result<()> {
        let sig = self
            .inner
            .request_airdrop(to, lamports)
            .map_err(|e| self.rpc_err(e))?;
        let start = std::time::Instant::now();
        while start.elapsed() < std::time::Duration::from_secs(30) {
            if self
                .inner
                .confirm_transaction(&sig)
                .map_err(|e| self.rpc_err(e))?
            {
                return Ok(());
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        Err(SdkError::Rpc(format!("airdrop {sig} was not confirmed")))
    }
}

/// The Clock sysvar's fixed little-endian layout: slot, epoch_start_timestamp,
/// epoch, leader_schedule_epoch, unix_timestamp.
pub fn bincode_clock(data: &[u8]) -> Result<Clock> {
    let word = |i: usize| -> Result<[u8; 8]> {
        data.get(i * 8..i * 8 + 8)
            .and_then(|s| s.try_into().ok())
            .ok_or(SdkError::Decode(CLOCK_SYSVAR, "clock"))
    };
    Ok(Clock {
        slot: u64::from_le_bytes(word(0)?),
        epoch_start_timestamp: i64::from_le_bytes(word(1)?),
        epoch: u64::from_le_bytes(word(2)?),
        leader_schedule_epoch: u64::from_le_bytes(word(3)?),
        unix_timestamp: i64::from_le_bytes(word(4)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u8) -> Pubkey {
        Pubkey::new_from_array([n; 32])
    }

    #[test]
    fn a_recorded_v0_transaction_resolves_its_lookup_table_accounts() {
        let found = serde_json::json!({
            "slot": 42,
            "blockTime": 1_700_000_000,
            "transaction": { "message": {
                "accountKeys": [key(1).to_string(), key(2).to_string()],
                "instructions": [
                    { "programIdIndex": 1, "accounts": [0, 2, 3], "data": bs58::encode([7u8, 8, 9]).into_string() }
                ]
            }},
            "meta": {
                "err": null,
                "logMessages": ["Program log: hi"],
                "loadedAddresses": { "writable": [key(3).to_string()], "readonly": [key(4).to_string()] }
            }
        });
        let tx = RecordedTransaction::from_rpc_json(&found).unwrap();
        assert_eq!(tx.account_keys, vec![key(1), key(2), key(3), key(4)]);
        assert_eq!(
            tx.instructions,
            vec![RecordedInstruction {
                program_id: key(2),
                accounts: vec![key(1), key(3), key(4)],
                data: vec![7, 8, 9],
            }]
        );
        assert_eq!(
            (tx.slot, tx.block_time, tx.failed),
            (42, Some(1_700_000_000), false)
        );
        assert_eq!(tx.logs, vec!["Program log: hi".to_string()]);
    }

    #[test]
    fn an_index_past_the_accounts_is_an_error() {
        let found = serde_json::json!({
            "transaction": { "message": {
                "accountKeys": [key(1).to_string()],
                "instructions": [{ "programIdIndex": 0, "accounts": [1], "data": "" }]
            }},
            "meta": { "err": { "InstructionError": [0, "Custom"] } }
        });
        let error = RecordedTransaction::from_rpc_json(&found).unwrap_err();
        assert!(error.contains("out of range"), "{error}");
    }
}
