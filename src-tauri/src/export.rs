//! Exporting a meeting from its page: the system's save dialog, then the file written
//! whole or not at all by `onno-export` and noted in the audit log.

use onno_export::{ExportFormat, Exported, MeetingExport, Part, file_name, write_export};
use tauri::{AppHandle, State};

use crate::commands::blocking;
use crate::dialogs::{self, Ask};
use crate::error::AppError;
use crate::state::AppState;

/// Asks where to save `meeting_id` as `format` with `parts` (all when empty) and writes
/// it there; `None` when the user closed the dialog.
#[tauri::command]
#[specta::specta]
pub async fn export_meeting(
    app: AppHandle,
    state: State<'_, AppState>,
    meeting_id: i64,
    format: ExportFormat,
    parts: Vec<Part>,
) -> Result<Option<Exported>, AppError> {
    let parts = if parts.is_empty() {
        Part::ALL.to_vec()
    } else {
        parts
    };
    let export = blocking(&state, move |s| MeetingExport::load(s, meeting_id, &parts)).await?;
    let name = file_name(meeting_id, &export.meeting.title, format);
    let ask = Ask::Save {
        name,
        extension: format.extension().to_owned(),
    };
    let Some(path) = dialogs::ask(&app, ask).await? else {
        return Ok(None);
    };
    blocking(&state, move |s| write_export(s, &export, format, &path))
        .await
        .map(Some)
}
