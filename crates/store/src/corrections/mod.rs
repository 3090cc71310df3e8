//! Corrections to a meeting's transcript after the call: a line's text, who spoke (one
//! line, or a whole side of the call), two lines merged into one, one line split in two.
//!
//! Each correction is one transaction that
//! - changes the rows (full-text search follows at once: the index's triggers fire on
//!   every insert, delete and change of text),
//! - leaves a line in the audit log saying what was done where, never the words or names,
//! - and keeps the rows it touched as they were (`transcript_corrections`), so that
//!   [`Store::undo_last_correction`] can put them back, the newest correction first.
//!
//! A line corrected by hand is marked `edited`, which a final pass respects: it keeps the
//! line as it is. Naming a side is different: it would freeze every line of that side, so
//! the name is kept on the meeting instead (`meeting_speakers`) and shown on every line of
//! the side without a name of its own, the lines a final pass adds later included.

mod history;
mod speakers;

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::clock::now_timestamp;
use crate::meetings::ensure_exists;
use crate::segments::{TEXT_MAX, load, load_stored};
use crate::validate::{bounded_text, required_text};
use crate::{CorrectionKind, Result, Segment, SegmentSource, Store, StoreError};
use history::{Entry, SELECT_ENTRY, entry_from_row, reinsert, remember, renumber, restore};
use speakers::{set_side_name, side_name, side_speakers_in, speaker_name};

pub(crate) use history::forget;

/// How many corrections of one meeting can be undone; older ones are dropped.
///
/// Each entry keeps copies of the rows it changed, words the user corrected away
/// included. Without a bound the history would grow with every correction of a long
/// editing session (naming lines one by one through a three-hour call) and keep those
/// words as long as the meeting lives. People walk back a few steps, rarely dozens, so a
/// hundred is far more than undo needs while the table stays in proportion to the work.
pub const UNDO_LIMIT: u32 = 100;

/// The longest speaker name, as for a meeting's participants.
const SPEAKER_MAX: usize = 200;

/// The name the user gave one side of the call in a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SideSpeaker {
    pub source: SegmentSource,
    pub name: String,
}

/// A correction that can still be undone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Correction {
    pub id: i64,
    pub meeting_id: i64,
    pub kind: CorrectionKind,
    /// When it was made, RFC 3339.
    pub at: String,
    /// The lines it changed, removed or added, by the ids they had; none for a side.
    pub segment_ids: Vec<i64>,
    /// The side that was named, for [`CorrectionKind::NameSide`].
    pub side: Option<SegmentSource>,
}

/// What [`Store::undo_last_correction`] undid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Undone {
    pub correction: Correction,
    /// The lines as they are again, in time order. A line a merge had removed comes back
    /// with its old id when that id is still free, else with a new one.
    pub segments: Vec<Segment>,
}

/// The id of the line of `s`'s side that follows it in its meeting, in time order.
fn next_of_side(conn: &Connection, s: &Segment) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM transcript_segments
             WHERE meeting_id = ?1 AND source = ?2
               AND (start_ms > ?3 OR (start_ms = ?3 AND id > ?4))
             ORDER BY start_ms, id LIMIT 1",
            params![s.meeting_id, s.source, s.start_ms, s.id],
            |r| r.get(0),
        )
        .optional()?)
}

