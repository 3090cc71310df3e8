use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction};

use crate::clock::now_timestamp;
use crate::layout::{DATABASE_FILE_NAME, DataDir};
use crate::migrate::{self, LATEST_SCHEMA_VERSION};
use crate::validate::data_relative_path;
use crate::{Result, StoreError};

/// How long a connection waits for another process holding the write lock (the CLI
/// beside the app, say) before it reports the database as busy.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The store: one SQLite file plus the folder of audio and relationship files beside it.
///
/// All methods take `&self` and are safe to call from several threads: writes go
/// through the single writer connection, reads through a separate reader that WAL
/// lets run beside it.
pub struct Store {
    layout: DataDir,
    db_path: PathBuf,
    writer: Mutex<Connection>,
    reader: Mutex<Connection>,
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir`, upgrading its schema.
    ///
    /// A file that is not a SQLite database, or is damaged, gives
    /// [`StoreError::Corrupt`] and is left untouched; see [`move_aside`]. A file from a
    /// newer build gives [`StoreError::NewerVersion`].
    pub fn open(data_dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::Io {
            action: "cannot create the data folder",
            path: data_dir.to_owned(),
            source,
        })?;
        let layout = DataDir::new(data_dir);
        let db_path = layout.database();
        let corrupt = |e: rusqlite::Error| classify_open_error(&db_path, e);

        let mut writer = Connection::open(&db_path).map_err(corrupt)?;
        // Reading the version first touches the file header: a foreign or damaged file
        // fails here, before anything (even the WAL switch) writes to it.
        let found = migrate::schema_version(&writer).map_err(corrupt)?;
        if found > LATEST_SCHEMA_VERSION {
            return Err(StoreError::NewerVersion {
                path: db_path,
                found,
                supported: LATEST_SCHEMA_VERSION,
            });
        }
        configure(&writer).map_err(corrupt)?;
        writer
            .query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))
            .map_err(corrupt)?;
        migrate::apply_pending(&mut writer, found).map_err(corrupt)?;
        crate::sync::install(&mut writer).map_err(corrupt)?;

        let reader = Connection::open_with_flags(
            &db_path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(corrupt)?;
        configure(&reader).map_err(corrupt)?;

        Ok(Store {
            layout,
            db_path,
            writer: Mutex::new(writer),
            reader: Mutex::new(reader),
        })
    }

    pub fn data_dir(&self) -> &Path {
        self.layout.root()
    }

    /// Where the data folder keeps what the database refers to.
    pub fn layout(&self) -> &DataDir {
        &self.layout
    }

    pub fn db_path(&self) -> &Path {
        &self.db_path
    }

    pub fn schema_version(&self) -> Result<u32> {
        Ok(migrate::schema_version(&self.reader())?)
    }

    /// Runs `f` in a write transaction; it commits only if `f` succeeds.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut conn = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        let tx = conn.transaction()?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// The reader connection. A panic while it was held cannot leave it half-written
    /// (it only reads), so a poisoned lock is safe to take over.
    pub(crate) fn reader(&self) -> MutexGuard<'_, Connection> {
        self.reader.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` over a consistent snapshot: several reads see the same data.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = self.reader();
        conn.execute_batch("BEGIN")?;
        let value = f(&conn);
        conn.execute_batch("COMMIT")?;
        value
    }

    /// Rewrites the database file without its free pages and empties the WAL, so
    /// deleted rows leave nothing behind on disk.
    pub(crate) fn compact(&self) -> Result<()> {
        let conn = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        conn.execute_batch("VACUUM")?;
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    pub(crate) fn absolute(&self, relative: &str) -> PathBuf {
        self.layout.absolute(relative)
    }

    /// Removes a file the store kept, after its row is gone. Failure is logged, not
    /// returned: the row's deletion is already committed and must not be undone.
    pub(crate) fn remove_data_file(&self, relative: &str) {
        if data_relative_path("path", relative).is_err() {
            return;
        }
        match std::fs::remove_file(self.absolute(relative)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => tracing::warn!(path = relative, error = %e, "could not remove a file"),
        }
    }

    /// Like [`Store::remove_data_file`], for a folder and everything in it.
    pub(crate) fn remove_data_folder(&self, relative: &str) {
        let folder = self.absolute(relative);
        if !folder.is_dir() {
            return;
        }
        if let Err(e) = std::fs::remove_dir_all(&folder) {
            tracing::warn!(path = relative, error = %e, "could not remove a folder");
        }
    }
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    if !conn.is_readonly(rusqlite::MAIN_DB)? {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // In WAL mode NORMAL loses no committed transaction on an application crash,
        // only possibly the last ones on a power cut, and saves an fsync per commit.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
    }
    Ok(())
}

fn classify_open_error(path: &Path, error: rusqlite::Error) -> StoreError {
    match error.sqlite_error_code() {
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path: path.to_owned(),
            detail: error.to_string(),
        },
        _ => StoreError::Sqlite(error),
    }
}

/// Renames a damaged database (with its `-wal` and `-shm` companions) to
/// `onno.db.damaged-<timestamp>` beside it, so a fresh one can be created while the old
/// one is kept for recovery. Returns the new path of the main file.
pub fn move_aside(db_path: &Path) -> Result<PathBuf> {
    let stamp = now_timestamp().replace([':', '-'], "");
    let file_name = db_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| DATABASE_FILE_NAME.to_owned());
    let target = db_path.with_file_name(format!("{file_name}.damaged-{stamp}"));
    for suffix in ["", "-wal", "-shm"] {
        let from = PathBuf::from(format!("{}{suffix}", db_path.display()));
        if !from.exists() {
            continue;
        }
        let to = PathBuf::from(format!("{}{suffix}", target.display()));
        std::fs::rename(&from, &to).map_err(|source| StoreError::Io {
            action: "cannot move the damaged database aside",
            path: from.clone(),
            source,
        })?;
    }
    Ok(target)
}
