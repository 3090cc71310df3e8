use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::clock::now_timestamp;
use crate::error::missing_parent;
use crate::validate::{optional_text, required_text, unit_interval};
use crate::{Page, Paged, Result, SegmentSource, Store, StoreError};

/// The longest text one segment may hold; whisper windows are 30 s, so this is generous.
pub(crate) const TEXT_MAX: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewSegment {
    pub meeting_id: i64,
    pub source: SegmentSource,
    pub speaker: Option<String>,
    pub text: String,
    /// Milliseconds from the start of the meeting.
    pub start_ms: i64,
    pub end_ms: i64,
    pub confidence: Option<f64>,
    pub language: Option<String>,
    /// `false` for live text: confirmed as it was spoken, but a final pass over the
    /// recording may still replace it. Tentative text is never stored.
    pub is_final: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Segment {
    pub id: i64,
    pub meeting_id: i64,
    pub source: SegmentSource,
    /// Who said it: the line's own name, else the name the user gave its side of the
    /// call in this meeting ([`Store::set_side_speaker`]), else unknown.
    pub speaker: Option<String>,
    pub text: String,
    pub start_ms: i64,
    pub end_ms: i64,
    pub confidence: Option<f64>,
    pub language: Option<String>,
    pub is_final: bool,
    /// The user corrected the line by hand (its text, its own speaker, a merge or a
    /// split); a final pass keeps it as it is.
    pub edited: bool,
    pub created_at: String,
}

/// Segments as people see them: a line without a name of its own carries the name the
/// user gave its side of the call in that meeting (`meeting_speakers`), so naming a side
/// names every line of it, the ones a final pass adds later included, and undoing it is
/// one row. Conditions name the segment `s`.
const SELECT: &str = "SELECT s.id, s.meeting_id, s.source, coalesce(s.speaker, ms.name), s.text,
        s.start_ms, s.end_ms, s.confidence, s.language, s.is_final, s.edited, s.created_at
    FROM transcript_segments s
    LEFT JOIN meeting_speakers ms ON ms.meeting_id = s.meeting_id AND ms.source = s.source";

/// Segments as stored: `speaker` is the line's own name only. What a correction keeps
/// to undo it.
const SELECT_STORED: &str = "SELECT id, meeting_id, source, speaker, text, start_ms, end_ms,
        confidence, language, is_final, edited, created_at
    FROM transcript_segments";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Segment> {
    Ok(Segment {
        id: row.get(0)?,
        meeting_id: row.get(1)?,
        source: row.get(2)?,
        speaker: row.get(3)?,
        text: row.get(4)?,
        start_ms: row.get(5)?,
        end_ms: row.get(6)?,
        confidence: row.get(7)?,
        language: row.get(8)?,
        is_final: row.get(9)?,
        edited: row.get(10)?,
        created_at: row.get(11)?,
    })
}

/// Segment `id` as people see it (see [`SELECT`]); no such segment is `NotFound`.
pub(crate) fn load(conn: &Connection, id: i64) -> Result<Segment> {
    conn.query_row(&format!("{SELECT} WHERE s.id = ?1"), [id], from_row)
        .optional()?
        .ok_or(StoreError::NotFound {
            entity: "segment",
            id,
        })
}

/// Segment `id` as stored (see [`SELECT_STORED`]); no such segment is `NotFound`.
pub(crate) fn load_stored(conn: &Connection, id: i64) -> Result<Segment> {
    conn.query_row(&format!("{SELECT_STORED} WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or(StoreError::NotFound {
            entity: "segment",
            id,
        })
}

