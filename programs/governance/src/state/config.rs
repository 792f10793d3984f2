use anchor_lang::prelude::*;

use crate::checks::check_params;
use crate::constants::seeds;

/// The timelocked protocol parameters, read by the other Encore programs.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, PartialEq, Eq, Debug, InitSpace)]
pub struct ProtocolParams {
    /// Wallet whose token accounts receive protocol fees and slashed bonds.
    pub treasury: Pubkey,
    /// Protocol share of settled revenue, at most `MAX_PROTOCOL_FEE_BPS`.
    pub protocol_fee_bps: u16,
    /// Cap on a settler's fee, at most `MAX_SETTLER_FEE_BPS`.
    pub max_settler_fee_bps: u16,
    /// How long a listener waits between requesting and completing a withdrawal.
    pub withdrawal_notice_secs: i64,
    /// Period over which a track's revenue is released to its stakers.
    pub release_period_secs: i64,
    /// Minimum wait between proposing and executing a parameter change.
    pub timelock_delay_secs: i64,
    /// How long after a charge a listener may dispute it, and how long a
    /// disputed settler has to answer with the listener's receipt.
    pub challenge_window_secs: i64,
    /// Free bond a settler must hold for what it charged in the current and
    /// previous challenge windows, in basis points of that amount (10,000 =
    /// the bond refunds every charge still open to dispute, once).
    pub min_bond_ratio_bps: u16,
    /// Lamports a disputer puts up; a dispute the settler answers goes to the settler.
    pub dispute_deposit_lamports: u64,
    /// Paid to a disputer who proves an overcharge, in basis points of the
    /// excess, from the settler's bond on top of the refund.
    pub dispute_reward_bps: u16,
}

/// An area of the protocol that can be paused on its own.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, PartialEq, Eq, Debug, InitSpace)]
pub enum PauseArea {
    /// New artists and tracks (track_registry), new share issues and stakes
    /// (royalty_shares). Owners keep control of existing tracks.
    Registry,
    /// stream_escrow: deposits and settlement batches.
    Settlement,
    /// royalty_pool: swaps and deposits.
    Pool,
}

/// Pausing blocks only new activity. Exits (listener withdrawals, share
/// unstake and claim, pool withdrawals) never read these flags.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, PartialEq, Eq, Debug, Default, InitSpace,
)]
pub struct PauseFlags {
    pub registry: bool,
    pub settlement: bool,
    pub pool: bool,
}

impl PauseFlags {
    pub fn get(&self, area: PauseArea) -> bool {
        match area {
            PauseArea::Registry => self.registry,
            PauseArea::Settlement => self.settlement,
            PauseArea::Pool => self.pool,
        }
    }
}

/// One per deployment, at `[CONFIG]`. Other programs take it as
/// `Account<'info, governance::state::ProtocolConfig>` (owner and
/// discriminator checked by Anchor) with `seeds = [seeds::CONFIG]` and
/// `seeds::program = governance::ID`. Fixed-size fields come first.
#[account]
#[derive(InitSpace, Debug)]
pub struct ProtocolConfig {
    pub authority: Pubkey,
    pub params: ProtocolParams,
    pub paused: PauseFlags,
    /// Id of the next proposed change; ids are never reused.
    pub change_count: u64,
    pub initialized_at: i64,
    pub updated_at: i64,
    pub bump: u8,
    /// Step one of a two-step authority transfer.
    pub pending_authority: Option<Pubkey>,
}

impl ProtocolConfig {
    /// The config's address for this deployment.
    pub fn address() -> Pubkey {
        Pubkey::find_program_address(&[seeds::CONFIG], &crate::ID).0
    }

    /// Whether new activity in `area` is paused. Exits must not call this.
    pub fn is_paused(&self, area: PauseArea) -> bool {
        self.paused.get(area)
    }

    /// The one pause check every program runs before new activity in `area`,
    /// failing with the caller's own named error (`paused`), so the code
    /// is read in the calling program's error table. Exits never call it.
    pub fn require_active(
        &self,
        area: PauseArea,
        paused: impl Into<anchor_lang::error::Error>,
    ) -> Result<()> {
        if self.is_paused(area) {
            return Err(paused.into());
        }
        Ok(())
    }

    pub fn invariant(&self) -> Result<()> {
        check_params(&self.params)?;
        Ok(())
    }
}
