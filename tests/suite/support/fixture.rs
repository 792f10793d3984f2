//! The shared fixture: every Encore program registered natively in
//! solana-program-test beside the real SPL Token and Associated Token
//! programs, funded keypairs, clock warping, token helpers and named-error
//! assertions. Synchronous on purpose: each call drives the bank to completion.

use anchor_lang::prelude::{Clock, Pubkey};
use anchor_lang::solana_program::instruction::error::InstructionError;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::{AccountDeserialize, AccountSerialize};
use encore_sdk::client::{EncoreClient, MemcmpFilter};
use encore_sdk::{token, SdkError};
use solana_account::Account;
use solana_keypair::Keypair;
use solana_program_test::{BanksClientError, ProgramTest, ProgramTestContext};
use solana_signer::Signer;
use solana_transaction::Transaction;
use solana_transaction_error::TransactionError;

pub const SOL: u64 = 1_000_000_000;

const COMPUTE_BUDGET: Pubkey = anchor_lang::pubkey!("ComputeBudget111111111111111111111111111111");

#[allow(dead_code)] // shared by every module; not each uses every helper
pub struct Fixture {
    rt: tokio::runtime::Runtime,
    pub ctx: ProgramTestContext,
    /// Signatures sent, so that sending the same instructions twice in one
    /// blockhash makes two transactions (see `signed`).
    sent: std::collections::HashSet<solana_signature::Signature>,
}

#[allow(dead_code)]
impl Fixture {
    pub fn new() -> Self {
        Self::with(|_| {})
    }

    /// Lets a test add accounts or programs before the bank starts.
    pub fn with(setup: impl FnOnce(&mut ProgramTest)) -> Self {
        let mut pt = encore_sdk::native::program_test();
        setup(&mut pt);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let ctx = rt.block_on(pt.start_with_context());
        encore_sdk::native::bridge_syscall_stubs();
        Self {
            rt,
            ctx,
            sent: Default::default(),
        }
    }

    /// A fixture whose governance ProgramData records `upgrade_authority`,
    /// as a deployment through the upgradeable loader would, so that key can
    /// run governance's `initialize` (see `encore_sdk::native::plant_program_data`).
    pub fn with_upgrade_authority(upgrade_authority: &Pubkey) -> Self {
        let authority = *upgrade_authority;
        Self::with(|pt| {
            encore_sdk::native::plant_program_data(pt, &encore_sdk::governance::ID, Some(authority))
        })
    }

    pub fn payer(&self) -> &Keypair {
        &self.ctx.payer
    }

    /// A new keypair holding `sol` SOL.
    pub fn funded(&mut self, sol: u64) -> Keypair {
        let kp = Keypair::new();
        self.transfer_sol(&kp.pubkey(), sol * SOL);
        kp
    }

    pub fn keypair(&mut self) -> Keypair {
        self.funded(10)
    }

    pub fn transfer_sol(&mut self, to: &Pubkey, lamports: u64) {
        let ix =
            solana_system_interface::instruction::transfer(&self.ctx.payer.pubkey(), to, lamports);
        self.send(&[ix], &[]).expect("funding transfer");
    }

