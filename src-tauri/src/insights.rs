//! What the copilot made of a meeting, for the window: suggested questions (marked
//! used / ignored / dismissed), action items (reviewed, edited, completed, removed), the
//! summary (editable), the language model's usage, the meeting's own model switch, and
//! the after-meeting analysis with its progress. The work itself is `onno-assist`'s.

use onno_assist::{
    AnalysisReport, MeetingInsights, SharedClient, Step, analyze_meeting, meeting_insights,
};
use onno_llm::set_llm_enabled_for_meeting;
use onno_secrets::Secrets;
use onno_store::{
    ActionItem, ActionItemEdit, ActionItemStatus, AiQuestion, QuestionAction, Summary, SummaryInput,
};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};

use crate::busy::{Job, MeetingJobs};
use crate::commands::blocking;
use crate::error::{AppError, AppErrorKind};
use crate::state::AppState;

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
        let client = app
            .state::<SharedClient>()
            .client(&store, &Secrets::onno())?;
        let mut announce = |step: Step| {
            let _ = on_step.send(step);
        };
        // The store blocks, so the analysis runs here and only its HTTP calls use the
        // async runtime.
        let client = client.as_deref().map_err(|reason| *reason);
        let analysis = tauri::async_runtime::block_on(analyze_meeting(
            &store,
            meeting_id,
            client,
            &mut announce,
        ))?;
        Ok(analysis.report())
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
