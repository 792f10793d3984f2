//! An embedded local Solana node: a real JSON-RPC (and WebSocket) server on
//! 127.0.0.1 with every Encore program registered natively at its declared
//! id, beside SPL Token, Token-2022 and Associated Token.
//!
//! The node is surfpool's (a LiteSVM-based validator stand-in) local runloop,
//! started offline: it never reaches out to another cluster. Any Solana tool
//! pointed at [`Localnet::url`] sees an ordinary cluster: airdrops, blockhashes,
//! `sendTransaction`, `getAccountInfo`, `getProgramAccounts`, signatures and
//! their statuses. Blocks are produced on a clock (every `slot_time_ms`), and
//! chain time advances with them; [`Localnet::warp_seconds`] jumps ahead.
//!
//! Two things differ from a deployed cluster, both because the programs run
//! natively (no SBF toolchain is needed):
//! - the Encore program accounts are builtins, not upgradeable-loader
//!   programs. Governance's `initialize` trusts only its ProgramData's upgrade
//!   authority, so a genuine ProgramData record is planted for
//!   [`LocalnetConfig::upgrade_authority`] (see
//!   [`crate::native::program_data_account`]);
//! - surfpool runs every transaction twice: a preflight on a copy of the chain,
//!   then the real execution (and a client's `simulateTransaction` is a third).
//!   Encore programs have no side effects outside the chain, so this changes
//!   nothing but the cost; `msg!` lines print more than once.
//!
//! ```no_run
//! use encore_sdk::localnet::{Localnet, LocalnetConfig};
//! use encore_sdk::{EncoreClient, Pubkey};
//!
//! let authority = Pubkey::new_unique();
//! let net = Localnet::start(LocalnetConfig {
//!     upgrade_authority: Some(authority),
//!     ..LocalnetConfig::default()
//! })?;
//! let client = net.client();
//! assert!(client.balance(&authority)? > 0);
//! net.warp_seconds(2 * 86_400)?; // two days later
//! net.stop()?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anchor_lang::prelude::{Clock, EpochSchedule, Pubkey};
use solana_commitment_config::CommitmentConfig;
use surfpool_core::helpers::time_travel::calculate_time_travel_clock;
use surfpool_core::surfnet::locker::SurfnetSvmLocker;
use surfpool_core::surfnet::svm::{SurfnetSvm, SurfnetSvmConfig};
use surfpool_core::types::TimeTravelConfig;
use surfpool_types::{
    RpcConfig, SimnetCommand, SimnetConfig, SimnetEvent, SurfpoolConfig, DEFAULT_SLOT_TIME_MS,
};

use crate::client::RpcClient;
use crate::native::{ensure_syscall_stubs, native_mint_account, program_data_account, programs};

/// The Solana CLI's default RPC port; the WebSocket port is the next one.
pub const DEFAULT_PORT: u16 = 8899;

/// What [`LocalnetConfig::upgrade_authority`] and every address in
/// [`LocalnetConfig::airdrop`] start with: 1,000 SOL.
pub const GENESIS_LAMPORTS: u64 = 1_000 * 1_000_000_000;

const HOST: Ipv4Addr = Ipv4Addr::LOCALHOST;
const READY_DEADLINE: Duration = Duration::from_secs(60);
const STOP_DEADLINE: Duration = Duration::from_secs(15);
const WARP_DEADLINE: Duration = Duration::from_secs(30);

/// How to start a [`Localnet`].
#[derive(Clone, Debug)]
pub struct LocalnetConfig {
    /// RPC port on 127.0.0.1 (the WebSocket server takes the next one).
    /// `None` picks free ports.
    pub port: Option<u16>,
    /// Recorded as governance's upgrade authority (so it can run
    /// `encore gov init`) and funded with [`GENESIS_LAMPORTS`]. `None`
    /// plants no ProgramData: governance then cannot be initialized.
    pub upgrade_authority: Option<Pubkey>,
    /// Addresses funded with [`GENESIS_LAMPORTS`] at genesis.
    pub airdrop: Vec<Pubkey>,
    /// Milliseconds per slot; chain time advances by this much per block.
    pub slot_time_ms: u64,
    /// Print the node's log lines and each processed transaction to stderr.
    pub log: bool,
}