pub(crate) fn insert(tx: &Transaction<'_>, s: &NewSegment, now: &str) -> Result<i64> {
    if s.start_ms < 0 || s.end_ms < s.start_ms {
        return Err(StoreError::invalid(
            "segment times",
            format!(
                "{}..{} ms is not a forward range from 0",
                s.start_ms, s.end_ms
            ),
        ));
    }
    let text = required_text("segment text", &s.text, TEXT_MAX)?;
    let speaker = optional_text("speaker", s.speaker.as_deref(), 200)?;
    let confidence = unit_interval("confidence", s.confidence)?;
    let language = optional_text("language", s.language.as_deref(), 8)?;
    // Cached: preparing compiles the table's triggers (search index, sync log) too,
    // which a long transcript would otherwise pay for on every line.
    tx.prepare_cached(
        "INSERT INTO transcript_segments (meeting_id, source, speaker, text, start_ms,
            end_ms, confidence, language, is_final, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        s.meeting_id,
        s.source,
        speaker,
        text,
        s.start_ms,
        s.end_ms,
        confidence,
        language,
        s.is_final,
        now
    ])
    .map_err(|e| missing_parent(e, "meeting", s.meeting_id))?;
    Ok(tx.last_insert_rowid())
}

impl Store {
    /// Commits one segment; when this returns, the segment survives a crash.
    pub fn add_segment(&self, segment: &NewSegment) -> Result<Segment> {
        let now = now_timestamp();
        let id = self.write(|tx| insert(tx, segment, &now))?;
        self.segment(id)
    }

    /// Commits many segments in one transaction: all or none.
    pub fn add_segments(&self, segments: &[NewSegment]) -> Result<Vec<i64>> {
        let now = now_timestamp();
        self.write(|tx| segments.iter().map(|s| insert(tx, s, &now)).collect())
    }

    /// Puts a final pass in place of a meeting's live transcript, in one transaction:
    /// removes the segments `remove` (of this meeting, never one the user edited), adds
    /// `add`, and marks every segment of the meeting final. Until this returns, the
    /// live transcript stands; after, the final one does; never neither.
    ///
    /// Lines the user corrected (edited, named one by one, merged, split) are kept as
    /// they are. An added line without a name of its own shows the name of its side,
    /// when the user named it ([`Store::set_side_speaker`]). The meeting's corrections
    /// can no longer be undone afterwards: undoing restores rows as they were before
    /// a correction, and beside the final text that would bring back live lines the
    /// pass replaced, so the pass clears them.
    pub fn finalize_transcript(
        &self,
        meeting_id: i64,
        remove: &[i64],
        add: &[NewSegment],
    ) -> Result<Vec<i64>> {
        let now = now_timestamp();
        self.write(|tx| {
            for id in remove {
                tx.execute(
                    "DELETE FROM transcript_segments
                     WHERE id = ?1 AND meeting_id = ?2 AND edited = 0",
                    params![id, meeting_id],
                )?;
            }
            let ids = add
                .iter()
                .map(|s| {
                    if s.meeting_id != meeting_id {
                        return Err(StoreError::invalid(
                            "segment",
                            format!("belongs to meeting {}, not {meeting_id}", s.meeting_id),
                        ));
                    }
                    insert(tx, s, &now)
                })
                .collect::<Result<Vec<_>>>()?;
            tx.execute(
                "UPDATE transcript_segments SET is_final = 1 WHERE meeting_id = ?1",
                [meeting_id],
            )?;
            crate::corrections::forget(tx, meeting_id)?;
            Ok(ids)
        })
    }

    pub fn segment(&self, id: i64) -> Result<Segment> {
        load(&self.reader(), id)
    }

    /// A meeting's whole transcript in time order (exports, the final pass).
    pub fn transcript(&self, meeting_id: i64) -> Result<Vec<Segment>> {
        self.read(|conn| {
            Ok(conn
                .prepare(&format!(
                    "{SELECT} WHERE s.meeting_id = ?1 ORDER BY s.start_ms, s.id"
                ))?
                .query_map([meeting_id], from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// A page of a meeting's transcript in time order.
    pub fn segments(&self, meeting_id: i64, page: Page) -> Result<Paged<Segment>> {
        self.read(|conn| {
            let total: u64 = conn.query_row(
                "SELECT count(*) FROM transcript_segments WHERE meeting_id = ?1",
                [meeting_id],
                |r| r.get(0),
            )?;
            let items = conn
                .prepare(&format!(
                    "{SELECT} WHERE s.meeting_id = ?1 ORDER BY s.start_ms, s.id
                     LIMIT ?2 OFFSET ?3"
                ))?
                .query_map(
                    params![meeting_id, page.clamped_limit(), page.offset],
                    from_row,
                )?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(Paged::new(items, total, page))
        })
    }
}
