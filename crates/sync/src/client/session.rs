//! Joining sync: creating the account on the first device, signing in on the next, and
//! leaving.

use onno_secrets::Secrets;
use onno_store::Store;

use super::account::Account;
use super::api::Api;
use super::engine::Device;
use super::error::{SyncError, SyncErrorKind};
use crate::keys::{KdfParams, RecoveryKey, WorkspaceKey, WrappedKey, auth_key, recovery_auth_key};
use crate::wire::{NewPassword, Recover, SCHEMA_VERSION, Session, SignIn, SignUp, WorkspaceKeys};

/// Who is joining, and from where.
pub struct Credentials<'a> {
    pub server: &'a str,
    pub email: &'a str,
    pub password: &'a str,
    /// What the account's device list calls this device.
    pub device_name: &'a str,
}

/// The shortest password sync accepts: it guards everything the server holds.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Creates the account and its workspace from this device. Returns the recovery key,
/// to show the user once: with the password forgotten, it is the only way back in.
pub async fn create_account(
    store: &Store,
    secrets: &Secrets,
    who: &Credentials<'_>,
    kdf: KdfParams,
) -> Result<RecoveryKey, SyncError> {
    check_password(who.password)?;
    let api = Api::new(who.server)?;
    let key = WorkspaceKey::generate()?;
    let recovery = RecoveryKey::generate()?;
    let keys = WorkspaceKeys {
        by_password: WrappedKey::with_password(&key, who.password, kdf)?,
        by_recovery: WrappedKey::with_recovery(&key, &recovery)?,
    };
    let session = api
        .sign_up(&SignUp {
            email: who.email.trim().to_owned(),
            auth_key: auth_key(who.email, who.password)?,
            device_name: who.device_name.to_owned(),
            schema_version: SCHEMA_VERSION,
            keys,
            recovery_auth_key: recovery_auth_key(&recovery),
        })
        .await?;
    remember(store, secrets, &api, who.email, &session, &key)?;
    Ok(recovery)
}

/// Signs this device in to an existing account; the password opens the workspace key.
pub async fn sign_in(
    store: &Store,
    secrets: &Secrets,
    who: &Credentials<'_>,
) -> Result<(), SyncError> {
    let api = Api::new(who.server)?;
    let session = api
        .sign_in(&SignIn {
            email: who.email.trim().to_owned(),
            auth_key: auth_key(who.email, who.password)?,
            device_name: who.device_name.to_owned(),
            schema_version: SCHEMA_VERSION,
        })
        .await?;
    let key = session.keys.by_password.open_with_password(who.password)?;
    remember(store, secrets, &api, who.email, &session, &key)
}

/// Signs this device in with the recovery key when the password is forgotten, and sets
/// `who.password` as the new one: the recovery key opens the workspace key, which is
/// wrapped again by the new password. The account's other devices keep syncing; each
/// signs in with the new password when it next has to.
pub async fn recover(
    store: &Store,
    secrets: &Secrets,
    who: &Credentials<'_>,
    recovery: &RecoveryKey,
    kdf: KdfParams,
) -> Result<(), SyncError> {
    check_password(who.password)?;
    let api = Api::new(who.server)?;
    let wrong_key = |e: SyncError| match e.kind() {
        SyncErrorKind::Unauthorized | SyncErrorKind::WrongSecret => SyncError::new(
            SyncErrorKind::RecoveryKey,
            "the recovery key does not open this account; check it against what you wrote down",
        ),
        _ => e,
    };
    let session = api
        .recover(&Recover {
            email: who.email.trim().to_owned(),
            recovery_auth_key: recovery_auth_key(recovery),
            device_name: who.device_name.to_owned(),
            schema_version: SCHEMA_VERSION,
        })
        .await
        .map_err(wrong_key)?;
    let key = session
        .keys
        .by_recovery
        .open_with_recovery(recovery)
        .map_err(|e| wrong_key(e.into()))?;
    let new_password = NewPassword {
        auth_key: auth_key(who.email, who.password)?,
        by_password: WrappedKey::with_password(&key, who.password, kdf)?,
    };
    api.set_password(&session.tokens.access_token, &new_password)
        .await?;
    remember(store, secrets, &api, who.email, &session, &key)
}

fn remember(
    store: &Store,
    secrets: &Secrets,
    api: &Api,
    email: &str,
    session: &Session,
    key: &WorkspaceKey,
) -> Result<(), SyncError> {
    Account::store_secrets(store, secrets, key, &session.tokens.refresh_token)?;
    Account {
        server: api.base().to_owned(),
        email: email.trim().to_owned(),
        account_id: session.account_id.clone(),
        workspace_id: session.workspace_id.clone(),
        device_id: session.device_id.clone(),
    }
    .save(store)
}

/// Signs this device out: the server forgets its tokens, the keychain its key. The data
/// stays on the device.
pub async fn sign_out(device: Device<'_>, store: &Store) -> Result<(), SyncError> {
    // Signed out on this side even when the server is unreachable: the user asked.
    let server = device.api().sign_out(device.access_token()).await;
    Account::forget(store, device.secrets())?;
    server
}

/// Deletes the account on the server (everything it stored) and signs this device out.
pub async fn delete_account(
    device: Device<'_>,
    store: &Store,
    password: &str,
) -> Result<(), SyncError> {
    let key = auth_key(&device.account().email, password)?;
    device
        .api()
        .delete_account(device.access_token(), &key)
        .await?;
    Account::forget(store, device.secrets())
}

fn check_password(password: &str) -> Result<(), SyncError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(SyncError::new(
            SyncErrorKind::Refused,
            format!(
                "choose a password of at least {MIN_PASSWORD_CHARS} characters: it guards everything sync stores"
            ),
        ));
    }
    Ok(())
}
