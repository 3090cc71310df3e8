//! Settings' data section and the delete buttons: export everything to one archive,
//! restore one into an empty folder, delete everything, delete one meeting or one
//! relationship (each after counting what goes), and the audit log that records them.
//! The work is the store's; these only ask where, and refuse while a meeting records.

use onno_store::{
    ARCHIVE_EXTENSION, ArchiveSummary, AuditEntry, Inventory, MeetingFootprint, MeetingStatus,
    Page, Paged, RelationshipFootprint, Store, today_date,
};
use tauri::{AppHandle, Manager, State};

use crate::commands::blocking;
use crate::dialogs::{self, Ask};
use crate::error::{AppError, AppErrorKind};
use crate::live::LiveSlot;
use crate::state::AppState;

/// Said in the window as "a recording is running; stop it first" (the subject).
fn recording_now() -> AppError {
    AppError::about(
        AppErrorKind::Busy,
        "recording",
        "a meeting is being recorded; stop it first",
    )
}

/// What the data folder holds: what "delete everything" would remove.
#[tauri::command]
#[specta::specta]
pub async fn data_inventory(state: State<'_, AppState>) -> Result<Inventory, AppError> {
    blocking(&state, Store::inventory).await
}

/// Asks where to save the archive and writes it there; `None` when the dialog was closed.
#[tauri::command]
#[specta::specta]
pub async fn export_archive(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<ArchiveSummary>, AppError> {
    let ask = Ask::Save {
        name: format!("onno-{}.{ARCHIVE_EXTENSION}", today_date()),
        extension: ARCHIVE_EXTENSION.to_owned(),
    };
    let Some(path) = dialogs::ask(&app, ask).await? else {
        return Ok(None);
    };
    blocking(&state, move |s| {
        s.export_archive(&path, &mut |_, _| {}).map(Some)
    })
    .await
}

/// Asks for an archive and an empty folder, and restores the archive there (the store
/// refuses a folder that is not empty, this one included); `None` when a dialog was
/// closed. The app keeps its own folder open: the restored one is opened by starting
/// Onno on it.
#[tauri::command]
#[specta::specta]
pub async fn import_archive(app: AppHandle) -> Result<Option<ArchiveSummary>, AppError> {
    let open = Ask::Open {
        extension: ARCHIVE_EXTENSION.to_owned(),
    };
    let Some(archive) = dialogs::ask(&app, open).await? else {
        return Ok(None);
    };
    let folder = Ask::Folder {
        title: "An empty folder to restore into".to_owned(),
    };
    let Some(folder) = dialogs::ask(&app, folder).await? else {
        return Ok(None);
    };
    tauri::async_runtime::spawn_blocking(move || {
        Store::import_archive(&archive, &folder, &mut |_, _| {})
    })
    .await
    .map_err(|e| AppError::new(AppErrorKind::Internal, format!("the restore stopped: {e}")))?
    .map(Some)
    .map_err(Into::into)
}

/// Deletes every meeting, relationship, recording and file; the audit log stays. A
/// device that syncs is signed out first: what is deleted here stays on the others.
#[tauri::command]
#[specta::specta]
pub async fn delete_everything(app: AppHandle) -> Result<Inventory, AppError> {
    if app.state::<LiveSlot>().is_recording() {
        return Err(recording_now());
    }
    crate::sync::sign_out_here(&app).await?;
    blocking(&app.state::<AppState>(), Store::delete_everything).await
}

/// The audit log, newest first.
#[tauri::command]
#[specta::specta]
pub async fn audit_log(
    state: State<'_, AppState>,
    page: Page,
) -> Result<Paged<AuditEntry>, AppError> {
    blocking(&state, move |s| s.audit_log(page)).await
}

#[tauri::command]
#[specta::specta]
pub async fn meeting_footprint(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> Result<MeetingFootprint, AppError> {
    blocking(&state, move |s| s.meeting_footprint(meeting_id)).await
}

/// Deletes a meeting with its transcript, notes, findings and recordings.
#[tauri::command]
#[specta::specta]
pub async fn delete_meeting(
    state: State<'_, AppState>,
    live: State<'_, LiveSlot>,
    meeting_id: i64,
) -> Result<(), AppError> {
    let recording = live.is_recording();
    blocking(&state, move |s| {
        if recording && s.meeting(meeting_id)?.status == MeetingStatus::Active {
            return Err(recording_now());
        }
        Ok(s.delete_meeting(meeting_id)?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn relationship_footprint(
    state: State<'_, AppState>,
    relationship_id: i64,
) -> Result<RelationshipFootprint, AppError> {
    blocking(&state, move |s| s.relationship_footprint(relationship_id)).await
}

/// Deletes a relationship with its facts and files; its meetings stay, unlinked.
#[tauri::command]
#[specta::specta]
pub async fn delete_relationship(
    state: State<'_, AppState>,
    relationship_id: i64,
) -> Result<(), AppError> {
    blocking(&state, move |s| s.delete_relationship(relationship_id)).await
}
