use onno_llm::LlmError;
use onno_signals::SignalsError;
use onno_store::StoreError;

/// Everything that can go wrong in the assistant, as one type a caller can match on:
/// the model's failure (with its own kind) or the store's.
#[derive(Debug, thiserror::Error)]
pub enum AssistError {
    /// The language model could not be used or gave no usable answer.
    #[error(transparent)]
    Llm(#[from] LlmError),

    /// Reading the meeting or storing what the model answered failed.
    #[error(transparent)]
    Store(#[from] StoreError),

    /// The OS keychain could not store or remove the key.
    #[error(transparent)]
    Keychain(#[from] onno_secrets::SecretError),

    /// The offline signals over a stored meeting failed.
    #[error(transparent)]
    Signals(#[from] SignalsError),
}

pub type Result<T, E = AssistError> = std::result::Result<T, E>;
