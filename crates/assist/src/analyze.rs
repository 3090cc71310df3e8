//! A stored meeting analysed after the fact (the `onno analyze` command): the offline
//! signals over its whole transcript, then, when the language model may be used, the
//! action items and the summary.

use onno_store::{ActionItem, Segment, Store, Summary, clock};
use serde::Serialize;

use super::actions::extract_action_items;
use super::summary::summarize_meeting;
use crate::error::Result;
use onno_llm::{LlmBlocked, LlmClient, llm_blocked};
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
    /// Not attempted, for this reason.
    Skipped(SkipReason),
    /// Attempted and failed; what was stored before the failure stays.
    Failed(String),
}

/// Why the language model part was not attempted. The front ends word it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// The caller asked for the offline signals only (`--no-llm`).
    NotAsked,
    /// No language model is configured.
    NotConfigured,
    /// The model is switched off in the settings.
    OffInSettings,
    /// The model is switched off for this meeting.
    OffForMeeting,
    /// The meeting has no transcript to send.
    NoTranscript,
    /// A model is configured but its client could not be set up (said when it was
    /// tried).
    Unavailable,
}

impl From<LlmBlocked> for SkipReason {
    fn from(blocked: LlmBlocked) -> Self {
        match blocked {
            LlmBlocked::NotConfigured => SkipReason::NotConfigured,
            LlmBlocked::OffInSettings => SkipReason::OffInSettings,
            LlmBlocked::OffForMeeting => SkipReason::OffForMeeting,
        }
    }
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
    /// Action items this run added (none for one found again, reworded or removed).
    pub action_items_added: usize,
    pub summary: Option<Summary>,
    pub summary_change: SummaryChange,
    pub llm: LlmOutcome,
}

/// What an analysis did to the meeting's summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SummaryChange {
    /// Not touched: the model was not asked, or failed.
    Unchanged,
    /// Written anew by the model.
    Written,
    /// The user's own summary stood; no call was made for it.
    KeptYours,
}

/// How an analysis went, in short, for a window that then shows what it stored.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AnalysisReport {
    /// Figures newly stored as facts of the meeting's relationship.
    pub facts_recorded: u32,
    /// Action items newly added.
    pub action_items_added: u32,
    pub summary: SummaryChange,
    /// Whether the language model's part was done, skipped or failed, and why.
    pub llm: LlmOutcome,
}

impl Analysis {
    pub fn report(&self) -> AnalysisReport {
        AnalysisReport {
            facts_recorded: u32::try_from(self.facts_recorded).unwrap_or(u32::MAX),
            action_items_added: u32::try_from(self.action_items_added).unwrap_or(u32::MAX),
            summary: self.summary_change,
            llm: self.llm.clone(),
        }
    }
}

/// Analyses meeting `meeting_id`. `client` is the language model's client, or why
/// there is none (signals only: `--no-llm`, no endpoint configured, switched off);
/// `on_step` hears each step as it starts. Signals always
/// run and their facts are stored; a language model failure is reported in
/// [`Analysis::llm`], not as an error.
pub async fn analyze_meeting(
    store: &Store,
    meeting_id: i64,
    client: std::result::Result<&LlmClient, SkipReason>,
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
        action_items_added: 0,
        summary: None,
        summary_change: SummaryChange::Unchanged,
        llm: LlmOutcome::Done,
    };
    let client = match client {
        Ok(client) => client,
        Err(reason) => {
            analysis.llm = LlmOutcome::Skipped(reason);
            return Ok(analysis);
        }
    };
    if let Some(blocked) = llm_blocked(store, meeting_id)? {
        analysis.llm = LlmOutcome::Skipped(blocked.into());
        return Ok(analysis);
    }
    if segments.is_empty() {
        analysis.llm = LlmOutcome::Skipped(SkipReason::NoTranscript);
        return Ok(analysis);
    }
    on_step(Step::ActionItems);
    match extract_action_items(client, store, meeting_id, &segments).await {
        Ok(added) => analysis.action_items_added = added.len(),
        Err(e) => {
            analysis.llm = LlmOutcome::Failed(e.to_string());
            return Ok(analysis);
        }
    }
    analysis.action_items = store.action_items(meeting_id)?;
    if let Some(edited) = store.summary(meeting_id)?.filter(|s| s.edited_at.is_some()) {
        // The user rewrote the summary: theirs stands, and no call is spent on a new one.
        analysis.summary = Some(edited);
        analysis.summary_change = SummaryChange::KeptYours;
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
            analysis.summary_change = SummaryChange::Written;
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
