//! Scoring the signals against hand-labelled transcripts.
//!
//! A labelled transcript is JSON: the meeting type (which picks the built-in
//! checklist) and segments, each with what a person hears in it — the metrics (key,
//! value, unit as [`crate::Metric::unit_label`] writes it), the checklist items it
//! addresses (by position in the checklist) and the glossary terms said (by name):
//!
//! ```json
//! { "name": "ko-seed-saas", "language": "ko", "meeting_type": "investment_screening",
//!   "segments": [
//!     { "text": "MRR이 50K 정도예요.", "checklist": [4], "glossary": ["MRR"],
//!       "metrics": [{ "key": "mrr", "value": 50000, "unit": "USD" }] } ] }
//! ```
//!
//! [`evaluate`] runs a [`Detector`] over each segment, in order, passing open
//! questions along as the live meeting does, and counts per signal and language what
//! it found that was labelled (true positive), found that was not (false positive),
//! and missed. This scores detection in every segment, so a checklist item mentioned
//! twice counts twice; the live signal reports only the first. A figure set aside
//! (see [`crate::SetAside`]) is not found; when it was labelled, the disagreement
//! says why it was set aside.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;

use onno_store::{MeetingType, Store};
use serde::{Deserialize, Serialize};

use crate::claim::SetAside;
use crate::context::load_glossary;
use crate::detect::Detector;
use crate::metric::{Metric, MetricKey};
use crate::{Result, SignalsError};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelledTranscript {
    pub name: String,
    /// "ko" or "en": the language the scores are grouped by.
    pub language: String,
    pub meeting_type: MeetingType,
    pub segments: Vec<LabelledSegment>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelledSegment {
    pub text: String,
    #[serde(default)]
    pub metrics: Vec<ExpectedMetric>,
    /// Positions (from 1) in the meeting type's built-in checklist.
    #[serde(default)]
    pub checklist: Vec<u32>,
    /// Glossary term names, as the glossary writes them.
    #[serde(default)]
    pub glossary: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExpectedMetric {
    pub key: String,
    pub value: f64,
    pub unit: String,
}

/// The kinds of signal scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SignalKind {
    Checklist,
    Glossary,
    Metric,
}

impl SignalKind {
    pub const ALL: [SignalKind; 3] = [
        SignalKind::Checklist,
        SignalKind::Glossary,
        SignalKind::Metric,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SignalKind::Checklist => "checklist",
            SignalKind::Glossary => "glossary",
            SignalKind::Metric => "metric",
        }
    }
}

/// True positives, false positives and false negatives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub hits: u32,
    pub false_alarms: u32,
    pub misses: u32,
}

impl Tally {
    /// Of what was found, the share that was labelled; 1 when nothing was found.
    pub fn precision(&self) -> f64 {
        ratio(self.hits, self.hits + self.false_alarms)
    }

    /// Of what was labelled, the share that was found; 1 when nothing was labelled.
    pub fn recall(&self) -> f64 {
        ratio(self.hits, self.hits + self.misses)
    }

    fn add(&mut self, other: Tally) {
        self.hits += other.hits;
        self.false_alarms += other.false_alarms;
        self.misses += other.misses;
    }
}

fn ratio(num: u32, den: u32) -> f64 {
    if den == 0 {
        1.0
    } else {
        f64::from(num) / f64::from(den)
    }
}

/// Scores by signal and language, and every disagreement spelled out.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    pub tallies: BTreeMap<(SignalKind, String), Tally>,
    /// Segments scored per language.
    pub segments: BTreeMap<String, usize>,
    /// "ko-seed#3 metric missed: churn 3 %", for finding what to fix.
    pub disagreements: Vec<String>,
}

impl Evaluation {
    pub fn tally(&self, kind: SignalKind, language: &str) -> Tally {
        self.tallies
            .get(&(kind, language.to_owned()))
            .copied()
            .unwrap_or_default()
    }

    /// All languages together.
    pub fn overall(&self, kind: SignalKind) -> Tally {
        let mut all = Tally::default();
        for ((k, _), t) in &self.tallies {
            if *k == kind {
                all.add(*t);
            }
        }
        all
    }
}

impl fmt::Display for Evaluation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let segments: Vec<String> = self
            .segments
            .iter()
            .map(|(lang, n)| format!("{n} {lang}"))
            .collect();
        writeln!(f, "labelled segments: {}", segments.join(", "))?;
        writeln!(
            f,
            "| signal    | lang | found ok | false alarms | missed | precision | recall |"
        )?;
        writeln!(
            f,
            "|-----------|------|---------:|-------------:|-------:|----------:|-------:|"
        )?;
        let mut row = |kind: SignalKind, lang: &str, t: Tally| {
            writeln!(
                f,
                "| {:<9} | {:<4} | {:>8} | {:>12} | {:>6} | {:>9.3} | {:>6.3} |",
                kind.as_str(),
                lang,
                t.hits,
                t.false_alarms,
                t.misses,
                t.precision(),
                t.recall()
            )
        };
        for kind in SignalKind::ALL {
            for lang in self.segments.keys() {
                row(kind, lang, self.tally(kind, lang))?;
            }
            row(kind, "all", self.overall(kind))?;
        }
        Ok(())
    }
}

/// Reads every `*.json` file in `dir`, in name order.
pub fn load_labelled(dir: &Path) -> Result<Vec<LabelledTranscript>> {
    let fail = |name: &Path, reason: String| SignalsError::Labelled {
        name: name.display().to_string(),
        reason,
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| fail(dir, e.to_string()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).map_err(|e| fail(p, e.to_string()))?;
            serde_json::from_str(&text).map_err(|e| fail(p, e.to_string()))
        })
        .collect()
}