    /// Sends `ixs` paid by the fixture payer and signed by `signers`.
    pub fn send(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> TxResult {
        let payer = self.ctx.payer.insecure_clone();
        self.send_as(&payer, ixs, signers)
    }

    pub fn send_as(
        &mut self,
        payer: &Keypair,
        ixs: &[Instruction],
        signers: &[&Keypair],
    ) -> TxResult {
        let tx = self.signed(payer, ixs, signers);
        self.process(tx)
    }

    fn signed(
        &mut self,
        payer: &Keypair,
        ixs: &[Instruction],
        signers: &[&Keypair],
    ) -> Transaction {
        let blockhash = self
            .rt
            .block_on(self.ctx.banks_client.get_latest_blockhash())
            .expect("blockhash");
        let mut all: Vec<&Keypair> = vec![payer];
        all.extend(signers.iter().filter(|s| s.pubkey() != payer.pubkey()));
        let tx = Transaction::new_signed_with_payer(ixs, Some(&payer.pubkey()), &all, blockhash);
        if !self.sent.contains(&tx.signatures[0]) {
            return tx;
        }
        // The same instructions again within one blockhash: the bank would
        // refuse the copy unseen (`AlreadyProcessed`). A leading
        // compute-unit price makes it a new transaction; the instruction
        // under test stays the last.
        let mut price = self.sent.len() as u64;
        loop {
            let mut data = vec![3u8];
            data.extend_from_slice(&price.to_le_bytes());
            let unique = Instruction {
                program_id: COMPUTE_BUDGET,
                accounts: vec![],
                data,
            };
            let with: Vec<Instruction> =
                std::iter::once(unique).chain(ixs.iter().cloned()).collect();
            let tx =
                Transaction::new_signed_with_payer(&with, Some(&payer.pubkey()), &all, blockhash);
            if !self.sent.contains(&tx.signatures[0]) {
                return tx;
            }
            price += 1;
        }
    }

    /// Processes `tx`; a failure carries the transaction's log, which
    /// names the program that raised the error.
    pub fn process(&mut self, tx: Transaction) -> TxResult {
        self.process_logged(tx).map(|_| ())
    }

    fn process_logged(&mut self, tx: Transaction) -> TxResult<Vec<String>> {
        let instructions = tx.message.instructions.len();
        self.sent.insert(tx.signatures[0]);
        let outcome = self
            .rt
            .block_on(self.ctx.banks_client.process_transaction_with_metadata(tx))
            .unwrap_or_else(|e| panic!("bank failure: {e:?}"));
        let logs = outcome.metadata.map(|m| m.log_messages).unwrap_or_default();
        match outcome.result {
            Ok(()) => Ok(logs),
            Err(err) => Err(TxError {
                err,
                logs,
                instructions,
            }),
        }
    }

    /// Sends like [`Self::send_as`] and returns the transaction's log
    /// messages, where programs' events are (`Program data:` lines).
    pub fn send_logged(
        &mut self,
        payer: &Keypair,
        ixs: &[Instruction],
        signers: &[&Keypair],
    ) -> TxResult<Vec<String>> {
        let tx = self.signed(payer, ixs, signers);
        self.process_logged(tx)
    }

    /// Sends like [`Self::send_as`] and decodes the Anchor events of type
    /// `E` the transaction logged, in order.
    pub fn send_for_events<E: anchor_lang::Event>(
        &mut self,
        payer: &Keypair,
        ixs: &[Instruction],
        signers: &[&Keypair],
    ) -> TxResult<Vec<E>> {
        let logs = self.send_logged(payer, ixs, signers)?;
        Ok(encore_sdk::events::decode(&logs).expect("events decode"))
    }

    pub fn account(&mut self, address: &Pubkey) -> Option<Account> {
        self.rt
            .block_on(self.ctx.banks_client.get_account(*address))
            .expect("get_account")
    }

    /// Decodes an Anchor account; panics if missing or of another type.
    pub fn state<T: AccountDeserialize>(&mut self, address: &Pubkey) -> T {
        let account = self
            .account(address)
            .unwrap_or_else(|| panic!("account {address} missing"));
        T::try_deserialize(&mut account.data.as_slice()).expect("decode")
    }

    /// Overwrites an Anchor account in place (for setting up edge cases).
    pub fn set_state<T: AccountSerialize>(&mut self, address: &Pubkey, value: &T) {
        let mut account = self.account(address).expect("account to overwrite");
        let mut data = Vec::new();
        value.try_serialize(&mut data).expect("serialize");
        account.data[..data.len()].copy_from_slice(&data);
        self.ctx.set_account(address, &account.into());
    }

    /// Overwrites an SPL token account's amount (for balances the mint's
    /// supply could not otherwise hold beside others).
    pub fn set_token_amount(&mut self, address: &Pubkey, amount: u64) {
        let mut account = self.account(address).expect("token account to overwrite");
        account.data[64..72].copy_from_slice(&amount.to_le_bytes());
        self.ctx.set_account(address, &account.into());
    }

    pub fn lamports(&mut self, address: &Pubkey) -> u64 {
        self.account(address).map_or(0, |a| a.lamports)
    }

    pub fn clock(&mut self) -> Clock {
        self.rt
            .block_on(self.ctx.banks_client.get_sysvar::<Clock>())
            .expect("clock")
    }

    pub fn now(&mut self) -> i64 {
        self.clock().unix_timestamp
    }

    /// Moves the bank forward one slot and the clock by `seconds`.
    pub fn warp_seconds(&mut self, seconds: i64) {
        let mut clock = self.clock();
        let slot = clock.slot + 1;
        self.ctx.warp_to_slot(slot).expect("warp");
        clock.slot = slot;
        clock.unix_timestamp += seconds;
        self.ctx.set_sysvar(&clock);
    }

    /// Moves the bank forward one slot, the clock's time unchanged (a
    /// track's shares wait for the slot after its claim).
    pub fn next_slot(&mut self) {
        self.warp_seconds(0);
    }

    /// A new SPL mint whose authority is `authority`.
    pub fn create_mint(&mut self, authority: &Keypair, decimals: u8) -> Pubkey {
        let mint = Keypair::new();
        let payer = self.ctx.payer.pubkey();
        let ixs = token::create_mint(
            &payer,
            &mint.pubkey(),
            &authority.pubkey(),
            decimals,
            token::mint_rent(),
        )
        .expect("mint instructions");
        self.send(&ixs, &[&mint]).expect("create mint");
        mint.pubkey()
    }

    /// `owner`'s associated token account for `mint`, created if needed.
    pub fn ata(&mut self, owner: &Pubkey, mint: &Pubkey) -> Pubkey {
        let payer = self.ctx.payer.pubkey();
        let ix = token::create_associated_idempotent(&payer, owner, mint);
        self.send(&[ix], &[]).expect("create associated account");
        token::associated_address(owner, mint)
    }

    pub fn mint_to(
        &mut self,
        mint: &Pubkey,
        authority: &Keypair,
        destination: &Pubkey,
        amount: u64,
    ) {
        let ix = token::mint_to(mint, destination, &authority.pubkey(), amount).expect("mint_to");
        self.send(&[ix], &[authority]).expect("mint to");
    }

    pub fn token_balance(&mut self, account: &Pubkey) -> u64 {
        token::balance(self, account).expect("token balance")
    }
}

/// The fixture is also an SDK client, so SDK helpers run against program-test.
impl EncoreClient for Fixture {
    fn get_account(&self, address: &Pubkey) -> encore_sdk::Result<Option<Account>> {
        let banks = self.ctx.banks_client.clone();
        self.rt
            .block_on(banks.get_account(*address))
            .map_err(|e| SdkError::Rpc(e.to_string()))
    }

