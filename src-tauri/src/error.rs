use onno_store::{ErrorKind, StoreError};
use serde::Serialize;

/// The one error every command returns: a kind the UI can branch on and a message a
/// person can read.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AppError {
    pub kind: AppErrorKind,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum AppErrorKind {
    Corrupt,
    NewerVersion,
    Invalid,
    NotFound,
    Io,
    Database,
    /// The database is not open (it failed at start-up); see `startup_status`.
    NotOpen,
    /// The OS keychain is not running or refused the operation.
    Keychain,
    /// A bug or a crashed worker, not the user's doing.
    Internal,
}

impl AppError {
    pub fn new(kind: AppErrorKind, message: impl Into<String>) -> Self {
        AppError {
            kind,
            message: message.into(),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        let kind = match error.kind() {
            ErrorKind::Corrupt => AppErrorKind::Corrupt,
            ErrorKind::NewerVersion => AppErrorKind::NewerVersion,
            ErrorKind::Invalid => AppErrorKind::Invalid,
            ErrorKind::NotFound => AppErrorKind::NotFound,
            ErrorKind::Io => AppErrorKind::Io,
            ErrorKind::Database => AppErrorKind::Database,
        };
        AppError::new(kind, error.to_string())
    }
}
