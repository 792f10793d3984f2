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

/// Names a custom error code raised by `program`: Encore program errors,
/// then Anchor's framework errors.
pub fn name_program_error(program: &Pubkey, code: u32) -> Option<SdkError> {
    let program_name = if *program == track_registry::ID {
        "track_registry"
    } else if *program == governance::ID {
        "governance"
    } else if *program == royalty_shares::ID {
        "royalty_shares"
    } else if *program == stream_escrow::ID {
        "stream_escrow"
    } else if *program == royalty_pool::ID {
        "royalty_pool"
    } else {
        return None;
    };
    let (name, message) = if *program == track_registry::ID {
        lookup(track_registry::errors::RegistryError::ALL, code)
    } else if *program == governance::ID {
        lookup(governance::errors::GovernanceError::ALL, code)
    } else if *program == royalty_shares::ID {
        lookup(royalty_shares::errors::RoyaltyError::ALL, code)
    } else if *program == stream_escrow::ID {
        lookup(stream_escrow::errors::EscrowError::ALL, code)
    } else if *program == royalty_pool::ID {
        lookup(royalty_pool::errors::PoolError::ALL, code)
    } else {
        None
    }
    .or_else(|| anchor_error(code))?;
    Some(SdkError::Program {
        program: program_name,
        code,
        name,
        message,
    })
}

fn lookup<E>(all: &[E], code: u32) -> Option<(String, String)>
where
    E: Copy + std::fmt::Display + std::fmt::Debug + Into<u32>,
{
    all.iter()
        .find(|e| (**e).into() == code)
        .map(|e| (format!("{e:?}"), e.to_string()))
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