impl Default for LocalnetConfig {
    fn default() -> Self {
        Self {
            port: None,
            upgrade_authority: None,
            airdrop: Vec::new(),
            slot_time_ms: DEFAULT_SLOT_TIME_MS,
            log: false,
        }
    }
}

/// Why a [`Localnet`] could not start, warp or stop.
#[derive(Debug, thiserror::Error)]
pub enum LocalnetError {
    #[error("port {port} on 127.0.0.1 is in use ({reason})")]
    PortInUse { port: u16, reason: String },
    #[error("cannot start the local node: {0}")]
    Start(String),
    #[error("the local node was not ready within {0:?}")]
    NotReady(Duration),
    #[error("cannot move the local node's clock: {0}")]
    TimeTravel(String),
    #[error("the local node did not stop cleanly: {0}")]
    Stop(String),
}

/// A program the localnet serves: its name and id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalnetProgram {
    pub name: &'static str,
    pub id: Pubkey,
}

/// Every program a localnet serves at its declared id: the Encore programs
/// (native builtins) and the SPL programs they call (LiteSVM's bundled SBF).
pub fn served_programs() -> Vec<LocalnetProgram> {
    let mut served: Vec<LocalnetProgram> = programs()
        .into_iter()
        .map(|p| LocalnetProgram {
            name: p.name,
            id: p.id,
        })
        .collect();
    served.push(LocalnetProgram {
        name: "spl_token",
        id: anchor_spl::token::ID,
    });
    served.push(LocalnetProgram {
        name: "spl_token_2022",
        id: anchor_spl::token_2022::ID,
    });
    served.push(LocalnetProgram {
        name: "spl_associated_token_account",
        id: anchor_spl::associated_token::ID,
    });
    served
}

/// A running local node. Dropping it stops the node (as [`Localnet::stop`]
/// does, reporting nothing).
pub struct Localnet {
    url: String,
    ws_url: String,
    upgrade_authority: Option<Pubkey>,
    locker: SurfnetSvmLocker,
    commands: crossbeam_channel::Sender<SimnetCommand>,
    runloop: Option<JoinHandle<Result<(), String>>>,
    events: Option<JoinHandle<()>>,
    stop_events: Arc<AtomicBool>,
}

impl Localnet {
    /// Starts the node and returns once its RPC server answers. Call it
    /// outside any async runtime (it bridges the syscall stubs first, which
    /// runs a throwaway bank on a runtime of its own).
    pub fn start(config: LocalnetConfig) -> Result<Self, LocalnetError> {
        ensure_syscall_stubs();
        // A free port can be taken by someone else between being found and
        // being bound: try other free ports a few times.
        let attempts = if config.port.is_none() { 3 } else { 1 };
        let mut outcome = Self::start_once(&config);
        for _ in 1..attempts {
            match outcome {
                Err(LocalnetError::Start(_) | LocalnetError::PortInUse { .. }) => {
                    outcome = Self::start_once(&config);
                }
                _ => break,
            }
        }
        outcome
    }

