//! The language model settings screen: the endpoint in the store's settings, the key in
//! the OS keychain. The key goes in and never comes back out; the UI only learns
//! whether one is stored.

use onno_assist::{forget_llm_key, store_llm_key};
use onno_llm::LlmSettings;
use onno_secrets::{LLM_API_KEY, Secrets};
use serde::{Deserialize, Serialize};
use tauri::State;

use crate::commands::blocking;
use crate::error::{AppError, AppErrorKind};
use crate::insights::LlmClients;
use crate::state::AppState;

/// What the settings screen shows.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct LlmSettingsView {
    /// `None` until an endpoint is configured.
    pub settings: Option<LlmSettings>,
    /// Whether the keychain holds a key (the key itself never leaves Rust).
    pub key_stored: bool,
    /// Why the keychain could not be asked, when it could not (no Secret Service
    /// running, say); the endpoint settings still show and save.
    pub keychain_problem: Option<String>,
}

/// What to do with the key when saving.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(tag = "action", content = "key", rename_all = "snake_case")]
pub enum KeyChange {
    Keep,
    Set(String),
    Forget,
}

fn view(store: &onno_store::Store) -> Result<LlmSettingsView, AppError> {
    let settings = LlmSettings::load(store)?;
    // A keyless endpoint does not ask the keychain, so a missing one is no problem.
    let keyless = settings.as_ref().is_some_and(|s| s.keyless);
    let (key_stored, keychain_problem) = if keyless {
        (false, None)
    } else {
        match Secrets::onno().get(LLM_API_KEY) {
            Ok(key) => (key.is_some(), None),
            Err(e) => (false, Some(e.to_string())),
        }
    };
    Ok(LlmSettingsView {
        settings,
        key_stored,
        keychain_problem,
    })
}

#[tauri::command]
#[specta::specta]
pub async fn get_llm_settings(state: State<'_, AppState>) -> Result<LlmSettingsView, AppError> {
    blocking(&state, view).await
}

/// Validates and stores `settings` (the on/off switch included) and applies `key`:
/// the key first, so a failing keychain leaves the settings as they were.
#[tauri::command]
#[specta::specta]
pub async fn save_llm_settings(
    state: State<'_, AppState>,
    clients: State<'_, LlmClients>,
    settings: LlmSettings,
    key: KeyChange,
) -> Result<LlmSettingsView, AppError> {
    // The next meeting or analysis makes a client with what is saved now.
    clients.forget();
    // The keychain and SQLite both block; `blocking` keeps them off the async runtime.
    blocking(&state, move |store| {
        settings.validate()?;
        let secrets = Secrets::onno();
        match key {
            KeyChange::Set(_) if settings.keyless => {
                return Err(AppError::new(
                    AppErrorKind::Invalid,
                    "the endpoint is marked as needing no key; untick that to store one",
                ));
            }
            // A key stored earlier is of no use to a keyless endpoint; forgetting it must
            // not fail where no keychain runs.
            _ if settings.keyless => {
                let _ = forget_llm_key(store, &secrets);
            }
            KeyChange::Keep => {}
            KeyChange::Set(key) => store_llm_key(store, &secrets, &key)?,
            KeyChange::Forget => {
                forget_llm_key(store, &secrets)?;
            }
        }
        settings.save(store)?;
        view(store)
    })
    .await
}
