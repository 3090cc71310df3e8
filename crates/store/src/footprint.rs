//! What deleting one meeting or one relationship takes with it, counted before the
//! person confirms, so the question can say exactly what goes and what stays.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension as _};
use serde::{Deserialize, Serialize};

use crate::layout::DataDir;
use crate::{Result, Store, StoreError};

/// What [`Store::delete_meeting`] removes, and what of the meeting stays.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MeetingFootprint {
    /// Transcript lines.
    pub lines: u64,
    /// Files in the meeting's folder (its recordings) and their bytes.
    pub recordings: u64,
    pub recording_bytes: u64,
    pub notes: u64,
    pub action_items: u64,
    pub questions: u64,
    pub has_summary: bool,
    /// Facts heard in the meeting: they stay with the relationship, unlinked.
    pub facts_kept: u64,
}

/// What [`Store::delete_relationship`] removes, and what stays.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RelationshipFootprint {
    /// Its figures and facts.
    pub facts: u64,
    /// Its attached files and their bytes.
    pub files: u64,
    pub file_bytes: u64,
    /// Its meetings: they stay, with no relationship.
    pub meetings_kept: u64,
}

fn count(conn: &Connection, sql: &str, id: i64) -> Result<u64> {
    Ok(conn.query_row(sql, [id], |r| r.get(0))?)
}

impl Store {
    /// Counts what deleting meeting `id` would take.
    pub fn meeting_footprint(&self, id: i64) -> Result<MeetingFootprint> {
        let mut footprint = self.read(|conn| {
            let found: Option<i64> = conn
                .query_row("SELECT id FROM meetings WHERE id = ?1", [id], |r| r.get(0))
                .optional()?;
            if found.is_none() {
                return Err(StoreError::NotFound {
                    entity: "meeting",
                    id,
                });
            }
            let per_meeting = |table: &str| {
                count(
                    conn,
                    &format!("SELECT count(*) FROM {table} WHERE meeting_id = ?1"),
                    id,
                )
            };
            Ok(MeetingFootprint {
                lines: per_meeting("transcript_segments")?,
                notes: count(
                    conn,
                    "SELECT count(*) FROM notes WHERE meeting_id = ?1 AND trim(body) <> ''",
                    id,
                )?,
                action_items: per_meeting("action_items")?,
                questions: per_meeting("ai_questions")?,
                has_summary: per_meeting("summaries")? > 0,
                facts_kept: per_meeting("relationship_data")?,
                ..MeetingFootprint::default()
            })
        })?;
        let folder = self.layout().meeting(id);
        let (mut files, mut bytes) = folder_size(folder.path());
        // The recorder's lock file stays behind after a meeting; it is not a recording.
        if let Ok(lock) = std::fs::metadata(folder.lock_file()) {
            files = files.saturating_sub(1);
            bytes = bytes.saturating_sub(lock.len());
        }
        footprint.recordings = files;
        footprint.recording_bytes = bytes;
        Ok(footprint)
    }

    /// Counts what deleting relationship `id` would take.
    pub fn relationship_footprint(&self, id: i64) -> Result<RelationshipFootprint> {
        let mut footprint = self.read(|conn| {
            let found: Option<i64> = conn
                .query_row("SELECT id FROM relationships WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .optional()?;
            if found.is_none() {
                return Err(StoreError::NotFound {
                    entity: "relationship",
                    id,
                });
            }
            Ok(RelationshipFootprint {
                facts: count(
                    conn,
                    "SELECT count(*) FROM relationship_data WHERE relationship_id = ?1",
                    id,
                )?,
                meetings_kept: count(
                    conn,
                    "SELECT count(*) FROM meetings WHERE relationship_id = ?1",
                    id,
                )?,
                ..RelationshipFootprint::default()
            })
        })?;
        // The folder, not the rows: it is what is removed from the disk.
        let folder = self.absolute(&DataDir::relationship_files(id));
        (footprint.files, footprint.file_bytes) = folder_size(&folder);
        Ok(footprint)
    }
}

/// Files under `folder` and their bytes; a missing folder holds none.
fn folder_size(folder: &Path) -> (u64, u64) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return (0, 0);
    };
    let mut total = (0, 0);
    for entry in entries.flatten() {
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_dir() {
            let (files, bytes) = folder_size(&entry.path());
            total = (total.0 + files, total.1 + bytes);
        } else if meta.is_file() {
            total = (total.0 + 1, total.1 + meta.len());
        }
    }
    total
}
