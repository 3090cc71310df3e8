//! Sync failures in words a person can act on.

use crate::wire::{ErrorBody, ErrorCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncErrorKind {
    /// The server could not be reached; changes wait and go later.
    Offline,
    /// Wrong email or password, or this device was signed out or removed.
    Unauthorized,
    /// The email already has an account.
    EmailTaken,
    TooManyRequests,
    /// The workspace holds changes of a newer Onno.
    UpgradeRequired,
    /// A change did not open: altered or moved by someone between the devices.
    Tampered,
    /// The password does not open the workspace.
    WrongSecret,
    /// The recovery key is mistyped, or not this account's.
    RecoveryKey,
    /// This device is not signed in to sync.
    NotSignedIn,
    /// The keychain failed.
    Keychain,
    /// The local database failed.
    Store,
    /// The server answered something this build does not understand, or failed.
    Server,
    /// The request was refused as malformed or too large.
    Refused,
}

#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct SyncError {
    kind: SyncErrorKind,
    message: String,
    /// The server answered that what was asked for does not exist.
    not_found: bool,
}

impl SyncError {
    pub fn new(kind: SyncErrorKind, message: impl Into<String>) -> SyncError {
        SyncError {
            kind,
            message: message.into(),
            not_found: false,
        }
    }

    /// Whether the server answered that what was asked for does not exist (for a
    /// blob: no device sent it yet).
    pub fn is_not_found(&self) -> bool {
        self.not_found
    }

    pub fn kind(&self) -> SyncErrorKind {
        self.kind
    }

    /// Whether trying again later may help (the loop backs off and retries these).
    pub fn is_transient(&self) -> bool {
        matches!(
            self.kind,
            SyncErrorKind::Offline | SyncErrorKind::TooManyRequests | SyncErrorKind::Server
        )
    }

    /// The error the server answered with `status` and `body`.
    pub(crate) fn from_answer(status: u16, body: &[u8]) -> SyncError {
        let Ok(answer) = serde_json::from_slice::<ErrorBody>(body) else {
            return SyncError::new(
                SyncErrorKind::Server,
                format!("the sync server answered HTTP {status}"),
            );
        };
        let kind = match answer.code {
            ErrorCode::Unauthorized => SyncErrorKind::Unauthorized,
            ErrorCode::EmailTaken => SyncErrorKind::EmailTaken,
            ErrorCode::TooManyRequests => SyncErrorKind::TooManyRequests,
            ErrorCode::UpgradeRequired => SyncErrorKind::UpgradeRequired,
            ErrorCode::Internal => SyncErrorKind::Server,
            ErrorCode::BadRequest | ErrorCode::PayloadTooLarge | ErrorCode::NotFound => {
                SyncErrorKind::Refused
            }
        };
        // The server's words, bounded: they are shown to the user as they are.
        let message: String = answer.message.chars().take(300).collect();
        SyncError {
            not_found: answer.code == ErrorCode::NotFound,
            ..SyncError::new(kind, format!("the sync server says: {message}"))
        }
    }
}

impl From<crate::CryptoError> for SyncError {
    fn from(e: crate::CryptoError) -> SyncError {
        let kind = match e.kind() {
            crate::CryptoErrorKind::WrongSecret => SyncErrorKind::WrongSecret,
            crate::CryptoErrorKind::Tampered => SyncErrorKind::Tampered,
            _ => SyncErrorKind::Refused,
        };
        SyncError::new(kind, e.to_string())
    }
}
