//! Writing an archive: the rows, then every user file, then the manifest that lists
//! them, into a temporary file that is renamed into place only when complete.

use std::fs::File;
use std::io::{self, BufWriter, Seek, Write};
use std::path::Path;

use zip::result::ZipError;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::manifest::{Manifest, Member};
use super::rows::{DatabaseDump, dump_tables, rows_of};
use super::{
    ArchiveSummary, DATA_PREFIX, DATABASE, FORMAT, FORMAT_VERSION, Hashing, MANIFEST, UserFile,
    copy, user_files,
};
use crate::clock::now_timestamp;
use crate::migrate;
use crate::{Result, Store, StoreError};

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

        let temp = part_file_beside(out)?;
        let bytes = {
            let mut writer =
                MemberWriter::new(BufWriter::new(temp.as_file()), out, total, progress);
            writer.rows(&dump)?;
            for file in &files {
                writer.file(&self.layout().absolute(&file.relative), file)?;
            }
            writer.finish(schema_version)?
        };
        temp.as_file().sync_all().map_err(write_error(out))?;
        temp.persist_noclobber(out)
            .map_err(|e| write_error(out)(e.error))?;

        let summary = ArchiveSummary {
            path: out.to_owned(),
            schema_version,
            rows: rows_of(&dump)?,
            files: files.len() as u64,
            bytes,
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
}

fn write_error(out: &Path) -> impl Fn(io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        action: "cannot write the archive",
        path: out.to_owned(),
        source,
    }
}

/// A temporary file beside `out`, so the finished archive is renamed into place on the
/// same file system; refused when a file is already at `out`.
fn part_file_beside(out: &Path) -> Result<tempfile::NamedTempFile> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if out.exists() {
        return Err(write_error(out)(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "a file is already there; choose another name",
        )));
    }
    tempfile::Builder::new()
        .prefix(".onno-archive-")
        .suffix(".part")
        .tempfile_in(parent)
        .map_err(write_error(out))
}

/// Writes members one after another, hashing each and counting bytes for progress,
/// and remembers them for the manifest.
struct MemberWriter<'a, W: Write + Seek> {
    zip: ZipWriter<W>,
    stamped: SimpleFileOptions,
    out: &'a Path,
    done: u64,
    total: u64,
    progress: &'a mut dyn FnMut(u64, u64),
    members: Vec<Member>,
}

impl<'a, W: Write + Seek> MemberWriter<'a, W> {
    fn new(inner: W, out: &'a Path, total: u64, progress: &'a mut dyn FnMut(u64, u64)) -> Self {
        progress(0, total);
        Self {
            zip: ZipWriter::new(inner),
            stamped: SimpleFileOptions::default().last_modified_time(zip_time()),
            out,
            done: 0,
            total,
            progress,
            members: Vec::new(),
        }
    }

    fn zip_error(&self, e: ZipError) -> StoreError {
        write_error(self.out)(io::Error::other(e))
    }

    /// The row dump, deflated: JSON compresses well.
    fn rows(&mut self, dump: &[u8]) -> Result<()> {
        let options = self
            .stamped
            .compression_method(CompressionMethod::Deflated)
            .large_file(dump.len() as u64 >= u32::MAX as u64);
        self.zip
            .start_file(DATABASE, options)
            .map_err(|e| self.zip_error(e))?;
        let mut hashing = Hashing::new(&mut self.zip, self.done, self.total, self.progress);
        hashing.write_all(dump).map_err(write_error(self.out))?;
        let (size, sha256) = hashing.finish();
        self.add_member(DATABASE.to_owned(), size, sha256);
        Ok(())
    }

    /// One user file, streamed and stored as it is (recordings barely compress).
    fn file(&mut self, absolute: &Path, file: &UserFile) -> Result<()> {
        let options = self
            .stamped
            .compression_method(CompressionMethod::Stored)
            .large_file(file.size >= u32::MAX as u64);
        let name = format!("{DATA_PREFIX}{}", file.relative);
        self.zip
            .start_file(name.as_str(), options)
            .map_err(|e| self.zip_error(e))?;
        let mut source = File::open(absolute).map_err(|source| StoreError::Io {
            action: "cannot read",
            path: absolute.to_owned(),
            source,
        })?;
        let mut hashing = Hashing::new(&mut self.zip, self.done, self.total, self.progress);
        copy(&mut source, &mut hashing).map_err(|source| StoreError::Io {
            action: "cannot copy into the archive",
            path: absolute.to_owned(),
            source,
        })?;
        let (size, sha256) = hashing.finish();
        self.add_member(name, size, sha256);
        Ok(())
    }

    fn add_member(&mut self, path: String, size: u64, sha256: String) {
        self.done += size;
        self.members.push(Member { path, size, sha256 });
    }

    /// Writes the manifest last, so an archive cut short has none and is refused;
    /// returns the bytes of every member before compression.
    fn finish(mut self, schema_version: u32) -> Result<u64> {
        let manifest = Manifest {
            format: FORMAT.to_owned(),
            format_version: FORMAT_VERSION,
            schema_version,
            created_at: now_timestamp(),
            members: std::mem::take(&mut self.members),
        };
        let deflated = self.stamped.compression_method(CompressionMethod::Deflated);
        self.zip
            .start_file(MANIFEST, deflated)
            .map_err(|e| self.zip_error(e))?;
        serde_json::to_writer_pretty(&mut self.zip, &manifest)
            .map_err(|e| write_error(self.out)(io::Error::other(e)))?;
        let out = self.out;
        let mut inner = self
            .zip
            .finish()
            .map_err(|e| write_error(out)(io::Error::other(e)))?;
        inner.flush().map_err(write_error(out))?;
        Ok(self.done)
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
