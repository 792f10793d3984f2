use anchor_lang::prelude::*;

/// A settler's batch sequence and fees in one payment mint, at
/// `[SETTLER_STATE, settler, mint]`. A batch lands only as `last_seq + 1`,
/// so a retry of a landed batch fails and a crashed settler resumes here.
#[account]
#[derive(InitSpace, Debug)]
pub struct SettlerState {
    pub settler: Pubkey,
    pub payment_mint: Pubkey,
    /// The settler's fee, at most governance's cap (re-checked every batch).
    pub fee_bps: u16,
    pub last_seq: u64,
    pub last_audit_root: [u8; 32],
    pub last_settled_at: i64,
    /// Fees earned and not yet claimed; held in the vault.
    pub fees_owed: u64,
    pub lifetime_fees: u64,
    pub lifetime_plays: u64,
    pub lifetime_amount: u64,
    pub bump: u8,
}
