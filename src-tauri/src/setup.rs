//! The first-run setup: its saved progress, the device check with a live level per
//! source, and "test connection" for the language model. The check itself is
//! `onno_audio::DeviceCheck`, the test `onno_llm::probe`.

use std::sync::Mutex;
use std::time::Duration;

use onno_audio::{CheckEvent, DeviceCheck};
use onno_llm::{ApiKey, LlmConfig, LlmSettings, ProbeReport};
use onno_secrets::Secrets;
use onno_store::Setup;
use serde::Serialize;
use tauri::State;
use tauri::ipc::Channel;

use crate::commands::blocking;
use crate::error::AppError;
use crate::state::AppState;

/// The setup's progress, and whether to open it now.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SetupState {
    pub setup: Setup,
    /// Neither finished nor skipped, on a database without meetings.
    pub pending: bool,
}

#[tauri::command]
#[specta::specta]
pub async fn get_setup(state: State<'_, AppState>) -> Result<SetupState, AppError> {
    blocking(&state, |store| {
        Ok::<_, AppError>(SetupState {
            setup: store.setup()?,
            pending: store.setup_pending()?,
        })
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn save_setup(state: State<'_, AppState>, setup: Setup) -> Result<SetupState, AppError> {
    blocking(&state, move |store| {
        store.set_setup(&setup)?;
        Ok::<_, AppError>(SetupState {
            setup: store.setup()?,
            pending: store.setup_pending()?,
        })
    })
    .await
}

/// The device check running now, if any: one at a time.
#[derive(Default)]
pub struct DeviceCheckSlot(Mutex<Option<DeviceCheck>>);

impl DeviceCheckSlot {
    fn replace(&self, next: Option<DeviceCheck>) {
        let previous = {
            let mut slot = self.0.lock().unwrap_or_else(|p| p.into_inner());
            std::mem::replace(&mut *slot, next)
        };
        // Closing devices blocks briefly; not under the lock.
        if let Some(check) = previous {
            check.stop();
        }
    }
}

/// Opens the microphone and the system audio (`None`: the system's defaults) and sends
/// a level per source a few times a second on `on_event` until `stop_device_check`.
#[tauri::command]
#[specta::specta]
pub async fn start_device_check(
    slot: State<'_, DeviceCheckSlot>,
    mic: Option<String>,
    system: Option<String>,
    on_event: Channel<CheckEvent>,
) -> Result<(), AppError> {
    slot.replace(None);
    let check = tauri::async_runtime::spawn_blocking(move || {
        DeviceCheck::start_call(mic, system, move |event| {
            let _ = on_event.send(event);
        })
    })
    .await
    .map_err(|e| AppError::new(crate::error::AppErrorKind::Internal, e.to_string()))?;
    slot.replace(Some(check));
    Ok(())
}

/// Closes the devices of the device check.
#[tauri::command]
#[specta::specta]
pub async fn stop_device_check(slot: State<'_, DeviceCheckSlot>) -> Result<(), AppError> {
    slot.replace(None);
    Ok(())
}

/// How long "test connection" waits for an answer.
const PROBE_TIMEOUT: Duration = Duration::from_secs(20);

/// Tries `settings` (not saved) with `key`, or the stored key when none is given, and
/// says what worked or which setting is wrong.
#[tauri::command]
#[specta::specta]
pub async fn test_llm_connection(
    state: State<'_, AppState>,
    settings: LlmSettings,
    key: Option<String>,
) -> Result<ProbeReport, AppError> {
    let store = state.store()?;
    let keyless = settings.keyless;
    let key = match key.filter(|k| !k.trim().is_empty()) {
        Some(key) => ApiKey::new(key.trim()),
        None if !keyless => {
            tauri::async_runtime::spawn_blocking(|| onno_assist::stored_key(&Secrets::onno()))
                .await
                .ok()
                .flatten()
        }
        None => None,
    };
    let config = LlmConfig::new(settings, key);
    Ok(onno_llm::probe(&store, config, PROBE_TIMEOUT).await)
}
