//! The correction history: the rows each correction touched, as they were, so that
//! undo can put them back, and the way they go back in.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::clock::now_timestamp;
use crate::validate::{from_json, to_json};
use crate::{CorrectionKind, Result, Segment, SegmentSource};

use super::{Correction, UNDO_LIMIT};

/// A segment row as stored, as the history keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct StoredRow {
    pub(super) id: i64,
    pub(super) source: SegmentSource,
    /// The line's own name, not its side's.
    pub(super) speaker: Option<String>,
    pub(super) text: String,
    pub(super) start_ms: i64,
    pub(super) end_ms: i64,
    /// Written as text: Rust prints the shortest decimal that reads back to the same
    /// bits, whereas a JSON number may come back a last bit off.
    pub(super) confidence: Option<String>,
    pub(super) language: Option<String>,
    pub(super) is_final: bool,
    pub(super) edited: bool,
    pub(super) created_at: String,
}

impl From<&Segment> for StoredRow {
    fn from(s: &Segment) -> Self {
        StoredRow {
            id: s.id,
            source: s.source,
            speaker: s.speaker.clone(),
            text: s.text.clone(),
            start_ms: s.start_ms,
            end_ms: s.end_ms,
            confidence: s.confidence.map(|c| c.to_string()),
            language: s.language.clone(),
            is_final: s.is_final,
            edited: s.edited,
            created_at: s.created_at.clone(),
        }
    }
}

impl StoredRow {
    pub(super) fn confidence(&self) -> Option<f64> {
        self.confidence.as_deref().and_then(|c| c.parse().ok())
    }
}

/// One history entry: what undoing a correction needs.
pub(super) struct Entry {
    pub(super) id: i64,
    pub(super) meeting_id: i64,
    pub(super) kind: CorrectionKind,
    pub(super) at: String,
    /// The rows it touched as they were (read with [`load_stored`]).
    pub(super) before: Vec<StoredRow>,
    /// Which of `before` it deleted.
    pub(super) removed: Vec<i64>,
    /// The rows it added.
    pub(super) added: Vec<i64>,
    /// For a side: which, and its name before.
    pub(super) side: Option<SegmentSource>,
    pub(super) side_name: Option<String>,
}

impl Entry {
    pub(super) fn new(kind: CorrectionKind, meeting_id: i64, before: &[&Segment]) -> Entry {
        Entry {
            id: 0,
            meeting_id,
            kind,
            at: now_timestamp(),
            before: before.iter().map(|s| StoredRow::from(*s)).collect(),
            removed: Vec::new(),
            added: Vec::new(),
            side: None,
            side_name: None,
        }
    }

    pub(super) fn public(&self) -> Correction {
        Correction {
            id: self.id,
            meeting_id: self.meeting_id,
            kind: self.kind,
            at: self.at.clone(),
            segment_ids: self
                .before
                .iter()
                .map(|r| r.id)
                .chain(self.added.iter().copied())
                .collect(),
            side: self.side,
        }
    }
}

pub(super) const SELECT_ENTRY: &str =
    "SELECT id, meeting_id, kind, at, before, removed, added, side,
        side_name
    FROM transcript_corrections";

pub(super) fn entry_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    Ok(Entry {
        id: row.get(0)?,
        meeting_id: row.get(1)?,
        kind: row.get(2)?,
        at: row.get(3)?,
        before: from_json(&row.get::<_, String>(4)?),
        removed: from_json(&row.get::<_, String>(5)?),
        added: from_json(&row.get::<_, String>(6)?),
        side: row.get(7)?,
        side_name: row.get(8)?,
    })
}

/// Keeps `entry` in the history, dropping what falls beyond [`UNDO_LIMIT`]; returns its id.
pub(super) fn remember(tx: &Transaction<'_>, entry: &Entry) -> Result<i64> {
    tx.execute(
        "INSERT INTO transcript_corrections (meeting_id, kind, before, removed, added, side,
            side_name, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            entry.meeting_id,
            entry.kind,
            to_json(&entry.before),
            to_json(&entry.removed),
            to_json(&entry.added),
            entry.side,
            entry.side_name,
            entry.at
        ],
    )?;
    let id = tx.last_insert_rowid();
    tx.execute(
        "DELETE FROM transcript_corrections WHERE meeting_id = ?1 AND id <=
            (SELECT id FROM transcript_corrections WHERE meeting_id = ?1
             ORDER BY id DESC LIMIT 1 OFFSET ?2)",
        params![entry.meeting_id, UNDO_LIMIT],
    )?;
    Ok(id)
}

/// Drops a meeting's correction history (the final pass: see
/// [`Store::finalize_transcript`]).
pub(crate) fn forget(conn: &Connection, meeting_id: i64) -> Result<()> {
    conn.execute(
        "DELETE FROM transcript_corrections WHERE meeting_id = ?1",
        [meeting_id],
    )?;
    Ok(())
}

/// Puts `row` back as a new row, under its old id when that is free; returns its id.
pub(super) fn reinsert(tx: &Transaction<'_>, meeting_id: i64, row: &StoredRow) -> Result<i64> {
    let taken = tx
        .query_row(
            "SELECT 1 FROM transcript_segments WHERE id = ?1",
            [row.id],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    tx.execute(
        "INSERT INTO transcript_segments (id, meeting_id, source, speaker, text, start_ms,
            end_ms, confidence, language, is_final, edited, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            (!taken).then_some(row.id),
            meeting_id,
            row.source,
            row.speaker,
            row.text,
            row.start_ms,
            row.end_ms,
            row.confidence(),
            row.language,
            row.is_final,
            row.edited,
            row.created_at
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Puts the row `row.id` back as it was; returns its id (a new one if it was gone).
pub(super) fn restore(tx: &Transaction<'_>, meeting_id: i64, row: &StoredRow) -> Result<i64> {
    let changed = tx.execute(
        "UPDATE transcript_segments SET source = ?3, speaker = ?4, text = ?5, start_ms = ?6,
            end_ms = ?7, confidence = ?8, language = ?9, is_final = ?10, edited = ?11,
            created_at = ?12
         WHERE id = ?1 AND meeting_id = ?2",
        params![
            row.id,
            meeting_id,
            row.source,
            row.speaker,
            row.text,
            row.start_ms,
            row.end_ms,
            row.confidence(),
            row.language,
            row.is_final,
            row.edited,
            row.created_at
        ],
    )?;
    match changed {
        0 => reinsert(tx, meeting_id, row),
        _ => Ok(row.id),
    }
}

/// After lines came back under new ids, the older entries of the meeting name them so.
pub(super) fn renumber(tx: &Transaction<'_>, meeting_id: i64, moved: &[(i64, i64)]) -> Result<()> {
    let new_id = |id: i64| {
        moved
            .iter()
            .find(|(old, _)| *old == id)
            .map_or(id, |(_, new)| *new)
    };
    let entries = tx
        .prepare(&format!("{SELECT_ENTRY} WHERE meeting_id = ?1"))?
        .query_map([meeting_id], entry_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for mut entry in entries {
        for row in &mut entry.before {
            row.id = new_id(row.id);
        }
        for id in entry.removed.iter_mut().chain(entry.added.iter_mut()) {
            *id = new_id(*id);
        }
        tx.execute(
            "UPDATE transcript_corrections SET before = ?2, removed = ?3, added = ?4
             WHERE id = ?1",
            params![
                entry.id,
                to_json(&entry.before),
                to_json(&entry.removed),
                to_json(&entry.added)
            ],
        )?;
    }
    Ok(())
}
