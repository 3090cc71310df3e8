//! The offline signals as a live meeting shows them: figures heard (with their
//! benchmark band when there is one) and glossary terms with their definitions, looked
//! up in the store as the segment is committed, so a window needs no second round trip.

use onno_signals::{Band, ChecklistProgress, MeetingSignals, Signal, SignalsConfig, SignalsError};
use onno_store::Store;
use serde::Serialize;

/// One thing worth showing from the signals of a segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Heard {
    /// A figure, as said ("MRR is $50K") and as stored ("mrr", 50000, "$").
    Figure {
        segment_id: i64,
        quote: String,
        key: String,
        value: f64,
        unit: Option<String>,
    },
    /// Where a figure sits among its peers of the same industry and stage.
    Benchmark {
        segment_id: i64,
        metric: String,
        value: f64,
        unit: String,
        band: Band,
        p25: f64,
        p50: f64,
        p75: f64,
        industry: String,
        stage: String,
    },
    /// A glossary term that came up.
    Term {
        segment_id: i64,
        term: String,
        definition_en: String,
        definition_ko: String,
    },
}

/// What of `found` is shown; checklist coverage travels separately.
pub fn heard(store: &Store, found: &[Signal]) -> Vec<Heard> {
    found
        .iter()
        .filter_map(|signal| match signal {
            Signal::MetricSpotted {
                segment_id, metric, ..
            } => Some(Heard::Figure {
                segment_id: *segment_id,
                quote: metric.quote.clone(),
                key: metric.storage_key(),
                value: metric.value,
                unit: metric.store_unit(),
            }),
            Signal::BenchmarkComparison(c) => Some(Heard::Benchmark {
                segment_id: c.segment_id,
                metric: c.metric.clone(),
                value: c.value,
                unit: c.unit.clone(),
                band: c.band,
                p25: c.p25,
                p50: c.p50,
                p75: c.p75,
                industry: c.industry.clone(),
                stage: c.stage.clone(),
            }),
            Signal::GlossaryMention {
                segment_id,
                matched,
                ..
            } => {
                // A lookup that fails leaves the term out; the transcript is unaffected.
                let term = store.glossary_lookup(matched).ok().flatten()?;
                Some(Heard::Term {
                    segment_id: *segment_id,
                    term: term.fields.term,
                    definition_en: term.fields.definition_en,
                    definition_ko: term.fields.definition_ko,
                })
            }
            Signal::ChecklistCovered { .. } => None,
        })
        .collect()
}

/// What the offline signals find in a stored meeting, as the live view showed it during
/// the call: the checklist's coverage, and the figures, bands and terms heard in
/// transcript order (with corrections to the transcript taken into account).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Findings {
    pub checklist: Vec<ChecklistProgress>,
    pub heard: Vec<Heard>,
}

/// The [`Findings`] of meeting `meeting_id`, from its transcript as stored now.
pub fn findings(store: &Store, meeting_id: i64) -> Result<Findings, SignalsError> {
    let segments = store.transcript(meeting_id)?;
    let mut signals = MeetingSignals::load(store, meeting_id, SignalsConfig::default())?;
    let found = signals.replay(&segments);
    Ok(Findings {
        checklist: signals.checklist(),
        heard: heard(store, &found),
    })
}
