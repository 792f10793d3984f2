//! Running the Encore programs natively, in-process.
//!
//! The SBF toolchain is not needed: each program's Anchor `entry` runs as a
//! builtin inside solana-program-test or LiteSVM, beside the real SPL Token
//! and Associated Token programs loaded as SBF.
//!
//! program-test installs its syscall stubs (CPI, sysvars, logs, return data)
//! into solana-sysvar 4.x, while anchor-lang reads the 3.x stubs: without a
//! bridge `Clock::get()` fails and, worse, a CPI silently does nothing.
//! [`bridge_syscall_stubs`] forwards both to program-test's implementation.
//!
//! program-test's stubs leave `sol_log_data` (Anchor events) at a `println!`,
//! so events would never reach a transaction's logs. Each program is
//! registered through `logged_processor!` instead of program-test's
//! `processor!`: it hands the running instruction's log collector to the
//! bridged stubs, which write `Program data: <base64>` lines into the
//! transaction's logs exactly as the SBF syscall does.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::{Arc, Once};

use anchor_lang::prelude::{AccountInfo, Clock, Pubkey};
use anchor_lang::solana_program::entrypoint::ProgramResult;
use anchor_lang::solana_program::instruction::Instruction;
use governance::state::ProtocolParams;
use litesvm::LiteSVM;
use solana_account::Account;
use solana_hash::Hash;
use solana_keypair::Keypair;
use solana_program_runtime::invoke_context::BuiltinFunctionRegisterer;
use solana_program_runtime::stable_log;
use solana_program_test::ProgramTest;
use solana_signature::Signature;
use solana_signer::Signer;
use solana_transaction::versioned::VersionedTransaction;
use solana_transaction::Transaction;

use crate::client::{instruction_programs, EncoreClient, MemcmpFilter};
use crate::error::{Result, SdkError};

/// Re-borrows the account slice so Anchor's single-lifetime `entry` accepts it.
macro_rules! native_entry {
    ($name:ident, $krate:ident) => {
        fn $name(program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
            // SAFETY: the runtime keeps every account alive for the whole call;
            // only the lifetimes are unified, the layout is unchanged.
            let accounts: &[AccountInfo] = unsafe { std::mem::transmute(accounts) };
            $krate::entry(program_id, accounts, data)
        }
    };
}

type DataLog = Rc<dyn Fn(&[&[u8]])>;

thread_local! {
    /// Writes `Program data:` lines into the logs of the native instruction
    /// running on this thread (set by `logged_processor!`).
    static DATA_LOG: RefCell<Option<DataLog>> = const { RefCell::new(None) };
}

/// Runs `f` with `log` as this thread's data log, restoring the previous
/// one after (a CPI into another native program nests).
#[doc(hidden)]
pub fn with_data_log<R>(log: Option<DataLog>, f: impl FnOnce() -> R) -> R {
    let previous = DATA_LOG.with(|cell| cell.replace(log));
    let result = f();
    DATA_LOG.with(|cell| *cell.borrow_mut() = previous);
    result
}

/// The data log of the log collector of an instruction's invoke context.
#[doc(hidden)]
pub fn data_log(invoke_context: &solana_program_test::InvokeContext) -> Option<DataLog> {
    let collector = invoke_context.get_log_collector()?;
    Some(Rc::new(move |fields: &[&[u8]]| {
        stable_log::program_data(&Some(collector.clone()), fields)
    }))
}

/// Writes a `Program data:` line for the running native instruction;
/// `false` when none is running on this thread.
fn log_data(fields: &[&[u8]]) -> bool {
    DATA_LOG.with(|cell| match cell.borrow().as_ref() {
        Some(log) => {
            log(fields);
            true
        }
        None => false,
    })
}

/// program-test's `processor!`, with the instruction's log collector made
/// available to `sol_log_data` for the call.
macro_rules! logged_processor {
    ($entry:expr) => {{
        use solana_program_test::{
            BuiltinFunctionDefinition, EbpfError, EncryptedHostAddressToEbpfVm, InvokeContext,
        };
        struct Converter;
        impl BuiltinFunctionDefinition<InvokeContext<'_, '_>> for Converter {
            type Error = Box<dyn std::error::Error>;
            fn rust(
                _: &mut InvokeContext<'_, '_>,
                _: u64,
                _: u64,
                _: u64,
                _: u64,
                _: u64,
            ) -> std::result::Result<u64, Box<dyn std::error::Error>> {
                unreachable!("native builtins run through `vm`")
            }
            fn vm(
                mut vm: EncryptedHostAddressToEbpfVm<InvokeContext>,
                _: u64,
                _: u64,
                _: u64,
                _: u64,
                _: u64,
            ) {
                // SAFETY: as in program-test's `processor!`, which this mirrors.
                unsafe {
                    vm.with_vm(|vm| {
                        let log = data_log(vm.context());
                        vm.program_result = with_data_log(log, || {
                            solana_program_test::invoke_builtin_function($entry, vm.context())
                        })
                        .map_err(EbpfError::SyscallError)
                        .into();
                    });
                }
            }
        }
        Some(<Converter as BuiltinFunctionDefinition<_>>::register)
    }};
}

