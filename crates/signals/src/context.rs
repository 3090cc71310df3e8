//! What the signals need to know about a meeting, read once from the store.

use onno_store::{Benchmark, ChecklistItem, GlossaryTerm, Page, Store};
use serde::{Deserialize, Serialize};

use crate::Result;
use crate::benchmark::{normalize_industry, normalize_stage};

/// A meeting's checklist (its type's, then its relationship's own), the glossary, and the relationship's benchmarks: plain data,
/// so a caller without a store (a test, an import) can build one by hand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingContext {
    pub meeting_id: i64,
    /// "YYYY-MM-DD", the day the meeting started, used in the source and as-of date of
    /// the facts it yields. [`MeetingContext::load`] takes it from the stored start,
    /// which is UTC; a caller that knows the user's offset may put the local day here.
    pub meeting_date: String,
    /// Facts are only recorded for a meeting with a relationship.
    pub relationship_id: Option<i64>,
    pub industry: Option<String>,
    pub stage: Option<String>,
    pub checklist: Vec<ChecklistItem>,
    pub glossary: Vec<GlossaryTerm>,
    /// The benchmarks for the relationship's industry and stage only.
    pub benchmarks: Vec<Benchmark>,
}

impl MeetingContext {
    /// Reads meeting `meeting_id`, its checklist followed by its relationship's own
    /// checklist, the whole glossary, its relationship and that relationship's
    /// benchmarks.
    pub fn load(store: &Store, meeting_id: i64) -> Result<MeetingContext> {
        let meeting = store.meeting(meeting_id)?;
        let mut checklist = match meeting.checklist_id {
            Some(id) => store.checklist(id)?.items,
            None => Vec::new(),
        };
        if let Some(id) = meeting.relationship_id
            && let Some(own) = store.relationship_checklist(id)?
        {
            checklist.extend(own.items);
        }
        let glossary = load_glossary(store)?;
        let (industry, stage) = match meeting.relationship_id {
            Some(id) => {
                let r = store.relationship(id)?;
                (r.fields.industry, r.fields.stage)
            }
            None => (None, None),
        };
        let benchmarks = match (&industry, &stage) {
            (Some(i), Some(s)) => benchmarks_for(store.benchmarks()?, i, s),
            _ => Vec::new(),
        };
        Ok(MeetingContext {
            meeting_id,
            meeting_date: meeting.started_at.chars().take(10).collect(),
            relationship_id: meeting.relationship_id,
            industry,
            stage,
            checklist,
            glossary,
            benchmarks,
        })
    }
}

/// Every glossary term, page by page.
pub(crate) fn load_glossary(store: &Store) -> Result<Vec<GlossaryTerm>> {
    let mut terms = Vec::new();
    loop {
        let offset = u32::try_from(terms.len()).unwrap_or(u32::MAX);
        let page = store.glossary(Page::new(Page::MAX_LIMIT, offset))?;
        let done = !page.has_more || page.items.is_empty();
        terms.extend(page.items);
        if done {
            return Ok(terms);
        }
    }
}

/// The benchmarks whose industry and stage name the same as `industry` and `stage`
/// once normalised ("B2B SaaS" / "Series A" find "saas" / "series_a").
pub fn benchmarks_for(all: Vec<Benchmark>, industry: &str, stage: &str) -> Vec<Benchmark> {
    let (industry, stage) = (normalize_industry(industry), normalize_stage(stage));
    all.into_iter()
        .filter(|b| {
            normalize_industry(&b.industry) == industry && normalize_stage(&b.stage) == stage
        })
        .collect()
}