/// Merges `b`, the next line of `a`'s side, into `a`.
fn merge(tx: &Transaction<'_>, a: &Segment, b: &Segment) -> Result<Segment> {
    let speaker = match (&a.speaker, &b.speaker) {
        (Some(x), Some(y)) if x != y => {
            return Err(StoreError::invalid(
                "speaker",
                format!(
                    "lines {} and {} are named for different people; give them one name \
                     before merging them",
                    a.id, b.id
                ),
            ));
        }
        (x, y) => x.clone().or_else(|| y.clone()),
    };
    let text = bounded_text("segment text", &format!("{} {}", a.text, b.text), TEXT_MAX)?;
    // The merged line is as sure as its less sure half; with one half's confidence
    // unknown, so is the whole's.
    let confidence = match (a.confidence, b.confidence) {
        (Some(x), Some(y)) => Some(x.min(y)),
        _ => None,
    };
    let language = (a.language == b.language)
        .then(|| a.language.clone())
        .flatten();
    tx.execute(
        "UPDATE transcript_segments SET text = ?2, speaker = ?3, start_ms = ?4, end_ms = ?5,
            confidence = ?6, language = ?7, is_final = ?8, edited = 1
         WHERE id = ?1",
        params![
            a.id,
            text,
            speaker,
            a.start_ms.min(b.start_ms),
            a.end_ms.max(b.end_ms),
            confidence,
            language,
            a.is_final && b.is_final
        ],
    )?;
    tx.execute("DELETE FROM transcript_segments WHERE id = ?1", [b.id])?;
    let mut entry = Entry::new(CorrectionKind::Merge, a.meeting_id, &[a, b]);
    entry.removed.push(b.id);
    let correction = remember(tx, &entry)?;
    crate::audit::record(
        tx,
        "merge_lines",
        &format!("segment/{}", a.id),
        &json!({ "meeting_id": a.meeting_id, "correction": correction, "segments": [a.id, b.id] }),
    )?;
    load(tx, a.id)
}

impl Store {
    /// Replaces a line's text with the user's correction; the line is marked edited, so
    /// a final pass keeps it.
    pub fn edit_segment_text(&self, id: i64, text: &str) -> Result<Segment> {
        let text = required_text("segment text", text, TEXT_MAX)?;
        self.write(|tx| {
            let before = load_stored(tx, id)?;
            tx.execute(
                "UPDATE transcript_segments SET text = ?2, edited = 1 WHERE id = ?1",
                params![id, text],
            )?;
            let entry = Entry::new(CorrectionKind::EditText, before.meeting_id, &[&before]);
            let correction = remember(tx, &entry)?;
            crate::audit::record(
                tx,
                "edit_line",
                &format!("segment/{id}"),
                &json!({ "meeting_id": before.meeting_id, "correction": correction }),
            )?;
            load(tx, id)
        })
    }

    /// Names who said line `id` (`None` takes its own name away, and it shows its
    /// side's again, if the side was named). The line is marked edited, so a final pass
    /// keeps it, name and all.
    pub fn set_segment_speaker(&self, id: i64, speaker: Option<&str>) -> Result<Segment> {
        let speaker = speaker_name(speaker)?;
        self.write(|tx| {
            let before = load_stored(tx, id)?;
            tx.execute(
                "UPDATE transcript_segments SET speaker = ?2, edited = 1 WHERE id = ?1",
                params![id, speaker],
            )?;
            let entry = Entry::new(CorrectionKind::NameLine, before.meeting_id, &[&before]);
            let correction = remember(tx, &entry)?;
            crate::audit::record(
                tx,
                "name_speaker",
                &format!("segment/{id}"),
                &json!({
                    "meeting_id": before.meeting_id,
                    "correction": correction,
                    "cleared": speaker.is_none(),
                }),
            )?;
            load(tx, id)
        })
    }

    /// Names one side of meeting `meeting_id`'s call: `them` (the call's audio) after a
    /// participant, say, or `me` after the profile's name; `None` takes the name away.
    /// Every line of the side without a name of its own shows it, the lines a final
    /// pass adds later included; lines are not marked edited, so a final pass still
    /// replaces them. Returns the meeting's side names as they are now.
    ///
    /// Only `me` and `them` are sides: an imported transcript's lines (`file`) carry
    /// their speakers' names and are named one at a time.
    pub fn set_side_speaker(
        &self,
        meeting_id: i64,
        side: SegmentSource,
        name: Option<&str>,
    ) -> Result<Vec<SideSpeaker>> {
        if side == SegmentSource::File {
            return Err(StoreError::invalid(
                "side",
                "only the sides of a call, me and them, can be named; name an imported \
                 line on its own",
            ));
        }
        let name = speaker_name(name)?;
        self.write(|tx| {
            ensure_exists(tx, "meetings", Some(meeting_id))?;
            let mut entry = Entry::new(CorrectionKind::NameSide, meeting_id, &[]);
            entry.side = Some(side);
            entry.side_name = side_name(tx, meeting_id, side)?;
            set_side_name(tx, meeting_id, side, name.as_deref())?;
            let correction = remember(tx, &entry)?;
            crate::audit::record(
                tx,
                "name_side",
                &format!("meeting/{meeting_id}"),
                &json!({ "correction": correction, "side": side, "cleared": name.is_none() }),
            )?;
            side_speakers_in(tx, meeting_id)
        })
    }

