//! The system's file dialogs, as the commands that write or read a file the person
//! chooses use them: parented to the main window, answered off the async runtime.

use std::path::PathBuf;

use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder, FilePath};

use crate::error::{AppError, AppErrorKind};

/// What the person is asked.
pub enum Ask {
    /// Where to save a file named `name`, of type `extension`.
    Save { name: String, extension: String },
    /// Which file of type `extension` to open.
    Open { extension: String },
    /// Which folder.
    Folder { title: String },
}

/// Shows the dialog and waits for the answer; `None` when the person closed it.
pub async fn ask(app: &AppHandle, ask: Ask) -> Result<Option<PathBuf>, AppError> {
    let mut dialog: FileDialogBuilder<_> = app.dialog().file();
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    // The dialog blocks until the person answers: off the async runtime's threads.
    let chosen = tauri::async_runtime::spawn_blocking(move || match ask {
        Ask::Save { name, extension } => dialog
            .set_file_name(name)
            .add_filter(extension.to_uppercase(), &[extension.as_str()])
            .blocking_save_file(),
        Ask::Open { extension } => dialog
            .add_filter(extension.to_uppercase(), &[extension.as_str()])
            .blocking_pick_file(),
        Ask::Folder { title } => dialog.set_title(title).blocking_pick_folder(),
    })
    .await
    .map_err(|e| AppError::new(AppErrorKind::Internal, format!("the dialog failed: {e}")))?;
    chosen.map(local_path).transpose()
}

/// Which files to open, several at once, of the types `extensions` (a filter named by
/// its extensions, which read the same in every language); empty when the person
/// closed the dialog.
pub async fn ask_files(app: &AppHandle, extensions: &[&str]) -> Result<Vec<PathBuf>, AppError> {
    let mut dialog: FileDialogBuilder<_> = app.dialog().file();
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    let name = extensions
        .iter()
        .map(|e| e.to_uppercase())
        .collect::<Vec<_>>()
        .join(", ");
    let dialog = dialog.add_filter(name, extensions);
    let chosen = tauri::async_runtime::spawn_blocking(move || dialog.blocking_pick_files())
        .await
        .map_err(|e| AppError::new(AppErrorKind::Internal, format!("the dialog failed: {e}")))?;
    chosen
        .unwrap_or_default()
        .into_iter()
        .map(local_path)
        .collect()
}

fn local_path(chosen: FilePath) -> Result<PathBuf, AppError> {
    chosen.into_path().map_err(|e| {
        AppError::new(
            AppErrorKind::Invalid,
            format!("not a file on this computer: {e}"),
        )
    })
}
