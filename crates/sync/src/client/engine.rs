//! One round of sync: this device's changes out, the other devices' in. A round can be
//! killed at any moment: a change is marked sent only after the server committed it
//! (a repeat is recognised by its id), and the cursor moves only after the changes up
//! to it are applied in the store's transaction (applying one twice changes nothing).

use onno_secrets::Secrets;
use onno_store::{RemoteChange, Store};

use super::account::{Account, OUTCOME_SETTING, Outcome, not_signed_in, store_error};
use super::api::Api;
use super::error::{SyncError, SyncErrorKind};
use crate::change::{Change, open_change, seal_change};
use crate::keys::WorkspaceKey;
use crate::wire::{Push, SCHEMA_VERSION};

/// Changes read from the store per push.
const PUSH_BATCH: usize = 500;
/// The most a push carries, by its sealed changes' size: half the server's request cap
/// (8 MiB), so a batch of large rows (a long note, a whole transcript line set) is split
/// rather than refused.
const PUSH_BYTES: usize = 4 * 1024 * 1024;
/// Changes per pulled page.
const PULL_PAGE: u32 = 1000;

/// What one round did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Round {
    pub pushed: usize,
    pub pulled: usize,
    pub applied: usize,
    /// Changes that did not open (altered or moved) and were refused.
    pub refused: usize,
    /// Recordings and files fetched from other devices (by the loop's file slice).
    pub files_fetched: usize,
}

/// A signed-in device, ready to sync.
pub struct Device<'a> {
    store: &'a Store,
    secrets: &'a Secrets,
    account: Account,
    key: WorkspaceKey,
    api: Api,
    access_token: String,
}

impl<'a> Device<'a> {
    /// Opens this device's account: its key from the keychain and a fresh access token.
    pub async fn open(store: &'a Store, secrets: &'a Secrets) -> Result<Device<'a>, SyncError> {
        let account = Account::load(store)?.ok_or_else(not_signed_in)?;
        let key = Account::workspace_key(store, secrets)?;
        let api = Api::new(&account.server)?;
        let refresh = Account::refresh_token(store, secrets)?;
        let tokens = api.refresh(&refresh).await.map_err(signed_out)?;
        Account::store_refresh_token(store, secrets, &tokens.refresh_token)?;
        Ok(Device {
            store,
            secrets,
            account,
            key,
            api,
            access_token: tokens.access_token,
        })
    }

    pub(crate) fn store(&self) -> &Store {
        self.store
    }

    pub(crate) fn key(&self) -> &WorkspaceKey {
        &self.key
    }

    pub fn account(&self) -> &Account {
        &self.account
    }

    pub fn api(&self) -> &Api {
        &self.api
    }

    pub fn access_token(&self) -> &str {
        &self.access_token
    }

    pub fn secrets(&self) -> &Secrets {
        self.secrets
    }

    /// Pushes every pending change, then pulls and applies every new one. The outcome
    /// is kept for the status line either way.
    pub async fn sync(&self) -> Result<Round, SyncError> {
        let result = self.round().await;
        record(self.store, &result)?;
        result
    }

    async fn round(&self) -> Result<Round, SyncError> {
        // A meeting that ended since the last round gets its recordings described, so
        // their rows go with this round and the files can follow.
        self.store.describe_recordings().map_err(store_error)?;
        let mut round = Round {
            pushed: self.push_all().await?,
            ..Round::default()
        };
        self.pull_all(&mut round).await?;
        Ok(round)
    }

    async fn push_all(&self) -> Result<usize, SyncError> {
        let mut pushed = 0;
        loop {
            let pending = self
                .store
                .pending_changes(PUSH_BATCH)
                .map_err(store_error)?;
            if pending.is_empty() {
                return Ok(pushed);
            }
            let mut envelopes = Vec::with_capacity(pending.len());
            let mut bytes = 0;
            for c in &pending {
                let change = Change {
                    change_id: c.change_id.clone(),
                    table: c.table.clone(),
                    row: c.row_gid.clone(),
                    column: c.column.clone(),
                    value: c.value.clone(),
                    hlc: c.hlc.clone(),
                    device: c.device.clone(),
                };
                let envelope = seal_change(&self.key, &self.account.workspace_id, &change)?;
                // Base64 adds a third to the ciphertext; the rest is ids and JSON.
                let size = envelope.sealed.ciphertext.len().div_ceil(3) * 4 + 300;
                if !envelopes.is_empty() && bytes + size > PUSH_BYTES {
                    break;
                }
                bytes += size;
                envelopes.push(envelope);
            }
            let sent = envelopes.len();
            let push = Push {
                schema_version: SCHEMA_VERSION,
                changes: envelopes,
            };
            self.api.push(&self.access_token, &push).await?;
            let last = pending[sent - 1].seq;
            self.store.mark_changes_sent(last).map_err(store_error)?;
            pushed += sent;
        }
    }

    async fn pull_all(&self, round: &mut Round) -> Result<(), SyncError> {
        loop {
            let cursor = self.store.sync_cursor().map_err(store_error)?;
            let page = self.api.pull(&self.access_token, cursor, PULL_PAGE).await?;
            round.pulled += page.changes.len();
            let mut changes = Vec::with_capacity(page.changes.len());
            for pulled in &page.changes {
                if pulled.device_id == self.account.device_id {
                    continue; // this device's own, already in its store
                }
                match open_change(&self.key, &self.account.workspace_id, &pulled.envelope) {
                    Ok(change) => changes.push(RemoteChange {
                        change_id: change.change_id,
                        table: change.table,
                        row_gid: change.row,
                        column: change.column,
                        value: change.value,
                        hlc: change.hlc,
                        device: change.device,
                    }),
                    // Refused, counted and reported; the rest still syncs.
                    Err(e) if e.kind() == crate::CryptoErrorKind::Tampered => round.refused += 1,
                    Err(e) => return Err(e.into()),
                }
            }
            let report = self
                .store
                .apply_remote_changes(&changes)
                .map_err(store_error)?;
            round.applied += usize::try_from(report.applied).unwrap_or(usize::MAX);
            self.store.set_sync_cursor(page.next).map_err(store_error)?;
            if !page.more {
                return Ok(());
            }
        }
    }
}

