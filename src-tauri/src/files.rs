//! A relationship's files in the window: list, add (picked or dropped), open with the
//! system's viewer, remove. Reading a file, its figures and its search text are
//! `onno_files::attach`'s; a file is added by one call each, so the window shows which
//! file is being read and a refused one leaves the others added.

use std::path::PathBuf;
use std::sync::Mutex;

use onno_store::{AddedFile, ListedFile, NewRelationshipFile};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, DragDropEvent, Manager, State};

use crate::commands::blocking;
use crate::dialogs;
use crate::error::{AppError, AppErrorKind};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn list_relationship_files(
    state: State<'_, AppState>,
    relationship_id: i64,
) -> Result<Vec<ListedFile>, AppError> {
    blocking(&state, move |s| {
        s.relationship(relationship_id)?;
        s.listed_relationship_files(relationship_id)
    })
    .await
}

/// Asks for files to add (several at once, of the kinds that are read); their paths go
/// to [`add_relationship_file`] one by one, as dropped files do. Empty when the person
/// closed the dialog.
#[tauri::command]
#[specta::specta]
pub async fn pick_relationship_files(app: AppHandle) -> Result<Vec<String>, AppError> {
    let paths = dialogs::ask_files(&app, onno_files::ATTACHABLE_EXTENSIONS).await?;
    Ok(paths.iter().map(|p| p.display().to_string()).collect())
}

/// Reads the file at `path` and stores it with its text and figures, or nothing when it
/// cannot be read (too large, damaged, of a kind that is not read).
#[tauri::command]
#[specta::specta]
pub async fn add_relationship_file(
    state: State<'_, AppState>,
    relationship_id: i64,
    path: String,
) -> Result<AddedFile, AppError> {
    blocking(&state, move |s| {
        let path = PathBuf::from(path);
        let input = NewRelationshipFile {
            category: onno_files::default_category(&path),
            tags: vec![],
            description: String::new(),
            meeting_id: None,
            extracted_text: None,
        };
        onno_files::attach(s, relationship_id, &path, &input)
    })
    .await
}

/// Opens the file in the system's viewer; a file attached on another device is fetched
/// from sync first.
#[tauri::command]
#[specta::specta]
pub async fn open_relationship_file(
    app: AppHandle,
    relationship_id: i64,
    file_id: i64,
) -> Result<(), AppError> {
    let state = app.state::<AppState>();
    let path = blocking(&state, move |s| {
        let file = onno_files::file_of(s, relationship_id, file_id)?;
        let synced = onno_sync::Account::load(s).is_ok_and(|a| a.is_some());
        Ok::<_, onno_files::FilesError>((s.relationship_file_path(&file), synced))
    })
    .await;
    let (path, synced) = path?;
    if !path.exists() && synced {
        let fetched = crate::sync::fetch_files(&app, onno_sync::Fetch::File(file_id), None).await?;
        if fetched.refused > 0 {
            return Err(AppError::new(
                AppErrorKind::SyncTampered,
                "the file on the sync server did not open (altered on the way or on the server); it was not kept",
            ));
        }
        if fetched.not_yet_sent > 0 {
            return Err(AppError::new(
                AppErrorKind::SyncNotSentYet,
                "the file is still only on the device it was added on; it arrives when that device next syncs",
            ));
        }
    }
    blocking(&state, move |_| onno_files::open_with_viewer(&path)).await
}

/// Removes the file's copy and its text; the facts read from it stay (the user checks
/// or removes those in the figures).
#[tauri::command]
#[specta::specta]
pub async fn remove_relationship_file(
    state: State<'_, AppState>,
    relationship_id: i64,
    file_id: i64,
) -> Result<(), AppError> {
    blocking(&state, move |s| {
        onno_files::file_of(s, relationship_id, file_id)?;
        Ok::<_, onno_files::FilesError>(s.delete_relationship_file(file_id)?)
    })
    .await
}

/// Files dragged over the main window, at physical pixels of the window (the window
/// divides by its device pixel ratio to find the element under them).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FileDrop {
    Over { x: f64, y: f64 },
    Drop { paths: Vec<String>, x: f64, y: f64 },
    Leave,
}

/// The channel the main window listens to drops on.
#[derive(Default)]
pub struct FileDrops(Mutex<Option<Channel<FileDrop>>>);

/// The main window hears files dragged onto it on `on_drop` (the latest channel replaces
/// an earlier one, as after a reload). The webview's own drop event gives no paths.
#[tauri::command]
#[specta::specta]
pub fn watch_file_drops(app: AppHandle, on_drop: Channel<FileDrop>) {
    *app.state::<FileDrops>()
        .0
        .lock()
        .unwrap_or_else(|p| p.into_inner()) = Some(on_drop);
}

/// Passes a drag over the main window to the channel, if the window listens.
pub fn forward_drop(app: &AppHandle, event: &DragDropEvent) {
    let drop = match event {
        DragDropEvent::Enter { position, .. } | DragDropEvent::Over { position } => {
            FileDrop::Over {
                x: position.x,
                y: position.y,
            }
        }
        DragDropEvent::Drop { paths, position } => FileDrop::Drop {
            paths: paths.iter().map(|p| p.display().to_string()).collect(),
            x: position.x,
            y: position.y,
        },
        _ => FileDrop::Leave,
    };
    let slot = app.state::<FileDrops>();
    let channel = slot.0.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(channel) = channel.as_ref() {
        // A window gone mid-drag simply misses it.
        let _ = channel.send(drop);
    }
}
