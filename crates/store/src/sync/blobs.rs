//! The files that travel beside the synced rows: meetings' recordings and relationships'
//! attached files. The store says which of this device's files the sync server still
//! needs, which files other devices have that this one lacks, and where a fetched file
//! goes; carrying them, sealed, is the sync client's job.
//!
//! A file is named by its SHA-256 everywhere: the same bytes attached twice travel once,
//! and a fetched file is checked against the hash its row carries.

use std::path::{Path, PathBuf};

use rusqlite::params;

use crate::validate::{data_relative_path, from_json, to_json};
use crate::{Result, SegmentSource, Store, StoreError};

/// One of this device's files the sync server does not hold yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalBlob {
    pub sha256: String,
    pub size_bytes: u64,
    /// The file on this machine.
    pub path: PathBuf,
}

/// What a file another device has is to this one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlobUse {
    /// One side of a meeting's call.
    Recording {
        meeting_id: i64,
        source: SegmentSource,
    },
    /// A file attached to a relationship, in meeting `meeting_id` if it was.
    File {
        file_id: i64,
        meeting_id: Option<i64>,
    },
}

/// A file another device has that this one lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WantedBlob {
    pub sha256: String,
    pub size_bytes: u64,
    /// Where it goes, relative to the data folder.
    pub target: String,
    pub usage: BlobUse,
}

/// How many files wait to travel, each way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BlobCounts {
    pub to_send: u64,
    pub to_fetch: u64,
    /// Bytes of the files to fetch.
    pub fetch_bytes: u64,
}

