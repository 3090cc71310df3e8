//! The language model as the command line sets it up: settings from the store, the key
//! from `ONNO_LLM_API_KEY` or the keychain (never asked for a keyless endpoint).

use onno_assist::SkipReason;
use onno_llm::{LlmClient, LlmSettings};
use onno_secrets::{KeySource, Secrets};
use onno_store::Store;

/// Names the keychain service instead of "Onno", so tests and side-by-side installs
/// keep their keys apart.
pub const KEYCHAIN_SERVICE_ENV: &str = "ONNO_KEYCHAIN_SERVICE";

pub fn secrets() -> Secrets {
    match std::env::var(KEYCHAIN_SERVICE_ENV) {
        Ok(service) if !service.trim().is_empty() => Secrets::new(service.trim()),
        _ => Secrets::onno(),
    }
}

/// A client for the configured endpoint, or why there is none. A keychain that cannot
/// be read is reported and the call goes without a key: local servers need none, and a
/// remote one answers with a clear 401.
pub fn client(store: &Store) -> anyhow::Result<Result<LlmClient, SkipReason>> {
    let Some(settings) = LlmSettings::load(store)? else {
        return Ok(Err(SkipReason::NotConfigured));
    };
    let keyed = onno_assist::client_for(settings, &secrets())?;
    if let Some(e) = keyed.keychain_problem {
        eprintln!("onno: warning: {e}; calling the endpoint without a key");
    }
    Ok(Ok(keyed.client))
}

/// Where the key is, in words, without the key.
pub fn key_status(settings: Option<&LlmSettings>) -> String {
    if settings.is_some_and(|s| s.keyless) {
        return "none (the endpoint needs no key)".into();
    }
    match onno_secrets::llm_api_key(&secrets()) {
        Ok(Some((_, KeySource::Environment))) => "from ONNO_LLM_API_KEY (not stored)".into(),
        Ok(Some((_, KeySource::Keychain))) => "stored in the keychain".into(),
        Ok(None) => "none".into(),
        Err(e) => format!("unknown ({e})"),
    }
}

/// Why the language model part was skipped, in words.
pub fn skip_reason(reason: SkipReason) -> &'static str {
    match reason {
        SkipReason::NotAsked => "not asked for (--no-llm)",
        SkipReason::NotConfigured => {
            "no language model is configured; set one with `onno config llm`"
        }
        SkipReason::OffInSettings => "the language model is off in the settings",
        SkipReason::OffForMeeting => "the language model is off for this meeting",
        SkipReason::NoTranscript => "the meeting has no transcript",
        SkipReason::Unavailable => "it could not be set up (see above)",
    }
}
