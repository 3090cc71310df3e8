//! Onno's offline signals: what each confirmed transcript segment tells the person in
//! the meeting, computed on the spot with no network. The language model client is
//! `onno-llm`, the assistant built on both is `onno-assist`.
//!
//! Four signals come out of a segment:
//! - **Checklist coverage.** The meeting's checklist items are covered when one of
//!   their keywords is said: Korean keywords as stems, so "매출은" and "월매출" cover
//!   "매출"; English as whole words with plural and verb endings, acronyms only when
//!   spoken as acronyms ("SAM", not "Sam"). Each item is reported once, with the
//!   segment that covered it as evidence.
//! - **Metrics.** Figures are paired with the metric they belong to — "MRR is $50K",
//!   "월 매출 5천만원", "런웨이 18개월", "churn is 3% monthly", "MRR이 50K 정도예요" —
//!   when their units agree and they are said close together. Korean and English
//!   numerals, scales (만, 억, 조, K, M, million), currencies, percents, months and
//!   head counts are read; dates, times and ordinals ("2026년", "3시", "Q3") are not
//!   figures. A figure and a name make a metric only when they are one claim: a
//!   figure another word owns ("스톡옵션 풀을 12퍼센트로 늘렸고, 이탈은 아직
//!   없습니다") or one that is denied ("churn isn't 5%", "MRR은 아직 1억이 안
//!   돼요") is no metric, so it never becomes a fact; [`Detection::set_aside`] says
//!   why. A question with no figure ("What's your runway?") is answered by a figure
//!   of the right unit in the next segment. When the meeting has a relationship, each
//!   new figure also comes as the relationship fact to record (source "meeting
//!   2026-11-02 at 12:34", confidence unverified).
//! - **Glossary.** A term or alias said is reported with the term's id, so the app can
//!   show its definition; again only after ten minutes without it.
//! - **Benchmarks.** A figure with a benchmark for the relationship's industry and
//!   stage is placed in its quartile band, with which direction is better.
//!
//! # Design
//!
//! Everything is deterministic and table-driven: the keywords come from the store
//! (checklists, glossary) and are compiled once per meeting; the metric names, units
//! and periods come from small tables in this crate, compiled once per process. Each
//! table is a matcher indexed by first character. A segment is normalised once and
//! scanned in a single pass per table, then figures and names are paired by a small
//! scored matching, so a typical segment costs about 10 µs (the `signals` bench prints
//! p50/p99), far under the 5 ms budget. [`Detector`] is the stateless part (one segment's text in, mentions
//! out); [`MeetingSignals`] adds the meeting's memory (what is covered, what was just
//! explained, what was already recorded). Precision and recall on the labelled
//! transcripts in `tests/data/labelled` are printed by the bench and held to a floor
//! by the tests; see `eval` (behind the `eval` feature, for the tests and the bench).
//!
//! # Example
//!
//! ```
//! use onno_signals::{MeetingContext, MeetingSignals, Signal, SignalsConfig};
//! use onno_store::{Segment, SegmentSource};
//!
//! let context = MeetingContext {
//!     meeting_id: 1,
//!     meeting_date: "2026-11-02".into(),
//!     relationship_id: Some(7),
//!     industry: None,
//!     stage: None,
//!     checklist: vec![],
//!     glossary: vec![],
//!     benchmarks: vec![],
//! };
//! let mut signals = MeetingSignals::new(context, SignalsConfig::default());
//! let segment = Segment {
//!     id: 42,
//!     meeting_id: 1,
//!     source: SegmentSource::Them,
//!     speaker: None,
//!     text: "MRR이 50K 정도고 런웨이는 18개월이에요.".into(),
//!     start_ms: 754_000,
//!     end_ms: 758_000,
//!     confidence: None,
//!     language: Some("ko".into()),
//!     is_final: true,
//!     edited: false,
//!     created_at: "2026-11-02T10:12:34Z".into(),
//! };
//! let found = signals.on_segment(&segment);
//! let Signal::MetricSpotted { metric, data, .. } = &found[0] else { panic!() };
//! assert_eq!((metric.key.as_str(), metric.value), ("mrr", 50_000.0));
//! assert_eq!(data.as_ref().map(|d| d.source.as_str()), Some("meeting 2026-11-02 at 12:34"));
//! // Then: onno_signals::store_relationship_data(&store, &found)?;
//! ```

mod benchmark;
mod claim;
mod context;
mod cues;
mod detect;
mod error;
#[cfg(feature = "eval")]
pub mod eval;
mod fact_bands;
mod metric;
mod number;
mod others_team;
mod phrases;
mod record;
mod signals;
mod spot;
mod text;

pub use benchmark::{
    Band, BenchmarkComparison, Better, band, better, normalize_industry, normalize_stage,
};
pub use claim::{NotAFact, SetAside};
pub use context::{MeetingContext, benchmarks_for};
pub use detect::{Detection, Detector, Mention};
pub use error::{Result, SignalsError};
pub use fact_bands::{FactBand, fact_bands};
pub use metric::{Metric, MetricKey, Period, Span, Unit};
pub use number::Currency;
pub use record::{category, store_relationship_data};
pub use signals::{ChecklistProgress, MeetingSignals, Signal, SignalsConfig};

/// The metrics in one piece of text, on its own (no question carried over from a
/// previous segment).
///
/// ```
/// let found = onno_signals::spot_metrics("월 매출 5천만원, 런웨이 18개월");
/// assert_eq!(found[0].value, 50_000_000.0);
/// assert_eq!(found[1].key, onno_signals::MetricKey::Runway);
/// ```
pub fn spot_metrics(text: &str) -> Vec<Metric> {
    spot::spotter()
        .spot(text, &text::normalize(text), &[])
        .metrics
}

#[cfg(test)]
mod tests;
