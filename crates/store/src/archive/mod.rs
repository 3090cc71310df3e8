//! Taking everything out, bringing it back, and deleting it all.
//!
//! An archive (`.onno`) is a zip file:
//!
//! ```text
//! database.json            every table the user owns, row by row, with the schema version
//! data/meetings/<id>/...   the meetings' recordings, byte for byte
//! data/files/<id>/...      the relationships' attached files
//! manifest.json            written last: the format, the schema version, and the size and
//!                          SHA-256 of every other member
//! ```
//!
//! Why this shape:
//! - **Rows as JSON, not the SQLite file.** A copy of `onno.db` would carry the pages
//!   of deleted rows, the search index and whatever SQLite version wrote it; a row dump
//!   holds only what the user owns and can be read with any tool. Values keep their
//!   SQLite type exactly: integers and text as JSON numbers and strings, reals as
//!   `{"real": "<shortest round-trip decimal>"}` (a JSON number may lose a bit on the
//!   way back), blobs as `{"blob": "<hex>"}`. So "identical" is checkable cell by cell.
//! - **Forward-migratable.** A restore builds the schema the rows were written under
//!   (the migrations up to the archive's version), loads them with their ids, then
//!   applies the newer migrations like on any older database. An archive from a newer
//!   schema is refused.
//! - **The search index is rebuilt, not carried.** The full-text tables index text kept
//!   elsewhere (external content); after loading, each is rebuilt from its rows.
//! - **zip, not tar+zstd.** zip has a central directory, so the manifest can be read
//!   first and each member found by name; the crate is already in the build (DOCX
//!   exports). Recordings are stored as they are (WAV barely compresses and storing
//!   keeps export fast); the rows are deflated.
//! - **Nothing half-written.** An export goes to a temporary file beside the target and
//!   is renamed into place when complete; a restore is staged in a temporary folder
//!   beside the target folder, verified member by member, and moved into place only when
//!   everything checked out. Files are streamed, never held whole in memory.

mod export;
mod import;
mod manifest;
mod rows;

use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::layout::{IMPORTS, LIVE_LOCK, USER_FOLDERS};
use crate::migrate;
use crate::{Result, Store, StoreError};
use rows::{dump_tables, quote, replace_rows, user_tables};

/// The file extension of an archive.
pub const ARCHIVE_EXTENSION: &str = "onno";

const FORMAT: &str = "onno-archive";
/// The layout of the archive itself (not the database's schema).
const FORMAT_VERSION: u32 = 1;
const MANIFEST: &str = "manifest.json";
const DATABASE: &str = "database.json";
const DATA_PREFIX: &str = "data/";
/// The audit log is kept when everything else is deleted: it records that the deletion
/// happened, and holds actions, resources and counts, never what was said or written.
const AUDIT_TABLE: &str = "audit_log";
/// A manifest or row dump larger than this is not one this build wrote.
const MAX_MANIFEST_BYTES: u64 = 64 << 20;
const COPY_BUFFER: usize = 256 << 10;

/// What an archive holds, or what was restored from one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ArchiveSummary {
    /// The archive written, or the data folder restored.
    pub path: PathBuf,
    pub schema_version: u32,
    /// Rows per table.
    pub rows: BTreeMap<String, u64>,
    /// Recordings and attached files.
    pub files: u64,
    /// Bytes of every member (rows and files) before compression.
    pub bytes: u64,
}

/// What the data folder holds: rows per table, and the user's files. What
/// [`Store::delete_everything`] would remove, and then what it did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Inventory {
    /// Rows per table, the audit log left out (it stays).
    pub rows: BTreeMap<String, u64>,
    pub files: u64,
    pub bytes: u64,
}

impl Store {
    /// Rows per table and the user's files: what [`Store::delete_everything`] removes.
    pub fn inventory(&self) -> Result<Inventory> {
        let rows = self.read(|conn| Ok(count_rows(conn)?))?;
        let files = user_files(self.layout().root())?;
        Ok(Inventory {
            rows,
            files: files.len() as u64,
            bytes: files.iter().map(|f| f.size).sum(),
        })
    }