    fn get_program_accounts(
        &self,
        _program: &Pubkey,
        _filters: &[MemcmpFilter],
    ) -> encore_sdk::Result<Vec<(Pubkey, Account)>> {
        Err(SdkError::InvalidInput(
            "program-test has no account scan; use LiteSvmClient".into(),
        ))
    }

    fn latest_blockhash(&self) -> encore_sdk::Result<solana_hash::Hash> {
        let banks = self.ctx.banks_client.clone();
        self.rt
            .block_on(banks.get_latest_blockhash())
            .map_err(|e| SdkError::Rpc(e.to_string()))
    }

    fn send_transaction(
        &self,
        transaction: &Transaction,
    ) -> encore_sdk::Result<solana_signature::Signature> {
        let banks = self.ctx.banks_client.clone();
        let result = self
            .rt
            .block_on(banks.process_transaction(transaction.clone()));
        let programs = encore_sdk::client::instruction_programs(transaction);
        match result {
            Ok(()) => Ok(transaction.signatures[0]),
            Err(BanksClientError::TransactionError(e))
            | Err(BanksClientError::SimulationError { err: e, .. }) => {
                Err(SdkError::from_transaction_error(e, &programs))
            }
            Err(other) => Err(SdkError::Rpc(other.to_string())),
        }
    }

    fn clock(&self) -> encore_sdk::Result<Clock> {
        let banks = self.ctx.banks_client.clone();
        self.rt
            .block_on(banks.get_sysvar::<Clock>())
            .map_err(|e| SdkError::Rpc(e.to_string()))
    }

    fn airdrop(&self, to: &Pubkey, lamports: u64) -> encore_sdk::Result<()> {
        let ix =
            solana_system_interface::instruction::transfer(&self.ctx.payer.pubkey(), to, lamports);
        self.send_instructions(&[ix], &self.ctx.payer, &[])
            .map(|_| ())
    }
}

/// A failed transaction: the runtime's error, the log (which names the
/// program that raised it) and how many instructions the transaction had.
#[derive(Clone)]
pub struct TxError {
    pub err: TransactionError,
    pub logs: Vec<String>,
    pub instructions: usize,
}

impl std::fmt::Debug for TxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?} (raised by {:?})", self.err, self.raised_by())
    }
}

pub type TxResult<T = ()> = Result<T, TxError>;

impl TxError {
    /// The custom error code, if the failure is one.
    pub fn custom_code(&self) -> Option<u32> {
        custom_code(&self.err)
    }

    /// The index of the failing instruction.
    pub fn instruction_index(&self) -> Option<u8> {
        match &self.err {
            TransactionError::InstructionError(index, _) => Some(*index),
            _ => None,
        }
    }

    /// The program that raised the error: the first `Program <id> failed`
    /// line of the log. A program that fails in a CPI is logged before
    /// its callers, which fail with the same error after it.
    pub fn raised_by(&self) -> Option<Pubkey> {
        self.logs.iter().find_map(|line| {
            let rest = line.strip_prefix("Program ")?;
            let (id, tail) = rest.split_once(' ')?;
            tail.starts_with("failed")
                .then(|| id.parse().ok())
                .flatten()
        })
    }
}

