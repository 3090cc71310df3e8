//! Full-text search across meeting titles, transcripts, notes, summaries,
//! relationships and the text of relationships' files.
//!
//! Queries become FTS5 prefix queries, one term per word, all required: Korean particles
//! stay attached to their word in the index ("매출은"), so "매출" must match as a prefix,
//! and English benefits too ("churn" finds "churned").
//!
//! Ranking every match by relevance costs time in proportion to the number of matches;
//! a word said in a third of a million segments would take far too long. So when a term
//! matches more than [`RANKING_CAP`] transcript segments, search returns the most recent
//! hits instead and says so ([`RankedBy::Recency`]); the total is then a lower bound.

use rusqlite::{Connection, Row, params};
use serde::{Deserialize, Serialize};

use crate::clock::normalize_timestamp;
use crate::{FilePartKind, MeetingType, Result, SegmentSource, Store, StoreError};

/// Above this many matching segments, hits come newest first instead of best first.
pub const RANKING_CAP: u32 = 5_000;

/// Snippet markers: control characters that never occur in transcript text, so the
/// snippet can be split into spans without any HTML in between.
const MARK_START: char = '\u{2}';
const MARK_END: char = '\u{3}';
const SNIPPET_TOKENS: u32 = 16;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SearchQuery {
    pub text: String,
    pub relationship_id: Option<i64>,
    pub meeting_type: Option<MeetingType>,
    /// Only meetings that started at or after this RFC 3339 time.
    pub from: Option<String>,
    /// Only meetings that started before this RFC 3339 time.
    pub to: Option<String>,
    pub limit: u32,
    pub offset: u32,
}

