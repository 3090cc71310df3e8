use std::path::PathBuf;

/// Everything that can go wrong in the store, as one type with a kind a caller can
/// match on and a message a person can read.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database file is not a SQLite database, or SQLite found it damaged.
    /// Nothing was written to it.
    #[error("the database file {path} is damaged or is not an Onno database: {detail}")]
    Corrupt { path: PathBuf, detail: String },

    /// The database was written by a newer Onno; opening it could lose data.
    #[error(
        "the database file {path} is from a newer version of Onno (schema {found}, this build knows up to {supported}); update Onno to open it"
    )]
    NewerVersion {
        path: PathBuf,
        found: u32,
        supported: u32,
    },

    /// A value the caller passed does not fit the data model.
    #[error("invalid {field}: {reason}")]
    Invalid { field: &'static str, reason: String },

    /// The row asked for does not exist.
    #[error("{entity} {id} does not exist")]
    NotFound { entity: &'static str, id: i64 },

    /// A file the store copies or removes could not be read or written.
    #[error("{action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },

    /// Any other SQLite failure (a full disk, a locked file, ...).
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// The kind of a [`StoreError`], for callers that map errors to their own vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    Corrupt,
    NewerVersion,
    Invalid,
    NotFound,
    Io,
    Database,
}

impl StoreError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            StoreError::Corrupt { .. } => ErrorKind::Corrupt,
            StoreError::NewerVersion { .. } => ErrorKind::NewerVersion,
            StoreError::Invalid { .. } => ErrorKind::Invalid,
            StoreError::NotFound { .. } => ErrorKind::NotFound,
            StoreError::Io { .. } => ErrorKind::Io,
            StoreError::Sqlite(_) => ErrorKind::Database,
        }
    }

    pub(crate) fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        StoreError::Invalid {
            field,
            reason: reason.into(),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// On insert, a foreign-key failure means the parent row does not exist: say which.
pub(crate) fn missing_parent(e: rusqlite::Error, entity: &'static str, id: i64) -> StoreError {
    let is_foreign_key = e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation)
        && e.to_string().contains("FOREIGN KEY");
    if is_foreign_key {
        StoreError::NotFound { entity, id }
    } else {
        StoreError::Sqlite(e)
    }
}