/// A program to register natively: name, id and entry function.
pub struct NativeProgram {
    pub name: &'static str,
    pub id: Pubkey,
    pub builtin: Option<BuiltinFunctionRegisterer>,
}

macro_rules! native_programs {
    ($(($krate:ident, $short:literal, $error:path)),* $(,)?) => {
        /// Every Encore program, from [`crate::programs::PROGRAMS`]'s list.
        pub fn programs() -> Vec<NativeProgram> {
            vec![$({
                native_entry!(entry, $krate);
                NativeProgram {
                    name: stringify!($krate),
                    id: $krate::ID,
                    builtin: logged_processor!(entry),
                }
            }),*]
        }
    };
}
crate::for_each_program!(native_programs);

/// Size of a ProgramData account's header (bincode of
/// `UpgradeableLoaderState::ProgramData`: u32 tag, u64 slot, 1 + 32 bytes of
/// optional authority); the program's bytes follow it on a real cluster.
pub const PROGRAM_DATA_METADATA_LEN: usize = 45;

/// A genuine ProgramData account for `program_id`, as the upgradeable loader
/// writes it, recording `upgrade_authority` (`None`: immutable), and its address.
///
/// Natively run programs are builtins with no loader record, yet governance's
/// `initialize` only trusts the upgrade authority in this account. Planting it
/// satisfies that check unchanged: same address, same owner, same encoding.
pub fn program_data_account(
    program_id: &Pubkey,
    upgrade_authority: Option<Pubkey>,
) -> (Pubkey, Account) {
    let mut data = vec![0u8; PROGRAM_DATA_METADATA_LEN];
    // ProgramData is variant 3 of UpgradeableLoaderState; slot 0.
    data[0..4].copy_from_slice(&3u32.to_le_bytes());
    if let Some(authority) = upgrade_authority {
        data[12] = 1;
        data[13..45].copy_from_slice(authority.as_ref());
    }
    let account = Account {
        lamports: anchor_lang::prelude::Rent::default().minimum_balance(data.len()),
        data,
        owner: anchor_lang::solana_program::bpf_loader_upgradeable::ID,
        executable: false,
        rent_epoch: 0,
    };
    (crate::pda::program_data(program_id).0, account)
}

/// The native mint (wrapped SOL) as every cluster holds it from genesis:
/// 9 decimals, no authorities, owned by SPL Token. Local chains plant it.
pub fn native_mint_account() -> (Pubkey, Account) {
    use anchor_lang::solana_program::program_pack::Pack;
    use anchor_spl::token::spl_token;
    let mint = spl_token::state::Mint {
        mint_authority: None.into(),
        supply: 0,
        decimals: 9,
        is_initialized: true,
        freeze_authority: None.into(),
    };
    let mut data = vec![0u8; spl_token::state::Mint::LEN];
    spl_token::state::Mint::pack(mint, &mut data).expect("a mint fits its length");
    let account = Account {
        lamports: anchor_lang::prelude::Rent::default().minimum_balance(data.len()),
        data,
        owner: anchor_spl::token::ID,
        executable: false,
        rent_epoch: 0,
    };
    (spl_token::native_mint::ID, account)
}

/// Plants `program_id`'s ProgramData in a program-test genesis (before it starts).
pub fn plant_program_data(
    pt: &mut ProgramTest,
    program_id: &Pubkey,
    upgrade_authority: Option<Pubkey>,
) {
    let (address, account) = program_data_account(program_id, upgrade_authority);
    pt.add_account(address, account);
}

/// Parameters for local chains, demos and tests: 3 % protocol fee, settler
/// fees up to 2 %, a 2-day withdrawal notice, a 7-day release period and a
/// 2-day timelock.
pub fn local_params(treasury: &Pubkey) -> ProtocolParams {
    const DAY: i64 = 86_400;
    ProtocolParams {
        treasury: *treasury,
        protocol_fee_bps: 300,
        max_settler_fee_bps: 200,
        withdrawal_notice_secs: 2 * DAY,
        release_period_secs: 7 * DAY,
        timelock_delay_secs: 2 * DAY,
        challenge_window_secs: DAY,
        min_bond_ratio_bps: 10_000,
        dispute_deposit_lamports: 50_000_000,
        dispute_reward_bps: 1_000,
    }
}

