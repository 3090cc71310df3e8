//! The meeting-long state: what is covered already, which terms were just explained,
//! which facts were already recorded.

use std::collections::{HashMap, HashSet};

use onno_store::{Benchmark, NewRelationshipData, Segment, Store};
use serde::{Deserialize, Serialize};

use crate::Result;
use crate::benchmark::{BenchmarkComparison, band, benchmark_key, better, in_unit};
use crate::context::MeetingContext;
use crate::detect::Detector;
use crate::metric::{Metric, MetricKey};
use crate::record::relationship_data;

/// Something worth showing, derived from one segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Signal {
    /// A checklist item was addressed, for the first time this meeting.
    ChecklistCovered {
        item_id: i64,
        segment_id: i64,
        /// The words that covered it, as said.
        matched: String,
    },
    /// A glossary term came up (once per [`SignalsConfig::glossary_cooldown_ms`]).
    GlossaryMention {
        term_id: i64,
        segment_id: i64,
        matched: String,
    },
    /// A figure was heard. `data` is the fact to record for the meeting's
    /// relationship: present when the meeting has one and this key and value were not
    /// already recorded in the meeting. Store it with [`crate::store_relationship_data`].
    MetricSpotted {
        segment_id: i64,
        metric: Metric,
        data: Option<NewRelationshipData>,
    },
    /// A spotted figure placed against its industry and stage benchmark.
    BenchmarkComparison(BenchmarkComparison),
}

/// Tuning for [`MeetingSignals`]; `Default` is what the app uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignalsConfig {
    /// A glossary term is shown again only after this much meeting time without it;
    /// `None` shows each term once per meeting. Default: 10 minutes, long enough not
    /// to repeat a definition during one exchange, short enough to remind later.
    pub glossary_cooldown_ms: Option<i64>,
    /// How long a metric asked about without a figure waits for an answer in the
    /// following segment. Default: 30 s.
    pub answer_window_ms: i64,
    /// Won per dollar, used only to place won amounts against dollar benchmarks.
    /// `None` skips those comparisons. Default: 1,400 (approximate; the bands are
    /// coarse enough that a rough rate places a figure correctly).
    pub krw_per_usd: Option<f64>,
}

impl Default for SignalsConfig {
    fn default() -> Self {
        SignalsConfig {
            glossary_cooldown_ms: Some(10 * 60 * 1000),
            answer_window_ms: 30_000,
            krw_per_usd: Some(1_400.0),
        }
    }
}

/// A checklist item and whether (and where) it was covered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChecklistProgress {
    pub item_id: i64,
    pub text: String,
    pub covered_by: Option<i64>,
}

/// The offline signals of one meeting: feed it each confirmed segment in order.
pub struct MeetingSignals {
    context: MeetingContext,
    config: SignalsConfig,
    detector: Detector,
    benchmarks: HashMap<String, Benchmark>,
    covered: HashMap<i64, i64>,
    glossary_last_ms: HashMap<i64, i64>,
    open: Vec<MetricKey>,
    open_until_ms: i64,
    recorded: HashSet<(String, u64)>,
}

impl MeetingSignals {
    pub fn new(context: MeetingContext, config: SignalsConfig) -> MeetingSignals {
        let detector = Detector::new(&context.checklist, &context.glossary);
        let benchmarks = context
            .benchmarks
            .iter()
            .map(|b| (b.metric.clone(), b.clone()))
            .collect();
        MeetingSignals {
            context,
            config,
            detector,
            benchmarks,
            covered: HashMap::new(),
            glossary_last_ms: HashMap::new(),
            open: Vec::new(),
            open_until_ms: 0,
            recorded: HashSet::new(),
        }
    }

    /// Reads the meeting's context from `store` (see [`MeetingContext::load`]).
    pub fn load(store: &Store, meeting_id: i64, config: SignalsConfig) -> Result<MeetingSignals> {
        Ok(MeetingSignals::new(
            MeetingContext::load(store, meeting_id)?,
            config,
        ))
    }

    pub fn context(&self) -> &MeetingContext {
        &self.context
    }

    /// The signals of a whole transcript, segment after segment, as if heard live: what
    /// reviewing or analysing a stored meeting finds. [`Self::checklist`] then says what
    /// the transcript covered.
    pub fn replay(&mut self, segments: &[Segment]) -> Vec<Signal> {
        segments.iter().flat_map(|s| self.on_segment(s)).collect()
    }

    /// The signals one committed segment yields, in this order: checklist items
    /// covered, glossary terms, then each metric followed by its benchmark comparison.
    /// Live segments count (tentative text is never stored); segments of another
    /// meeting yield nothing and leave the state alone.
    pub fn on_segment(&mut self, segment: &Segment) -> Vec<Signal> {
        if segment.meeting_id != self.context.meeting_id {
            return Vec::new();
        }
        let open = if segment.start_ms <= self.open_until_ms {
            std::mem::take(&mut self.open)
        } else {
            Vec::new()
        };
        let found = self.detector.detect(&segment.text, &open);
        self.open = found.open;
        self.open_until_ms = segment.end_ms.saturating_add(self.config.answer_window_ms);

        let mut signals = Vec::new();
        for m in found.checklist {
            if self.covered.contains_key(&m.id) {
                continue;
            }
            self.covered.insert(m.id, segment.id);
            signals.push(Signal::ChecklistCovered {
                item_id: m.id,
                segment_id: segment.id,
                matched: m.matched,
            });
        }
        for m in found.glossary {
            if !self.glossary_due(m.id, segment.start_ms) {
                continue;
            }
            self.glossary_last_ms.insert(m.id, segment.start_ms);
            signals.push(Signal::GlossaryMention {
                term_id: m.id,
                segment_id: segment.id,
                matched: m.matched,
            });
        }
        for metric in found.metrics {
            let comparison = self.compare(&metric, segment.id);
            let fresh = self
                .recorded
                .insert((metric.storage_key(), metric.value.to_bits()));
            let data = fresh
                .then(|| relationship_data(&self.context, &metric, segment))
                .flatten();
            signals.push(Signal::MetricSpotted {
                segment_id: segment.id,
                metric,
                data,
            });
            signals.extend(comparison.map(Signal::BenchmarkComparison));
        }
        signals
    }

    fn glossary_due(&self, term_id: i64, at_ms: i64) -> bool {
        match (
            self.glossary_last_ms.get(&term_id),
            self.config.glossary_cooldown_ms,
        ) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(last), Some(cooldown)) => at_ms.saturating_sub(*last) >= cooldown,
        }
    }

    fn compare(&self, metric: &Metric, segment_id: i64) -> Option<BenchmarkComparison> {
        let key = benchmark_key(metric)?;
        let b = self.benchmarks.get(key)?;
        let value = in_unit(metric, &b.unit, self.config.krw_per_usd)?;
        Some(BenchmarkComparison {
            segment_id,
            metric: key.to_owned(),
            key: metric.key,
            value,
            unit: b.unit.clone(),
            band: band(value, b.p25, b.p50, b.p75),
            better: better(key),
            p25: b.p25,
            p50: b.p50,
            p75: b.p75,
            industry: b.industry.clone(),
            stage: b.stage.clone(),
            source: b.source.clone(),
        })
    }

    /// The checklist with what is covered so far, in checklist order. Uncovered items
    /// are what the question suggestions should bring up.
    pub fn checklist(&self) -> Vec<ChecklistProgress> {
        self.context
            .checklist
            .iter()
            .map(|item| ChecklistProgress {
                item_id: item.id,
                text: item.text.clone(),
                covered_by: self.covered.get(&item.id).copied(),
            })
            .collect()
    }
}
