//! SDK errors, with on-chain error codes resolved to their names.

use anchor_lang::prelude::Pubkey;
use solana_transaction_error::TransactionError;

pub type Result<T, E = SdkError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum SdkError {
    #[error("{program} error {code} ({name}): {message}")]
    Program {
        program: &'static str,
        code: u32,
        name: String,
        message: String,
    },
    #[error("transaction failed: {0}")]
    Transaction(TransactionError),
    #[error("cannot reach the cluster: {0}")]
    Rpc(String),
    #[error("account {0} does not exist")]
    AccountNotFound(Pubkey),
    #[error("account {0} is not a valid {1}")]
    Decode(Pubkey, &'static str),
    #[error("{0}")]
    InvalidInput(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl SdkError {
    /// The program error's name (`DuplicateContentHash`), if this is one.
    pub fn program_error_name(&self) -> Option<&str> {
        match self {
            SdkError::Program { name, .. } => Some(name),
            _ => None,
        }
    }

    /// Builds the richest error for a failed transaction whose instructions
    /// called `programs` (by instruction index).
    pub fn from_transaction_error(err: TransactionError, programs: &[Pubkey]) -> Self {
        use solana_transaction_error::TransactionError as T;
        if let T::InstructionError(
            index,
            anchor_lang::solana_program::instruction::error::InstructionError::Custom(code),
        ) = &err
        {
            let program = programs.get(usize::from(*index));
            if let Some(named) = program.and_then(|p| name_program_error(p, *code)) {
                return named;
            }
        }
        SdkError::Transaction(err)
    }
}

/// Names a custom error code raised by `program`: Encore program errors
/// (from [`crate::programs::PROGRAMS`]), then Anchor's framework errors.
pub fn name_program_error(program: &Pubkey, code: u32) -> Option<SdkError> {
    let info = crate::programs::by_id(program)?;
    let (name, message) = info.error_name(code).or_else(|| anchor_error(code))?;
    Some(SdkError::Program {
        program: info.name,
        code,
        name,
        message,
    })
}

fn anchor_error(code: u32) -> Option<(String, String)> {
    use anchor_lang::error::ErrorCode;
    let known = [
        ErrorCode::AccountNotInitialized,
        ErrorCode::AccountDiscriminatorMismatch,
        ErrorCode::AccountOwnedByWrongProgram,
        ErrorCode::AccountNotEnoughKeys,
        ErrorCode::ConstraintSeeds,
        ErrorCode::ConstraintHasOne,
        ErrorCode::ConstraintAddress,
        ErrorCode::ConstraintRaw,
        ErrorCode::ConstraintSigner,
        ErrorCode::ConstraintMut,
        ErrorCode::InstructionDidNotDeserialize,
        ErrorCode::InstructionFallbackNotFound,
        ErrorCode::AccountDidNotDeserialize,
        ErrorCode::AccountNotProgramData,
    ];
    known
        .iter()
        .find(|e| u32::from(**e) == code)
        .map(|e| (format!("{e:?}"), e.to_string()))
}
