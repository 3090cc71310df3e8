//! The language model's settings with their key: the endpoint in the store's settings,
//! the key in the OS keychain. The key goes in and never comes back out; a caller
//! learns only whether one is stored. The app's settings screen and `onno config llm`
//! both save here, so they cannot differ in the rules or in the order: the key first,
//! so a failing keychain leaves the settings as they were.

use onno_llm::{ApiKey, LlmSettings};
use onno_secrets::{LLM_API_KEY, Secrets};
use onno_store::Store;
use serde::{Deserialize, Serialize};

use crate::error::{AssistError, Result};
use crate::key::{forget_llm_key, store_llm_key};

/// What to do with the stored key when saving the settings.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "action", content = "key", rename_all = "snake_case")]
pub enum KeyChange {
    Keep,
    Set(String),
    Forget,
}

/// The settings as a settings screen shows them.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LlmSettingsView {
    /// `None` until an endpoint is configured.
    pub settings: Option<LlmSettings>,
    /// Whether the keychain holds a key (the key itself never leaves Rust).
    pub key_stored: bool,
    /// Why the keychain could not be asked, when it could not (no Secret Service
    /// running, say); the endpoint settings still show and save.
    pub keychain_problem: Option<String>,
}

/// Validates and stores `settings` (the on/off switch included) after applying `key`.
/// A keyless endpoint takes no key, and one stored earlier is forgotten, quietly where
/// no keychain runs (a local server is set up where none does).
pub fn save_llm_settings(
    store: &Store,
    secrets: &Secrets,
    settings: &LlmSettings,
    key: KeyChange,
) -> Result<()> {
    settings.validate()?;
    match key {
        KeyChange::Set(_) if settings.keyless => return Err(AssistError::KeyForKeyless),
        _ if settings.keyless => {
            let _ = forget_llm_key(store, secrets);
        }
        KeyChange::Keep => {}
        // Through `key`, so that each change is in the audit log.
        KeyChange::Set(key) => store_llm_key(store, secrets, &key)?,
        KeyChange::Forget => {
            forget_llm_key(store, secrets)?;
        }
    }
    settings.save(store)?;
    Ok(())
}

/// The stored settings and whether a key is stored for them. A keyless endpoint does
/// not ask the keychain, so a missing one is no problem there.
pub fn llm_settings_view(store: &Store, secrets: &Secrets) -> Result<LlmSettingsView> {
    let settings = LlmSettings::load(store)?;
    let keyless = settings.as_ref().is_some_and(|s| s.keyless);
    let (key_stored, keychain_problem) = if keyless {
        (false, None)
    } else {
        match secrets.get(LLM_API_KEY) {
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

/// The key stored in the keychain, for trying settings before they are saved; `None`
/// when there is none or the keychain cannot be asked (the endpoint then says whether
/// it needs one).
pub fn stored_key(secrets: &Secrets) -> Option<ApiKey> {
    secrets
        .get(LLM_API_KEY)
        .ok()
        .flatten()
        .and_then(|key| ApiKey::new(&key))
}