    /// The names the user gave the sides of meeting `meeting_id`'s call (none for an
    /// unknown meeting), `me` first.
    pub fn side_speakers(&self, meeting_id: i64) -> Result<Vec<SideSpeaker>> {
        side_speakers_in(&self.reader(), meeting_id)
    }

    /// Merges line `first` with `second`, which must be the next line of the same side
    /// of the call (lines of the other side may come between): the text joined with a
    /// space, the time from the first's start to the later end, the lower confidence.
    /// The merged line keeps `first`'s id and is marked edited; `second` is removed.
    pub fn merge_segments(&self, first: i64, second: i64) -> Result<Segment> {
        self.write(|tx| {
            let a = load_stored(tx, first)?;
            let b = load_stored(tx, second)?;
            if a.meeting_id != b.meeting_id {
                return Err(StoreError::invalid(
                    "next segment",
                    format!("line {second} is from another meeting than line {first}"),
                ));
            }
            if a.source != b.source {
                return Err(StoreError::invalid(
                    "side",
                    format!(
                        "line {first} is {} and line {second} is {}; only lines of one side \
                         merge",
                        a.source, b.source
                    ),
                ));
            }
            if next_of_side(tx, &a)? != Some(second) {
                return Err(StoreError::invalid(
                    "next segment",
                    format!(
                        "line {second} is not the next line of the {} side after line {first}",
                        a.source
                    ),
                ));
            }
            merge(tx, &a, &b)
        })
    }

    /// Merges line `id` with the next line of its side ([`Store::merge_segments`]).
    pub fn merge_segment_with_next(&self, id: i64) -> Result<Segment> {
        self.write(|tx| {
            let a = load_stored(tx, id)?;
            let next = next_of_side(tx, &a)?.ok_or_else(|| {
                StoreError::invalid(
                    "next segment",
                    format!("line {id} is the last line of the {} side", a.source),
                )
            })?;
            let b = load_stored(tx, next)?;
            merge(tx, &a, &b)
        })
    }

