//! The store's side of sync between a person's devices. The store only keeps things
//! local: which rows and columns changed (a log the triggers keep), when (a hybrid
//! logical clock), and how to merge what another device changed (last writer wins per
//! column; a deleted row stays deleted). Carrying the changes, sealed, is the sync
//! client's job.
//!
//! Every synced row has a global id, `gid` (UUID v7); integer ids stay local. What
//! syncs is declared once, in [`SYNC_TABLES`].

mod apply;
mod blobs;
mod content;
mod hlc;
mod spec;
mod triggers;

use rusqlite::{OptionalExtension as _, params};
use serde::{Deserialize, Serialize};

pub use apply::ApplyReport;
pub use blobs::{BlobCounts, BlobUse, LocalBlob, WantedBlob};
pub use content::SyncedContent;
pub use spec::{Identity, SYNC_TABLES, SYNCED_SETTINGS, SyncTable};
pub(crate) use triggers::install;

use crate::{Result, Store, StoreError};

/// The column name of a change that makes a row: its value is a JSON object of the
/// row's synced columns. A new row travels whole, so it can be inserted with every
/// NOT NULL column at once, and one change per row keeps bulk inserts cheap.
pub const ROW_COLUMN: &str = "_row";
/// The column name of a change that deletes a row (a tombstone); its value is null.
pub const DELETED_COLUMN: &str = "_deleted";

/// A change made on this device, waiting to be sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocalChange {
    /// Its place in this device's log; pass the last one sent to
    /// [`Store::mark_changes_sent`].
    pub seq: i64,
    /// A UUID v7, unique to this change.
    pub change_id: String,
    pub table: String,
    /// The row's gid (a setting: its key; the profile: `1`).
    pub row_gid: String,
    /// A column, [`ROW_COLUMN`] or [`DELETED_COLUMN`].
    pub column: String,
    /// The new value; a foreign key is the referenced row's gid.
    pub value: serde_json::Value,
    /// The hybrid logical clock stamp: 16 hex digits, `-`, the device id. Text order is
    /// time order.
    pub hlc: String,
    /// The device that made the change.
    pub device: String,
}

/// A change made on another device, as the sync client received it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemoteChange {
    pub change_id: String,
    pub table: String,
    pub row_gid: String,
    pub column: String,
    pub value: serde_json::Value,
    pub hlc: String,
    pub device: String,
}

impl From<LocalChange> for RemoteChange {
    fn from(c: LocalChange) -> Self {
        RemoteChange {
            change_id: c.change_id,
            table: c.table,
            row_gid: c.row_gid,
            column: c.column,
            value: c.value,
            hlc: c.hlc,
            device: c.device,
        }
    }
}

impl Store {
    /// This data folder's device id: random, made once when the folder's schema first
    /// reached sync, kept locally (it never syncs), and the tie-breaker in every stamp.
    pub fn sync_device_id(&self) -> Result<String> {
        Ok(self
            .reader()
            .query_row("SELECT device FROM sync_state WHERE id = 1", [], |r| {
                r.get(0)
            })?)
    }

    /// Up to `limit` changes made here and not yet marked sent, oldest first.
    pub fn pending_changes(&self, limit: usize) -> Result<Vec<LocalChange>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.read(|conn| {
            let device: String =
                conn.query_row("SELECT device FROM sync_state WHERE id = 1", [], |r| {
                    r.get(0)
                })?;
            let mut statement = conn.prepare(
                "SELECT id, change_id, tbl, row_gid, col, value, hlc FROM sync_changes
                 ORDER BY id LIMIT ?1",
            )?;
            let rows = statement
                .query_map([limit], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, Option<String>>(5)?,
                        r.get::<_, String>(6)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows.into_iter()
                .map(|(seq, change_id, table, row_gid, column, value, hlc)| {
                    let value = match value {
                        None => serde_json::Value::Null,
                        Some(text) => serde_json::from_str(&text).map_err(|e| {
                            StoreError::invalid("sync change", format!("change {seq}: {e}"))
                        })?,
                    };
                    Ok(LocalChange {
                        seq,
                        change_id,
                        table,
                        row_gid,
                        column,
                        value,
                        hlc,
                        device: device.clone(),
                    })
                })
                .collect()
        })
    }

    /// How many changes made here wait to be sent.
    pub fn pending_change_count(&self) -> Result<u64> {
        Ok(self
            .reader()
            .query_row("SELECT count(*) FROM sync_changes", [], |r| r.get(0))?)
    }

    /// Marks every change up to and including `up_to_seq` (a [`LocalChange::seq`]) as
    /// sent: their stamps are kept per cell for the merge, and the changes leave the log.
    pub fn mark_changes_sent(&self, up_to_seq: i64) -> Result<()> {
        self.write(|tx| {
            apply::fold_local_changes(tx)?;
            tx.execute("DELETE FROM sync_changes WHERE id <= ?1", [up_to_seq])?;
            Ok(())
        })
    }

    /// Starts this device's sync afresh, for whichever account it signs in to next:
    /// reading the server from its start, every file to send again, and every synced row
    /// logged again (with the oldest stamp, so it changes nothing where the account has
    /// it already) beside the changes not yet sent, which keep their own.
    pub fn restart_sync(&self) -> Result<()> {
        self.write(|tx| {
            tx.execute_batch(
                "UPDATE sync_state SET cursor = 0;
                 DELETE FROM sync_snapshots;
                 DELETE FROM sync_blobs_sent;",
            )?;
            triggers::snapshot(tx)?;
            Ok(())
        })
    }

    /// Where the sync client stopped reading the server (0 before the first read).
    pub fn sync_cursor(&self) -> Result<i64> {
        Ok(self
            .reader()
            .query_row("SELECT cursor FROM sync_state WHERE id = 1", [], |r| {
                r.get(0)
            })
            .optional()?
            .unwrap_or(0))
    }

    /// Keeps where the sync client stopped reading the server.
    pub fn set_sync_cursor(&self, cursor: i64) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE sync_state SET cursor = ?1 WHERE id = 1",
                params![cursor],
            )?;
            Ok(())
        })
    }
}
