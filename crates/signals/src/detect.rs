//! Everything one segment's text mentions, with no memory of the meeting so far.

use std::collections::HashSet;

use onno_store::{ChecklistItem, GlossaryTerm};
use serde::{Deserialize, Serialize};

use crate::claim::SetAside;
use crate::metric::{Metric, MetricKey, Span};
use crate::phrases::{Hit, PhraseSet};
use crate::spot::spotter;
use crate::text::{NChar, normalize};

/// A checklist item or glossary term mentioned in a segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Mention {
    /// The checklist item's or glossary term's id.
    pub id: i64,
    /// The words as said, e.g. "매출은" for the keyword "매출".
    pub matched: String,
    pub span: Span,
}

/// What [`Detector::detect`] found in one segment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Detection {
    /// One mention per checklist item, the first.
    pub checklist: Vec<Mention>,
    /// One mention per glossary term, the first.
    pub glossary: Vec<Mention>,
    pub metrics: Vec<Metric>,
    /// Metrics asked about with no figure: pass them to the next segment's
    /// [`Detector::detect`], where a figure may answer them.
    pub open: Vec<MetricKey>,
    /// Figures said beside a metric's name that are not its value ("스톡옵션 풀을
    /// 12퍼센트로 늘렸고, 이탈은 아직 없습니다", "churn isn't 5%"), with the reason.
    /// They are no metric and never become facts.
    pub set_aside: Vec<SetAside>,
}

/// The matchers for one meeting's checklist and the glossary, built once.
#[derive(Debug, Clone)]
pub struct Detector {
    checklist: PhraseSet<i64>,
    glossary: PhraseSet<i64>,
}

impl Detector {
    pub fn new(checklist: &[ChecklistItem], glossary: &[GlossaryTerm]) -> Detector {
        // Words the glossary writes in capitals are acronyms in checklist keywords too.
        let acronyms: HashSet<String> = glossary
            .iter()
            .flat_map(|t| std::iter::once(&t.fields.term).chain(&t.fields.aliases))
            .flat_map(|name| name.split(|c: char| !c.is_ascii_alphabetic()))
            .filter(|w| w.len() >= 2 && w.chars().filter(char::is_ascii_uppercase).count() >= 2)
            .map(str::to_ascii_lowercase)
            .collect();
        let _ = spotter(); // build the shared tables now, not on the first segment
        let mut glossary_set = PhraseSet::new();
        for term in glossary {
            glossary_set.add(&term.fields.term, term.id, &acronyms);
            for alias in &term.fields.aliases {
                glossary_set.add(alias, term.id, &acronyms);
            }
        }
        let mut checklist_set = PhraseSet::new();
        for item in checklist {
            for keyword in &item.keywords {
                checklist_set.add(keyword, item.id, &acronyms);
            }
        }
        Detector {
            checklist: checklist_set,
            glossary: glossary_set,
        }
    }

    /// Finds checklist keywords, glossary terms and metrics in `text`. `open` is the
    /// previous segment's [`Detection::open`].
    pub fn detect(&self, text: &str, open: &[MetricKey]) -> Detection {
        let t = normalize(text);
        let spotted = spotter().spot(text, &t, open);
        Detection {
            checklist: mentions(text, &t, &self.checklist),
            glossary: mentions(text, &t, &self.glossary),
            metrics: spotted.metrics,
            open: spotted.open,
            set_aside: spotted.set_aside,
        }
    }

    pub fn has_checklist(&self) -> bool {
        !self.checklist.is_empty()
    }
}

fn mentions(text: &str, t: &[NChar], set: &PhraseSet<i64>) -> Vec<Mention> {
    let mut seen = HashSet::new();
    set.find(t)
        .into_iter()
        .filter(|h| seen.insert(h.payload))
        .map(|h| mention(text, t, h))
        .collect()
}

fn mention(text: &str, t: &[NChar], h: Hit<i64>) -> Mention {
    let (start, end) = (t[h.first].start, t[h.last - 1].end);
    Mention {
        id: h.payload,
        matched: text.get(start..end).unwrap_or_default().to_owned(),
        span: Span {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
        },
    }
}