/// A program-test with every Encore program registered natively.
pub fn program_test() -> ProgramTest {
    let mut pt = ProgramTest::default();
    pt.prefer_bpf(false);
    for p in programs() {
        pt.add_program(p.name, p.id, p.builtin);
    }
    pt
}

struct Forward(Arc<Box<dyn solana_sysvar_v4::program_stubs::SyscallStubs>>);

struct Placeholder;
impl solana_sysvar_v4::program_stubs::SyscallStubs for Placeholder {}

macro_rules! forward_stubs {
    ($trait:path) => {
        impl $trait for Forward {
            fn sol_log(&self, message: &str) {
                self.0.sol_log(message)
            }
            fn sol_log_compute_units(&self) {
                self.0.sol_log_compute_units()
            }
            fn sol_remaining_compute_units(&self) -> u64 {
                self.0.sol_remaining_compute_units()
            }
            fn sol_invoke_signed(
                &self,
                instruction: &Instruction,
                account_infos: &[AccountInfo],
                signers_seeds: &[&[&[u8]]],
            ) -> ProgramResult {
                self.0
                    .sol_invoke_signed(instruction, account_infos, signers_seeds)
            }
            fn sol_get_sysvar(&self, id: *const u8, var: *mut u8, offset: u64, length: u64) -> u64 {
                self.0.sol_get_sysvar(id, var, offset, length)
            }
            fn sol_get_clock_sysvar(&self, var: *mut u8) -> u64 {
                self.0.sol_get_clock_sysvar(var)
            }
            fn sol_get_epoch_schedule_sysvar(&self, var: *mut u8) -> u64 {
                self.0.sol_get_epoch_schedule_sysvar(var)
            }
            fn sol_get_fees_sysvar(&self, var: *mut u8) -> u64 {
                self.0.sol_get_fees_sysvar(var)
            }
            fn sol_get_rent_sysvar(&self, var: *mut u8) -> u64 {
                self.0.sol_get_rent_sysvar(var)
            }
            fn sol_get_epoch_rewards_sysvar(&self, var: *mut u8) -> u64 {
                self.0.sol_get_epoch_rewards_sysvar(var)
            }
            fn sol_get_last_restart_slot(&self, var: *mut u8) -> u64 {
                self.0.sol_get_last_restart_slot(var)
            }
            fn sol_get_epoch_stake(&self, vote_address: *const u8) -> u64 {
                self.0.sol_get_epoch_stake(vote_address)
            }
            unsafe fn sol_memcpy(&self, dst: *mut u8, src: *const u8, n: usize) {
                unsafe { self.0.sol_memcpy(dst, src, n) }
            }
            unsafe fn sol_memmove(&self, dst: *mut u8, src: *const u8, n: usize) {
                unsafe { self.0.sol_memmove(dst, src, n) }
            }
            unsafe fn sol_memcmp(&self, s1: *const u8, s2: *const u8, n: usize, result: *mut i32) {
                unsafe { self.0.sol_memcmp(s1, s2, n, result) }
            }
            unsafe fn sol_memset(&self, s: *mut u8, c: u8, n: usize) {
                unsafe { self.0.sol_memset(s, c, n) }
            }
            fn sol_get_return_data(&self) -> Option<(Pubkey, Vec<u8>)> {
                self.0.sol_get_return_data()
            }
            fn sol_set_return_data(&self, data: &[u8]) {
                self.0.sol_set_return_data(data)
            }
            fn sol_log_data(&self, fields: &[&[u8]]) {
                if !log_data(fields) {
                    self.0.sol_log_data(fields)
                }
            }
            fn sol_get_processed_sibling_instruction(&self, index: usize) -> Option<Instruction> {
                self.0.sol_get_processed_sibling_instruction(index)
            }
            fn sol_get_stack_height(&self) -> u64 {
                self.0.sol_get_stack_height()
            }
        }
    };
}

forward_stubs!(solana_sysvar_v4::program_stubs::SyscallStubs);
forward_stubs!(solana_sysvar::program_stubs::SyscallStubs);

static BRIDGE: Once = Once::new();

