use onno_store::StoreError;

/// Everything that can go wrong in the offline signals, as one type a caller can match on.
#[derive(Debug, thiserror::Error)]
pub enum SignalsError {
    /// Reading the meeting's context or writing what was heard failed in the store.
    #[error(transparent)]
    Store(#[from] StoreError),

    /// A labelled transcript could not be read or does not fit the seed data.
    #[error("labelled data {name}: {reason}")]
    Labelled { name: String, reason: String },
}

pub type Result<T, E = SignalsError> = std::result::Result<T, E>;
