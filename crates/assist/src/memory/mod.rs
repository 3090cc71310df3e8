//! What the model is reminded of from a relationship's past: the passages of earlier
//! meetings (what was said, the notes, the summaries) and of the relationship's files
//! that bear on the last minutes of conversation, best first, each with its date and
//! where it comes from, within a token budget.
//!
//! The store finds passages by full-text relevance per kind ([`Store::recall_passages`]);
//! here they are scored again together (`rank`), near-duplicates dropped, and cut to
//! the budget. A meeting the user kept from the model, the meeting in progress and any
//! after it are never recalled. With nothing said yet, the latest summaries stand in.

mod rank;
mod terms;

use onno_store::{Passage, PassageKind, RecallQuery, Segment, Store, clock};

use crate::error::Result;
use crate::similar::is_near_duplicate;
use onno_llm::estimate_tokens;

pub use terms::query_terms;

/// How many terms of the conversation the query carries: enough for the topics of a
/// few minutes, few enough that one stray word does not pull in unrelated passages.
pub const QUERY_TERMS: usize = 16;

/// How far back "the last minutes of conversation" reaches, in meeting time.
pub const RECENT_MS: i64 = 180_000;

/// Candidates fetched per kind before the merge.
const PER_KIND: u32 = 12;

/// Words in a recalled excerpt: a sentence or two, so several fit the budget.
const EXCERPT_WORDS: u32 = 24;

/// With nothing to go by, the summaries of this many latest meetings.
const LATEST_SUMMARIES: u32 = 10;

/// The most characters of a recalled text: a whole summary would take the budget
/// of several passages.
const MAX_CHARS: usize = 300;

/// One thing recalled, ready for the prompt.
#[derive(Debug, Clone, PartialEq)]
pub struct MemoryItem {
    pub passage: Passage,
    /// "2026-08-03".
    pub date: String,
    /// Where it comes from: a meeting's title and the moment, its notes or summary, or
    /// a file's name and page.
    pub source: String,
    pub text: String,
}

impl MemoryItem {
    fn new(passage: Passage) -> MemoryItem {
        let date: String = passage.at.chars().take(10).collect();
        let title = passage.meeting_title.clone().unwrap_or_default();
        let source = match passage.kind {
            PassageKind::Segment => {
                let at = passage.start_ms.map(clock).unwrap_or_default();
                format!("meeting \"{title}\" at {at}")
            }
            PassageKind::Note => format!("notes of meeting \"{title}\""),
            PassageKind::Summary => format!("summary of meeting \"{title}\""),
            PassageKind::FilePart => {
                let name = passage.file_name.clone().unwrap_or_default();
                match passage.place.as_deref() {
                    Some(place) if !place.is_empty() => format!("file {name} {place}"),
                    _ => format!("file {name}"),
                }
            }
        };
        let mut text = clean_excerpt(&passage.excerpt);
        if let Some((cut, _)) = text.char_indices().nth(MAX_CHARS) {
            text.truncate(cut);
            text.push('…');
        }
        MemoryItem {
            passage,
            date,
            source,
            text,
        }
    }

    /// `2026-08-03, meeting "Acme intro" at 12:34: words`.
    pub fn line(&self) -> String {
        format!("{}, {}: {}", self.date, self.source, self.text)
    }
}

/// A summary's key points and decisions are stored as JSON lists; the model reads
/// them as sentences.
fn clean_excerpt(excerpt: &str) -> String {
    excerpt
        .replace("\",\"", "; ")
        .replace(['\n', '\r'], " ")
        .trim_matches(|c: char| c == '[' || c == ']' || c == '"' || c.is_whitespace())
        .to_owned()
}

/// The texts of the last [`RECENT_MS`] of `segments` (the newest one at least),
/// oldest first.
pub fn recent_texts(segments: &[Segment]) -> Vec<&str> {
    let Some(newest) = segments.iter().map(|s| s.end_ms).max() else {
        return Vec::new();
    };
    segments
        .iter()
        .filter(|s| s.end_ms >= newest - RECENT_MS)
        .map(|s| s.text.as_str())
        .collect()
}

/// The passages of relationship `relationship_id`'s past that bear on `recent` (the
/// conversation's latest texts, oldest first), best first, near-duplicates dropped.
/// Nothing from meeting `except` or from a meeting kept from the model.
pub fn ranked_passages(
    store: &Store,
    relationship_id: i64,
    except: Option<i64>,
    recent: &[&str],
) -> Result<Vec<Passage>> {
    let terms = query_terms(recent, QUERY_TERMS);
    let found = store.recall_passages(&RecallQuery {
        relationship_id,
        except_meeting_id: except,
        terms: &terms,
        per_kind: PER_KIND,
        excerpt_words: EXCERPT_WORDS,
    })?;
    Ok(dedupe(rank::rank(found, &terms)))
}

/// Drops a passage that says what a better one already says (a summary repeating a
/// note, the same sentence said twice).
fn dedupe(passages: Vec<Passage>) -> Vec<Passage> {
    let mut kept: Vec<Passage> = Vec::new();
    for p in passages {
        if !kept
            .iter()
            .any(|k| is_near_duplicate(&k.excerpt, &p.excerpt))
        {
            kept.push(p);
        }
    }
    kept
}

/// The best of `passages` whose lines fit `budget` tokens together (one too long is
/// skipped, a shorter one after it may still fit), best first.
fn fit(passages: Vec<Passage>, budget: usize) -> Vec<MemoryItem> {
    let mut used = 0;
    let mut out = Vec::new();
    for passage in passages {
        let item = MemoryItem::new(passage);
        let cost = estimate_tokens(&item.line()) + 2;
        if used + cost <= budget {
            used += cost;
            out.push(item);
        }
    }
    out
}

/// What to remind the model of in meeting `meeting_id` of relationship
/// `relationship_id`, given `recent`, the conversation's latest texts: the passages
/// that bear on them, or with nothing said (or nothing found) the latest summaries of
/// the relationship's earlier meetings; within `budget` tokens.
pub fn recall(
    store: &Store,
    meeting_id: i64,
    relationship_id: i64,
    recent: &[&str],
    budget: usize,
) -> Result<Vec<MemoryItem>> {
    let found = ranked_passages(store, relationship_id, Some(meeting_id), recent)?;
    let passages = if found.is_empty() {
        store.latest_summary_passages(relationship_id, Some(meeting_id), LATEST_SUMMARIES)?
    } else {
        found
    };
    Ok(fit(passages, budget))
}

/// The title the recalled lines go under in a prompt.
pub(crate) const MEMORY_SECTION: &str =
    "From earlier meetings with them and their files (date, source: words)";

/// [`recall`] for meeting `meeting_id` over its latest `segments`, as prompt lines.
pub(crate) fn memory_lines(
    store: &Store,
    meeting_id: i64,
    relationship_id: i64,
    segments: &[Segment],
    budget: usize,
) -> Result<Vec<String>> {
    let recent = recent_texts(segments);
    Ok(recall(store, meeting_id, relationship_id, &recent, budget)?
        .iter()
        .map(MemoryItem::line)
        .collect())
}
