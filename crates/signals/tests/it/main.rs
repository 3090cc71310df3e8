//! Integration tests: the offline signals through its public API, on a real store.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod labelled;
mod odd_input;
mod signals;
mod user_checklists;

use onno_signals::{MeetingSignals, Signal, SignalsConfig};
use onno_store::Store;
pub use onno_test_support::store::{meeting, say, test_store};

pub fn signals(store: &Store, meeting_id: i64) -> MeetingSignals {
    MeetingSignals::load(store, meeting_id, SignalsConfig::default()).unwrap()
}

/// The signals' kinds, for compact assertions: "checklist", "glossary", "metric",
/// "benchmark".
pub fn kinds(signals: &[Signal]) -> Vec<&'static str> {
    signals
        .iter()
        .map(|s| match s {
            Signal::ChecklistCovered { .. } => "checklist",
            Signal::GlossaryMention { .. } => "glossary",
            Signal::MetricSpotted { .. } => "metric",
            Signal::BenchmarkComparison(_) => "benchmark",
        })
        .collect()
}