/// The custom error code a failed transaction carries, if any.
pub fn custom_code(err: &TransactionError) -> Option<u32> {
    match err {
        TransactionError::InstructionError(_, InstructionError::Custom(code)) => Some(*code),
        _ => None,
    }
}

/// A program's error enum, tied to the program that raises it: every
/// program numbers its errors from 6000, so a code alone names nothing.
pub trait ProgramErrorType: Copy + std::fmt::Debug + Into<u32> {
    const PROGRAM: Pubkey;
}

macro_rules! program_error_types {
    ($(($krate:ident, $short:literal, $error:path)),* $(,)?) => {
        $(impl ProgramErrorType for $error {
            const PROGRAM: Pubkey = encore_sdk::$krate::ID;
        })*
    };
}
encore_sdk::for_each_program!(program_error_types);

/// Asserts that the transaction's last instruction (the one under test;
/// set-up instructions come first) failed with exactly `expected`, raised
/// by the program that owns the error.
#[track_caller]
pub fn assert_error<T: std::fmt::Debug, E: ProgramErrorType>(result: TxResult<T>, expected: E) {
    let last = match &result {
        Err(e) => e.instructions.saturating_sub(1),
        Ok(_) => 0,
    };
    assert_error_at(result, last as u8, expected)
}

/// [`assert_error`] for the instruction at `index`.
#[track_caller]
pub fn assert_error_at<T: std::fmt::Debug, E: ProgramErrorType>(
    result: TxResult<T>,
    index: u8,
    expected: E,
) {
    assert_raised(
        result,
        index,
        &E::PROGRAM,
        expected.into(),
        &format!("{expected:?}"),
    )
}

/// Asserts an Anchor framework error (`ConstraintSeeds`, ...) raised by
/// `program` in the transaction's last instruction.
#[track_caller]
pub fn assert_anchor_error<T: std::fmt::Debug>(
    result: TxResult<T>,
    program: &Pubkey,
    expected: anchor_lang::error::ErrorCode,
) {
    let last = match &result {
        Err(e) => e.instructions.saturating_sub(1),
        Ok(_) => 0,
    };
    assert_raised(
        result,
        last as u8,
        program,
        expected.into(),
        &format!("{expected:?}"),
    )
}

#[track_caller]
fn assert_raised<T: std::fmt::Debug>(
    result: TxResult<T>,
    index: u8,
    program: &Pubkey,
    code: u32,
    name: &str,
) {
    match result {
        Ok(v) => panic!("expected {name} ({code}), but the transaction succeeded: {v:?}"),
        Err(e) => {
            assert_eq!(
                e.custom_code(),
                Some(code),
                "expected {name} ({code}), got {e:?}"
            );
            assert_eq!(
                e.instruction_index(),
                Some(index),
                "expected {name} from instruction {index}, got {e:?}"
            );
            assert_eq!(
                e.raised_by(),
                Some(*program),
                "expected {name} raised by {program}, got {e:?}; log: {:#?}",
                e.logs
            );
        }
    }
}

/// Asserts that an SDK call failed with exactly `expected`, raised by the
/// program that owns it.
#[track_caller]
pub fn assert_sdk_error<T: std::fmt::Debug, E: ProgramErrorType>(
    result: encore_sdk::Result<T>,
    expected: E,
) {
    let program = encore_sdk::programs::by_id(&E::PROGRAM).expect("an Encore program");
    assert_sdk_named(result, program.name, &format!("{expected:?}"))
}

/// Asserts an Anchor framework error raised by `program` through the SDK.
#[track_caller]
pub fn assert_sdk_anchor_error<T: std::fmt::Debug>(
    result: encore_sdk::Result<T>,
    program: &Pubkey,
    expected: anchor_lang::error::ErrorCode,
) {
    let program = encore_sdk::programs::by_id(program).expect("an Encore program");
    assert_sdk_named(result, program.name, &format!("{expected:?}"))
}

#[track_caller]
fn assert_sdk_named<T: std::fmt::Debug>(result: encore_sdk::Result<T>, program: &str, name: &str) {
    match result {
        Ok(v) => panic!("expected {program}::{name}, but the call succeeded: {v:?}"),
        Err(SdkError::Program {
            program: raised,
            name: got,
            ..
        }) => assert_eq!((raised, got.as_str()), (program, name)),
        Err(e) => panic!("expected {program}::{name}, got {e}"),
    }
}