/// Shares program-test's syscall stubs with solana-sysvar 3.x. Call after a
/// program-test bank has started in this process; later calls do nothing.
pub fn bridge_syscall_stubs() {
    BRIDGE.call_once(|| {
        let program_test_stubs =
            solana_sysvar_v4::program_stubs::set_syscall_stubs(Box::new(Placeholder));
        let shared = Arc::new(program_test_stubs);
        solana_sysvar_v4::program_stubs::set_syscall_stubs(Box::new(Forward(shared.clone())));
        solana_sysvar::program_stubs::set_syscall_stubs(Box::new(Forward(shared)));
    });
}

/// Makes sure the bridged stubs are in place, starting a throwaway
/// program-test bank first when none has run in this process (program-test
/// installs its stubs only when a bank starts).
pub fn ensure_syscall_stubs() {
    if BRIDGE.is_completed() {
        return;
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime for the stub bootstrap");
    runtime.block_on(async {
        let _ = ProgramTest::default().start().await;
    });
    bridge_syscall_stubs();
}

/// An in-process chain (LiteSVM) with every Encore program registered natively.
pub struct LiteSvmClient {
    svm: std::sync::Mutex<LiteSVM>,
}

impl Default for LiteSvmClient {
    fn default() -> Self {
        Self::new()
    }
}

impl LiteSvmClient {
    pub fn new() -> Self {
        ensure_syscall_stubs();
        let mut svm = LiteSVM::new();
        for p in programs() {
            svm.add_builtin(p.id, p.builtin.expect("native programs have a builtin"));
        }
        let (native_mint, account) = native_mint_account();
        if svm.get_account(&native_mint).is_none() {
            svm.set_account(native_mint, account)
                .expect("the native mint can be planted");
        }
        // A chain's clock reads the wall clock, so plays logged a moment
        // ago are in its past (settlement refuses plays from its future).
        let mut clock: Clock = svm.get_sysvar();
        if let Ok(now) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            clock.unix_timestamp = i64::try_from(now.as_secs()).unwrap_or(i64::MAX);
        }
        svm.set_sysvar(&clock);
        Self {
            svm: std::sync::Mutex::new(svm),
        }
    }

    /// Direct access, e.g. to warp the clock or plant an account.
    pub fn with_svm<R>(&self, f: impl FnOnce(&mut LiteSVM) -> R) -> R {
        let mut svm = self.svm.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut svm)
    }

    /// Plants `program_id`'s ProgramData (see [`program_data_account`]), e.g.
    /// so governance can be initialized by `upgrade_authority`.
    pub fn plant_program_data(
        &self,
        program_id: &Pubkey,
        upgrade_authority: Option<Pubkey>,
    ) -> Result<()> {
        let (address, account) = program_data_account(program_id, upgrade_authority);
        self.with_svm(|svm| svm.set_account(address, account))
            .map_err(|e| SdkError::InvalidInput(format!("cannot plant ProgramData: {e}")))
    }

    /// Initializes governance as a real deployment would: `authority` is
    /// recorded as the upgrade authority, funded, and runs `initialize`.
    pub fn bootstrap_governance(&self, authority: &Keypair, params: ProtocolParams) -> Result<()> {
        self.plant_program_data(&governance::ID, Some(authority.pubkey()))?;
        self.airdrop(&authority.pubkey(), 1_000_000_000)?;
        let init = crate::instructions::gov::initialize(&authority.pubkey(), params);
        self.send_instructions(&[init], authority, &[]).map(|_| ())
    }

    /// Moves the clock forward by `seconds` (and the slot by one).
    pub fn warp_seconds(&self, seconds: i64) {
        self.with_svm(|svm| {
            let mut clock: Clock = svm.get_sysvar();
            clock.unix_timestamp = clock.unix_timestamp.saturating_add(seconds);
            clock.slot = clock.slot.saturating_add(1);
            svm.set_sysvar(&clock);
            svm.expire_blockhash();
        })
    }
}

impl EncoreClient for LiteSvmClient {
    fn time_travel(&self, seconds: u64) -> Result<Clock> {
        self.warp_seconds(
            i64::try_from(seconds)
                .map_err(|_| crate::error::SdkError::InvalidInput("too far to travel".into()))?,
        );
        self.clock()
    }

    fn get_account(&self, address: &Pubkey) -> Result<Option<Account>> {
        Ok(self.with_svm(|svm| svm.get_account(address)))
    }

    fn get_program_accounts(
        &self,
        program: &Pubkey,
        filters: &[MemcmpFilter],
    ) -> Result<Vec<(Pubkey, Account)>> {
        let all = self.with_svm(|svm| svm.get_program_accounts(program));
        Ok(all
            .into_iter()
            .filter(|(_, a)| filters.iter().all(|f| f.matches(&a.data)))
            .collect())
    }

