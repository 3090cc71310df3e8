use onno_llm::LlmError;
use onno_secrets::SecretError;
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

    /// The offline signals over a stored meeting failed.
    #[error(transparent)]
    Signals(#[from] SignalsError),

    /// The OS keychain refused to store or forget the key.
    #[error(transparent)]
    Keychain(#[from] SecretError),

    /// A key was given for an endpoint marked as needing none.
    #[error("the endpoint is marked as needing no key; untick that to store one")]
    KeyForKeyless,
}

pub type Result<T, E = AssistError> = std::result::Result<T, E>;