/// Scores the signals on `transcripts`, with the checklists and glossary of `store`.
pub fn evaluate(store: &Store, transcripts: &[LabelledTranscript]) -> Result<Evaluation> {
    let glossary = load_glossary(store)?;
    let term_ids: HashMap<String, i64> = glossary
        .iter()
        .map(|t| (t.fields.term.to_lowercase(), t.id))
        .collect();
    let term_name: HashMap<i64, &str> = glossary
        .iter()
        .map(|t| (t.id, t.fields.term.as_str()))
        .collect();
    let mut eval = Evaluation::default();
    for transcript in transcripts {
        let fail = |reason: String| SignalsError::Labelled {
            name: transcript.name.clone(),
            reason,
        };
        let checklist = store
            .checklists(Some(transcript.meeting_type))?
            .into_iter()
            .next()
            .map(|c| c.items)
            .unwrap_or_default();
        let item_id = |position: u32| {
            checklist
                .iter()
                .find(|i| i.position == position)
                .map(|i| i.id)
                .ok_or_else(|| fail(format!("no checklist item at position {position}")))
        };
        let item_position: HashMap<i64, u32> =
            checklist.iter().map(|i| (i.id, i.position)).collect();
        let detector = Detector::new(&checklist, &glossary);
        let lang = transcript.language.clone();
        *eval.segments.entry(lang.clone()).or_default() += transcript.segments.len();
        let mut open: Vec<MetricKey> = Vec::new();
        for (n, segment) in transcript.segments.iter().enumerate() {
            let found = detector.detect(&segment.text, &open);
            open = found.open.clone();
            let at = format!("{}#{}", transcript.name, n + 1);

            let expected = segment
                .checklist
                .iter()
                .map(|p| item_id(*p))
                .collect::<Result<Vec<_>>>()?;
            let got: Vec<i64> = found.checklist.iter().map(|m| m.id).collect();
            let shown = |id: &i64| format!("item {}", item_position.get(id).copied().unwrap_or(0));
            let place = Place {
                lang: &lang,
                at: &at,
                text: &segment.text,
            };
            eval.score(SignalKind::Checklist, &place, &expected, &got, shown);

            let expected = segment
                .glossary
                .iter()
                .map(|name| {
                    term_ids
                        .get(&name.to_lowercase())
                        .copied()
                        .ok_or_else(|| fail(format!("no glossary term {name:?}")))
                })
                .collect::<Result<Vec<_>>>()?;
            let got: Vec<i64> = found.glossary.iter().map(|m| m.id).collect();
            let shown = |id: &i64| term_name.get(id).copied().unwrap_or("?").to_owned();
            eval.score(SignalKind::Glossary, &place, &expected, &got, shown);

            eval.score_metrics(&place, &segment.metrics, &found.metrics, &found.set_aside);
        }
    }
    Ok(eval)
}

/// Where a score comes from: the language, "transcript#segment", and the text.
struct Place<'a> {
    lang: &'a str,
    at: &'a str,
    text: &'a str,
}

impl Evaluation {
    fn score<T: PartialEq>(
        &mut self,
        kind: SignalKind,
        place: &Place<'_>,
        expected: &[T],
        got: &[T],
        shown: impl Fn(&T) -> String,
    ) {
        let tally = self
            .tallies
            .entry((kind, place.lang.to_owned()))
            .or_default();
        let mut missed = Vec::new();
        let mut extra = Vec::new();
        for e in expected {
            if got.contains(e) {
                tally.hits += 1;
            } else {
                tally.misses += 1;
                missed.push(shown(e));
            }
        }
        for g in got {
            if !expected.contains(g) {
                tally.false_alarms += 1;
                extra.push(shown(g));
            }
        }
        self.note(kind, place, &missed, &extra);
    }

    fn score_metrics(
        &mut self,
        place: &Place<'_>,
        expected: &[ExpectedMetric],
        got: &[Metric],
        set_aside: &[SetAside],
    ) {
        let tally = self
            .tallies
            .entry((SignalKind::Metric, place.lang.to_owned()))
            .or_default();
        let mut unmatched: Vec<&Metric> = got.iter().collect();
        let mut missed = Vec::new();
        for e in expected {
            match unmatched.iter().position(|m| same(e, m)) {
                Some(i) => {
                    unmatched.remove(i);
                    tally.hits += 1;
                }
                None => {
                    tally.misses += 1;
                    let why = set_aside
                        .iter()
                        .find(|s| same(e, &s.metric))
                        .map(|s| format!(" (set aside: {:?})", s.reason))
                        .unwrap_or_default();
                    missed.push(format!("{} {} {}{why}", e.key, e.value, e.unit));
                }
            }
        }
        tally.false_alarms += unmatched.len() as u32;
        let extra: Vec<String> = unmatched
            .iter()
            .map(|m| {
                format!(
                    "{} {} {} [{}]",
                    m.key.as_str(),
                    m.value,
                    m.unit_label(),
                    m.quote
                )
            })
            .collect();
        self.note(SignalKind::Metric, place, &missed, &extra);
    }

    fn note(&mut self, kind: SignalKind, place: &Place<'_>, missed: &[String], extra: &[String]) {
        if missed.is_empty() && extra.is_empty() {
            return;
        }
        self.disagreements.push(format!(
            "{} {}: missed {missed:?}, false alarms {extra:?} in {:?}",
            place.at,
            kind.as_str(),
            place.text
        ));
    }
}

/// Same key and unit, and a value within 0.5%.
fn same(e: &ExpectedMetric, m: &Metric) -> bool {
    e.key == m.key.as_str()
        && e.unit == m.unit_label()
        && (e.value - m.value).abs() <= 0.005 * e.value.abs().max(1e-9)
}
