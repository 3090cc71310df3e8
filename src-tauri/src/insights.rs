//! What the copilot made of a meeting, for the window: suggested questions (marked
//! used / ignored / dismissed), action items (approved / rejected), the summary, the
//! language model's usage, the meeting's own model switch, and the after-meeting
//! analysis with its progress. The work itself is `onno-copilot`'s.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use onno_copilot::assist::{LlmOutcome, Step, analyze_meeting, missed_questions};
use onno_copilot::llm::{
    ApiKey, LlmClient, LlmConfig, LlmSettings, llm_enabled_for_meeting, set_llm_enabled_for_meeting,
};
use onno_secrets::Secrets;
use onno_store::{
    ActionItem, ActionItemStatus, AiQuestion, LlmUsage, QuestionAction, Store, Summary,
};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};

use crate::busy::{Job, MeetingJobs};
use crate::commands::blocking;
use crate::error::{AppError, AppErrorKind};
use crate::state::AppState;

/// Everything the copilot holds about one meeting.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct MeetingInsights {
    pub questions: Vec<AiQuestion>,
    /// The critical questions never marked used.
    pub missed: Vec<i64>,
    pub action_items: Vec<ActionItem>,
    pub summary: Option<Summary>,
    pub usage: UsageTotals,
    /// The meeting's own switch: the model may see this meeting.
    pub llm_for_meeting: bool,
    /// A model is configured and switched on in the settings.
    pub llm_configured: bool,
}

/// The language model's calls for one meeting, added up.
#[derive(Debug, Clone, Default, Serialize, specta::Type)]
pub struct UsageTotals {
    pub calls: u32,
    pub failed: u32,
    pub prompt_tokens: u32,
    pub completion_tokens: u32,
    /// Some counts were estimated because the server gave none.
    pub estimated: bool,
}

impl UsageTotals {
    fn of(calls: &[LlmUsage]) -> Self {
        calls.iter().fold(Self::default(), |mut t, c| {
            t.calls += 1;
            t.failed += u32::from(!c.ok);
            t.prompt_tokens += c.prompt_tokens;
            t.completion_tokens += c.completion_tokens;
            t.estimated |= c.estimated;
            t
        })
    }
}

/// The steps of the after-meeting analysis, as each begins.
#[derive(Debug, Clone, Copy, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum AnalysisStep {
    Signals,
    ActionItems,
    Summary,
}

/// How the after-meeting analysis went; the insights show what it stored.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AnalysisReport {
    /// Figures newly stored as facts of the meeting's relationship.
    pub facts_recorded: u32,
    /// "done", "skipped" or "failed".
    pub llm: String,
    /// Why the model part was skipped or failed.
    pub reason: Option<String>,
}

/// The one language model client of the app, so its per-minute limit holds across
/// meetings and analyses; made again when the settings change.
#[derive(Default)]
pub struct LlmClients(Mutex<Option<(LlmSettings, Arc<LlmClient>)>>);

impl LlmClients {
    /// The client for the stored settings, or `None` when no model is configured or it
    /// is switched off. The key comes from the keychain; a keychain that cannot be read
    /// leaves the call without a key (local servers need none; a remote one answers
    /// with a clear 401).
    pub fn client(&self, store: &Store) -> Result<Option<Arc<LlmClient>>, AppError> {
        let settings = LlmSettings::load(store).map_err(copilot_error)?;
        let Some(settings) = settings.filter(|s| s.enabled) else {
            return Ok(None);
        };
        let mut cached = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((known, client)) = cached.as_ref()
            && *known == settings
        {
            return Ok(Some(client.clone()));
        }
        let key = match onno_secrets::llm_api_key(&Secrets::onno()) {
            Ok(found) => found.and_then(|(key, _)| ApiKey::new(&key)),
            Err(e) => {
                tracing::warn!(error = %e, "the keychain could not be read; calling without a key");
                None
            }
        };
        let mut config = LlmConfig::new(settings.clone(), key);
        // An analysis of a long meeting makes more calls than the limit allows in a
        // minute; it waits for the next one rather than fail.
        config.max_wait = Duration::from_secs(65);
        let client = LlmClient::new(config)
            .map(Arc::new)
            .map_err(|e| AppError::new(AppErrorKind::Invalid, e.to_string()))?;
        *cached = Some((settings, client.clone()));
        Ok(Some(client))
    }

