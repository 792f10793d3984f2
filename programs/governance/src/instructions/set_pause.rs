use anchor_lang::prelude::*;

use crate::constants::seeds;
use crate::errors::GovernanceError;
use crate::events::{log_event, PauseFlagsUpdated};
use crate::state::{PauseArea, PauseFlags, ProtocolConfig};

/// Each `Some` sets that area's flag; `None` leaves it. One call can pause
/// everything in an emergency.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SetPauseArgs {
    pub registry: Option<bool>,
    pub settlement: Option<bool>,
    pub pool: Option<bool>,
}

impl SetPauseArgs {
    /// Every area set to `paused`.
    pub fn all(paused: bool) -> Self {
        Self {
            registry: Some(paused),
            settlement: Some(paused),
            pool: Some(paused),
        }
    }

    /// Only `area` set to `paused`.
    pub fn only(area: PauseArea, paused: bool) -> Self {
        let mut args = Self::default();
        match area {
            PauseArea::Registry => args.registry = Some(paused),
            PauseArea::Settlement => args.settlement = Some(paused),
            PauseArea::Pool => args.pool = Some(paused),
        }
        args
    }

    pub fn applied_to(&self, flags: PauseFlags) -> PauseFlags {
        PauseFlags {
            registry: self.registry.unwrap_or(flags.registry),
            settlement: self.settlement.unwrap_or(flags.settlement),
            pool: self.pool.unwrap_or(flags.pool),
        }
    }
}

#[derive(Accounts)]
pub struct SetPause<'info> {
    pub authority: Signer<'info>,
    #[account(
        mut,
        seeds = [seeds::CONFIG],
        bump = config.bump,
        has_one = authority @ GovernanceError::Unauthorized,
    )]
    pub config: Account<'info, ProtocolConfig>,
}

pub fn handler(ctx: Context<SetPause>, args: SetPauseArgs) -> Result<()> {
    let config = &mut ctx.accounts.config;
    let before = config.paused;
    let after = args.applied_to(before);
    require!(after != before, GovernanceError::PauseUnchanged);
    config.paused = after;
    config.updated_at = Clock::get()?.unix_timestamp;
    log_event(&PauseFlagsUpdated {
        authority: config.authority,
        before,
        after,
    });
    Ok(())
}