    /// Splits line `id` before its character `at` (counted in characters, never bytes:
    /// Korean text splits between syllables), which must fall inside the text (not 0,
    /// not its length). Each part is trimmed; the time is shared in proportion to the
    /// characters. The first part keeps the id, the second is a new line; both are
    /// marked edited.
    pub fn split_segment(&self, id: i64, at: usize) -> Result<(Segment, Segment)> {
        self.write(|tx| {
            let s = load_stored(tx, id)?;
            let chars = s.text.chars().count();
            let bad_offset = |why: &str| {
                StoreError::invalid(
                    "split offset",
                    format!("{at} {why}; the line has {chars} characters"),
                )
            };
            if at == 0 || at >= chars {
                return Err(bad_offset("is not inside the line"));
            }
            let byte = s
                .text
                .char_indices()
                .nth(at)
                .map_or(s.text.len(), |(i, _)| i);
            let (left, right) = s.text.split_at(byte);
            let (left, right) = (left.trim(), right.trim());
            if left.is_empty() || right.is_empty() {
                return Err(bad_offset("leaves one part without words"));
            }
            let span = i128::from(s.end_ms) - i128::from(s.start_ms);
            let offset = span * i128::try_from(at).unwrap_or(i128::MAX)
                / i128::try_from(chars).unwrap_or(i128::MAX);
            let split_ms = i64::try_from(i128::from(s.start_ms) + offset).unwrap_or(s.start_ms);
            tx.execute(
                "UPDATE transcript_segments SET text = ?2, end_ms = ?3, edited = 1 WHERE id = ?1",
                params![id, left, split_ms],
            )?;
            tx.execute(
                "INSERT INTO transcript_segments (meeting_id, source, speaker, text, start_ms,
                    end_ms, confidence, language, is_final, edited, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1, ?10)",
                params![
                    s.meeting_id,
                    s.source,
                    s.speaker,
                    right,
                    split_ms,
                    s.end_ms,
                    s.confidence,
                    s.language,
                    s.is_final,
                    now_timestamp()
                ],
            )?;
            let second = tx.last_insert_rowid();
            let mut entry = Entry::new(CorrectionKind::Split, s.meeting_id, &[&s]);
            entry.added.push(second);
            let correction = remember(tx, &entry)?;
            crate::audit::record(
                tx,
                "split_line",
                &format!("segment/{id}"),
                &json!({
                    "meeting_id": s.meeting_id,
                    "correction": correction,
                    "segments": [id, second],
                    "at": at,
                }),
            )?;
            Ok((load(tx, id)?, load(tx, second)?))
        })
    }

    /// Undoes the newest correction of meeting `meeting_id` that is still kept: the rows
    /// it touched are put back as they were (text, times, speaker, flags; search with
    /// them), the rows it added removed, a side's name restored. Called again, it walks
    /// further back. `None` when there is nothing to undo: no correction since the
    /// meeting's last final pass, or the last [`UNDO_LIMIT`] undone already.
    pub fn undo_last_correction(&self, meeting_id: i64) -> Result<Option<Undone>> {
        self.write(|tx| {
            ensure_exists(tx, "meetings", Some(meeting_id))?;
            let entry = tx
                .query_row(
                    &format!("{SELECT_ENTRY} WHERE meeting_id = ?1 ORDER BY id DESC LIMIT 1"),
                    [meeting_id],
                    entry_from_row,
                )
                .optional()?;
            let Some(entry) = entry else {
                return Ok(None);
            };
            for id in &entry.added {
                tx.execute(
                    "DELETE FROM transcript_segments WHERE id = ?1 AND meeting_id = ?2",
                    params![id, meeting_id],
                )?;
            }
            let mut ids = Vec::with_capacity(entry.before.len());
            let mut moved = Vec::new();
            for row in &entry.before {
                let id = match entry.removed.contains(&row.id) {
                    true => reinsert(tx, meeting_id, row)?,
                    false => restore(tx, meeting_id, row)?,
                };
                if id != row.id {
                    moved.push((row.id, id));
                }
                ids.push(id);
            }
            if let Some(side) = entry.side {
                set_side_name(tx, meeting_id, side, entry.side_name.as_deref())?;
            }
            tx.execute(
                "DELETE FROM transcript_corrections WHERE id = ?1",
                [entry.id],
            )?;
            if !moved.is_empty() {
                renumber(tx, meeting_id, &moved)?;
            }
            crate::audit::record(
                tx,
                "undo_correction",
                &format!("meeting/{meeting_id}"),
                &json!({ "correction": entry.id, "kind": entry.kind }),
            )?;
            let mut segments = ids
                .iter()
                .map(|id| load(tx, *id))
                .collect::<Result<Vec<_>>>()?;
            segments.sort_by_key(|s| (s.start_ms, s.id));
            Ok(Some(Undone {
                correction: entry.public(),
                segments,
            }))
        })
    }

    /// The corrections of meeting `meeting_id` that can be undone, newest first.
    pub fn corrections(&self, meeting_id: i64) -> Result<Vec<Correction>> {
        Ok(self
            .reader()
            .prepare(&format!(
                "{SELECT_ENTRY} WHERE meeting_id = ?1 ORDER BY id DESC"
            ))?
            .query_map([meeting_id], entry_from_row)?
            .map(|e| e.map(|e| e.public()))
            .collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
