//! What the sync client and the sync server say to each other, as JSON over HTTPS.
//! Both sides use these types, so the contract cannot drift.
//!
//! Endpoints (all under `/v1`; every one but sign-up, sign-in, refresh and the health
//! and metrics endpoints takes `Authorization: Bearer ACCESS_TOKEN`):
//!
//! | method and path | body | answer |
//! |---|---|---|
//! | `POST /v1/accounts` | [`SignUp`] | [`Session`] (201) |
//! | `POST /v1/sessions` | [`SignIn`] | [`Session`] |
//! | `POST /v1/sessions/recover` | [`Recover`] | [`Session`]: signed in with the recovery key |
//! | `POST /v1/sessions/refresh` | [`Refresh`] | [`Tokens`] |
//! | `PUT /v1/account/password` | [`NewPassword`] | 204: signs in and wraps the key with a new password |
//! | `DELETE /v1/sessions/current` | | 204: this device signed out (revoked) |
//! | `GET /v1/devices` | | [`DeviceList`] |
//! | `DELETE /v1/devices/{id}` | | 204: revoked; its tokens stop working at once |
//! | `POST /v1/changes` | [`Push`] | [`PushAck`] |
//! | `GET /v1/changes?after=SEQ&limit=N[&skip_own=true]` | | [`PullPage`]; `skip_own` leaves out the asking device's own changes |
//! | `GET /v1/changes/wait?after=SEQ&timeout_s=N` | | [`Latest`], when a change past `after` exists or at the timeout |
//! | `PUT /v1/blobs/{tag}/chunks/{index}` | sealed bytes | 204 |
//! | `GET /v1/blobs/{tag}/chunks/{index}` | | sealed bytes |
//! | `POST /v1/blobs/{tag}/complete` | [`BlobDone`] | 204 |
//! | `GET /v1/blobs/{tag}` | | [`BlobInfo`] |
//! | `PUT /v1/snapshots` | [`Snapshot`] | 204 |
//! | `GET /v1/snapshots/latest` | | [`Snapshot`] or 404 |
//! | `DELETE /v1/account` | [`DeleteAccount`] | 204: the account, its devices and all it stored are gone |
//! | `GET /healthz`, `GET /metrics` | | `ok`, Prometheus text |
//!
//! An error answers with its HTTP status and an [`ErrorBody`]. Ids of another account's
//! workspace, devices or blobs answer 404, as if they did not exist.

use serde::{Deserialize, Serialize};

use crate::keys::WrappedKey;
use crate::seal::Sealed;

/// The version of the change format this build writes and reads. A server that has
/// seen changes of a newer version refuses older clients with
/// [`ErrorCode::UpgradeRequired`] ("update Onno to sync").
pub const SCHEMA_VERSION: u32 = 2;

/// The oldest client a server takes pushes and sign-ins from: version 2 sends sealed
/// values in base64 where version 1 sent hex, which a server of today would misread.
pub const OLDEST_SCHEMA_VERSION: u32 = 2;

/// The workspace key, wrapped two ways; the server keeps both and can open neither.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceKeys {
    pub by_password: WrappedKey,
    pub by_recovery: WrappedKey,
}

/// Creates an account, its workspace and the first device.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SignUp {
    pub email: String,
    /// [`crate::auth_key`] of the password: the server never sees the password itself,
    /// from which the key that opens the workspace is derived.
    pub auth_key: String,
    pub device_name: String,
    pub schema_version: u32,
    pub keys: WorkspaceKeys,
    /// [`crate::recovery_auth_key`] of the recovery key, so that it can sign in when the
    /// password is forgotten.
    pub recovery_auth_key: String,
}

/// Signs a new device in to an existing account.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SignIn {
    pub email: String,
    pub auth_key: String,
    pub device_name: String,
    pub schema_version: u32,
}

/// Signs a device in with the recovery key, for a person who forgot the password; the
/// device then sets a new one ([`NewPassword`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Recover {
    pub email: String,
    pub recovery_auth_key: String,
    pub device_name: String,
    pub schema_version: u32,
}

/// A new password: what signs in with it, and the workspace key wrapped by it. The
/// account's other devices stay signed in.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewPassword {
    pub auth_key: String,
    pub by_password: WrappedKey,
}

/// What a signed-in device holds: who it is, its tokens, and the wrapped workspace key
/// it opens with the password (or the recovery key).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Session {
    pub account_id: String,
    pub workspace_id: String,
    pub device_id: String,
    pub tokens: Tokens,
    pub keys: WorkspaceKeys,
}

/// An access token that lives minutes and the refresh token that renews it (and is
/// replaced by each renewal).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tokens {
    pub access_token: String,
    pub access_expires_in_s: u64,
    pub refresh_token: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Refresh {
    pub refresh_token: String,
}

/// One device of the account. Times are Unix milliseconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    pub id: String,
    pub name: String,
    pub created_at_ms: i64,
    pub last_seen_at_ms: i64,
    /// The device asking.
    pub current: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeviceList {
    pub devices: Vec<Device>,
}

/// One change as the server sees it: where it goes (an HMAC tag, not the row's id),
/// when, and a sealed payload naming the table, row, column and value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    /// The client's id for the change (a UUID): a push repeated after a lost answer
    /// stores nothing twice.
    pub change_id: String,
    pub row_tag: String,
    /// The change's hybrid logical clock stamp.
    pub hlc: String,
    pub sealed: Sealed,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Push {
    pub schema_version: u32,
    pub changes: Vec<Envelope>,
}

/// Answered only after the changes are committed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushAck {
    /// Changes stored by this push.
    pub accepted: u32,
    /// Changes the server already had (same change id).
    pub duplicates: u32,
    /// The workspace's highest sequence number after the push.
    pub latest: i64,
}

/// One stored change, with its place in the workspace's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pulled {
    pub seq: i64,
    pub device_id: String,
    pub envelope: Envelope,
}

/// Changes after a cursor, in sequence order. The same cursor always gives the same
/// page.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PullPage {
    pub changes: Vec<Pulled>,
    /// The cursor to ask with next (the last change's sequence number, or the cursor
    /// asked with when the page is empty).
    pub next: i64,
    pub more: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Latest {
    pub latest: i64,
}

/// A blob's upload is complete: how many chunks and bytes it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobDone {
    pub chunks: u32,
    pub total_bytes: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobInfo {
    pub chunks: u32,
    pub total_bytes: u64,
    pub complete: bool,
}

/// The whole workspace sealed at one point of the log, so a new device starts from it
/// rather than from every change ever made.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Snapshot {
    /// The log's sequence number the snapshot includes changes up to.
    pub cursor: i64,
    pub sealed: Sealed,
}

/// Deleting the account asks for the password again.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeleteAccount {
    pub auth_key: String,
}

/// What every error answers with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: ErrorCode,
    /// Words for a person; never any user content.
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    BadRequest,
    /// A wrong email or password, or an expired, unknown or revoked token.
    Unauthorized,
    NotFound,
    /// The email has an account already.
    EmailTaken,
    TooManyRequests,
    PayloadTooLarge,
    /// This client's schema version is older than changes the workspace holds.
    UpgradeRequired,
    Internal,
}
