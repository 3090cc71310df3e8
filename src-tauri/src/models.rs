//! The Models page: the catalogue with its advice, downloads with progress that can be
//! paused or cancelled, verify, remove, and the default model. The work is
//! `onno-models`'; this module keeps the running downloads' stop switches.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use onno_models::{Catalogue, Machine, Method, ModelManager, Progress, Stop};
use onno_store::{DataDir, Store};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};

use crate::commands::blocking;
use crate::error::{AppError, AppErrorKind};
use crate::state::AppState;

/// The stop switch of each download under way, by model name.
#[derive(Default)]
pub struct Downloads(Mutex<HashMap<String, Arc<Stop>>>);

impl Downloads {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Stop>>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn names(&self) -> Vec<String> {
        self.lock().keys().cloned().collect()
    }
}

/// What the Models page shows.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ModelsOverview {
    pub catalogue: Catalogue,
    /// The default model (a name or a file's path), when one was chosen.
    pub default_model: Option<String>,
    /// Whether the default can be loaded now (installed, or a file that exists).
    pub default_usable: bool,
    /// Models being downloaded now.
    pub downloading: Vec<String>,
    /// Whether the Silero voice detector is installed (it comes with the first
    /// speech model downloaded here).
    pub voice_detector: bool,
}

pub(crate) fn manager(data_dir: &DataDir) -> Result<ModelManager, AppError> {
    ModelManager::configured(data_dir.models()).map_err(AppError::from)
}

/// The installed Silero model that finds speech, if any (the energy detector otherwise).
pub(crate) fn voice_detector(store: &Store) -> Option<std::path::PathBuf> {
    manager(store.layout()).ok()?.voice_detector()
}

fn overview(store: &Store, downloads: Vec<String>) -> Result<ModelsOverview, AppError> {
    let manager = manager(store.layout())?;
    let default_model = store.default_model()?;
    let default_usable = default_model
        .as_deref()
        .is_some_and(|m| manager.resolve(m).is_ok());
    Ok(ModelsOverview {
        catalogue: manager.catalogue(&Machine::detect())?,
        default_model,
        default_usable,
        downloading: downloads,
        voice_detector: manager.voice_detector().is_some(),
    })
}

#[tauri::command]
#[specta::specta]
pub async fn list_models(
    state: State<'_, AppState>,
    downloads: State<'_, Downloads>,
) -> Result<ModelsOverview, AppError> {
    let names = downloads.names();
    blocking(&state, move |store| overview(store, names)).await
}

/// Downloads a model (resuming a partial one), reporting progress on `on_progress`;
/// ends with `paused` or `cancelled` when asked to stop. A model downloaded while no
/// usable default is set becomes the default, and the voice detector comes with the
/// first one.
#[tauri::command]
#[specta::specta]
pub async fn download_model(
    app: AppHandle,
    name: String,
    on_progress: Channel<Progress>,
) -> Result<(), AppError> {
    let store = app.state::<AppState>().store()?;
    let stop = Arc::new(Stop::new());
    {
        let downloads = app.state::<Downloads>();
        let mut running = downloads.lock();
        if running.contains_key(&name) {
            return Err(AppError::new(
                AppErrorKind::Busy,
                format!("{name} is already downloading"),
            ));
        }
        running.insert(name.clone(), Arc::clone(&stop));
    }
    let worker_name = name.clone();
    let result = tauri::async_runtime::spawn_blocking(move || {
        let manager = manager(store.layout())?;
        manager.download_until(&worker_name, &stop, &mut |p| {
            let _ = on_progress.send(p);
        })?;
        store.adopt_default_model(&worker_name, |m| manager.resolve(m).is_ok())?;
        // Without the detector, meetings fall back to the energy detector: a failure
        // here costs no speech model.
        if let Err(e) = manager.ensure_voice_detector(&stop) {
            tracing::warn!(error = %e, "the voice detector model was not downloaded");
        }
        Ok::<(), AppError>(())
    })
    .await;
    app.state::<Downloads>().lock().remove(&name);
    result.map_err(|e| AppError::new(AppErrorKind::Internal, e.to_string()))?
}

/// Pauses a running download; its partial file stays for the next download to resume.
#[tauri::command]
#[specta::specta]
pub fn pause_download(downloads: State<'_, Downloads>, name: String) {
    if let Some(stop) = downloads.lock().get(&name) {
        stop.pause();
    }
}

/// Cancels a download: a running one stops, and its partial file (a paused one's too)
/// is deleted.
#[tauri::command]
#[specta::specta]
pub async fn cancel_download(
    state: State<'_, AppState>,
    downloads: State<'_, Downloads>,
    name: String,
) -> Result<(), AppError> {
    if let Some(stop) = downloads.lock().get(&name) {
        stop.cancel();
        return Ok(());
    }
    blocking(&state, move |store| {
        manager(store.layout())?.discard_partial(&name)?;
        Ok::<(), AppError>(())
    })
    .await
}

/// Checks an installed model against its published size and checksums.
#[tauri::command]
#[specta::specta]
pub async fn verify_model(state: State<'_, AppState>, name: String) -> Result<Method, AppError> {
    blocking(&state, move |store| {
        Ok::<_, AppError>(manager(store.layout())?.verify(&name)?.method)
    })
    .await
}

/// Deletes an installed model (and any partial download of it).
#[tauri::command]
#[specta::specta]
pub async fn remove_model(state: State<'_, AppState>, name: String) -> Result<(), AppError> {
    blocking(&state, move |store| {
        manager(store.layout())?.remove(&name)?;
        Ok::<(), AppError>(())
    })
    .await
}

/// Makes `model` (an installed model's name or a model file's path) the default for
/// recording, file transcription and the final pass.
#[tauri::command]
#[specta::specta]
pub async fn set_default_model(state: State<'_, AppState>, model: String) -> Result<(), AppError> {
    blocking(&state, move |store| {
        manager(store.layout())?.resolve(&model)?;
        store.set_default_model(&model)?;
        Ok::<(), AppError>(())
    })
    .await
}