impl Store {
    /// Describes the recordings of every ended meeting that has none described yet: a
    /// synced row per side with the file's hash and size, so other devices can fetch
    /// it. Returns how many were described. A recording is described once; a meeting
    /// still being recorded is left for later.
    pub fn describe_recordings(&self) -> Result<usize> {
        let pending = self.read(|conn| {
            let mut statement = conn.prepare(
                "SELECT m.id, m.audio_paths FROM meetings m
                 WHERE m.status <> 'active' AND m.ended_at IS NOT NULL
                   AND m.audio_paths <> '[]'",
            )?;
            let rows = statement
                .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut pending = Vec::new();
            for (meeting_id, paths) in rows {
                let folder = self.layout().meeting(meeting_id);
                for relative in from_json::<Vec<String>>(&paths) {
                    // Only the recordings where the layout puts them, which is where
                    // they are sent from and fetched to.
                    let Some(source) = crate::DataDir::recorded_side(&relative)
                        .filter(|side| folder.recording(*side).as_ref() == Some(&relative))
                    else {
                        continue;
                    };
                    let described: bool = conn.query_row(
                        "SELECT EXISTS (SELECT 1 FROM meeting_recordings
                         WHERE meeting_id = ?1 AND source = ?2)",
                        params![meeting_id, source],
                        |r| r.get(0),
                    )?;
                    if !described {
                        pending.push((meeting_id, source, relative));
                    }
                }
            }
            Ok(pending)
        })?;
        let mut described = 0;
        for (meeting_id, source, relative) in pending {
            if data_relative_path("recording", &relative).is_err() {
                continue;
            }
            let path = self.absolute(&relative);
            // Hashed outside the write lock: an hour's recording takes a while.
            let (size, sha256) = match hash_file(&path) {
                Ok(hashed) => hashed,
                // Deleted by hand or by the retention rule since: nothing to describe.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                // One unreadable recording must not stop the rest of sync: it is tried
                // again at the next round.
                Err(error) => {
                    tracing::warn!(path = %path.display(), %error, "a recording could not be read to describe it");
                    continue;
                }
            };
            described += self.write(|tx| {
                Ok(tx.execute(
                    "INSERT OR IGNORE INTO meeting_recordings (meeting_id, source, sha256, size_bytes)
                     SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM meetings WHERE id = ?1)",
                    params![meeting_id, source, sha256, size as i64],
                )?)
            })?;
        }
        Ok(described)
    }

    /// This device's files (recordings described, files attached) that the sync server
    /// has not confirmed holding, each once.
    pub fn blobs_to_send(&self) -> Result<Vec<LocalBlob>> {
        let candidates = self.read(|conn| {
            let mut statement = conn.prepare(
                "SELECT sha256, size_bytes, stored_path FROM relationship_files
                 WHERE sha256 NOT IN (SELECT sha256 FROM sync_blobs_sent)",
            )?;
            let mut candidates = statement
                .query_map([], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get(2)?))
                })?
                .collect::<rusqlite::Result<Vec<(String, i64, String)>>>()?;
            let mut statement = conn.prepare(
                "SELECT sha256, size_bytes, meeting_id, source FROM meeting_recordings
                 WHERE sha256 NOT IN (SELECT sha256 FROM sync_blobs_sent)",
            )?;
            let recordings = statement
                .query_map([], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, SegmentSource>(3)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            candidates.extend(recordings.into_iter().filter_map(|(sha, size, id, side)| {
                Some((sha, size, self.layout().meeting(id).recording(side)?))
            }));
            Ok(candidates)
        })?;
        let mut blobs: Vec<LocalBlob> = Vec::new();
        for (sha256, size, relative) in candidates {
            let size_bytes = u64::try_from(size).unwrap_or_default();
            let path = self.absolute(&relative);
            let present = data_relative_path("path", &relative).is_ok() && holds(&path, size_bytes);
            if present && !blobs.iter().any(|b| b.sha256 == sha256) {
                blobs.push(LocalBlob {
                    sha256,
                    size_bytes,
                    path,
                });
            }
        }
        Ok(blobs)
    }

    /// Keeps that the sync server holds the file with this hash whole.
    pub fn mark_blob_sent(&self, sha256: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT OR IGNORE INTO sync_blobs_sent (sha256) VALUES (?1)",
                [sha256],
            )?;
            Ok(())
        })
    }

    /// Files other devices have (their rows are here) that this device lacks.
    pub fn blobs_to_fetch(&self) -> Result<Vec<WantedBlob>> {
        let (recordings, files) = self.read(|conn| {
            let mut statement = conn.prepare(
                "SELECT meeting_id, source, sha256, size_bytes FROM meeting_recordings
                     WHERE removed_here = 0",
            )?;
            let recordings = statement
                .query_map([], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, SegmentSource>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, i64>(3)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut statement = conn.prepare(
                "SELECT id, sha256, size_bytes, stored_path, meeting_id FROM relationship_files",
            )?;
            let files = statement
                .query_map([], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, Option<i64>>(4)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok((recordings, files))
        })?;
        let mut wanted = Vec::new();
        for (meeting_id, source, sha256, size) in recordings {
            let Some(target) = self.layout().meeting(meeting_id).recording(source) else {
                continue;
            };
            let size_bytes = u64::try_from(size).unwrap_or_default();
            if !holds(&self.absolute(&target), size_bytes) {
                wanted.push(WantedBlob {
                    sha256,
                    size_bytes,
                    target,
                    usage: BlobUse::Recording { meeting_id, source },
                });
            }
        }
        for (file_id, sha256, size, stored_path, meeting_id) in files {
            // The path came from another device: it must stay inside the files folder.
            let inside = data_relative_path("stored_path", &stored_path).is_ok()
                && stored_path.starts_with(&format!("{}/", crate::layout::FILES));
            let size_bytes = u64::try_from(size).unwrap_or_default();
            if inside && !holds(&self.absolute(&stored_path), size_bytes) {
                wanted.push(WantedBlob {
                    sha256,
                    size_bytes,
                    target: stored_path,
                    usage: BlobUse::File {
                        file_id,
                        meeting_id,
                    },
                });
            }
        }
        Ok(wanted)
    }

    /// Where a file being fetched is written until it is checked: beside its target,
    /// whose folder is made.
    pub fn blob_landing(&self, wanted: &WantedBlob) -> Result<PathBuf> {
        let target = self.absolute(&data_relative_path("target", &wanted.target)?);
        let folder = target.parent().unwrap_or(self.data_dir()).to_owned();
        std::fs::create_dir_all(&folder).map_err(|source| StoreError::Io {
            action: "cannot create",
            path: folder,
            source,
        })?;
        let mut landing = target.into_os_string();
        landing.push(".partial");
        Ok(PathBuf::from(landing))
    }

    /// Takes in a fetched file, already checked against its hash and written beside
    /// its target at `fetched`: moves it into place, and a recording joins its
    /// meeting's recordings so it plays.
    pub fn keep_fetched_blob(&self, wanted: &WantedBlob, fetched: &Path) -> Result<()> {
        let target = self.absolute(&data_relative_path("target", &wanted.target)?);
        // Moved in within the write, so a meeting or file deleted during the fetch
        // leaves nothing behind, and one deleted after finds its file to delete.
        let kept = self.write(|tx| {
            let still_wanted: bool = match wanted.usage {
                BlobUse::Recording { meeting_id, .. } => tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM meetings WHERE id = ?1)",
                    [meeting_id],
                    |r| r.get(0),
                )?,
                BlobUse::File { file_id, .. } => tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM relationship_files WHERE id = ?1 AND sha256 = ?2)",
                    params![file_id, wanted.sha256],
                    |r| r.get(0),
                )?,
            };
            if !still_wanted {
                return Ok(false);
            }
            std::fs::rename(fetched, &target).map_err(|source| StoreError::Io {
                action: "cannot store the fetched file",
                path: target.clone(),
                source,
            })?;
            tx.execute(
                "INSERT OR IGNORE INTO sync_blobs_sent (sha256) VALUES (?1)",
                [&wanted.sha256],
            )?;
            if let BlobUse::Recording { meeting_id, .. } = wanted.usage {
                let paths: String = tx.query_row(
                    "SELECT audio_paths FROM meetings WHERE id = ?1",
                    [meeting_id],
                    |r| r.get(0),
                )?;
                let mut paths: Vec<String> = from_json(&paths);
                if !paths.contains(&wanted.target) {
                    paths.push(wanted.target.clone());
                    paths.sort();
                    // audio_paths does not sync and updated_at is left alone: a fetch
                    // is no edit for the other devices to hear of.
                    tx.execute(
                        "UPDATE meetings SET audio_paths = ?2 WHERE id = ?1",
                        params![meeting_id, to_json(&paths)],
                    )?;
                }
            }
            Ok(true)
        })?;
        if !kept {
            let _ = std::fs::remove_file(fetched);
        }
        Ok(())
    }

    /// How many files wait to be sent and fetched.
    pub fn blob_counts(&self) -> Result<BlobCounts> {
        let to_fetch = self.blobs_to_fetch()?;
        Ok(BlobCounts {
            to_send: self.blobs_to_send()?.len() as u64,
            to_fetch: to_fetch.len() as u64,
            fetch_bytes: to_fetch.iter().map(|b| b.size_bytes).sum(),
        })
    }
}

/// Whether the file at `path` is there with the size its row says. The hash is
/// checked when a file is fetched and when it is sent, not on every look: a recording
/// is large.
fn holds(path: &Path, size: u64) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == size)
}

/// A file's size and SHA-256 (lowercase hex).
fn hash_file(path: &Path) -> std::io::Result<(u64, String)> {
    crate::files::hash_stream(std::fs::File::open(path)?, &mut std::io::sink())
}
