//! The language model settings screen: the endpoint in the store's settings, the key in
//! the OS keychain (`onno_assist::save_llm_settings` keeps the rules and the order).

use onno_assist::{KeyChange, LlmSettingsView, SharedClient, llm_settings_view};
use onno_llm::LlmSettings;
use onno_secrets::Secrets;
use tauri::State;

use crate::commands::blocking;
use crate::error::AppError;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn get_llm_settings(state: State<'_, AppState>) -> Result<LlmSettingsView, AppError> {
    blocking(&state, |store| llm_settings_view(store, &Secrets::onno())).await
}

/// Validates and stores `settings` (the on/off switch included) and applies `key`:
/// the key first, so a failing keychain leaves the settings as they were.
#[tauri::command]
#[specta::specta]
pub async fn save_llm_settings(
    state: State<'_, AppState>,
    clients: State<'_, SharedClient>,
    settings: LlmSettings,
    key: KeyChange,
) -> Result<LlmSettingsView, AppError> {
    // The next meeting or analysis makes a client with what is saved now.
    clients.forget();
    // The keychain and SQLite both block; `blocking` keeps them off the async runtime.
    blocking(&state, move |store| {
        let secrets = Secrets::onno();
        onno_assist::save_llm_settings(store, &secrets, &settings, key)?;
        llm_settings_view(store, &secrets)
    })
    .await
}
