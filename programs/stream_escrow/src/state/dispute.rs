use anchor_lang::prelude::*;

/// A listener's dispute of what one settler charged, at
/// `[DISPUTE, listener, settler, epoch, number]`. Kept after its decision as the
/// record of it.
#[account]
#[derive(InitSpace, Debug)]
pub struct Dispute {
    /// The `Listener` account.
    pub listener: Pubkey,
    /// The listener's wallet, as receipts name it.
    pub wallet: Pubkey,
    pub payment_mint: Pubkey,
    /// The settler's wallet.
    pub settler: Pubkey,
    /// Who opened it (the listener or a watcher): pays the deposit, gets the reward.
    pub disputer: Pubkey,
    /// Its number among the tab's disputes.
    pub number: u32,
    /// The tab's epoch: the receipt that answers must be for it.
    pub epoch: u32,
    pub opened_at: i64,
    /// The settler's receipt must land by then.
    pub answer_by: i64,
    /// The tab's charge when opened (charges are held while it is open).
    pub charged: u64,
    /// Of which still open to dispute: the most a refund can be.
    pub open_amount: u64,
    /// What the disputer says the listener signed for.
    pub signed_total: u64,
    /// Bond held for it.
    pub held: u64,
    /// Lamports put up by the disputer.
    pub deposit: u64,
    pub status: DisputeStatus,
    /// The answering receipt's total (0 when unanswered).
    pub answered_total: u64,
    pub refund: u64,
    pub reward: u64,
    pub decided_at: i64,
    pub bump: u8,
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, PartialEq, Eq, Debug, InitSpace)]
pub enum DisputeStatus {
    /// Waiting for the settler's receipt until `answer_by`.
    Open,
    /// A receipt covered the charge: the deposit went to the settler.
    Dismissed,
    /// An overcharge was proven, or the settler did not answer: the excess
    /// was refunded from its bond, the disputer rewarded, the settler suspended.
    Upheld,
}