    /// Deletes everything the user keeps in the data folder: every row of every table
    /// (their search index entries with them), the recordings, the attached files and
    /// any import in passing. What the app ships with (the starter glossary,
    /// benchmarks and checklists, the empty profile) is put back as on a fresh install.
    /// The audit log stays and records the deletion, with counts only; the speech
    /// models stay (they are downloaded software, not data). The database is vacuumed
    /// so deleted text does not linger in its free pages.
    ///
    /// Stop recording first: a meeting that records meanwhile loses its files.
    pub fn delete_everything(&self) -> Result<Inventory> {
        let schema_version = self.schema_version()?;
        let fresh = {
            let mut conn = Connection::open_in_memory()?;
            migrate::apply_up_to(&mut conn, 0, schema_version)?;
            // As a fresh install opens: sync's triggers in place, the starter rows logged.
            crate::sync::install(&mut conn)?;
            dump_tables(&conn, &[AUDIT_TABLE])?
        };
        let rows = self.write(|tx| {
            let rows = count_rows(tx)?;
            replace_rows(tx, &fresh, &[AUDIT_TABLE])?;
            crate::audit::record(
                tx,
                "delete",
                "everything",
                &serde_json::json!({ "rows": rows }),
            )?;
            Ok(rows)
        })?;
        self.compact()?;

        let files = user_files(self.layout().root())?;
        let bytes = files.iter().map(|f| f.size).sum();
        let mut failed = 0u64;
        for folder in USER_FOLDERS.iter().chain([&IMPORTS]) {
            let path = self.layout().absolute(folder);
            match std::fs::remove_dir_all(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => {
                    failed += 1;
                    tracing::warn!(path = %path.display(), error = %e, "could not remove a folder");
                }
            }
        }
        self.record_audit(
            "delete",
            "everything/files",
            &serde_json::json!({ "files": files.len(), "bytes": bytes, "failed_folders": failed }),
        )?;
        if failed > 0 {
            return Err(StoreError::Io {
                action: "the rows are deleted, but not every file could be removed from",
                path: self.layout().root().to_owned(),
                source: io::Error::other(format!("{failed} folder(s) remain")),
            });
        }
        Ok(Inventory {
            rows,
            files: files.len() as u64,
            bytes,
        })
    }
}

/// Rows per user table, the audit log left out (it stays when everything is deleted).
fn count_rows(conn: &Connection) -> rusqlite::Result<BTreeMap<String, u64>> {
    let mut rows = BTreeMap::new();
    for table in user_tables(conn)? {
        if table == AUDIT_TABLE {
            continue;
        }
        let count: u64 = conn.query_row(
            &format!("SELECT count(*) FROM {}", quote(&table)),
            [],
            |r| r.get(0),
        )?;
        rows.insert(table, count);
    }
    Ok(rows)
}

fn damaged(reason: impl Into<String>) -> StoreError {
    StoreError::invalid("archive", reason)
}

struct UserFile {
    relative: String,
    size: u64,
}

/// The user's files under the data folder (recordings, attached files), relative to it
/// with `/` between parts, sorted; lock files and anything not a plain file left out.
fn user_files(root: &Path) -> Result<Vec<UserFile>> {
    let mut found = Vec::new();
    for folder in USER_FOLDERS {
        walk(&root.join(folder), folder, &mut found)?;
    }
    found.sort_by(|a, b| a.relative.cmp(&b.relative));
    Ok(found)
}

fn walk(folder: &Path, relative: &str, found: &mut Vec<UserFile>) -> Result<()> {
    let read_error = |source: io::Error| StoreError::Io {
        action: "cannot read",
        path: folder.to_owned(),
        source,
    };
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(read_error(e)),
    };
    for entry in entries {
        let entry = entry.map_err(read_error)?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            tracing::warn!(folder = %folder.display(), "a file name that is not Unicode is left out");
            continue;
        };
        let child = format!("{relative}/{name}");
        let kind = entry.file_type().map_err(read_error)?;
        if kind.is_dir() {
            walk(&entry.path(), &child, found)?;
        } else if kind.is_file() && name != LIVE_LOCK {
            let size = entry.metadata().map_err(read_error)?.len();
            found.push(UserFile {
                relative: child,
                size,
            });
        }
    }
    Ok(())
}

fn copy(from: &mut impl Read, to: &mut impl Write) -> io::Result<u64> {
    let mut buffer = vec![0u8; COPY_BUFFER];
    let mut total = 0u64;
    loop {
        let n = match from.read(&mut buffer) {
            Ok(0) => return Ok(total),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        to.write_all(&buffer[..n])?;
        total += n as u64;
    }
}

/// Passes bytes through, counting and hashing them and reporting progress.
struct Hashing<'a, W: Write> {
    inner: W,
    hasher: Sha256,
    size: u64,
    base: u64,
    total: u64,
    progress: &'a mut dyn FnMut(u64, u64),
}

impl<'a, W: Write> Hashing<'a, W> {
    fn new(inner: W, base: u64, total: u64, progress: &'a mut dyn FnMut(u64, u64)) -> Self {
        Self {
            inner,
            hasher: Sha256::new(),
            size: 0,
            base,
            total,
            progress,
        }
    }

    fn finish(self) -> (u64, String) {
        (self.size, hex::encode(self.hasher.finalize()))
    }
}

impl<W: Write> Write for Hashing<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.size += n as u64;
        let done = self.base + self.size;
        (self.progress)(done, self.total.max(done));
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
