//! `encore wallet ...`: keys in the Solana CLI's file format, balances and
//! test SOL, so a newcomer needs no other Solana tool on a local node.

use clap::Subcommand;

use crate::Context;

pub mod address;
pub mod airdrop;
pub mod balance;
pub mod new;

#[derive(Subcommand, Debug)]
pub enum WalletCommand {
    /// Write a new keypair file (a JSON array of 64 bytes, as solana-keygen writes)
    New(new::NewArgs),
    /// Print the keypair's address
    Address,
    /// SOL (or, with --mint, token) balance of the keypair or an address
    Balance(balance::BalanceArgs),
    /// Request test SOL (localnet and devnet only)
    Airdrop(airdrop::AirdropArgs),
}

impl WalletCommand {
    pub fn run(self, ctx: &mut Context) -> anyhow::Result<()> {
        match self {
            WalletCommand::New(args) => new::run(ctx, args),
            WalletCommand::Address => address::run(ctx),
            WalletCommand::Balance(args) => balance::run(ctx, args),
            WalletCommand::Airdrop(args) => airdrop::run(ctx, args),
        }
    }
}

/// Lamports per SOL, and SOL's decimals for printing.
pub const LAMPORTS_PER_SOL: u64 = 1_000_000_000;
pub const SOL_DECIMALS: u8 = 9;