    /// Forgets the client (the settings or the key changed).
    pub fn forget(&self) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

fn copilot_error(e: onno_copilot::CopilotError) -> AppError {
    match e {
        onno_copilot::CopilotError::Store(e) => e.into(),
        other => AppError::new(AppErrorKind::Invalid, other.to_string()),
    }
}

fn insights(store: &Store, meeting_id: i64) -> Result<MeetingInsights, AppError> {
    store.meeting(meeting_id)?;
    let llm_configured = LlmSettings::load(store)
        .map_err(copilot_error)?
        .is_some_and(|s| s.enabled);
    Ok(MeetingInsights {
        questions: store.questions(meeting_id)?,
        missed: missed_questions(store, meeting_id)
            .map_err(copilot_error)?
            .into_iter()
            .map(|q| q.id)
            .collect(),
        action_items: store.action_items(meeting_id)?,
        summary: store.summary(meeting_id)?,
        usage: UsageTotals::of(&store.llm_usage(meeting_id)?),
        llm_for_meeting: llm_enabled_for_meeting(store, meeting_id).map_err(copilot_error)?,
        llm_configured,
    })
}

#[tauri::command]
#[specta::specta]
pub async fn get_insights(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> Result<MeetingInsights, AppError> {
    blocking(&state, move |s| insights(s, meeting_id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn mark_question(
    state: State<'_, AppState>,
    id: i64,
    action: QuestionAction,
) -> Result<AiQuestion, AppError> {
    blocking(&state, move |s| s.set_question_action(id, action)).await
}

#[tauri::command]
#[specta::specta]
pub async fn review_action_item(
    state: State<'_, AppState>,
    id: i64,
    status: ActionItemStatus,
) -> Result<ActionItem, AppError> {
    blocking(&state, move |s| s.set_action_item_status(id, status)).await
}

/// Switches the language model on or off for one meeting; a meeting being recorded
/// follows from its next call.
#[tauri::command]
#[specta::specta]
pub async fn set_meeting_llm(
    state: State<'_, AppState>,
    meeting_id: i64,
    on: bool,
) -> Result<MeetingInsights, AppError> {
    blocking(&state, move |s| {
        s.meeting(meeting_id)?;
        set_llm_enabled_for_meeting(s, meeting_id, on).map_err(copilot_error)?;
        insights(s, meeting_id)
    })
    .await
}

/// Runs the offline signals over the stored meeting, then (when the model may be
/// used) extracts the action items and writes the summary; each step is announced on
/// `on_step`.
#[tauri::command]
#[specta::specta]
pub async fn analyze(
    app: AppHandle,
    meeting_id: i64,
    on_step: Channel<AnalysisStep>,
) -> Result<AnalysisReport, AppError> {
    let store = app.state::<AppState>().store()?;
    tauri::async_runtime::spawn_blocking(move || {
        let jobs = app.state::<MeetingJobs>();
        let _running = jobs.begin(Job::Analysis, meeting_id)?;
        let client = app.state::<LlmClients>().client(&store)?;
        let mut announce = |step: Step| {
            let _ = on_step.send(match step {
                Step::Signals => AnalysisStep::Signals,
                Step::ActionItems => AnalysisStep::ActionItems,
                Step::Summary => AnalysisStep::Summary,
            });
        };
        // The store blocks, so the analysis runs here and only its HTTP calls use the
        // async runtime.
        let analysis = tauri::async_runtime::block_on(analyze_meeting(
            &store,
            meeting_id,
            client.as_deref(),
            &mut announce,
        ))
        .map_err(copilot_error)?;
        let (llm, reason) = match (&client, analysis.llm) {
            (None, _) => (
                "skipped",
                Some("no language model is configured, or it is off in the settings".into()),
            ),
            (Some(_), LlmOutcome::Done) => ("done", None),
            (Some(_), LlmOutcome::Skipped(why)) => ("skipped", Some(why)),
            (Some(_), LlmOutcome::Failed(why)) => ("failed", Some(why)),
        };
        Ok(AnalysisReport {
            facts_recorded: analysis.facts_recorded as u32,
            llm: llm.to_owned(),
            reason,
        })
    })
    .await
    .map_err(|e| AppError::new(AppErrorKind::Internal, e.to_string()))?
}
