//! Meetings brought in from files chosen in the window: a transcript (its text is sent
//! as it is) or a recording. The window's file input gives bytes, not a path, so a
//! recording is copied into the data folder's `imports/` in chunks first, then
//! transcribed there by `onno_live::import_audio`; the copy is removed when the import
//! ends, however it ends. One import at a time; cancelling stops the transcription
//! after the window in hand, and nothing is stored.

use std::fs::File;
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use onno_asr::{Language, TranscribeOptions};
use onno_live::import_audio;
use onno_store::{ImportAs, Meeting, TranscriptHeader, read_transcript};
use onno_transcribe::FileOptions;
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager};

use crate::error::{AppError, AppErrorKind, asr_error};
use crate::live::{LiveSlot, load_engine};
use crate::state::AppState;

/// A file being copied in, and the flag that cancels its transcription.
#[derive(Default)]
pub struct ImportSlot {
    staged: Mutex<Option<Staged>>,
    cancel: Mutex<Option<Arc<AtomicBool>>>,
}

struct Staged {
    file: File,
    path: PathBuf,
    /// The name the user's file had, for the meeting's title.
    name: String,
}

impl ImportSlot {
    fn staged(&self) -> std::sync::MutexGuard<'_, Option<Staged>> {
        self.staged.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn cancel_flag(&self) -> std::sync::MutexGuard<'_, Option<Arc<AtomicBool>>> {
        self.cancel.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Drops the staged copy, if any.
    fn discard(&self) {
        if let Some(staged) = self.staged().take() {
            drop(staged.file);
            let _ = std::fs::remove_file(&staged.path);
        }
    }
}

/// How far the transcription of an imported recording has come.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ImportProgress {
    pub decoded_ms: i64,
    /// The recording's length, when its header says so.
    pub total_ms: Option<i64>,
}

const PROGRESS_EVERY: Duration = Duration::from_millis(250);

/// Starts copying the recording called `name` into the data folder (any earlier copy
/// is dropped); [`upload_chunk`] sends its bytes in order.
#[tauri::command]
#[specta::specta]
pub async fn begin_upload(app: AppHandle, name: String) -> Result<(), AppError> {
    let store = app.state::<AppState>().store()?;
    let slot = app.state::<ImportSlot>();
    slot.discard();
    let folder = store.layout().imports();
    let io = |e: std::io::Error| AppError::new(AppErrorKind::Io, e.to_string());
    std::fs::create_dir_all(&folder).map_err(io)?;
    let path = store.layout().imported_recording(&name);
    let file = File::create(&path).map_err(io)?;
    *slot.staged() = Some(Staged { file, path, name });
    Ok(())
}

/// The next piece of the recording [`begin_upload`] started.
#[tauri::command]
#[specta::specta]
pub async fn upload_chunk(app: AppHandle, bytes: Vec<u8>) -> Result<(), AppError> {
    let slot = app.state::<ImportSlot>();
    let mut staged = slot.staged();
    let staged = staged.as_mut().ok_or_else(|| {
        AppError::new(
            AppErrorKind::Invalid,
            "no file is being copied in; choose it again",
        )
    })?;
    staged
        .file
        .write_all(&bytes)
        .map_err(|e| AppError::new(AppErrorKind::Io, e.to_string()))
}

/// Transcribes the recording just copied in with `model` and stores it as a meeting
/// filed as `how` says. Progress arrives on `on_progress`; [`cancel_import`] stops it.
#[tauri::command]
#[specta::specta]
pub async fn import_recording(
    app: AppHandle,
    how: ImportAs,
    model: String,
    language: String,
    on_progress: Channel<ImportProgress>,
) -> Result<Meeting, AppError> {
    let store = app.state::<AppState>().store()?;
    tauri::async_runtime::spawn_blocking(move || {
        let slot = app.state::<ImportSlot>();
        let outcome = transcribe_staged(&app, &store, &how, &model, &language, &on_progress);
        slot.discard();
        *slot.cancel_flag() = None;
        outcome
    })
    .await
    .map_err(|e| AppError::new(AppErrorKind::Internal, e.to_string()))?
}

fn transcribe_staged(
    app: &AppHandle,
    store: &onno_store::Store,
    how: &ImportAs,
    model: &str,
    language: &str,
    on_progress: &Channel<ImportProgress>,
) -> Result<Meeting, AppError> {
    // Both want every core; the meeting being recorded must not fall behind.
    if app.state::<LiveSlot>().is_recording() {
        return Err(AppError::new(
            AppErrorKind::Busy,
            "a meeting is being recorded; import after it ends",
        ));
    }
    let slot = app.state::<ImportSlot>();
    let (path, name) = {
        let mut staged = slot.staged();
        let staged = staged.as_mut().ok_or_else(|| {
            AppError::new(
                AppErrorKind::Invalid,
                "no file was copied in; choose it again",
            )
        })?;
        staged
            .file
            .flush()
            .map_err(|e| AppError::new(AppErrorKind::Io, e.to_string()))?;
        (staged.path.clone(), staged.name.clone())
    };
    let cancel = Arc::new(AtomicBool::new(false));
    *slot.cancel_flag() = Some(cancel.clone());
    let language = language
        .parse::<Language>()
        .map_err(|e| asr_error(None, e))?;
    let mut engine = load_engine(store, model)?;
    let options = FileOptions {
        asr: TranscribeOptions {
            language,
            ..TranscribeOptions::default()
        },
        cancel: Some(cancel),
        vad_model: crate::models::voice_detector(store),
        ..FileOptions::default()
    };
    let meeting = how.meeting(&TranscriptHeader::default(), Some(&name));
    let mut last: Option<Instant> = None;
    import_audio(store, &path, &meeting, &mut engine, &options, &mut |p| {
        if last.is_none_or(|at| at.elapsed() >= PROGRESS_EVERY) {
            last = Some(Instant::now());
            let _ = on_progress.send(ImportProgress {
                decoded_ms: millis(p.decoded),
                total_ms: p.total.map(millis),
            });
        }
    })
    .map_err(AppError::from)
}

/// Stops the import in progress (the copy or the transcription); it ends with a
/// `cancelled` error and stores nothing.
#[tauri::command]
#[specta::specta]
pub fn cancel_import(app: AppHandle) {
    let slot = app.state::<ImportSlot>();
    if let Some(flag) = slot.cancel_flag().as_ref() {
        flag.store(true, Ordering::Relaxed);
    }
    // A copy cancelled halfway is not needed; one being transcribed is already open.
    slot.discard();
}

/// Imports a transcript (WebVTT, SubRip or Onno's JSON export) from the text of the file
/// called `file_name`, filed as `how` says.
#[tauri::command]
#[specta::specta]
pub async fn import_transcript(
    app: AppHandle,
    text: String,
    file_name: String,
    how: ImportAs,
) -> Result<Meeting, AppError> {
    let store = app.state::<AppState>().store()?;
    tauri::async_runtime::spawn_blocking(move || {
        let transcript = read_transcript(&text)
            .map_err(|e| AppError::new(AppErrorKind::UnreadableFile, e.to_string()))?;
        Ok(store.import_transcript(&transcript, Some(&file_name), &how)?)
    })
    .await
    .map_err(|e| AppError::new(AppErrorKind::Internal, e.to_string()))?
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}
