//! What the copilot made of a meeting, for the window: suggested questions (marked
//! used / ignored / dismissed), action items (reviewed, edited, completed, removed), the
//! summary (editable), the language model's usage, the meeting's own model switch, and
//! the after-meeting analysis with its progress. The work itself is `onno-assist`'s.

use std::sync::{Arc, Mutex};

use onno_assist::{
    LlmOutcome, MeetingInsights, Step, analyze_meeting, client_for, meeting_insights,
};
use onno_llm::{LlmClient, LlmSettings, set_llm_enabled_for_meeting};
use onno_secrets::Secrets;
use onno_store::{
    ActionItem, ActionItemEdit, ActionItemStatus, AiQuestion, QuestionAction, Store, Summary,
    SummaryInput,
};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};

use crate::busy::{Job, MeetingJobs};
use crate::commands::blocking;
use crate::error::{AppError, AppErrorKind};
use crate::state::AppState;

/// How the after-meeting analysis went; the insights show what it stored.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AnalysisReport {
    /// Figures newly stored as facts of the meeting's relationship.
    pub facts_recorded: u32,
    /// Whether the language model's part was done, skipped or failed, and why.
    pub llm: LlmOutcome,
}

/// The one language model client of the app, so its per-minute limit holds across
/// meetings and analyses; made again when the settings change.
#[derive(Default)]
pub struct LlmClients(Mutex<Option<(LlmSettings, Arc<LlmClient>)>>);

impl LlmClients {
    /// The client for the stored settings, or `None` when no model is configured or it
    /// is switched off. The key comes from the keychain unless the endpoint is keyless;
    /// a keychain that cannot be read
    /// leaves the call without a key (local servers need none; a remote one answers
    /// with a clear 401).
    pub fn client(&self, store: &Store) -> Result<Option<Arc<LlmClient>>, AppError> {
        let settings = LlmSettings::load(store)?;
        let Some(settings) = settings.filter(|s| s.enabled) else {
            return Ok(None);
        };
        let mut cached = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((known, client)) = cached.as_ref()
            && *known == settings
        {
            return Ok(Some(client.clone()));
        }
        let keyed = client_for(settings.clone(), &Secrets::onno())?;
        if let Some(e) = keyed.keychain_problem {
            tracing::warn!(error = %e, "the keychain could not be read; calling without a key");
        }
        let client = Arc::new(keyed.client);
        *cached = Some((settings, client.clone()));
        Ok(Some(client))
    }

    /// Forgets the client (the settings or the key changed).
    pub fn forget(&self) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

#[tauri::command]
#[specta::specta]
pub async fn get_insights(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> Result<MeetingInsights, AppError> {
    blocking(&state, move |s| meeting_insights(s, meeting_id)).await
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

/// Rewrites an action item's text, assignee and due date.
#[tauri::command]
#[specta::specta]
pub async fn edit_action_item(
    state: State<'_, AppState>,
    id: i64,
    edit: ActionItemEdit,
) -> Result<ActionItem, AppError> {
    blocking(&state, move |s| s.edit_action_item(id, &edit)).await
}

/// Removes an action item; analysing the meeting again does not bring it back.
#[tauri::command]
#[specta::specta]
pub async fn remove_action_item(state: State<'_, AppState>, id: i64) -> Result<(), AppError> {
    blocking(&state, move |s| s.remove_action_item(id)).await
}

/// Saves the summary as the user wrote it; later analyses keep it.
#[tauri::command]
#[specta::specta]
pub async fn edit_summary(
    state: State<'_, AppState>,
    meeting_id: i64,
    summary: SummaryInput,
) -> Result<Summary, AppError> {
    blocking(&state, move |s| s.edit_summary(meeting_id, &summary)).await
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
        set_llm_enabled_for_meeting(s, meeting_id, on)?;
        meeting_insights(s, meeting_id).map_err(AppError::from)
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
    on_step: Channel<Step>,
) -> Result<AnalysisReport, AppError> {
    let store = app.state::<AppState>().store()?;
    tauri::async_runtime::spawn_blocking(move || {
        let jobs = app.state::<MeetingJobs>();
        let _running = jobs.begin(Job::Analysis, meeting_id)?;
        let client = app.state::<LlmClients>().client(&store)?;
        let mut announce = |step: Step| {
            let _ = on_step.send(step);
        };
        // The store blocks, so the analysis runs here and only its HTTP calls use the
        // async runtime.
        let analysis = tauri::async_runtime::block_on(analyze_meeting(
            &store,
            meeting_id,
            client.as_deref(),
            &mut announce,
        ))?;
        let llm = match client {
            None => LlmOutcome::Skipped(
                "no language model is configured, or it is off in the settings".into(),
            ),
            Some(_) => analysis.llm,
        };
        Ok(AnalysisReport {
            facts_recorded: analysis.facts_recorded as u32,
            llm,
        })
    })
    .await
    .map_err(|e| AppError::new(AppErrorKind::Internal, e.to_string()))?
}

/// What the offline signals find in the meeting's transcript as it stands: the
/// checklist's coverage and the figures, bands and terms heard.
#[tauri::command]
#[specta::specta]
pub async fn meeting_findings(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> Result<onno_live::Findings, AppError> {
    blocking(&state, move |s| onno_live::findings(s, meeting_id)).await
}