    fn start_once(config: &LocalnetConfig) -> Result<Self, LocalnetError> {
        let (port, ws_port) = ports(config.port)?;

        let svm_config = SurfnetSvmConfig {
            surfnet_id: "encore-localnet".into(),
            slot_time: config.slot_time_ms,
            // Profiling replays every instruction prefix: a cost, and more
            // native runs, for nothing a user of this node asks for.
            instruction_profiling_enabled: false,
            ..SurfnetSvmConfig::default()
        };
        let (mut svm, events_rx, geyser_rx) =
            SurfnetSvm::new(svm_config).map_err(|e| LocalnetError::Start(e.to_string()))?;
        for program in programs() {
            let builtin = program
                .builtin
                .ok_or_else(|| LocalnetError::Start(format!("{} has no builtin", program.name)))?;
            svm.inner.svm.add_builtin(program.id, builtin);
        }
        // Every cluster has the native mint from genesis.
        let (native_mint, account) = native_mint_account();
        if svm.get_account(&native_mint).ok().flatten().is_none() {
            svm.set_account(&native_mint, account)
                .map_err(|e| LocalnetError::Start(format!("cannot plant the native mint: {e}")))?;
        }
        if let Some(authority) = config.upgrade_authority {
            let (address, account) = program_data_account(&governance::ID, Some(authority));
            svm.set_account(&address, account)
                .map_err(|e| LocalnetError::Start(format!("cannot plant ProgramData: {e}")))?;
        }

        let mut airdrop = config.airdrop.clone();
        airdrop.extend(config.upgrade_authority);
        let surfpool_config = SurfpoolConfig {
            simnets: vec![SimnetConfig {
                offline_mode: true,
                remote_rpc_url: None,
                slot_time: config.slot_time_ms,
                airdrop_addresses: airdrop,
                airdrop_token_amount: GENESIS_LAMPORTS,
                instruction_profiling_enabled: false,
                surfnet_id: "encore-localnet".into(),
                ..SimnetConfig::default()
            }],
            rpc: RpcConfig {
                bind_host: HOST.to_string(),
                bind_port: port,
                ws_port,
                ..RpcConfig::default()
            },
            ..SurfpoolConfig::default()
        };

        let locker = SurfnetSvmLocker::new(svm);
        let (commands, commands_rx) = crossbeam_channel::unbounded();
        let (ready_tx, ready_rx) = mpsc::channel();
        let stop_events = Arc::new(AtomicBool::new(false));
        let events = spawn_event_drain(events_rx, ready_tx, stop_events.clone(), config.log)?;
        let runloop = spawn_runloop(
            locker.clone(),
            surfpool_config,
            commands.clone(),
            commands_rx,
            geyser_rx,
        )?;

        let mut net = Localnet {
            url: format!("http://{HOST}:{port}"),
            ws_url: format!("ws://{HOST}:{ws_port}"),
            upgrade_authority: config.upgrade_authority,
            locker,
            commands,
            runloop: Some(runloop),
            events: Some(events),
            stop_events,
        };
        net.wait_ready(&ready_rx)?;
        Ok(net)
    }

    fn wait_ready(&mut self, ready: &mpsc::Receiver<()>) -> Result<(), LocalnetError> {
        let deadline = Instant::now() + READY_DEADLINE;
        loop {
            match ready.recv_timeout(Duration::from_millis(50)) {
                Ok(()) => return Ok(()),
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(LocalnetError::Start("the event stream closed".into()))
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
            }
            if self.runloop.as_ref().is_some_and(|t| t.is_finished()) {
                let outcome = self.runloop.take().map(JoinHandle::join);
                let reason = match outcome {
                    Some(Ok(Err(reason))) => reason,
                    Some(Err(_)) => "the node's thread panicked".into(),
                    _ => "the node stopped before it was ready".into(),
                };
                return Err(LocalnetError::Start(reason));
            }
            if Instant::now() >= deadline {
                return Err(LocalnetError::NotReady(READY_DEADLINE));
            }
        }
    }

    /// The JSON-RPC URL, `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The WebSocket (pubsub) URL, `ws://127.0.0.1:<port + 1>`.
    pub fn ws_url(&self) -> &str {
        &self.ws_url
    }

    /// Governance's upgrade authority on this node, if one was planted.
    pub fn upgrade_authority(&self) -> Option<Pubkey> {
        self.upgrade_authority
    }

