//! Where a device keeps what it knows about its sync account: the server, address and
//! ids in the store's settings (they are not secrets, and stay on this device), the
//! workspace key and the refresh token in the OS keychain only.

use onno_secrets::Secrets;
use onno_store::Store;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::error::{SyncError, SyncErrorKind};
use crate::keys::WorkspaceKey;

/// The store setting holding [`Account`]; device-local, never synced.
pub const ACCOUNT_SETTING: &str = "sync.account";

/// The store setting holding the last [`Outcome`] of a sync.
pub const OUTCOME_SETTING: &str = "sync.last";

/// This device's sync account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub server: String,
    pub email: String,
    pub account_id: String,
    pub workspace_id: String,
    /// The id the server gave this device.
    pub device_id: String,
}

/// How the last sync went, for the status line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// Unix milliseconds of the last sync that finished.
    pub last_success_ms: Option<i64>,
    /// Why the last try failed; `None` after a success.
    #[serde(default)]
    pub last_failure: Option<Failure>,
    /// Changes that did not open and were refused, all time.
    pub refused: u64,
}

/// A failed try as kept for the status: its kind, which the app words in the user's
/// language, and the English details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    pub kind: SyncErrorKind,
    pub message: String,
}

impl From<&SyncError> for Failure {
    fn from(e: &SyncError) -> Failure {
        Failure {
            kind: e.kind(),
            message: e.to_string(),
        }
    }
}

impl From<Failure> for SyncError {
    fn from(f: Failure) -> SyncError {
        SyncError::new(f.kind, f.message)
    }
}

impl Account {
    pub fn load(store: &Store) -> Result<Option<Account>, SyncError> {
        store.setting(ACCOUNT_SETTING).map_err(store_error)
    }

    pub fn save(&self, store: &Store) -> Result<(), SyncError> {
        store
            .set_setting(ACCOUNT_SETTING, self)
            .map_err(store_error)
    }

    /// The keychain entry of `what` for this data folder: one machine may hold several
    /// data folders, each its own device.
    fn entry(store: &Store, what: &str) -> Result<String, SyncError> {
        let device = store.sync_device_id().map_err(store_error)?;
        Ok(format!("sync-{device}-{what}"))
    }

    pub fn store_secrets(
        store: &Store,
        secrets: &Secrets,
        key: &WorkspaceKey,
        refresh_token: &str,
    ) -> Result<(), SyncError> {
        let hex_key = Zeroizing::new(hex::encode(key.as_bytes()));
        secrets
            .set(&Self::entry(store, "key")?, &hex_key)
            .map_err(keychain_error)?;
        Self::store_refresh_token(store, secrets, refresh_token)
    }

    pub fn store_refresh_token(
        store: &Store,
        secrets: &Secrets,
        refresh_token: &str,
    ) -> Result<(), SyncError> {
        secrets
            .set(&Self::entry(store, "refresh")?, refresh_token)
            .map_err(keychain_error)
    }

    pub fn workspace_key(store: &Store, secrets: &Secrets) -> Result<WorkspaceKey, SyncError> {
        let stored = secrets
            .get(&Self::entry(store, "key")?)
            .map_err(keychain_error)?
            .map(Zeroizing::new)
            .ok_or_else(not_signed_in)?;
        let bytes: [u8; 32] = hex::decode(stored.as_str())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| {
                SyncError::new(
                    SyncErrorKind::Keychain,
                    "the workspace key in the keychain is damaged; sign in to sync again",
                )
            })?;
        Ok(WorkspaceKey::from_bytes(bytes))
    }

    pub fn refresh_token(store: &Store, secrets: &Secrets) -> Result<String, SyncError> {
        secrets
            .get(&Self::entry(store, "refresh")?)
            .map_err(keychain_error)?
            .ok_or_else(not_signed_in)
    }

    /// Forgets the account on this device: settings and keychain entries.
    pub fn forget(store: &Store, secrets: &Secrets) -> Result<(), SyncError> {
        secrets
            .delete(&Self::entry(store, "key")?)
            .map_err(keychain_error)?;
        secrets
            .delete(&Self::entry(store, "refresh")?)
            .map_err(keychain_error)?;
        store.delete_setting(ACCOUNT_SETTING).map_err(store_error)?;
        store.delete_setting(OUTCOME_SETTING).map_err(store_error)?;
        // The next account (or this one again) gets everything this device holds.
        store.restart_sync().map_err(store_error)?;
        Ok(())
    }
}

pub(crate) fn not_signed_in() -> SyncError {
    SyncError::new(
        SyncErrorKind::NotSignedIn,
        "this device is not signed in to sync; sign in under Settings → Sync or with `onno sync login`",
    )
}

pub(crate) fn store_error(e: onno_store::StoreError) -> SyncError {
    SyncError::new(SyncErrorKind::Store, e.to_string())
}

fn keychain_error(e: onno_secrets::SecretError) -> SyncError {
    SyncError::new(SyncErrorKind::Keychain, e.to_string())
}
