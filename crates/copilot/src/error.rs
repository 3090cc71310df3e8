use onno_store::StoreError;

/// Everything that can go wrong in the copilot, as one type a caller can match on.
#[derive(Debug, thiserror::Error)]
pub enum CopilotError {
    /// Reading the meeting's context or writing what was heard failed in the store.
    #[error(transparent)]
    Store(#[from] StoreError),

    /// The language model could not be used or gave no usable answer.
    #[error(transparent)]
    Llm(#[from] crate::llm::LlmError),

    /// A labelled transcript could not be read or does not fit the seed data.
    #[error("labelled data {name}: {reason}")]
    Labelled { name: String, reason: String },
}

pub type Result<T, E = CopilotError> = std::result::Result<T, E>;