/// Keeps how a try went for the status line: a round's counts, or why it failed
/// (opening the device included).
pub(crate) fn record(store: &Store, result: &Result<Round, SyncError>) -> Result<(), SyncError> {
    let mut outcome: Outcome = store
        .setting(OUTCOME_SETTING)
        .map_err(store_error)?
        .unwrap_or_default();
    match result {
        Ok(round) => {
            outcome.last_success_ms = Some(now_ms());
            outcome.last_failure = None;
            outcome.refused += round.refused as u64;
        }
        Err(e) => outcome.last_failure = Some(e.into()),
    }
    store
        .set_setting(OUTCOME_SETTING, &outcome)
        .map_err(store_error)
}

/// Keeps how a file transfer went for the status line: files refused are counted with
/// the refused changes; a failure is shown unless it is the server being away, which
/// the rounds report already.
pub fn record_files(
    store: &Store,
    result: &Result<super::files::Transfer, SyncError>,
) -> Result<(), SyncError> {
    let mut outcome: Outcome = store
        .setting(OUTCOME_SETTING)
        .map_err(store_error)?
        .unwrap_or_default();
    match result {
        Ok(transfer) if transfer.refused == 0 => return Ok(()),
        Ok(transfer) => outcome.refused += transfer.refused as u64,
        Err(e) if e.is_transient() => return Ok(()),
        Err(e) => outcome.last_failure = Some(e.into()),
    }
    store
        .set_setting(OUTCOME_SETTING, &outcome)
        .map_err(store_error)
}

/// A refresh the server refused means this device was signed out or removed.
fn signed_out(e: SyncError) -> SyncError {
    if e.kind() == SyncErrorKind::Unauthorized {
        SyncError::new(
            SyncErrorKind::Unauthorized,
            "this device was signed out of sync (or removed from another device); sign in again",
        )
    } else {
        e
    }
}

pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}
