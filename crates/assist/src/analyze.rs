//! A stored meeting analysed after the fact (the `onno analyze` command): the offline
//! signals over its whole transcript, then, when the language model may be used, the
//! action items and the summary.

use onno_store::{ActionItem, Segment, Store, Summary, clock};
use serde::Serialize;

use super::actions::extract_action_items;
use super::summary::summarize_meeting;
use crate::error::Result;
use onno_llm::{LlmClient, ensure_llm_allowed};
use onno_signals::{
    ChecklistProgress, MeetingSignals, Signal, SignalsConfig, store_relationship_data,
};

/// The steps of [`analyze_meeting`], reported as each begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename = "AnalysisStep", rename_all = "snake_case")]
pub enum Step {
    Signals,
    ActionItems,
    Summary,
}

/// What the language model part came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "status", content = "reason", rename_all = "snake_case")]
pub enum LlmOutcome {
    Done,
    /// Not attempted: switched off, not configured, or not asked for.
    Skipped(String),
    /// Attempted and failed; what was stored before the failure stays.
    Failed(String),
}

#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub meeting_id: i64,
    pub segments: usize,
    pub signals: Vec<Signal>,
    /// Relationship facts newly stored (a second run stores none again).
    pub facts_recorded: usize,
    pub checklist: Vec<ChecklistProgress>,
    pub action_items: Vec<ActionItem>,
    pub summary: Option<Summary>,
    pub llm: LlmOutcome,
}

/// Analyses meeting `meeting_id`. `client` is `None` for signals only (`--no-llm`, or
/// no endpoint configured); `on_step` hears each step as it starts. Signals always
/// run and their facts are stored; a language model failure is reported in
/// [`Analysis::llm`], not as an error.
pub async fn analyze_meeting(
    store: &Store,
    meeting_id: i64,
    client: Option<&LlmClient>,
    on_step: &mut (dyn FnMut(Step) + Send),
) -> Result<Analysis> {
    on_step(Step::Signals);
    let segments = store.transcript(meeting_id)?;
    let mut signals = MeetingSignals::load(store, meeting_id, SignalsConfig::default())?;
    let found = signals.replay(&segments);
    let fresh = new_facts(store, meeting_id, &found)?;
    let facts_recorded = store_relationship_data(store, &fresh)?.len();
    let metrics = metric_lines(&found, &segments);

    let mut analysis = Analysis {
        meeting_id,
        segments: segments.len(),
        signals: found,
        facts_recorded,
        checklist: signals.checklist(),
        action_items: Vec::new(),
        summary: None,
        llm: LlmOutcome::Skipped("not asked for".into()),
    };
    let Some(client) = client else {
        return Ok(analysis);
    };
    if let Err(e) = ensure_llm_allowed(store, meeting_id) {
        analysis.llm = LlmOutcome::Skipped(e.to_string());
        return Ok(analysis);
    }
    if segments.is_empty() {
        analysis.llm = LlmOutcome::Skipped("the meeting has no transcript".into());
        return Ok(analysis);
    }
    on_step(Step::ActionItems);
    if let Err(e) = extract_action_items(client, store, meeting_id, &segments).await {
        analysis.llm = LlmOutcome::Failed(e.to_string());
        return Ok(analysis);
    }
    analysis.action_items = store.action_items(meeting_id)?;
    if let Some(edited) = store.summary(meeting_id)?.filter(|s| s.edited_at.is_some()) {
        // The user rewrote the summary: theirs stands, and no call is spent on a new one.
        analysis.summary = Some(edited);
        analysis.llm = LlmOutcome::Done;
        return Ok(analysis);
    }
    on_step(Step::Summary);
    match summarize_meeting(
        client,
        store,
        meeting_id,
        &segments,
        &metrics,
        &analysis.action_items,
    )
    .await
    {
        Ok(summary) => {
            analysis.summary = Some(summary);
            analysis.llm = LlmOutcome::Done;
        }
        Err(e) => analysis.llm = LlmOutcome::Failed(e.to_string()),
    }
    Ok(analysis)
}

/// The metric signals whose facts this meeting has not already stored, nor had dismissed
/// by the user (so analysing a meeting twice records nothing twice, and brings back
/// nothing the user removed).
fn new_facts(store: &Store, meeting_id: i64, signals: &[Signal]) -> Result<Vec<Signal>> {
    let existing = store.facts_heard_in(meeting_id)?;
    Ok(signals
        .iter()
        .filter(|s| match s {
            Signal::MetricSpotted { data: Some(d), .. } => !existing
                .iter()
                .any(|e| e.fields.key == d.key && e.fields.value == d.value),
            _ => false,
        })
        .cloned()
        .collect())
}

/// "mrr: 50000 USD at 12:34" for each metric heard.
fn metric_lines(signals: &[Signal], segments: &[Segment]) -> Vec<String> {
    signals
        .iter()
        .filter_map(|s| match s {
            Signal::MetricSpotted {
                segment_id, metric, ..
            } => {
                let at = segments
                    .iter()
                    .find(|seg| seg.id == *segment_id)
                    .map(|seg| clock(seg.start_ms))
                    .unwrap_or_default();
                let unit = metric.store_unit().unwrap_or_default();
                Some(format!(
                    "{}: {} {unit} at {at}",
                    metric.storage_key(),
                    metric.value
                ))
            }
            _ => None,
        })
        .take(30)
        .collect()
}
