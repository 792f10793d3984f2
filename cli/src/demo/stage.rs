//! Where the story plays: the in-process chain (time warps) or a cluster
//! (time passes), the keypair that pays, and the progress lines it prints.

use std::fmt::Display;
use std::io::Write;

use anyhow::Context as _;
use encore_sdk::localnet::Localnet;
use encore_sdk::{EncoreClient, Pubkey};
use solana_instruction::Instruction;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::hints::Known;
use crate::send::send;
use crate::units::format_duration;

/// Progress lines on stderr, in display mode only (JSON output stays clean).
pub struct Progress {
    on: bool,
}

impl Progress {
    pub fn new(on: bool) -> Self {
        Self { on }
    }

    pub fn on(&self) -> bool {
        self.on
    }

    pub fn say(&self, text: impl Display) {
        if self.on {
            // Progress is best effort: a closed stderr must not fail the demo.
            let _ = writeln!(std::io::stderr(), "==> {text}");
        }
    }
}

/// The chain the story plays on, and who pays for it.
pub struct Stage<'a> {
    pub client: &'a dyn EncoreClient,
    /// Set on the embedded node: the demo bootstraps governance and warps time.
    pub local: Option<&'a Localnet>,
    /// Pays fees and rent and funds the cast; the mint authority of the demo's USDC.
    pub payer: Keypair,
    /// On a cluster: how long to let time pass before each round of claims.
    pub wait_secs: i64,
    pub progress: &'a Progress,
}

impl Stage<'_> {
    pub fn local(&self) -> bool {
        self.local.is_some()
    }

    /// Deterministic keys on the in-process chain (the same addresses every
    /// run), fresh ones on a cluster.
    pub fn keypair(&self, n: u8) -> Keypair {
        if self.local() {
            Keypair::new_from_array([n; 32])
        } else {
            Keypair::new()
        }
    }

    pub fn send(
        &self,
        what: &str,
        ixs: &[Instruction],
        payer: &Keypair,
        signers: &[&Keypair],
    ) -> anyhow::Result<()> {
        send(self.client, ixs, payer, signers, &Known::default())
            .with_context(|| format!("demo step failed: {what}"))?;
        Ok(())
    }

    /// SOL for a cast member: an airdrop in-process, a transfer from the payer on a cluster.
    pub fn fund(&self, to: &Pubkey, lamports: u64) -> anyhow::Result<()> {
        match self.local {
            Some(_) => self.client.airdrop(to, lamports)?,
            None => self.send(
                "funding the cast",
                &[solana_system_interface::instruction::transfer(
                    &self.payer.pubkey(),
                    to,
                    lamports,
                )],
                &self.payer,
                &[],
            )?,
        }
        Ok(())
    }

    pub fn advance(&self, secs: i64) -> anyhow::Result<()> {
        match self.local {
            Some(net) => {
                net.warp_seconds(secs.unsigned_abs())?;
                self.progress.say(format!(
                    "Time passes: {} (clock warped)",
                    format_duration(secs)
                ));
            }
            None => {
                let wait = self.wait_secs.clamp(0, secs.max(0));
                self.progress.say(format!(
                    "Waiting {} for the cluster's clock (of a {} release period)",
                    format_duration(wait),
                    format_duration(secs)
                ));
                std::thread::sleep(std::time::Duration::from_secs(wait.unsigned_abs()));
            }
        }
        Ok(())
    }
}
