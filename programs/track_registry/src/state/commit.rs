use anchor_lang::prelude::*;

/// A registration committed to and not yet revealed, at `[COMMIT,
/// authority, commitment]`. The commitment binds a content hash to the
/// registering wallet (`sha256("encore-register-1" || content_hash ||
/// authority || salt)`), so a copy of the pending commitment is useless to
/// any other wallet, and it hides the hash until the reveal.
#[account]
#[derive(InitSpace, Debug)]
pub struct RegistrationCommit {
    pub authority: Pubkey,
    pub commitment: [u8; 32],
    /// The slot it was made in: the reveal comes later, and the older of two
    /// commitments to the same audio wins it.
    pub slot: u64,
    pub bump: u8,
}
