//! Passages from a relationship's past, found by full-text relevance: what the language
//! model is reminded of while a meeting with that relationship runs.
//!
//! Unlike [`Store::search`] (every word required, everything the user recorded), recall
//! takes a handful of terms drawn from the conversation, any of which may match
//! (bm25 rewards passages that match more of them and rarer ones), and keeps to what the
//! model may see: the relationship's own meetings and files, never a meeting whose model
//! switch is off, never the meeting in progress.

use rusqlite::{Connection, Row, params};
use serde::{Deserialize, Serialize};

use crate::{FilePartKind, Result, Store};

/// Where a passage comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum PassageKind {
    Segment,
    Note,
    Summary,
    /// A page, slide or sheet of one of the relationship's files.
    FilePart,
}

impl PassageKind {
    pub const ALL: [PassageKind; 4] = [
        PassageKind::Segment,
        PassageKind::Note,
        PassageKind::Summary,
        PassageKind::FilePart,
    ];
}

/// One passage recalled from the relationship's past.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Passage {
    pub kind: PassageKind,
    /// The row's id in its own table: the segment, note, summary or file part.
    pub id: i64,
    /// The meeting it was said or written in; `None` for a file.
    pub meeting_id: Option<i64>,
    pub meeting_title: Option<String>,
    /// For a segment: where in its meeting it was said.
    pub start_ms: Option<i64>,
    /// For a file part: the file's id and name, and where in the file ("p.12").
    pub file_id: Option<i64>,
    pub file_name: Option<String>,
    pub place: Option<String>,
    /// When its meeting started, or when the file was added (RFC 3339).
    pub at: String,
    /// The stretch of the text around the matched words (the whole text when short).
    pub excerpt: String,
    /// BM25 within its kind, lower is better. Kinds are scored against different
    /// tables, so scores of two kinds are not comparable.
    pub score: f64,
}

/// What to recall: passages of relationship `relationship_id` matching any of `terms`.
#[derive(Debug, Clone, PartialEq)]
pub struct RecallQuery<'a> {
    pub relationship_id: i64,
    /// The meeting in progress, whose own words the model sees already: neither it nor
    /// a meeting that started after it is recalled.
    pub except_meeting_id: Option<i64>,
    /// Words, each matched as a prefix (Korean particles stay attached in the index).
    pub terms: &'a [String],
    /// The best this many of each kind.
    pub per_kind: u32,
    /// The most words of an excerpt (8 to 64).
    pub excerpt_words: u32,
}

/// An FTS5 query matching any of `terms`, each a quoted prefix so no character in it is
/// read as query syntax.
pub(crate) fn any_term_query(terms: &[String]) -> Option<String> {
    let quoted: Vec<String> = terms
        .iter()
        .map(|t| t.trim())
        .filter(|t| t.chars().any(char::is_alphanumeric))
        .map(|t| format!("\"{}\"*", t.replace('"', "\"\"")))
        .collect();
    (!quoted.is_empty()).then(|| quoted.join(" OR "))
}

/// A meeting `m` the model may be reminded of: the relationship's (?2), before the one
/// in progress (?3; a summary written again later must not borrow from what came
/// after), and not switched away from the model.
const SHAREABLE_MEETING: &str = "m.relationship_id = ?2 AND m.llm_enabled = 1
    AND (?3 IS NULL OR (m.id <> ?3
         AND m.started_at < (SELECT cur.started_at FROM meetings cur WHERE cur.id = ?3)))";

