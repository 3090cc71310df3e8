//! Optional sync between a person's devices, end-to-end encrypted: the hosted service
//! stores and relays changes it cannot read.
//!
//! This crate holds the client's cryptography, the part every other piece of sync
//! stands on:
//!
//! - [`WorkspaceKey`]: a random 256-bit key per workspace (a person's data), created on
//!   the first device. It never leaves a device in the clear: the server keeps it only
//!   [wrapped](WrappedKey) by a key derived from the user's password with Argon2id, and
//!   by a [`RecoveryKey`] shown to the user once.
//! - [`seal`] / [`open`]: every change (one column of one row) is encrypted with
//!   XChaCha20-Poly1305 under a subkey of the workspace key. Its associated data binds
//!   the workspace, table, row, column and the change's clock, so a server that moves a
//!   value to another row, or replays an old one, hands the client something it refuses.
//! - [`row_tag`]: the id of a row as the server sees it, an HMAC of the row's UUID, so
//!   the server cannot link rows to anything the client shows.
//! - [`seal_chunk`] / [`open_chunk`]: recordings and attached files, sealed a chunk at a
//!   time under their own subkey and named by [`blob_tag`], an HMAC of their hash.
//!
//! - [`auth_key`]: what the server checks a password by, derived apart from the key
//!   that opens the workspace, so the server never holds the password.
//! - [`wire`]: the requests and answers between the client and the sync server.
//!
//! Keys live in the OS keychain (`onno-secrets`), never in SQLite or a file.

mod blob;
mod change;
#[cfg(feature = "client")]
mod client;
mod encoding;
mod error;
mod keys;
mod seal;
pub mod wire;

pub use blob::{
    CHUNK_BYTES, ChunkContext, blob_tag, chunk_count, open_chunk, seal_chunk, sealed_size,
};
pub use change::{Change, open_change, seal_change};
#[cfg(feature = "client")]
pub use client::{
    ACCOUNT_SETTING, Account, Api, Credentials, Device, FETCH_FILES_SETTING, Failure, Fetch,
    FetchFiles, MIN_PASSWORD_CHARS, OUTCOME_SETTING, Outcome, Pace, Round, SyncError,
    SyncErrorKind, Transfer, TransferProgress, create_account, delete_account, keep_in_sync,
    record_files, recover, sign_in, sign_out,
};
pub use error::{CryptoError, CryptoErrorKind};
pub use keys::{KdfParams, RecoveryKey, WorkspaceKey, WrappedKey, auth_key, recovery_auth_key};
pub use seal::{ChangeContext, Sealed, open, row_tag, seal};
