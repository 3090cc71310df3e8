//! Restoring an archive: check the manifest, unpack every member into a staging
//! folder beside the target while verifying it, load the rows, and move the folder
//! into place only when all of it checked out.

use std::fs::File;
use std::io::{self, BufReader, Read, Seek, Write};
use std::path::Path;

use zip::ZipArchive;

use super::manifest::{Manifest, Member, check_members, read_manifest, verify};
use super::rows::{DatabaseDump, restore_database, rows_of};
use super::{ArchiveSummary, DATA_PREFIX, DATABASE, Hashing, MAX_MANIFEST_BYTES, copy, damaged};
use crate::layout::DataDir;
use crate::migrate::LATEST_SCHEMA_VERSION;
use crate::{Result, Store, StoreError};

impl Store {
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
        let target_exists = empty_target_exists(data_dir)?;
        let mut zip = open_archive(archive)?;
        let manifest = read_manifest(&mut zip)?;
        if manifest.schema_version > LATEST_SCHEMA_VERSION {
            return Err(StoreError::NewerVersion {
                path: archive.to_owned(),
                found: manifest.schema_version,
                supported: LATEST_SCHEMA_VERSION,
            });
        }
        check_members(&zip, &manifest)?;

        let staging = staging_beside(data_dir)?;
        let unpacked = unpack(&mut zip, &manifest, staging.path(), progress)?;
        let rows = rows_of(&unpacked.dump)?;
        let dump: DatabaseDump = serde_json::from_slice(&unpacked.dump)
            .map_err(|e| damaged(format!("the rows cannot be read: {e}")))?;
        if dump.schema_version != manifest.schema_version {
            return Err(damaged("the rows and the manifest name different schemas"));
        }

        restore_database(&DataDir::new(staging.path()).database(), &dump)?;
        {
            // Brings an older schema forward and proves the folder opens.
            let store = Store::open(staging.path())?;
            store.record_audit(
                "import",
                "archive",
                &serde_json::json!({
                    "schema_version": dump.schema_version,
                    "rows": rows.values().sum::<u64>(),
                    "files": unpacked.files,
                    "bytes": unpacked.bytes,
                }),
            )?;
        }
        move_into_place(staging, data_dir, target_exists)?;
        Ok(ArchiveSummary {
            path: data_dir.to_owned(),
            schema_version: dump.schema_version,
            rows,
            files: unpacked.files,
            bytes: unpacked.bytes,
        })
    }
}

fn target_error(data_dir: &Path) -> impl Fn(io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        action: "cannot restore into",
        path: data_dir.to_owned(),
        source,
    }
}

/// Whether `data_dir` exists; an error when it holds anything, since a restore never
/// mixes an archive into data already there.
fn empty_target_exists(data_dir: &Path) -> Result<bool> {
    match std::fs::read_dir(data_dir) {
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
            Ok(true)
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(target_error(data_dir)(e)),
    }
}

fn open_archive(archive: &Path) -> Result<ZipArchive<BufReader<File>>> {
    let file = File::open(archive).map_err(|source| StoreError::Io {
        action: "cannot open the archive",
        path: archive.to_owned(),
        source,
    })?;
    ZipArchive::new(BufReader::new(file)).map_err(|e| {
        damaged(format!(
            "{} is not an Onno archive or is incomplete: {e}",
            archive.display()
        ))
    })
}

/// A temporary folder beside `data_dir`, so the restore moves into place by a rename
/// on the same file system; removed if the restore fails.
fn staging_beside(data_dir: &Path) -> Result<tempfile::TempDir> {
    let parent = match data_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(parent).map_err(target_error(data_dir))?;
    tempfile::Builder::new()
        .prefix(".onno-restore-")
        .tempdir_in(parent)
        .map_err(target_error(data_dir))
}

/// What [`unpack`] found: the row dump, held in memory, and the files written.
struct Unpacked {
    dump: Vec<u8>,
    files: u64,
    bytes: u64,
}

/// Writes every member the manifest lists into `staging`, verifying each; the row
/// dump is kept in memory.
fn unpack<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    manifest: &Manifest,
    staging: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Unpacked> {
    let staging_error = |source: io::Error| StoreError::Io {
        action: "cannot restore into",
        path: staging.to_owned(),
        source,
    };
    let total: u64 = manifest.members.iter().map(|m| m.size).sum();
    let mut done = 0u64;
    progress(0, total);
    let mut dump = None;
    let mut files = 0u64;
    for member in &manifest.members {
        let mut entry = zip
            .by_name(&member.path)
            .map_err(|e| damaged(format!("{}: {e}", member.path)))?;
        let mut stream = Stream {
            done,
            total,
            progress: &mut *progress,
        };
        if member.path == DATABASE {
            if member.size > MAX_MANIFEST_BYTES * 64 {
                return Err(damaged("the rows are larger than any archive holds"));
            }
            let mut bytes = Vec::with_capacity(member.size.min(MAX_MANIFEST_BYTES) as usize);
            done += stream.copy_verified(&mut entry, member, &mut bytes)?;
            dump = Some(bytes);
        } else {
            let destination = staging.join(&member.path[DATA_PREFIX.len()..]);
            if let Some(folder) = destination.parent() {
                std::fs::create_dir_all(folder).map_err(staging_error)?;
            }
            let mut out = File::create(&destination).map_err(staging_error)?;
            done += stream.copy_verified(&mut entry, member, &mut out)?;
            out.sync_all().map_err(staging_error)?;
            files += 1;
        }
    }
    Ok(Unpacked {
        dump: dump.ok_or_else(|| damaged("it holds no rows"))?,
        files,
        bytes: done,
    })
}

/// Where a member's bytes fall in the whole restore, for progress.
struct Stream<'a> {
    done: u64,
    total: u64,
    progress: &'a mut dyn FnMut(u64, u64),
}

impl Stream<'_> {
    /// Copies one member to `to` and checks it against the manifest; reads at most one
    /// byte more than listed, so a member longer than its entry is caught without
    /// reading it all. Returns the bytes copied.
    fn copy_verified(
        &mut self,
        entry: &mut impl Read,
        member: &Member,
        to: &mut impl Write,
    ) -> Result<u64> {
        let mut hashing = Hashing::new(to, self.done, self.total, self.progress);
        copy(&mut entry.take(member.size + 1), &mut hashing)
            .map_err(|e| damaged(format!("{}: {e}", member.path)))?;
        let (size, sha256) = hashing.finish();
        verify(member, size, &sha256)?;
        Ok(size)
    }
}

/// Replaces the empty (or missing) `data_dir` by the staged folder; on failure the
/// staged folder goes and `data_dir` is put back as it was.
fn move_into_place(staging: tempfile::TempDir, data_dir: &Path, target_exists: bool) -> Result<()> {
    if target_exists {
        std::fs::remove_dir(data_dir).map_err(target_error(data_dir))?;
    }
    let staged = staging.keep();
    if let Err(e) = std::fs::rename(&staged, data_dir) {
        let _ = std::fs::remove_dir_all(&staged);
        if target_exists {
            let _ = std::fs::create_dir(data_dir);
        }
        return Err(target_error(data_dir)(e));
    }
    Ok(())
}
