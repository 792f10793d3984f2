use anchor_lang::prelude::*;

/// Royalty pool errors. Append only: the codes (6000 + position) are a public interface.
#[error_code]
#[derive(PartialEq, Eq)]
pub enum PoolError {
    #[msg("the share mint is not this royalty config's share mint")]
    NotRoyaltyShareMint,
    #[msg("the share and quote mints must differ")]
    SameMint,
    #[msg("the pool fee is at most 1000 bps")]
    FeeTooHigh,
    #[msg("amount must be greater than zero")]
    ZeroAmount,
    #[msg("initial liquidity must exceed the locked minimum (sqrt(share x quote) > 1000)")]
    InsufficientInitialLiquidity,
    #[msg("a pool for this pair already exists")]
    PoolAlreadyExists,
    #[msg("token account has the wrong mint")]
    WrongMint,
    #[msg("vault is not this pool's")]
    WrongVault,
    #[msg("LP mint is not this pool's")]
    WrongLpMint,
    #[msg("token account is not the treasury's for this mint")]
    WrongTreasuryAccount,
    #[msg("slippage: output is below the minimum accepted")]
    InsufficientOutput,
    #[msg("slippage: input is above the maximum accepted")]
    ExcessiveInput,
    #[msg("the pool cannot pay out that much")]
    InsufficientLiquidity,
    #[msg("the amount is too small to return anything")]
    ZeroOutput,
    #[msg("the source account holds too little")]
    InsufficientFunds,
    #[msg("no protocol fees to collect")]
    NothingToCollect,
    #[msg("new activity is paused by governance")]
    Paused,
    #[msg("arithmetic overflow")]
    MathOverflow,
    #[msg("pool invariant violated")]
    InvariantViolated,
    #[msg("the track account is not the royalty config's track")]
    WrongTrack,
    #[msg("only the track's authority may open its market")]
    NotTrackAuthority,
    #[msg("a pool quotes shares in the track's payment mint")]
    QuoteNotPaymentMint,
}

impl PoolError {
    /// Every variant in code order, so clients can name an error from its code.
    pub const ALL: &'static [PoolError] = &[
        PoolError::NotRoyaltyShareMint,
        PoolError::SameMint,
        PoolError::FeeTooHigh,
        PoolError::ZeroAmount,
        PoolError::InsufficientInitialLiquidity,
        PoolError::PoolAlreadyExists,
        PoolError::WrongMint,
        PoolError::WrongVault,
        PoolError::WrongLpMint,
        PoolError::WrongTreasuryAccount,
        PoolError::InsufficientOutput,
        PoolError::ExcessiveInput,
        PoolError::InsufficientLiquidity,
        PoolError::ZeroOutput,
        PoolError::InsufficientFunds,
        PoolError::NothingToCollect,
        PoolError::Paused,
        PoolError::MathOverflow,
        PoolError::InvariantViolated,
        PoolError::WrongTrack,
        PoolError::NotTrackAuthority,
        PoolError::QuoteNotPaymentMint,
    ];
}
