//! Exporting a meeting from its page: the system's save dialog, then the file written
//! whole or not at all by `onno-export` and noted in the audit log.

use onno_export::{ExportFormat, Exported, MeetingExport, Part, file_name, write_export};
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;

use crate::commands::blocking;
use crate::error::{AppError, AppErrorKind};
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
    let extension = format.extension();
    let mut dialog = app
        .dialog()
        .file()
        .set_file_name(name)
        .add_filter(extension.to_uppercase(), &[extension]);
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    // The dialog blocks until the user answers: off the async runtime's threads.
    let chosen = tauri::async_runtime::spawn_blocking(move || dialog.blocking_save_file())
        .await
        .map_err(|e| {
            AppError::new(
                AppErrorKind::Internal,
                format!("the save dialog failed: {e}"),
            )
        })?;
    let Some(chosen) = chosen else {
        return Ok(None);
    };
    let path = chosen.into_path().map_err(|e| {
        AppError::new(
            AppErrorKind::Invalid,
            format!("not a file on this computer: {e}"),
        )
    })?;
    blocking(&state, move |s| write_export(s, &export, format, &path))
        .await
        .map(Some)
}