/// Per kind: FTS table, joins, and columns id, meeting id, meeting title, start_ms,
/// file id, file name, part kind, part number, part label, at.
fn sql(kind: PassageKind) -> String {
    let (fts, from, columns, filter) = match kind {
        PassageKind::Segment => (
            "transcript_fts",
            "JOIN transcript_segments s ON s.id = f.rowid JOIN meetings m ON m.id = s.meeting_id",
            "s.id, m.id, m.title, s.start_ms, NULL, NULL, NULL, NULL, NULL, m.started_at",
            SHAREABLE_MEETING.to_owned(),
        ),
        PassageKind::Note => (
            "notes_fts",
            "JOIN notes n ON n.id = f.rowid JOIN meetings m ON m.id = n.meeting_id",
            "n.id, m.id, m.title, NULL, NULL, NULL, NULL, NULL, NULL, m.started_at",
            SHAREABLE_MEETING.to_owned(),
        ),
        PassageKind::Summary => (
            "summaries_fts",
            "JOIN summaries su ON su.id = f.rowid JOIN meetings m ON m.id = su.meeting_id",
            "su.id, m.id, m.title, NULL, NULL, NULL, NULL, NULL, NULL, m.started_at",
            SHAREABLE_MEETING.to_owned(),
        ),
        // A file brought to a meeting the user kept from the model stays away with it.
        PassageKind::FilePart => (
            "file_parts_fts",
            "JOIN relationship_file_parts p ON p.id = f.rowid
             JOIN relationship_files rf ON rf.id = p.file_id",
            "p.id, NULL, NULL, NULL, rf.id, rf.name, p.kind, p.number, p.label, rf.added_at",
            "rf.relationship_id = ?2 AND (rf.meeting_id IS NULL OR EXISTS
                (SELECT 1 FROM meetings fm WHERE fm.id = rf.meeting_id AND fm.llm_enabled = 1))"
                .to_owned(),
        ),
    };
    // Column -1: the summary's best column (content, key points or decisions).
    format!(
        "SELECT {columns}, snippet({fts}, -1, '', '', '…', ?5), rank
         FROM {fts} f {from}
         WHERE {fts} MATCH ?1 AND {filter}
         ORDER BY rank LIMIT ?4"
    )
}

fn passage(kind: PassageKind, row: &Row<'_>) -> rusqlite::Result<Passage> {
    let part: Option<FilePartKind> = row.get(6)?;
    let place = match part {
        Some(part) => Some(crate::files::place(
            part,
            row.get(7)?,
            &row.get::<_, String>(8)?,
        )),
        None => None,
    };
    Ok(Passage {
        kind,
        id: row.get(0)?,
        meeting_id: row.get(1)?,
        meeting_title: row.get(2)?,
        start_ms: row.get(3)?,
        file_id: row.get(4)?,
        file_name: row.get(5)?,
        place,
        at: row.get(9)?,
        excerpt: row.get(10)?,
        score: row.get(11)?,
    })
}

fn recall_kind(
    conn: &Connection,
    kind: PassageKind,
    fts_query: &str,
    q: &RecallQuery<'_>,
) -> Result<Vec<Passage>> {
    let mut stmt = conn.prepare_cached(&sql(kind))?;
    let rows = stmt
        .query_map(
            params![
                fts_query,
                q.relationship_id,
                q.except_meeting_id,
                q.per_kind.clamp(1, 200),
                q.excerpt_words.clamp(8, 64),
            ],
            |row| passage(kind, row),
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

impl Store {
    /// The summaries of the relationship's `limit` latest meetings the model may see
    /// (before `except`, none switched away from the model), newest first, each whole.
    pub fn latest_summary_passages(
        &self,
        relationship_id: i64,
        except: Option<i64>,
        limit: u32,
    ) -> Result<Vec<Passage>> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(
            "SELECT su.id, m.id, m.title, NULL, NULL, NULL, NULL, NULL, NULL, m.started_at,
                    su.content, 0.0
             FROM summaries su JOIN meetings m ON m.id = su.meeting_id
             WHERE m.relationship_id = ?2 AND m.llm_enabled = 1
               AND (?3 IS NULL OR (m.id <> ?3 AND m.started_at
                    < (SELECT cur.started_at FROM meetings cur WHERE cur.id = ?3)))
             ORDER BY m.started_at DESC, m.id DESC LIMIT ?1",
        )?;
        let rows = stmt
            .query_map(params![limit, relationship_id, except], |row| {
                passage(PassageKind::Summary, row)
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The passages of a relationship's past that best match any of the query's terms,
    /// best first within each kind; none when no term has a letter or digit.
    pub fn recall_passages(&self, q: &RecallQuery<'_>) -> Result<Vec<Passage>> {
        let Some(fts_query) = any_term_query(q.terms) else {
            return Ok(Vec::new());
        };
        self.read(|conn| {
            let mut out = Vec::new();
            for kind in PassageKind::ALL {
                out.extend(recall_kind(conn, kind, &fts_query, q)?);
            }
            Ok(out)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::any_term_query;

    #[test]
    fn terms_become_quoted_prefixes_joined_by_or() {
        let terms = ["런웨이".to_owned(), "churn".to_owned(), "a\"b".to_owned()];
        assert_eq!(
            any_term_query(&terms).as_deref(),
            Some("\"런웨이\"* OR \"churn\"* OR \"a\"\"b\"*")
        );
        assert_eq!(any_term_query(&["  ".to_owned(), "…".to_owned()]), None);
    }
}
