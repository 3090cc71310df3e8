//! What the relationship page and the home screen read to help the user prepare: a
//! relationship's meetings with what came out of each, the follow-ups due, and the
//! action items waiting for approval.

use onno_store::{PendingActionItem, Relationship, TimelineEntry};
use tauri::State;

use crate::commands::blocking;
use crate::error::AppError;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn relationship_timeline(
    state: State<'_, AppState>,
    relationship_id: i64,
) -> Result<Vec<TimelineEntry>, AppError> {
    blocking(&state, move |s| s.relationship_timeline(relationship_id)).await
}

/// Active relationships whose next meeting is before `before` (the end of the user's
/// today, which only the window knows).
#[tauri::command]
#[specta::specta]
pub async fn due_relationships(
    state: State<'_, AppState>,
    before: String,
) -> Result<Vec<Relationship>, AppError> {
    blocking(&state, move |s| s.due_relationships(&before)).await
}

#[tauri::command]
#[specta::specta]
pub async fn pending_action_items(
    state: State<'_, AppState>,
) -> Result<Vec<PendingActionItem>, AppError> {
    blocking(&state, move |s| s.pending_action_items()).await
}