impl SearchQuery {
    pub fn new(text: &str) -> Self {
        SearchQuery {
            text: text.to_owned(),
            relationship_id: None,
            meeting_type: None,
            from: None,
            to: None,
            limit: 20,
            offset: 0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    /// The meeting's title matched.
    Meeting,
    Segment,
    Note,
    Summary,
    Relationship,
    /// A relationship's file: `id` is the file's; `file_name` and `place` say where.
    File,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RankedBy {
    Relevance,
    /// Too many matches to rank: newest first.
    Recency,
}

/// A piece of a snippet; `highlight` marks the words that matched. Rendered as text,
/// never as HTML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SnippetSpan {
    pub text: String,
    pub highlight: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SearchHit {
    pub kind: HitKind,
    /// The id of the meeting, segment, note, summary's meeting, or relationship that
    /// matched.
    pub id: i64,
    pub meeting_id: Option<i64>,
    pub meeting_title: Option<String>,
    pub relationship_id: Option<i64>,
    pub relationship_name: Option<String>,
    /// For a segment: where in the meeting it was said.
    pub start_ms: Option<i64>,
    pub source: Option<SegmentSource>,
    /// When the meeting started (or the relationship was last updated).
    pub at: String,
    pub snippet: Vec<SnippetSpan>,
    /// BM25 relevance, lower is better; 0 when ranked by recency.
    pub score: f64,
    /// For a file: its name.
    pub file_name: Option<String>,
    /// For a file: where in it the words are ("p.12", "slide 3", "sheet Revenue"); empty
    /// for a file read as one text.
    pub place: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    pub total: u64,
    /// `total` counts only up to the ranking cap; there are more.
    pub total_is_lower_bound: bool,
    pub has_more: bool,
    pub ranked_by: RankedBy,
}

/// Turns what a person typed into an FTS5 query: each word a quoted prefix term, so no
/// character they type can be read as query syntax.
pub(crate) fn fts_query(text: &str) -> Option<String> {
    // Inside double quotes FTS5 reads nothing as syntax; the tokenizer still splits the
    // word on punctuation exactly as it split the indexed text.
    let terms: Vec<String> = text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(|w| format!("\"{}\"*", w.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

pub(crate) fn parse_snippet(marked: &str) -> Vec<SnippetSpan> {
    let mut spans = Vec::new();
    let mut rest = marked;
    while !rest.is_empty() {
        match rest.find(MARK_START) {
            Some(0) => {
                let body = &rest[MARK_START.len_utf8()..];
                let end = body.find(MARK_END).unwrap_or(body.len());
                push(&mut spans, &body[..end], true);
                rest = body.get(end + MARK_END.len_utf8()..).unwrap_or("");
            }
            Some(i) => {
                push(&mut spans, &rest[..i], false);
                rest = &rest[i..];
            }
            None => {
                push(&mut spans, rest, false);
                rest = "";
            }
        }
    }
    spans
}

fn push(spans: &mut Vec<SnippetSpan>, text: &str, highlight: bool) {
    if !text.is_empty() {
        spans.push(SnippetSpan {
            text: text.to_owned(),
            highlight,
        });
    }
}

/// The filters, validated, as SQL parameters.
struct Filters {
    relationship_id: Option<i64>,
    meeting_type: Option<MeetingType>,
    from: Option<String>,
    to: Option<String>,
}

impl Filters {
    fn is_empty(&self) -> bool {
        self.relationship_id.is_none() && !self.touch_meetings_only()
    }

    fn touch_meetings_only(&self) -> bool {
        self.meeting_type.is_some() || self.from.is_some() || self.to.is_some()
    }
}

/// A condition on the meeting `m` joined into each query; parameters ?2..?5.
const MEETING_FILTER: &str = "(?2 IS NULL OR m.relationship_id = ?2)
    AND (?3 IS NULL OR m.type = ?3) AND (?4 IS NULL OR m.started_at >= ?4)
    AND (?5 IS NULL OR m.started_at < ?5)";

/// One source of hits: its FTS table, how a hit joins to meetings and relationships,
/// and the hit fields it selects.
struct Source {
    kind: HitKind,
    fts: &'static str,
    /// FROM/JOIN clauses after the FTS table, ending with meeting `m` (or none).
    joins: &'static str,
    /// Columns: id, meeting_id, meeting_title, relationship_id, relationship_name,
    /// start_ms, source, at.
    columns: &'static str,
    filter: &'static str,
    /// The snippet column (index in the FTS table; -1 picks the best).
    snippet_column: i32,
    /// Columns after the score: file name, part kind, part number, part label.
    file_columns: &'static str,
}

const NO_FILE: &str = "NULL, NULL, NULL, NULL";

const SOURCES: &[Source] = &[
    Source {
        kind: HitKind::Meeting,
        fts: "meetings_fts",
        joins: "JOIN meetings m ON m.id = f.rowid
                LEFT JOIN relationships r ON r.id = m.relationship_id",
        columns: "m.id, m.id, m.title, r.id, r.name, NULL, NULL, m.started_at",
        filter: MEETING_FILTER,
        snippet_column: 0,
        file_columns: NO_FILE,
    },
    Source {
        kind: HitKind::Segment,
        fts: "transcript_fts",
        joins: "JOIN transcript_segments s ON s.id = f.rowid
                JOIN meetings m ON m.id = s.meeting_id
                LEFT JOIN relationships r ON r.id = m.relationship_id",
        columns: "s.id, m.id, m.title, r.id, r.name, s.start_ms, s.source, m.started_at",
        filter: MEETING_FILTER,
        snippet_column: 0,
        file_columns: NO_FILE,
    },
    Source {
        kind: HitKind::Note,
        fts: "notes_fts",
        joins: "JOIN notes n ON n.id = f.rowid
                JOIN meetings m ON m.id = n.meeting_id
                LEFT JOIN relationships r ON r.id = m.relationship_id",
        columns: "n.id, m.id, m.title, r.id, r.name, NULL, NULL, m.started_at",
        filter: MEETING_FILTER,
        snippet_column: 0,
        file_columns: NO_FILE,
    },
    Source {
        kind: HitKind::Summary,
        fts: "summaries_fts",
        joins: "JOIN summaries su ON su.id = f.rowid
                JOIN meetings m ON m.id = su.meeting_id
                LEFT JOIN relationships r ON r.id = m.relationship_id",
        columns: "m.id, m.id, m.title, r.id, r.name, NULL, NULL, m.started_at",
        filter: MEETING_FILTER,
        snippet_column: -1,
        file_columns: NO_FILE,
    },
    Source {
        kind: HitKind::Relationship,
        fts: "relationships_fts",
        joins: "JOIN relationships r ON r.id = f.rowid",
        columns: "r.id, NULL, NULL, r.id, r.name, NULL, NULL, r.updated_at",
        filter: "(?2 IS NULL OR r.id = ?2)",
        snippet_column: -1,
        file_columns: NO_FILE,
    },
    Source {
        kind: HitKind::File,
        fts: "file_parts_fts",
        joins: "JOIN relationship_file_parts p ON p.id = f.rowid
                JOIN relationship_files rf ON rf.id = p.file_id
                JOIN relationships r ON r.id = rf.relationship_id",
        columns: "rf.id, NULL, NULL, r.id, r.name, NULL, NULL, rf.added_at",
        filter: "(?2 IS NULL OR r.id = ?2)",
        snippet_column: 0,
        file_columns: "rf.name, p.kind, p.number, p.label",
    },
];

impl Source {
    fn hits(
        &self,
        conn: &Connection,
        query: &str,
        filters: &Filters,
        ranked_by: RankedBy,
        wanted: u32,
    ) -> Result<Vec<SearchHit>> {
        let order = match ranked_by {
            RankedBy::Relevance => "rank",
            RankedBy::Recency => "f.rowid DESC",
        };
        let sql = format!(
            "SELECT {columns}, snippet({fts}, {col}, '{MARK_START}', '{MARK_END}', '…', {SNIPPET_TOKENS}),
                    {score}, {file_columns}
             FROM {fts} f {joins}
             WHERE {fts} MATCH ?1 AND {filter}
             ORDER BY {order} LIMIT ?6",
            columns = self.columns,
            fts = self.fts,
            col = self.snippet_column,
            joins = self.joins,
            filter = self.filter,
            file_columns = self.file_columns,
            score = match ranked_by {
                RankedBy::Relevance => "rank",
                RankedBy::Recency => "0.0",
            },
        );
        let kind = self.kind;
        let mut stmt = conn.prepare_cached(&sql)?;
        let hits = stmt
            .query_map(
                params![
                    query,
                    filters.relationship_id,
                    filters.meeting_type,
                    filters.from,
                    filters.to,
                    wanted
                ],
                |row| hit_from_row(kind, row),
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(hits)
    }

    /// Matches, counted up to `cap`.
    fn count(&self, conn: &Connection, query: &str, filters: &Filters, cap: u32) -> Result<u64> {
        // Every indexed row has its meeting or relationship (deletes cascade), so with
        // no filter the joins change nothing and only cost time.
        let sql = if filters.is_empty() {
            format!(
                "SELECT count(*) FROM (SELECT 1 FROM {fts} WHERE {fts} MATCH ?1 LIMIT ?6)
                 WHERE ?2 IS NULL AND ?3 IS NULL AND ?4 IS NULL AND ?5 IS NULL",
                fts = self.fts,
            )
        } else {
            format!(
                "SELECT count(*) FROM (SELECT 1 FROM {fts} f {joins}
                                      WHERE {fts} MATCH ?1 AND {filter} LIMIT ?6)",
                fts = self.fts,
                joins = self.joins,
                filter = self.filter,
            )
        };
        let mut stmt = conn.prepare_cached(&sql)?;
        Ok(stmt.query_row(
            params![
                query,
                filters.relationship_id,
                filters.meeting_type,
                filters.from,
                filters.to,
                cap
            ],
            |r| r.get(0),
        )?)
    }
}

fn hit_from_row(kind: HitKind, row: &Row<'_>) -> rusqlite::Result<SearchHit> {
    let snippet: String = row.get(8)?;
    let part: Option<FilePartKind> = row.get(11)?;
    let place = match part {
        Some(part) => Some(crate::files::place(
            part,
            row.get(12)?,
            &row.get::<_, String>(13)?,
        )),
        None => None,
    };
    Ok(SearchHit {
        kind,
        id: row.get(0)?,
        meeting_id: row.get(1)?,
        meeting_title: row.get(2)?,
        relationship_id: row.get(3)?,
        relationship_name: row.get(4)?,
        start_ms: row.get(5)?,
        source: row.get(6)?,
        at: row.get(7)?,
        snippet: parse_snippet(&snippet),
        score: row.get(9)?,
        file_name: row.get(10)?,
        place,
    })
}

impl Store {
    /// Searches everything the user has recorded and written.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults> {
        let query = fts_query(&q.text)
            .ok_or_else(|| StoreError::invalid("search", "type at least one word to search for"))?;
        let filters = Filters {
            relationship_id: q.relationship_id,
            meeting_type: q.meeting_type,
            from: q
                .from
                .as_deref()
                .map(|t| normalize_timestamp("from", t))
                .transpose()?,
            to: q
                .to
                .as_deref()
                .map(|t| normalize_timestamp("to", t))
                .transpose()?,
        };
        let limit = q.limit.clamp(1, 100);
        let wanted = q.offset.saturating_add(limit);
        let sources: Vec<&Source> = SOURCES
            .iter()
            .filter(|s| {
                !(matches!(s.kind, HitKind::Relationship | HitKind::File)
                    && filters.touch_meetings_only())
            })
            .collect();

        self.read(|conn| {
            let mut total = 0u64;
            let mut capped = false;
            for source in &sources {
                let n = source.count(conn, &query, &filters, RANKING_CAP)?;
                capped |= n >= u64::from(RANKING_CAP);
                total += n;
            }
            let ranked_by = if capped {
                RankedBy::Recency
            } else {
                RankedBy::Relevance
            };
            let mut hits = Vec::new();
            for source in &sources {
                hits.extend(source.hits(conn, &query, &filters, ranked_by, wanted)?);
            }
            match ranked_by {
                RankedBy::Relevance => hits.sort_by(|a, b| a.score.total_cmp(&b.score)),
                RankedBy::Recency => hits.sort_by(|a, b| {
                    b.at.cmp(&a.at)
                        .then(b.start_ms.cmp(&a.start_ms))
                        .then(b.id.cmp(&a.id))
                }),
            }
            let hits: Vec<_> = hits
                .into_iter()
                .skip(q.offset as usize)
                .take(limit as usize)
                .collect();
            let has_more = u64::from(q.offset) + (hits.len() as u64) < total;
            Ok(SearchResults {
                hits,
                total,
                total_is_lower_bound: capped,
                has_more,
                ranked_by,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_words_become_quoted_prefix_terms() {
        assert_eq!(fts_query("MRR 매출").as_deref(), Some("\"MRR\"* \"매출\"*"));
        assert_eq!(fts_query("  ").as_deref(), None);
        assert_eq!(
            fts_query("NEAR(a \"x\" OR").as_deref(),
            Some("\"NEAR(a\"* \"\"\"x\"\"\"* \"OR\"*")
        );
    }

    #[test]
    fn snippets_split_into_plain_and_highlighted_spans() {
        let spans = parse_snippet("our \u{2}runway\u{3} is 18 months");
        let texts: Vec<_> = spans
            .iter()
            .map(|s| (s.text.as_str(), s.highlight))
            .collect();
        assert_eq!(
            texts,
            [("our ", false), ("runway", true), (" is 18 months", false)]
        );
    }
}