    fn latest_blockhash(&self) -> Result<Hash> {
        Ok(self.with_svm(|svm| svm.latest_blockhash()))
    }

    fn send_transaction(&self, transaction: &Transaction) -> Result<Signature> {
        let result = self.with_svm(|svm| {
            let result = svm
                .send_transaction(transaction.clone())
                .map(|meta| meta.signature)
                .map_err(|failed| failed.err);
            // A fresh blockhash per transaction, as a real cluster's would advance.
            svm.expire_blockhash();
            result
        });
        result.map_err(|err| {
            SdkError::from_transaction_error(err, &instruction_programs(transaction))
        })
    }

    fn send_versioned_transaction(&self, transaction: &VersionedTransaction) -> Result<Signature> {
        let result = self.with_svm(|svm| {
            let result = svm
                .send_transaction(transaction.clone())
                .map(|meta| meta.signature)
                .map_err(|failed| failed.err);
            svm.expire_blockhash();
            result
        });
        result.map_err(|err| {
            SdkError::from_transaction_error(
                err,
                &crate::client::versioned_instruction_programs(transaction),
            )
        })
    }

    /// From the chain's recent history (LiteSVM keeps the latest transactions).
    fn transaction_logs(&self, signature: &Signature) -> Result<Vec<String>> {
        self.with_svm(|svm| match svm.get_transaction(signature) {
            Some(Ok(meta)) => Ok(meta.logs.clone()),
            Some(Err(failed)) => Ok(failed.meta.logs.clone()),
            None => Err(SdkError::InvalidInput(format!(
                "transaction {signature} is not in the chain's recent history"
            ))),
        })
    }

    /// Moves the slot (not the clock's time) past `slot`, recording each new
    /// slot in SlotHashes as a validator would, so lookup tables can be
    /// created at recent slots and used after their last extension.
    fn wait_for_slot(&self, slot: u64) -> Result<()> {
        self.with_svm(|svm| {
            let mut clock: Clock = svm.get_sysvar();
            if clock.slot > slot {
                return Ok(());
            }
            clock.slot = slot + 1;
            svm.set_sysvar(&clock);
            let hashes = crate::settle::tx::SLOT_HASHES_SYSVAR;
            let mut account = svm.get_account(&hashes).unwrap_or_default();
            let mut entries: Vec<(u64, [u8; 32])> = crate::settle::tx::slot_hashes(&account.data)
                .into_iter()
                .zip(account.data.get(8..).unwrap_or_default().chunks_exact(40))
                .map(|(s, raw)| {
                    let mut hash = [0u8; 32];
                    hash.copy_from_slice(&raw[8..]);
                    (s, hash)
                })
                .collect();
            let mut hash = [0u8; 32];
            hash[..8].copy_from_slice(&clock.slot.to_le_bytes());
            entries.insert(0, (clock.slot, hash));
            entries.truncate(512);
            let mut data = (entries.len() as u64).to_le_bytes().to_vec();
            for (s, h) in &entries {
                data.extend_from_slice(&s.to_le_bytes());
                data.extend_from_slice(h);
            }
            data.resize(account.data.len().max(data.len()), 0);
            account.data = data;
            svm.set_account(hashes, account)
                .map_err(|e| SdkError::InvalidInput(format!("cannot update SlotHashes: {e}")))?;
            svm.expire_blockhash();
            Ok(())
        })
    }

    fn clock(&self) -> Result<Clock> {
        Ok(self.with_svm(|svm| svm.get_sysvar::<Clock>()))
    }

    fn airdrop(&self, to: &Pubkey, lamports: u64) -> Result<()> {
        self.with_svm(|svm| svm.airdrop(to, lamports).map(|_| ()).map_err(|f| f.err))
            .map_err(SdkError::Transaction)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anchor_lang::AccountDeserialize;

    #[test]
    fn planted_program_data_decodes_as_the_loader_writes_it() {
        let authority = Pubkey::new_unique();
        let (address, account) = program_data_account(&governance::ID, Some(authority));
        assert_eq!(address, crate::pda::program_data(&governance::ID).0);
        let decoded =
            anchor_lang::prelude::ProgramData::try_deserialize(&mut account.data.as_slice())
                .expect("ProgramData");
        assert_eq!(decoded.upgrade_authority_address, Some(authority));
        assert_eq!(decoded.slot, 0);

        let (_, frozen) = program_data_account(&governance::ID, None);
        let decoded =
            anchor_lang::prelude::ProgramData::try_deserialize(&mut frozen.data.as_slice())
                .expect("ProgramData");
        assert_eq!(decoded.upgrade_authority_address, None);
    }
}