    /// An SDK client for this node at `confirmed` commitment.
    pub fn client(&self) -> RpcClient {
        RpcClient::new(&self.url, CommitmentConfig::confirmed())
    }

    /// The chain's clock, read in-process.
    pub fn clock(&self) -> Clock {
        self.with_svm(|svm| svm.inner.get_sysvar::<Clock>())
    }

    /// Moves chain time forward by `seconds` (the slot moves with it, one
    /// slot per `slot_time_ms`) and returns the new clock. The same as the
    /// `surfnet_timeTravel` RPC cheatcode with an absolute timestamp, which
    /// other clients of the node can call; this waits longer for the node to
    /// apply it (surfpool's own wait is 2 s, short on a loaded machine).
    pub fn warp_seconds(&self, seconds: u64) -> Result<Clock, LocalnetError> {
        let warp = |e: String| LocalnetError::TimeTravel(e);
        let (epoch_info, epoch_schedule, slot_time, updated_at) = self.with_svm(|svm| {
            (
                svm.latest_epoch_info.clone(),
                svm.inner.get_sysvar::<EpochSchedule>(),
                svm.slot_time,
                svm.updated_at,
            )
        });
        let target = updated_at.saturating_add(seconds.saturating_mul(1_000));
        let clock = calculate_time_travel_clock(
            &TimeTravelConfig::AbsoluteTimestamp(target),
            updated_at,
            slot_time,
            &epoch_info,
            &epoch_schedule,
        )
        .map_err(|e| warp(e.to_string()))?;
        let (applied_tx, applied) = crossbeam_channel::bounded(1);
        self.commands
            .send(SimnetCommand::UpdateInternalClockWithConfirmation(
                None, clock, applied_tx,
            ))
            .map_err(|_| warp("the node has stopped".into()))?;
        applied
            .recv_timeout(WARP_DEADLINE)
            .map_err(|e| warp(format!("not applied within {WARP_DEADLINE:?} ({e})")))?;
        Ok(self.clock())
    }

