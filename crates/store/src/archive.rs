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

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, OptionalExtension as _, params_from_iter};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use crate::clock::now_timestamp;
use crate::layout::{IMPORTS, LIVE_LOCK, USER_FOLDERS};
use crate::migrate::{self, LATEST_SCHEMA_VERSION};
use crate::validate::data_relative_path;
use crate::{Result, Store, StoreError};

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

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    format: String,
    format_version: u32,
    schema_version: u32,
    created_at: String,
    members: Vec<Member>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Member {
    path: String,
    size: u64,
    sha256: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct DatabaseDump {
    schema_version: u32,
    tables: Vec<TableDump>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct TableDump {
    name: String,
    columns: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

/// One SQLite value, its storage class kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
enum Cell {
    Null,
    Integer(i64),
    Text(String),
    Real { real: String },
    Blob { blob: String },
}

impl Cell {
    fn from_sql(value: ValueRef<'_>) -> Cell {
        match value {
            ValueRef::Null => Cell::Null,
            ValueRef::Integer(i) => Cell::Integer(i),
            ValueRef::Real(f) => Cell::Real {
                real: f.to_string(),
            },
            ValueRef::Text(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(b) => Cell::Blob {
                blob: hex::encode(b),
            },
        }
    }

    fn to_sql(&self) -> Result<Value> {
        Ok(match self {
            Cell::Null => Value::Null,
            Cell::Integer(i) => Value::Integer(*i),
            Cell::Text(t) => Value::Text(t.clone()),
            Cell::Real { real } => Value::Real(
                real.parse()
                    .map_err(|_| damaged(format!("{real:?} is not a number")))?,
            ),
            Cell::Blob { blob } => Value::Blob(
                hex::decode(blob).map_err(|_| damaged("a binary value is not hexadecimal"))?,
            ),
        })
    }
}

impl Store {
    /// Writes everything the user owns to one archive at `out`: the rows of every table,
    /// the recordings and the attached files, with a manifest of their sizes and hashes.
    /// `progress(done, total)` is called in bytes as members are written. An existing
    /// file at `out` is not replaced. The export is written to the audit log.
    pub fn export_archive(
        &self,
        out: &Path,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<ArchiveSummary> {
        let (schema_version, tables) =
            self.read(|conn| Ok((migrate::schema_version(conn)?, dump_tables(conn, &[])?)))?;
        let dump = serde_json::to_vec(&DatabaseDump {
            schema_version,
            tables,
        })
        .map_err(|e| StoreError::invalid("archive", e.to_string()))?;
        let files = user_files(self.layout().root())?;
        let total = dump.len() as u64 + files.iter().map(|f| f.size).sum::<u64>();

        let write_error = |source: io::Error| StoreError::Io {
            action: "cannot write the archive",
            path: out.to_owned(),
            source,
        };
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if out.exists() {
            return Err(write_error(io::Error::new(
                io::ErrorKind::AlreadyExists,
                "a file is already there; choose another name",
            )));
        }
        let temp = tempfile::Builder::new()
            .prefix(".onno-archive-")
            .suffix(".part")
            .tempfile_in(parent)
            .map_err(write_error)?;

        let mut members = Vec::with_capacity(files.len() + 1);
        let mut done = 0u64;
        progress(0, total);
        {
            let mut zip = ZipWriter::new(BufWriter::new(temp.as_file()));
            let stamped = SimpleFileOptions::default().last_modified_time(zip_time());
            let deflated = stamped.compression_method(CompressionMethod::Deflated);
            zip.start_file(
                DATABASE,
                deflated.large_file(dump.len() as u64 >= u32::MAX as u64),
            )
            .map_err(|e| write_error(io::Error::other(e)))?;
            let mut hashing = Hashing::new(&mut zip, done, total, progress);
            hashing.write_all(&dump).map_err(write_error)?;
            let (size, sha256) = hashing.finish();
            done += size;
            members.push(Member {
                path: DATABASE.to_owned(),
                size,
                sha256,
            });

            for file in &files {
                let options = stamped
                    .compression_method(CompressionMethod::Stored)
                    .large_file(file.size >= u32::MAX as u64);
                let name = format!("{DATA_PREFIX}{}", file.relative);
                zip.start_file(name.as_str(), options)
                    .map_err(|e| write_error(io::Error::other(e)))?;
                let absolute = self.layout().absolute(&file.relative);
                let mut source = File::open(&absolute).map_err(|source| StoreError::Io {
                    action: "cannot read",
                    path: absolute.clone(),
                    source,
                })?;
                let mut hashing = Hashing::new(&mut zip, done, total, progress);
                copy(&mut source, &mut hashing).map_err(|source| StoreError::Io {
                    action: "cannot copy into the archive",
                    path: absolute.clone(),
                    source,
                })?;
                let (size, sha256) = hashing.finish();
                done += size;
                members.push(Member {
                    path: name,
                    size,
                    sha256,
                });
            }

            let manifest = Manifest {
                format: FORMAT.to_owned(),
                format_version: FORMAT_VERSION,
                schema_version,
                created_at: now_timestamp(),
                members: members.clone(),
            };
            zip.start_file(MANIFEST, deflated)
                .map_err(|e| write_error(io::Error::other(e)))?;
            serde_json::to_writer_pretty(&mut zip, &manifest)
                .map_err(|e| write_error(io::Error::other(e)))?;
            let mut inner = zip.finish().map_err(|e| write_error(io::Error::other(e)))?;
            inner.flush().map_err(write_error)?;
        }
        temp.as_file().sync_all().map_err(write_error)?;
        temp.persist_noclobber(out)
            .map_err(|e| write_error(e.error))?;

        let dump_rows = rows_of(&dump)?;
        let summary = ArchiveSummary {
            path: out.to_owned(),
            schema_version,
            rows: dump_rows,
            files: files.len() as u64,
            bytes: done,
        };
        self.record_audit(
            "export",
            "archive",
            &serde_json::json!({
                "schema_version": schema_version,
                "rows": summary.rows.values().sum::<u64>(),
                "files": summary.files,
                "bytes": summary.bytes,
            }),
        )?;
        Ok(summary)
    }

    /// Restores `archive` into `data_dir`, which must be empty or not exist yet. Every
    /// member is checked against the manifest's size and SHA-256; the rows are loaded
    /// with their ids under the schema they were written with and brought forward; the
    /// search index is rebuilt. The restore is staged beside `data_dir` and moved into
    /// place only when complete: on any failure `data_dir` is left as it was. The
    /// restored folder's audit log records the import.
    pub fn import_archive(
        archive: &Path,
        data_dir: &Path,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<ArchiveSummary> {
        let target_error = |source: io::Error| StoreError::Io {
            action: "cannot restore into",
            path: data_dir.to_owned(),
            source,
        };
        let target_exists = match std::fs::read_dir(data_dir) {
            Ok(mut entries) => {
                if entries.next().is_some() {
                    return Err(StoreError::invalid(
                        "data folder",
                        format!(
                            "{} is not empty; an archive is restored only into an empty folder",
                            data_dir.display()
                        ),
                    ));
                }
                true
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => false,
            Err(e) => return Err(target_error(e)),
        };

        let file = File::open(archive).map_err(|source| StoreError::Io {
            action: "cannot open the archive",
            path: archive.to_owned(),
            source,
        })?;
        let mut zip = ZipArchive::new(BufReader::new(file)).map_err(|e| {
            damaged(format!(
                "{} is not an Onno archive or is incomplete: {e}",
                archive.display()
            ))
        })?;
        let manifest = read_manifest(&mut zip)?;
        if manifest.schema_version > LATEST_SCHEMA_VERSION {
            return Err(StoreError::NewerVersion {
                path: archive.to_owned(),
                found: manifest.schema_version,
                supported: LATEST_SCHEMA_VERSION,
            });
        }
        check_members(&zip, &manifest)?;

        let parent = match data_dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(parent).map_err(target_error)?;
        let staging = tempfile::Builder::new()
            .prefix(".onno-restore-")
            .tempdir_in(parent)
            .map_err(target_error)?;

        let total: u64 = manifest.members.iter().map(|m| m.size).sum();
        let mut done = 0u64;
        progress(0, total);
        let mut dump = None;
        let mut files = 0u64;
        for member in &manifest.members {
            let mut entry = zip
                .by_name(&member.path)
                .map_err(|e| damaged(format!("{}: {e}", member.path)))?;
            if member.path == DATABASE {
                if member.size > MAX_MANIFEST_BYTES * 64 {
                    return Err(damaged("the rows are larger than any archive holds"));
                }
                let mut bytes = Vec::with_capacity(member.size.min(MAX_MANIFEST_BYTES) as usize);
                let mut hashing = Hashing::new(&mut bytes, done, total, progress);
                copy(&mut (&mut entry).take(member.size + 1), &mut hashing)
                    .map_err(|e| damaged(format!("{}: {e}", member.path)))?;
                let (size, sha256) = hashing.finish();
                verify(member, size, &sha256)?;
                done += size;
                dump = Some(bytes);
            } else {
                let relative = &member.path[DATA_PREFIX.len()..];
                let destination = staging.path().join(relative);
                if let Some(folder) = destination.parent() {
                    std::fs::create_dir_all(folder).map_err(target_error)?;
                }
                let mut out = File::create(&destination).map_err(target_error)?;
                let mut hashing = Hashing::new(&mut out, done, total, progress);
                copy(&mut (&mut entry).take(member.size + 1), &mut hashing)
                    .map_err(|e| damaged(format!("{}: {e}", member.path)))?;
                let (size, sha256) = hashing.finish();
                verify(member, size, &sha256)?;
                out.sync_all().map_err(target_error)?;
                done += size;
                files += 1;
            }
        }
        let dump = dump.ok_or_else(|| damaged("it holds no rows"))?;
        let rows = rows_of(&dump)?;
        let dump: DatabaseDump = serde_json::from_slice(&dump)
            .map_err(|e| damaged(format!("the rows cannot be read: {e}")))?;
        if dump.schema_version != manifest.schema_version {
            return Err(damaged("the rows and the manifest name different schemas"));
        }

        restore_database(&staging.path().join(crate::DATABASE_FILE_NAME), &dump)?;
        {
            // Brings an older schema forward and proves the folder opens.
            let store = Store::open(staging.path())?;
            store.record_audit(
                "import",
                "archive",
                &serde_json::json!({
                    "schema_version": dump.schema_version,
                    "rows": rows.values().sum::<u64>(),
                    "files": files,
                    "bytes": done,
                }),
            )?;
        }

        if target_exists {
            std::fs::remove_dir(data_dir).map_err(target_error)?;
        }
        let staged = staging.keep();
        if let Err(e) = std::fs::rename(&staged, data_dir) {
            let _ = std::fs::remove_dir_all(&staged);
            if target_exists {
                let _ = std::fs::create_dir(data_dir);
            }
            return Err(target_error(e));
        }
        Ok(ArchiveSummary {
            path: data_dir.to_owned(),
            schema_version: dump.schema_version,
            rows,
            files,
            bytes: done,
        })
    }

    /// Rows per table and the user's files: what [`Store::delete_everything`] removes.
    pub fn inventory(&self) -> Result<Inventory> {
        let rows = self.read(|conn| {
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
        })?;
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
            dump_tables(&conn, &[AUDIT_TABLE])?
        };
        let rows = self.write(|tx| {
            let mut rows = BTreeMap::new();
            for table in user_tables(tx)? {
                if table == AUDIT_TABLE {
                    continue;
                }
                let count: u64 = tx.query_row(
                    &format!("SELECT count(*) FROM {}", quote(&table)),
                    [],
                    |r| r.get(0),
                )?;
                rows.insert(table, count);
            }
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

/// Now, as zip stamps its members (local time is not known here; UTC it is).
fn zip_time() -> zip::DateTime {
    let now = time::OffsetDateTime::now_utc();
    zip::DateTime::from_date_and_time(
        u16::try_from(now.year()).unwrap_or(1980),
        now.month() as u8,
        now.day(),
        now.hour(),
        now.minute(),
        now.second(),
    )
    .unwrap_or_default()
}

fn damaged(reason: impl Into<String>) -> StoreError {
    StoreError::invalid("archive", reason)
}

fn verify(member: &Member, size: u64, sha256: &str) -> Result<()> {
    if size != member.size || sha256 != member.sha256 {
        return Err(damaged(format!(
            "{} does not match the manifest (damaged or altered)",
            member.path
        )));
    }
    Ok(())
}

fn read_manifest<R: Read + io::Seek>(zip: &mut ZipArchive<R>) -> Result<Manifest> {
    let entry = zip
        .by_name(MANIFEST)
        .map_err(|_| damaged("it has no manifest; it is not an Onno archive"))?;
    let mut text = Vec::new();
    entry
        .take(MAX_MANIFEST_BYTES)
        .read_to_end(&mut text)
        .map_err(|e| damaged(format!("the manifest cannot be read: {e}")))?;
    let manifest: Manifest = serde_json::from_slice(&text)
        .map_err(|e| damaged(format!("the manifest cannot be read: {e}")))?;
    if manifest.format != FORMAT {
        return Err(damaged("it is not an Onno archive"));
    }
    if manifest.format_version > FORMAT_VERSION {
        return Err(damaged(format!(
            "it was written by a newer version of Onno (archive format {}); update Onno to restore it",
            manifest.format_version
        )));
    }
    Ok(manifest)
}

/// The archive holds exactly the manifest's members, each a path this build writes.
fn check_members<R: Read + io::Seek>(zip: &ZipArchive<R>, manifest: &Manifest) -> Result<()> {
    let mut listed = BTreeSet::new();
    for member in &manifest.members {
        let ok = member.path == DATABASE
            || member.path.strip_prefix(DATA_PREFIX).is_some_and(|rel| {
                data_relative_path("archive member", rel).is_ok()
                    && USER_FOLDERS
                        .iter()
                        .any(|f| rel.split('/').next() == Some(*f))
                    && !rel.contains('\\')
            });
        if !ok {
            return Err(damaged(format!(
                "{:?} is not a member Onno writes",
                member.path
            )));
        }
        if !listed.insert(member.path.as_str()) {
            return Err(damaged(format!("{} is listed twice", member.path)));
        }
    }
    let mut present = BTreeSet::new();
    for name in zip.file_names() {
        let name = name.map_err(|e| damaged(format!("a member's name cannot be read: {e}")))?;
        if name != MANIFEST && !name.ends_with('/') {
            present.insert(name.into_owned());
        }
    }
    if let Some(missing) = listed.iter().find(|m| !present.contains(**m)) {
        return Err(damaged(format!("{missing} is missing")));
    }
    if let Some(extra) = present.iter().find(|p| !listed.contains(p.as_str())) {
        return Err(damaged(format!("{extra} is not in the manifest")));
    }
    Ok(())
}

/// Rows per table in a serialized dump.
fn rows_of(dump: &[u8]) -> Result<BTreeMap<String, u64>> {
    #[derive(Deserialize)]
    struct Counts {
        tables: Vec<TableCount>,
    }
    #[derive(Deserialize)]
    struct TableCount {
        name: String,
        rows: Vec<serde::de::IgnoredAny>,
    }
    let counts: Counts = serde_json::from_slice(dump)
        .map_err(|e| damaged(format!("the rows cannot be read: {e}")))?;
    Ok(counts
        .tables
        .into_iter()
        .map(|t| (t.name, t.rows.len() as u64))
        .collect())
}

/// Creates the database at `db_path` under the dump's schema and loads its rows.
fn restore_database(db_path: &Path, dump: &DatabaseDump) -> Result<()> {
    let mut conn = Connection::open(db_path)?;
    migrate::apply_up_to(&mut conn, 0, dump.schema_version)?;
    if migrate::schema_version(&conn)? != dump.schema_version {
        return Err(damaged(format!(
            "schema {} is not one Onno has written",
            dump.schema_version
        )));
    }
    // Rows go in table by table, so a child may come before its parent; the check
    // below proves every reference holds once all are in.
    conn.pragma_update(None, "foreign_keys", false)?;
    let tx = conn.transaction()?;
    replace_rows(&tx, &dump.tables, &[])?;
    let broken = tx
        .query_row("SELECT \"table\" FROM pragma_foreign_key_check", [], |r| {
            r.get::<_, String>(0)
        })
        .optional()?;
    if let Some(table) = broken {
        return Err(damaged(format!(
            "a row of {table} refers to a row that is not there"
        )));
    }
    tx.commit()?;
    Ok(())
}

/// The tables that hold the user's rows: every ordinary table, leaving out SQLite's
/// own and the search index (virtual tables and their shadow tables).
fn user_tables(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    conn.prepare(
        "SELECT name FROM pragma_table_list
         WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'
         ORDER BY name",
    )?
    .query_map([], |r| r.get(0))?
    .collect()
}

fn columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    conn.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?
        .query_map([table], |r| r.get(0))?
        .collect()
}

/// Every row of every user table except `skip`, in a stable order (by the columns in
/// order, so by id where the id comes first).
fn dump_tables(conn: &Connection, skip: &[&str]) -> Result<Vec<TableDump>> {
    let mut tables = Vec::new();
    for name in user_tables(conn)? {
        if skip.contains(&name.as_str()) {
            continue;
        }
        let columns = columns(conn, &name)?;
        let order = (1..=columns.len())
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let list = columns
            .iter()
            .map(|c| quote(c))
            .collect::<Vec<_>>()
            .join(", ");
        let mut statement = conn.prepare(&format!(
            "SELECT {list} FROM {} ORDER BY {order}",
            quote(&name)
        ))?;
        let rows = statement
            .query_map([], |row| {
                (0..columns.len())
                    .map(|i| Ok(Cell::from_sql(row.get_ref(i)?)))
                    .collect::<rusqlite::Result<Vec<_>>>()
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        tables.push(TableDump {
            name,
            columns,
            rows,
        });
    }
    Ok(tables)
}

/// Empties every user table but `keep` and loads `tables` in their place, ids and all,
/// then rebuilds the search index. Triggers are set aside meanwhile, so the rows land
/// exactly as given (a meeting's insert would otherwise touch its relationship).
fn replace_rows(tx: &Connection, tables: &[TableDump], keep: &[&str]) -> Result<()> {
    let triggers: Vec<(String, String)> = tx
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY rowid")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (name, _) in &triggers {
        tx.execute_batch(&format!("DROP TRIGGER {}", quote(name)))?;
    }
    // A child row may go in before its parent: references are checked at commit.
    tx.pragma_update(None, "defer_foreign_keys", true)?;
    let known = user_tables(tx)?;
    for table in &known {
        if !keep.contains(&table.as_str()) {
            tx.execute_batch(&format!("DELETE FROM {}", quote(table)))?;
        }
    }
    for table in tables {
        if !known.contains(&table.name) || keep.contains(&table.name.as_str()) {
            return Err(damaged(format!("{} is not a table Onno keeps", table.name)));
        }
        let existing = columns(tx, &table.name)?;
        if let Some(odd) = table.columns.iter().find(|c| !existing.contains(c)) {
            return Err(damaged(format!("{} has no column {odd}", table.name)));
        }
        let list = table
            .columns
            .iter()
            .map(|c| quote(c))
            .collect::<Vec<_>>()
            .join(", ");
        let slots = (1..=table.columns.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut insert = tx.prepare(&format!(
            "INSERT INTO {} ({list}) VALUES ({slots})",
            quote(&table.name)
        ))?;
        for row in &table.rows {
            if row.len() != table.columns.len() {
                return Err(damaged(format!(
                    "a row of {} has the wrong width",
                    table.name
                )));
            }
            let values = row.iter().map(Cell::to_sql).collect::<Result<Vec<_>>>()?;
            insert.execute(params_from_iter(values))?;
        }
    }
    for (_, sql) in &triggers {
        tx.execute_batch(sql)?;
    }
    rebuild_search(tx)?;
    Ok(())
}

/// Rebuilds every full-text index from the rows it indexes.
fn rebuild_search(conn: &Connection) -> Result<()> {
    let indexes: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema
             WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE % USING fts5%'",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for name in indexes {
        let quoted = quote(&name);
        conn.execute_batch(&format!(
            "INSERT INTO {quoted} ({quoted}) VALUES ('rebuild')"
        ))?;
    }
    Ok(())
}

fn quote(identifier: &str) -> String {
    format!("\"{}\"", identifier.replace('"', "\"\""))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_keep_their_type() {
        let cells = vec![
            Cell::Null,
            Cell::Integer(-7),
            Cell::Text("매출 1.2".into()),
            Cell::Real {
                real: 0.1f64.to_string(),
            },
            Cell::Blob {
                blob: "00ff".into(),
            },
        ];
        let json = serde_json::to_string(&cells).unwrap_or_default();
        let back: Vec<Cell> = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, cells);
        assert!(matches!(cells[3].to_sql(), Ok(Value::Real(r)) if r == 0.1));
    }
}