    /// Direct, in-process access to the node's state (e.g. to plant an
    /// account). Writes bypass transactions: use sparingly.
    pub fn with_svm<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut SurfnetSvm) -> R + Send + Sync,
    ) -> R {
        let locker = self.locker.clone();
        std::thread::scope(|scope| {
            scope
                .spawn(move || locker.with_svm_writer(f))
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    }

    /// Whether the node is still running (it stops only when told to, or on
    /// an internal failure).
    pub fn is_running(&self) -> bool {
        self.runloop.as_ref().is_some_and(|t| !t.is_finished())
    }

    /// Stops the node: sends the terminate command, closes the RPC servers
    /// (the port is free again afterwards) and joins the node's threads.
    /// (surfpool's slot-clock thread has no stop signal: it stays asleep in
    /// the process, ticking into a closed channel, until the process exits.)
    pub fn stop(mut self) -> Result<(), LocalnetError> {
        self.shutdown()
    }

    fn shutdown(&mut self) -> Result<(), LocalnetError> {
        let Some(runloop) = self.runloop.take() else {
            return Ok(());
        };
        // A closed channel means the runloop is gone already; the join decides.
        let _ = self.commands.send(SimnetCommand::Terminate(None));
        let deadline = Instant::now() + STOP_DEADLINE;
        while !runloop.is_finished() {
            if Instant::now() >= deadline {
                return Err(LocalnetError::Stop(format!(
                    "still running {STOP_DEADLINE:?} after terminate"
                )));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let outcome = runloop.join();
        self.stop_events.store(true, Ordering::Relaxed);
        if let Some(events) = self.events.take() {
            let _ = events.join();
        }
        wait_port_free(&self.url);
        match outcome {
            Ok(Ok(())) => Ok(()),
            Ok(Err(reason)) => Err(LocalnetError::Stop(reason)),
            Err(_) => Err(LocalnetError::Stop("the node's thread panicked".into())),
        }
    }
}

impl Drop for Localnet {
    fn drop(&mut self) {
        if let Err(e) = self.shutdown() {
            eprintln!("warning: {e}");
        }
    }
}

impl std::fmt::Debug for Localnet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Localnet")
            .field("url", &self.url)
            .field("ws_url", &self.ws_url)
            .field("upgrade_authority", &self.upgrade_authority)
            .finish_non_exhaustive()
    }
}

/// The RPC and WebSocket ports: `port` and `port + 1`, or two free ones.
fn ports(port: Option<u16>) -> Result<(u16, u16), LocalnetError> {
    let in_use = |port: u16, e: std::io::Error| LocalnetError::PortInUse {
        port,
        reason: e.to_string(),
    };
    match port {
        Some(port) => {
            let ws = port
                .checked_add(1)
                .ok_or_else(|| LocalnetError::PortInUse {
                    port,
                    reason: "the WebSocket server needs the next port".into(),
                })?;
            for p in [port, ws] {
                TcpListener::bind(SocketAddr::from((HOST, p))).map_err(|e| in_use(p, e))?;
            }
            Ok((port, ws))
        }
        None => {
            // Hold both listeners until both ports are known, so they differ.
            let rpc = TcpListener::bind((HOST, 0)).map_err(|e| in_use(0, e))?;
            let ws = TcpListener::bind((HOST, 0)).map_err(|e| in_use(0, e))?;
            let port_of = |l: &TcpListener| l.local_addr().map(|a| a.port());
            Ok((
                port_of(&rpc).map_err(|e| in_use(0, e))?,
                port_of(&ws).map_err(|e| in_use(0, e))?,
            ))
        }
    }
}

/// Waits (briefly) until nothing listens on the URL's port any more, so a
/// caller may start another node there at once.
fn wait_port_free(url: &str) {
    let Some(port) = url.rsplit(':').next().and_then(|p| p.parse::<u16>().ok()) else {
        return;
    };
    let deadline = Instant::now() + Duration::from_secs(2);
    while Instant::now() < deadline {
        if std::net::TcpStream::connect_timeout(
            &SocketAddr::from((HOST, port)),
            Duration::from_millis(50),
        )
        .is_err()
        {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn spawn_runloop(
    locker: SurfnetSvmLocker,
    config: SurfpoolConfig,
    commands: crossbeam_channel::Sender<SimnetCommand>,
    commands_rx: crossbeam_channel::Receiver<SimnetCommand>,
    geyser_rx: crossbeam_channel::Receiver<surfpool_core::surfnet::GeyserEvent>,
) -> Result<JoinHandle<Result<(), String>>, LocalnetError> {
    std::thread::Builder::new()
        .name("encore-localnet".into())
        .spawn(move || {
            // The node blocks in place on its own locks, which needs a
            // multi-threaded runtime.
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .thread_name("encore-localnet-rt")
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            let outcome = runtime
                .block_on(surfpool_core::runloops::start_local_surfnet_runloop(
                    locker,
                    config,
                    commands,
                    commands_rx,
                    geyser_rx,
                ))
                .map_err(|e| e.to_string());
            runtime.shutdown_timeout(Duration::from_secs(5));
            outcome
        })
        .map_err(|e| LocalnetError::Start(format!("cannot spawn the node's thread: {e}")))
}

/// The node blocks on a full event buffer, so something must always read it.
fn spawn_event_drain(
    events: crossbeam_channel::Receiver<SimnetEvent>,
    ready: mpsc::Sender<()>,
    stop: Arc<AtomicBool>,
    log: bool,
) -> Result<JoinHandle<()>, LocalnetError> {
    std::thread::Builder::new()
        .name("encore-localnet-events".into())
        .spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let event = match events.recv_timeout(Duration::from_millis(100)) {
                    Ok(event) => event,
                    Err(crossbeam_channel::RecvTimeoutError::Timeout) => continue,
                    Err(crossbeam_channel::RecvTimeoutError::Disconnected) => break,
                };
                if let SimnetEvent::CoreStarted(_) = event {
                    let _ = ready.send(());
                }
                if log {
                    log_event(&event);
                }
            }
        })
        .map_err(|e| LocalnetError::Start(format!("cannot spawn the event thread: {e}")))
}

fn log_event(event: &SimnetEvent) {
    match event {
        SimnetEvent::InfoLog(at, message) => eprintln!("{} info  {message}", at.format("%T")),
        SimnetEvent::WarnLog(at, message) => eprintln!("{} warn  {message}", at.format("%T")),
        SimnetEvent::ErrorLog(at, message) => eprintln!("{} error {message}", at.format("%T")),
        SimnetEvent::TransactionProcessed(at, meta, err) => {
            let outcome = err
                .as_ref()
                .map_or_else(|| "ok".to_string(), |e| format!("failed: {e}"));
            eprintln!(
                "{} tx    {} {outcome} ({} CU)",
                at.format("%T"),
                meta.signature,
                meta.compute_units_consumed
            );
        }
        _ => {}
    }
}

/// The test stablecoin `encore localnet` creates: a 6-decimal SPL Token
/// mint at a fixed address whose mint authority, the localnet faucet, is a
/// published key, so any wallet can be given tokens on a local node. It
/// exists on no other cluster (nobody creates it there).
pub mod test_mint {
    use anchor_lang::prelude::Pubkey;
    use sha2::{Digest, Sha256};
    use solana_keypair::Keypair;
    use solana_signer::Signer;

    use crate::client::EncoreClient;
    use crate::error::Result;
    use crate::token;

    pub const DECIMALS: u8 = 6;

    fn derived(label: &str) -> Keypair {
        Keypair::new_from_array(Sha256::digest(label.as_bytes()).into())
    }

    /// The faucet: the mint's authority, funded at the node's genesis.
    pub fn faucet() -> Keypair {
        derived("encore localnet test mint faucet")
    }

    fn mint_keypair() -> Keypair {
        derived("encore localnet test mint")
    }

    /// The mint's address (the same on every localnet).
    pub fn address() -> Pubkey {
        mint_keypair().pubkey()
    }

    /// Whether `mint` on this chain is the test mint, its authority the faucet.
    pub fn is_test_mint(client: &dyn EncoreClient, mint: &Pubkey) -> bool {
        token::mint_info(client, mint).is_ok_and(|info| {
            Option::<Pubkey>::from(info.mint_authority) == Some(faucet().pubkey())
        })
    }

    /// Creates the mint (the faucet pays) unless it exists; returns its address.
    pub fn create(client: &dyn EncoreClient) -> Result<Pubkey> {
        let mint = mint_keypair();
        if client.get_account(&mint.pubkey())?.is_none() {
            let faucet = faucet();
            let ixs = token::create_mint(
                &faucet.pubkey(),
                &mint.pubkey(),
                &faucet.pubkey(),
                DECIMALS,
                token::mint_rent(),
            )?;
            client.send_instructions(&ixs, &faucet, &[&mint])?;
        }
        Ok(mint.pubkey())
    }

    /// Mints `amount` base units to `wallet`'s associated token account,
    /// creating it if needed (the faucet pays); returns the account.
    pub fn mint_to(client: &dyn EncoreClient, wallet: &Pubkey, amount: u64) -> Result<Pubkey> {
        let (faucet, mint) = (faucet(), address());
        let account = token::associated_address(wallet, &mint);
        let ixs = [
            token::create_associated_idempotent(&faucet.pubkey(), wallet, &mint),
            token::mint_to(&mint, &account, &faucet.pubkey(), amount)?,
        ];
        client.send_instructions(&ixs, &faucet, &[])?;
        Ok(account)
    }
}
